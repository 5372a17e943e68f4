"""Which value stories are due a follow-up question; the reminders app sends the mails.

Some weeks after an applied-value entry, or after recording the use of an
instrument, its author is asked what it led to, with a link to a new entry
that is already linked to the earlier one. The prompt suggests no "next"
cycle: Wenger, Trayner and De Laat stress that the cycles are neither a
hierarchy nor a sequence (publication 2.3), so the member picks whichever
cycle fits what happened.

Nothing here sends mail or remembers what was sent: ``occurrence`` is a stable
key the reminders app uses to send each prompt once.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.http import urlencode

from communities.models import CommunityInstrumentUse, Membership

from .models import Cycle, ValueEntry

WINDOW_DAYS = 28


@dataclass(frozen=True)
class FollowUpPrompt:
    occurrence: str  # stable key, "value-entry:<id>" or "instrument-use:<id>"
    recipient_id: int  # the author of the entry / the user who recorded the instrument use
    community_id: int
    title: str  # entry title or instrument title
    path: str  # site-relative URL of the prefilled entry form
    since: datetime.date  # date of the original entry / use


def _window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    after = int(getattr(settings, "VALUE_FOLLOWUP_AFTER_DAYS", 42))
    newest = today - datetime.timedelta(days=after)
    oldest = newest - datetime.timedelta(days=WINDOW_DAYS)
    return oldest, newest


def _create_path(slug: str, **params) -> str:
    return reverse("valuecreation:entry_create", kwargs={"slug": slug}) + "?" + urlencode(params)


def due_followups(today: datetime.date) -> list[FollowUpPrompt]:
    """Prompts due on ``today``: two queries, however many entries and uses there are."""
    oldest, newest = _window(today)
    entries = (
        ValueEntry.objects.filter(cycle=Cycle.APPLIED, is_hidden=False, date__gte=oldest, date__lte=newest)
        .filter(Exists(Membership.objects.filter(community=OuterRef("community"), user=OuterRef("author"))))
        .exclude(Exists(ValueEntry.objects.filter(follows=OuterRef("pk"))))
        .select_related("community")
        .only("pk", "title", "date", "author_id", "community_id", "community__slug")
        .order_by("date", "pk")
    )
    prompts = [
        FollowUpPrompt(
            occurrence=f"value-entry:{entry.pk}",
            recipient_id=entry.author_id,
            community_id=entry.community_id,
            title=entry.title,
            path=_create_path(entry.community.slug, follows=entry.pk),
            since=entry.date,
        )
        for entry in entries
    ]
    uses = (
        CommunityInstrumentUse.objects.filter(
            used_on__gte=oldest, used_on__lte=newest, recorded_by__isnull=False
        )
        .filter(
            Exists(Membership.objects.filter(community=OuterRef("community"), user=OuterRef("recorded_by")))
        )
        .exclude(Exists(ValueEntry.objects.filter(instrument_use=OuterRef("pk"))))
        .select_related("community", "instrument")
        .only("pk", "used_on", "recorded_by_id", "community_id", "community__slug", "instrument__title")
        .order_by("used_on", "pk")
    )
    prompts += [
        FollowUpPrompt(
            occurrence=f"instrument-use:{use.pk}",
            recipient_id=use.recorded_by_id,
            community_id=use.community_id,
            title=use.instrument.title,
            path=_create_path(use.community.slug, instrument_use=use.pk),
            since=use.used_on,
        )
        for use in uses
    ]
    return prompts
