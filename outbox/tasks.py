"""The outbox's Celery tasks: deliver one row, and the periodic sweep that requeues what an outage left.

``outbox.deliver`` runs with ``acks_late``: a task that dies with its worker is
delivered again, and running it twice sends once (the claim). ``outbox.sweep``
runs on the scan queue (settings.CELERY_SCAN_QUEUE), so a delivery backlog
cannot hold it up.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from . import delivery, registry

logger = logging.getLogger(__name__)


def run_delivery(task, source_name: str, pk: int) -> None:
    retry_in = delivery.deliver(source_name, pk)
    if retry_in is None:
        return
    if task.request.is_eager:
        # Eagerly (tests, CELERY_TASK_ALWAYS_EAGER) a retry would run at once and
        # loop: leave the row unqueued, so the next sweep queues it once it is due.
        registry.source(source_name).model.objects.filter(pk=pk).update(enqueued_at=None)
        return
    # Not due yet, or an SMTP failure's backoff. If this retry cannot be queued
    # (broker down), the sweep queues the row once it is due.
    raise task.retry(countdown=retry_in)


@shared_task(name="outbox.deliver", bind=True, acks_late=True, max_retries=None, ignore_result=True)
def deliver_mail(self, source_name: str, pk: int) -> None:
    run_delivery(self, source_name, pk)


def publish(source_name: str, pk: int, *, eta: dt.datetime | None = None) -> bool:
    """Put one delivery task on the broker; False (logged) when the broker refuses."""
    try:
        deliver_mail.apply_async(args=[source_name, pk], eta=eta)
    except Exception:
        # The row is committed and stays pending: the sweep queues it again.
        logger.exception("Could not queue outbox.deliver for %s %s", source_name, pk)
        return False
    return True


def _publish_and_stamp(source_name: str, pk: int) -> None:
    # Eagerly the task has already run (and may have left the row for the sweep): no stamp.
    if publish(source_name, pk) and not deliver_mail.app.conf.task_always_eager:
        # "Queued" only once it really is; a failed publish leaves the row for the next sweep.
        registry.source(source_name).model.objects.filter(pk=pk, enqueued_at__isnull=True).update(
            enqueued_at=timezone.now()
        )


def publish_on_commit(source_name: str, pk: int) -> None:
    transaction.on_commit(partial(_publish_and_stamp, source_name, pk))


def publish_rows(source_name: str, rows, now: dt.datetime) -> int:
    """Queue rows that ``delivery.pending`` marked; on a broker failure unmark the rest for the next sweep."""
    model = registry.source(source_name).model
    for index, (pk, at) in enumerate(rows):
        if not publish(source_name, pk, eta=at if at and at > now else None):
            model.objects.filter(pk__in=[p for p, _a in rows[index:]]).update(enqueued_at=None)
            return index
    return len(rows)


def queue_pending(source_name: str, now: dt.datetime | None = None, *, ahead=dt.timedelta(0)) -> int:
    """Mark due rows queued and publish their tasks once the (outer) transaction commits."""
    source = registry.source(source_name)
    now = now or timezone.now()
    rows = delivery.pending(source.model, now, ahead=ahead)
    if rows:
        transaction.on_commit(partial(publish_rows, source_name, rows, now))
    return len(rows)


def sweep_now(now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    counts = {}
    for source in list(registry.SOURCES.values()):
        stale = delivery.expire_stale_claims(source.model, now)
        counts[source.name] = {**stale, "queued": queue_pending(source.name, now)}
    return counts


@shared_task(name="outbox.sweep", acks_late=True, ignore_result=True)
def sweep() -> dict:
    """Requeue every pending row whose task was lost or never queued; settle stale claims."""
    counts = sweep_now()
    logger.info("Outbox sweep: %s", counts)
    return counts
