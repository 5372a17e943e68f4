"""The mail of one notification: rendered at sending time, in the recipient's language.

``build`` decides again, when the mail is about to go out, whether it still
applies: the recipient is active, still wants this kind by mail, and may
still see the target. Only then is the title rendered, inside
``translation.override(recipient.language)``, so a mail never says more than
the notification list would.

Delivery goes through the platform's one outbox (issue 23), exactly once per
(notification, recipient); ``queue`` hands the new notifications to it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import translation

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


def queue(*, event_key: str, recipient_ids: list[int]) -> None:
    """Hand the mails of a new event to the outbox (after the commit, exactly once per recipient)."""
    try:
        from outbox import services as outbox  # noqa: F401  (issue 23: lands separately)
    except ImportError:
        # Until the platform's one outbox exists, mails at once are not sent; the
        # notifications are in the app and in the digest. No second sent-log.
        logger.debug("No outbox yet; %s mail(s) for %s stay in the app", len(recipient_ids), event_key)
        return
