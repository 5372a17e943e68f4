"""The mail of one notification: rendered at sending time, in the recipient's language.

``build`` decides again, when the mail is about to go out, whether it still
applies: the recipient is active, still wants this kind by mail, and may
still see the target. Only then is the title rendered, inside
``translation.override(recipient.language)``, so a mail never says more than
the notification list would.

Delivery goes through the platform's one outbox (issue 23), exactly once per
(notification, recipient); ``queue`` hands the new notifications to it, and the
daily or weekly digest of ``reminders`` lists those chosen for the digest.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.mail import render_mail

from . import selectors
from .models import Delivery, Notification, NotificationKind

logger = logging.getLogger(__name__)

TEMPLATE = "notifications/email/notification"


@dataclass
class Mail:
    template: str = ""
    context: dict = field(default_factory=dict)
    unsubscribe_url: str | None = None
    skip_reason: str = ""


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def unsubscribe_url(user, kind: str) -> str:
    from .services import unsubscribe_token

    return absolute(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)}))


def build(notification: Notification) -> Mail:
    """Template and context for the mail of ``notification``, or why it is not sent."""
    user = notification.recipient
    if not user.is_active:
        return Mail(skip_reason="The recipient's account is inactive.")
    if selectors.deliveries_for([user.pk], notification.kind)[user.pk] != Delivery.MAIL:
        return Mail(skip_reason="The recipient no longer wants this kind by mail.")
    with translation.override(user.language):
        items = selectors.items_for(user, [notification])
        if not items:
            return Mail(skip_reason="The recipient can no longer see what the notification is about.")
        item = items[0]
        url = unsubscribe_url(user, notification.kind)
        context = {
            "user": user,
            "item": item,
            "title": item.title,
            "url": absolute(item.url) if item.url.startswith("/") else item.url,
            "kind_label": str(NotificationKind(notification.kind).label),
            "unsubscribe_url": url,
            "preferences_url": absolute(reverse("notifications:preferences")),
            "notifications_url": absolute(reverse("notifications:list")),
        }
    return Mail(TEMPLATE, context, unsubscribe_url=url)


OUTBOX_KIND = "notifications.notification"
# The outbox calls this builder when the mail is about to go out (see outbox_message).
OUTBOX_BUILDER = "notifications.notification"


def queue(*, event_key: str, recipient_ids: list[int]) -> int:
    """Record the mails of a new event in the platform's one outbox; returns how many were recorded.

    Called by ``notify()`` inside the event's transaction: the outbox rows
    commit with the notifications, are delivered after the commit, and are
    unique per (``OUTBOX_KIND``, notification, recipient), so a retried
    ``notify()`` never mails twice. The mail is built when it goes out
    (``outbox_message``): preference and visibility are checked again then,
    and it is rendered in the recipient's language.
    """
    if not apps.is_installed("outbox"):
        logger.debug("No outbox; %s mail(s) for %s stay in the app", len(recipient_ids), event_key)
        return 0
    from outbox.services import mail_enqueue_built

    recorded = 0
    notifications = Notification.objects.filter(
        event_key=event_key, recipient_id__in=recipient_ids
    ).select_related("recipient")
    for notification in notifications:
        recorded += mail_enqueue_built(
            kind=OUTBOX_KIND,
            key=f"notification:{notification.pk}",
            recipient=notification.recipient,
            builder=OUTBOX_BUILDER,
            ref={"notification": notification.pk},
        )
    return recorded


def outbox_message(mail):
    """The outbox's builder: the Message for one recorded mail, or why it is no longer sent."""
    from outbox.delivery import Message

    notification = (
        Notification.objects.select_related("recipient", "actor")
        .filter(pk=(mail.ref or {}).get("notification"))
        .first()
    )
    if notification is None:
        return Message(skip_reason="The notification was deleted.")
    built = build(notification)
    if built.skip_reason:
        return Message(skip_reason=built.skip_reason)
    subject, text, html = render_mail(built.template, built.context, language=notification.recipient.language)
    return Message(
        to=notification.recipient.email,
        subject=subject,
        body=text,
        html=html,
        unsubscribe_url=built.unsubscribe_url,
    )
