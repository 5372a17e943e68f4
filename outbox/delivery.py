"""Deliver one row of an outbox source, at most once per row — the one path every platform mail takes.

The protocol, per row (an :class:`outbox.models.DeliveryRecord`):

1. **claim** — in its own committed transaction, lock the row
   (``SELECT ... FOR UPDATE``) and move it from *pending* to *sending*,
   stamping ``claimed_at``. Two workers (or a task and its redelivered copy)
   serialise on the lock; the second sees *sending*/*sent* and stops. A row
   whose ``next_attempt_at`` lies in the future is not claimed (the task waits).
2. **build** — the source builds the message (the outbox: what was rendered at
   enqueue; reminders: rendered now, after deciding again whether it still
   applies — it may come back *skipped* or *too late*).
3. **hand over** — commit ``handed_at`` and the Message-ID, *then* call the
   mail backend (SMTP).
4. **mark** — a committed write sets *sent* (``sent_at``: the server accepted it).

Every write after the claim is fenced on (status *sending*, the same
``claimed_at``), so a worker whose claim was taken away changes nothing.

What a crash leaves behind, and what happens to it:

* *sending* without ``handed_at`` — the mail never reached the server: once the
  claim is older than OUTBOX_HANDOVER_TIMEOUT_SECONDS (30 s; rendering takes
  milliseconds) a redelivered task takes the claim over, or the sweep puts the
  row back to *pending*; sent either way (no duplicate possible: the old
  holder's hand-over is fenced on its claim);
* *sending* with ``handed_at``, claim older than REMINDER_CLAIM_TIMEOUT_SECONDS
  — the server may have it: *outcome unknown*,
  never resent automatically; admin shows these as "handed to the mail server"
  and its "Send again" warns.

SMTP failures release the claim with an exponential backoff (base × 2^n,
capped at an hour) and give up after REMINDER_MAX_ATTEMPTS. The Message-ID is
stable per row, so a copy that slips through anyway (the server accepted it
but its reply was lost) is folded by mail clients.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import registry
from .models import DeliveryStatus

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 3600
# What a mail backend raises when the server or the network fails; anything
# else is a bug in rendering and retrying would not help.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, TimeoutError)
# A task that arrives this much early (clock skew between hosts) still sends.
EARLY_SLACK = dt.timedelta(seconds=2)


@dataclass
class Message:
    to: str = ""
    subject: str = ""
    body: str = ""
    html: str | None = None
    unsubscribe_url: str | None = None
    skip_reason: str = ""
    too_late_reason: str = ""


def backoff_seconds(attempts: int) -> int:
    return min(settings.REMINDER_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def message_id_for(source_name: str, row) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "lcplatform.local"
    prefix = "reminder" if source_name.startswith("reminders") else "mail"
    return f"<{prefix}-{row.pk}.{row.kind}@{host}>"


def headers_for(message_id: str, unsubscribe_url: str | None) -> dict:
    headers = {"Message-ID": message_id, "Auto-Submitted": "auto-generated"}
    if unsubscribe_url:
        # RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the URL.
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def claim(source: registry.Source, pk: int, now: dt.datetime | None = None):
    """(row, None) when taken for sending; (None, seconds) when not due yet; (None, None) otherwise."""
    now = now or timezone.now()
    with transaction.atomic():
        row = (
            source.model.objects.select_for_update(of=("self",))
            .select_related(*source.related)
            .filter(pk=pk)
            .first()
        )
        if row is None:
            return None, None
        if row.status == DeliveryStatus.SENDING and row.handed_at is None and row.claimed_at:
            # Claimed, never handed to the mail server: the holder is rendering (milliseconds) or dead
            # (a pool process killed, a redelivered task). Once the hand-over timeout is over the claim is
            # taken over — safe, because the holder's hand-over is fenced on its own claim — so a crash
            # costs half a minute, not the stale-claim timeout (a short-lead reminder would be too late).
            takeover_at = row.claimed_at + dt.timedelta(seconds=settings.OUTBOX_HANDOVER_TIMEOUT_SECONDS)
            if takeover_at > now:
                return None, max(int((takeover_at - now).total_seconds()), 1)
            logger.warning("%s %s: taking over a claim never handed to the mail server", source.name, pk)
        elif row.status != DeliveryStatus.PENDING:
            return None, None
        elif row.next_attempt_at and row.next_attempt_at > now + EARLY_SLACK:
            return None, max(int((row.next_attempt_at - now).total_seconds()), 1)
        row.status = DeliveryStatus.SENDING
        row.claimed_at = now
        row.handed_at = None
        row.attempts += 1
        row.save(update_fields=["status", "claimed_at", "handed_at", "attempts"])
    return row, None


def _finish(row, status: str, **fields) -> int:
    # Only the claim holder writes (status still "sending", its own claimed_at).
    return (
        type(row)
        .objects.filter(pk=row.pk, status=DeliveryStatus.SENDING, claimed_at=row.claimed_at)
        .update(status=status, **fields)
    )


def _send(message: Message, message_id: str) -> None:
    mail = EmailMultiAlternatives(
        message.subject,
        message.body,
        to=[message.to],
        headers=headers_for(message_id, message.unsubscribe_url),
    )
    if message.html:
        mail.attach_alternative(message.html, "text/html")
    mail.send()


def deliver(source_name: str, pk: int) -> int | None:
    """Send the row if it is still due; returns seconds until it should be tried again, or None when done."""
    source = registry.source(source_name)
    row, wait = claim(source, pk)
    if row is None:
        return wait
    label = f"{source_name} {row.pk} ({getattr(row, 'kind', '')})"
    try:
        message = source.build(row)
    except Exception as error:
        logger.exception("%s could not be rendered", label)
        _finish(row, DeliveryStatus.FAILED, last_error=f"render: {error!r}"[:2000])
        return None
    if message.too_late_reason:
        _finish(row, DeliveryStatus.TOO_LATE, last_error=message.too_late_reason)
        logger.error("%s was too late to send: %s", label, message.too_late_reason)
        return None
    if message.skip_reason:
        _finish(row, DeliveryStatus.SKIPPED, last_error=message.skip_reason)
        return None
    message_id = message_id_for(source_name, row)
    if not _finish(row, DeliveryStatus.SENDING, handed_at=timezone.now(), message_id=message_id):
        return None  # the claim was taken away (stale) meanwhile
    try:
        _send(message, message_id)
    except TRANSIENT_ERRORS as error:
        return _failed(row, label, error)
    _finish(row, DeliveryStatus.SENT, sent_at=timezone.now(), last_error="")
    logger.info("%s sent", label)
    return None


def _failed(row, label: str, error: Exception) -> int | None:
    reason = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        logger.error("%s failed after %s attempts, giving up: %s", label, row.attempts, reason)
        _finish(row, DeliveryStatus.FAILED, last_error=reason)
        return None
    delay = backoff_seconds(row.attempts)
    retry_at = timezone.now() + dt.timedelta(seconds=delay)
    logger.warning("%s attempt %s failed, retrying in %ss: %s", label, row.attempts, delay, reason)
    # Back to pending; the server refused it, so it was not handed over. The
    # retry task (or, if that is lost, the sweep) claims it again.
    _finish(
        row,
        DeliveryStatus.PENDING,
        last_error=reason,
        handed_at=None,
        next_attempt_at=retry_at,
        enqueued_at=retry_at,
    )
    return delay


# -- the sweep's side: stale claims and rows to (re)queue ------------------------------------


def expire_stale_claims(model, now: dt.datetime) -> dict:
    """Claims older than the timeout belong to a worker that died; decide from what it had recorded.

    A claim never handed over is retried after the short hand-over timeout (no duplicate is possible);
    one handed to the server waits the full claim timeout (SMTP may be slow) and is then "unknown".
    """
    sending = model.objects.filter(status=DeliveryStatus.SENDING)
    handover_before = now - dt.timedelta(seconds=settings.OUTBOX_HANDOVER_TIMEOUT_SECONDS)
    stale_before = now - dt.timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS)
    retried = sending.filter(handed_at__isnull=True, claimed_at__lte=handover_before).update(
        status=DeliveryStatus.PENDING,
        next_attempt_at=now,
        enqueued_at=None,
        last_error="The worker stopped before handing the mail to the server; sent again.",
    )
    unknown = sending.filter(handed_at__isnull=False, claimed_at__lte=stale_before).update(
        status=DeliveryStatus.UNKNOWN,
        last_error="The worker stopped after handing the mail to the server; it may have been delivered.",
    )
    if retried or unknown:
        logger.warning(
            "%s: %s claim(s) of a stopped worker retried, %s marked unknown (handed to the server)",
            model._meta.label,
            retried,
            unknown,
        )
    return {"retried": retried, "unknown": unknown}


def pending(model, now: dt.datetime, *, ahead: dt.timedelta = dt.timedelta(0), limit: int = 1000):
    """[(pk, next_attempt_at)] to (re)queue: due by ``now + ahead`` and never queued, or queued long ago.

    Marks them queued in the same transaction; ``skip_locked`` lets two sweeps
    split the work (and a double queue would still send once: the claim).
    """
    requeue_before = now - dt.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS)
    with transaction.atomic():
        rows = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now + ahead)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=requeue_before))
            .order_by("next_attempt_at", "pk")
            .values_list("pk", "next_attempt_at")[:limit]
        )
        model.objects.filter(pk__in=[pk for pk, _at in rows]).update(enqueued_at=now)
    return rows
