"""Celery tasks of reminders: the periodic scan and the per-recipient delivery.

Both are idempotent and run with ``acks_late``: a task that dies with its
worker is delivered again, and running either twice changes nothing (the
scan inserts with ON CONFLICT DO NOTHING, delivery claims its row first).
Delivery is the outbox's (``outbox.deliver`` with the ``reminders.sent``
source); ``reminders.deliver`` stays for tasks queued before that.
"""

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from outbox import tasks as outbox_tasks

from . import delivery, scanning

logger = logging.getLogger(__name__)


@shared_task(name="reminders.deliver", bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver_reminder(self, reminder_id: int) -> None:
    outbox_tasks.run_delivery(self, delivery.SOURCE, reminder_id)


def queue_pending(now=None) -> int:
    """Queue recorded reminders: due ones now, those due before the next scan with an ETA."""
    now = now or timezone.now()
    ahead = dt.timedelta(seconds=settings.REMINDER_SCAN_SECONDS)
    return outbox_tasks.queue_pending(delivery.SOURCE, now, ahead=ahead)


@shared_task(name="reminders.scan", acks_late=True, ignore_result=True)
def scan_reminders() -> dict:
    """Record due reminders, then queue every pending one (including those an outage left behind)."""
    now = timezone.now()
    counts = scanning.scan(now)
    counts["queued"] = queue_pending(now)
    logger.info("Reminder scan: %s", counts)
    return counts


@shared_task(name="reminders.standup_closed", acks_late=True, ignore_result=True)
def standup_closed(standup_id: int) -> int:
    """Queued when a stand-up closes: tell its facilitators about open blockers right away.

    The periodic scan looks at recently closed stand-ups too, so a lost task
    only delays the notice; the sent-log keeps it to one mail either way.
    """
    now = timezone.now()
    created = scanning.record(scanning.blockers_candidates(now, standup_ids=[standup_id]), now)
    queue_pending(now)
    return created
