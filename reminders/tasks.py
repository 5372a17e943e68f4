"""Celery tasks of reminders: the periodic scan and the per-recipient delivery.

Both are idempotent and run with ``acks_late``: a task that dies with its
worker is delivered again, and running either twice changes nothing (the
scan inserts with ON CONFLICT DO NOTHING, delivery claims its row first).
"""

import logging

from celery import shared_task
from django.utils import timezone

from core.queue import enqueue_on_commit

from . import delivery, scanning

logger = logging.getLogger(__name__)


@shared_task(name="reminders.deliver", bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver_reminder(self, reminder_id: int) -> None:
    retry_in = delivery.deliver(reminder_id)
    if retry_in is not None:
        # The row is pending again with next_attempt_at set; if this retry
        # cannot be queued (broker down), the scan queues it once it is due.
        raise self.retry(countdown=retry_in)


def queue_pending(now=None) -> int:
    ids = scanning.pending_ids(now or timezone.now())
    for reminder_id in ids:
        enqueue_on_commit(deliver_reminder, reminder_id)
    return len(ids)


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
