"""Deliver one recorded reminder, at most once per row.

The protocol, per sent-log row:

1. **claim** — in its own committed transaction, lock the row
   (``SELECT ... FOR UPDATE``) and move it from *pending* to *sending*. Two
   workers (or a task and its redelivered copy) serialise on the lock; the
   second sees *sending*/*sent* and stops. Only one process ever holds the claim.
2. **send** — render in the recipient's language and hand the mail to the
   backend (SMTP).
3. **mark** — a second committed transaction sets *sent*.

A crash between 2 and 3 leaves the row in *sending*: it is never resent
automatically (the scan marks a stale claim "outcome unknown" for an admin
to look at), so a lost commit cannot cause a duplicate. The window that
remains is therefore the opposite one — a crash after the claim but before
the SMTP server accepted the mail loses that reminder (visible as "unknown"
in admin) — plus the SMTP-level case where the server accepted the message
but the connection broke before its reply reached us: we record a failure
and retry, and the recipient may get it twice. The stable Message-ID lets
mail clients fold such a copy.

SMTP failures release the claim with an exponential backoff (base × 2^n,
capped at an hour) and give up after REMINDER_MAX_ATTEMPTS, logging why.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.mail import send_templated_mail

from . import mails
from .models import SentReminder, SentStatus

logger = logging.getLogger(__name__)

MAX_BACKOFF_SECONDS = 3600
# What a mail backend raises when the server or the network fails; anything
# else is a bug in rendering and retrying would not help.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, TimeoutError)


def claim(reminder_id: int) -> SentReminder | None:
    """Take the row for sending; None when another worker has it or it is done."""
    with transaction.atomic():
        reminder = (
            SentReminder.objects.select_for_update(of=("self",))
            .select_related("recipient", "community")
            .filter(pk=reminder_id)
            .first()
        )
        if reminder is None or reminder.status != SentStatus.PENDING:
            return None
        reminder.status = SentStatus.SENDING
        reminder.claimed_at = timezone.now()
        reminder.attempts += 1
        reminder.save(update_fields=["status", "claimed_at", "attempts"])
    return reminder


def _finish(reminder: SentReminder, status: str, **fields) -> None:
    # Only the claim holder finishes the row (status still "sending").
    SentReminder.objects.filter(pk=reminder.pk, status=SentStatus.SENDING).update(status=status, **fields)


def backoff_seconds(attempts: int) -> int:
    return min(settings.REMINDER_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def headers_for(reminder: SentReminder, unsubscribe_url: str | None) -> dict:
    host = urlsplit(settings.SITE_URL).hostname or "lcplatform.local"
    headers = {
        "Message-ID": f"<reminder-{reminder.pk}.{reminder.kind}@{host}>",
        "Auto-Submitted": "auto-generated",
    }
    if unsubscribe_url:
        # RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" to the URL.
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def deliver(reminder_id: int) -> int | None:
    """Send the reminder if it is still due; returns seconds until a retry, or None when done."""
    reminder = claim(reminder_id)
    if reminder is None:
        return None
    try:
        mail = mails.build(reminder)
    except Exception as error:
        logger.exception("Reminder %s could not be rendered", reminder.pk)
        _finish(reminder, SentStatus.FAILED, last_error=f"render: {error!r}"[:2000])
        return None
    if mail.skip_reason:
        _finish(reminder, SentStatus.SKIPPED, last_error=mail.skip_reason)
        return None
    try:
        send_templated_mail(
            mail.template,
            mail.context,
            to=reminder.recipient.email,
            language=reminder.recipient.language,
            headers=headers_for(reminder, mail.unsubscribe_url),
        )
    except TRANSIENT_ERRORS as error:
        reason = f"{type(error).__name__}: {error}"[:2000]
        if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS:
            logger.error(
                "Reminder %s (%s) failed after %s attempts, giving up: %s",
                reminder.pk,
                reminder.kind,
                reminder.attempts,
                reason,
            )
            _finish(reminder, SentStatus.FAILED, last_error=reason)
            return None
        delay = backoff_seconds(reminder.attempts)
        retry_at = timezone.now() + dt.timedelta(seconds=delay)
        logger.warning(
            "Reminder %s (%s) attempt %s failed, retrying in %ss: %s",
            reminder.pk,
            reminder.kind,
            reminder.attempts,
            delay,
            reason,
        )
        # Back to pending: the retry task (or, if that is lost, a later scan) claims it again.
        _finish(
            reminder, SentStatus.PENDING, last_error=reason, next_attempt_at=retry_at, enqueued_at=retry_at
        )
        return delay
    _finish(reminder, SentStatus.SENT, sent_at=timezone.now(), last_error="")
    logger.info("Reminder %s (%s) sent to user %s", reminder.pk, reminder.kind, reminder.recipient_id)
    return None
