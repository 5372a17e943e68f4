"""Compute the stored associations (related instruments, comparable communities, worked for ...) now.

Without arguments: every listed instrument and every community (what the daily
``discovery.refresh_all`` does), e.g. right after a deploy or a data import.
``--stale``: only the subjects that changes marked (what ``discovery.refresh_stale`` does).
``--instrument SLUG`` / ``--community SLUG``: just those.
"""

import time

from django.core.management.base import BaseCommand

from communities.models import Community
from discovery import services
from instruments.models import Instrument


class Command(BaseCommand):
    help = "Compute the stored associations off the request path (all, the stale ones, or some subjects)."

    def add_arguments(self, parser):
        parser.add_argument("--stale", action="store_true", help="only the subjects changes marked as stale")
        parser.add_argument("--instrument", action="append", default=[], metavar="SLUG")
        parser.add_argument("--community", action="append", default=[], metavar="SLUG")

    def handle(self, *args, stale=False, instrument=(), community=(), **options):
        started = time.monotonic()
        if stale:
            done = 0
            while count := services.associations_refresh_stale():
                done += count
        elif instrument or community:
            done = services.associations_refresh(
                instrument_ids=Instrument.objects.filter(slug__in=instrument).values_list("pk", flat=True),
                community_ids=Community.objects.filter(slug__in=community).values_list("pk", flat=True),
            )
        else:
            done = services.associations_refresh_all()
        self.stdout.write(f"Associations computed for {done} subjects in {time.monotonic() - started:.1f} s.")
