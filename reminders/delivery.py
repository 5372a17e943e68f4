"""Deliver one recorded reminder: the outbox's protocol, with the reminder built at sending time.

Claim, hand-over, mark, retries and stale claims are ``outbox.delivery`` — the
one path every platform mail takes. What is particular to reminders is
:func:`build`: it decides again, just before sending, whether the reminder
still applies (``mails.build``: unsubscribed, left the community, stand-up
closed ...) and renders it in the recipient's language; a stand-up reminder
that would arrive after the stand-up started is recorded *too late* instead.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.mail import render_mail
from outbox import delivery as outbox_delivery
from outbox.delivery import MAX_BACKOFF_SECONDS, Message, backoff_seconds  # noqa: F401 (re-exported)

from . import mails
from .models import ReminderKind, SentReminder

SOURCE = "reminders.sent"


def too_late_reason(reminder: SentReminder, now: dt.datetime) -> str:
    """The cut-off: a stand-up reminder is pointless once the stand-up has started."""
    if reminder.kind == ReminderKind.STANDUP and reminder.payload.get("starts_at"):
        starts_at = dt.datetime.fromisoformat(reminder.payload["starts_at"])
        if now >= starts_at:
            return f"The stand-up started at {starts_at.isoformat()} before the reminder could be sent."
    return ""


def build(reminder: SentReminder) -> Message:
    late = too_late_reason(reminder, timezone.now())
    if late:
        return Message(too_late_reason=late)
    mail = mails.build(reminder)
    if mail.skip_reason:
        return Message(skip_reason=mail.skip_reason)
    subject, body, html = render_mail(mail.template, mail.context, language=reminder.recipient.language)
    return Message(
        to=reminder.recipient.email,
        subject=subject,
        body=body,
        html=html,
        unsubscribe_url=mail.unsubscribe_url,
    )


def deliver(reminder_id: int) -> int | None:
    """Send the reminder if it is still due; returns seconds until a retry, or None when done."""
    return outbox_delivery.deliver(SOURCE, reminder_id)
