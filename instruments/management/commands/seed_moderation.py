"""Demo content for moderation and insights on top of seed_demo (idempotent).

* page views for the demo developer's published instruments over the last ten
  weeks, so the insights page has a curve to show;
* one open report on a review (by lid1@), so the queue shows reported content;
* one proposed change to a published instrument, waiting for the coordinator.

Running it again adds nothing: view counters are set (not added to), and the
report and the proposal are only made when none was ever made before.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from instruments import services as instrument_services
from instruments.models import Instrument, InstrumentRevision, InstrumentStatus, InstrumentViewDay, Review
from moderation import services
from moderation.models import Report
from moderation.registry import get_kind

DEVELOPER = "developer@lcplatform.local"
REPORTER = "lid1@lcplatform.local"
DAYS = 70


class Command(BaseCommand):
    help = "Add demo page views, a report and a proposed change (idempotent)."

    def handle(self, *args, **options):
        User = get_user_model()
        developer = User.objects.filter(email=DEVELOPER).first()
        if developer is None:
            self.stdout.write("seed_moderation: run seed_demo first (no demo developer).")
            return
        with transaction.atomic():
            views = self._views(developer)
            reports = self._report(User.objects.filter(email=REPORTER).first())
            proposals = self._proposal(developer)
        self.stdout.write(
            f"Moderation demo: {views} daily view counters set, {reports} new report, "
            f"{proposals} new proposed change."
        )

    def _views(self, developer) -> int:
        today = timezone.localdate()
        instruments = Instrument.objects.filter(owners=developer, status=InstrumentStatus.PUBLISHED).order_by(
            "pk"
        )
        rows = 0
        for index, instrument in enumerate(instruments[:6]):
            for offset in range(DAYS):
                day = today - datetime.timedelta(days=offset)
                # A steady, slightly growing interest with a weekday rhythm; deterministic.
                views = max(
                    0, (DAYS - offset) // 12 + (3 if day.weekday() < 5 else 0) + (index + offset) % 4 - 1
                )
                InstrumentViewDay.objects.update_or_create(
                    instrument=instrument, day=day, defaults={"views": views}
                )
                rows += 1
        return rows

    def _report(self, reporter) -> int:
        if reporter is None or Report.objects.filter(reporter=reporter).exists():
            return 0
        review = (
            Review.objects.filter(is_hidden=False, instrument__status=InstrumentStatus.PUBLISHED)
            .exclude(author=reporter)
            .select_related("instrument")
            .order_by("pk")
            .first()
        )
        if review is None:
            return 0
        services.report_create(
            actor=reporter,
            kind=get_kind("review"),
            obj=review,
            reason="incorrect",
            text="Deze review lijkt over een ander instrument te gaan.",
        )
        return 1

    def _proposal(self, developer) -> int:
        instrument = (
            Instrument.objects.filter(owners=developer, status=InstrumentStatus.PUBLISHED)
            .order_by("pk")
            .first()
        )
        if instrument is None or InstrumentRevision.objects.filter(instrument=instrument).exists():
            return 0
        instrument_services.revision_propose(
            actor=developer,
            instrument=instrument,
            data={"title": f"{instrument.title} (herziene versie)"},
        )
        return 1
