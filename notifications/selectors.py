"""Reads of notifications: follows, the bell's count, the list, preferences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from . import registry
from .models import DEFAULT_DELIVERY, Delivery, Follow, Notification, NotificationKind, NotificationPreference


def _target_filter(target: Model) -> dict:
    return {
        "content_type": ContentType.objects.get_for_model(target, for_concrete_model=False),
        "object_id": target.pk,
    }


def is_following(user, target: Model) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, **_target_filter(target)).exists()


def followers_of(target: Model) -> QuerySet:
    """Active users who follow ``target`` (callers still check who may see what they notify about)."""
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    return get_user_model().objects.filter(
        is_active=True, follows__content_type=content_type, follows__object_id=target.pk
    )


def followed_ids(user, model: type[Model]) -> QuerySet:
    """Ids of the ``model`` objects ``user`` follows, as a subquery (``pk__in=``), never evaluated here.

    Only ids: the owning app loads the objects through its own visibility
    selector, so a follow of something the user can no longer see shows nothing.
    """
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return Follow.objects.filter(user=user, content_type=content_type).values("object_id")


def unread_about(user, model: type[Model]) -> QuerySet:
    """Unread notifications of ``user`` about ``model`` objects.

    For an ``Exists(unread_about(user, Thread).filter(object_id=OuterRef("pk")))`` annotation.
    """
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return Notification.objects.filter(recipient=user, read_at__isnull=True, content_type=content_type)


def unread_count(user) -> int:
    """The bell: one COUNT on the (recipient, read_at) index."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_of(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).select_related("actor")


def deliveries_for(user_ids, kind: str) -> dict[int, str]:
    """user id → how that user wants ``kind`` delivered, in one query."""
    default = DEFAULT_DELIVERY.get(NotificationKind(kind), Delivery.APP)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=list(user_ids), kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {user_id: chosen.get(user_id, default) for user_id in user_ids}


def preferences_of(user) -> dict[str, str]:
    """kind → delivery for every kind, defaults filled in."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {
        kind.value: chosen.get(kind.value, DEFAULT_DELIVERY.get(kind, Delivery.APP))
        for kind in NotificationKind
    }


@dataclass
class Item:
    """A notification as one reader sees it: title and link rendered in the current language."""

    notification: Notification
    title: str
    url: str

    @property
    def pk(self) -> int:
        return self.notification.pk

    @property
    def is_read(self) -> bool:
        return self.notification.is_read

    @property
    def created_at(self) -> dt.datetime:
        return self.notification.created_at


def items_for(user, notifications) -> list[Item]:
    """Render ``notifications`` of ``user``, leaving out those whose target they can no longer see.

    One query per target type on the page (the registered ``visible_to``
    filtered by the ids), whatever the number of notifications.
    """
    notifications = list(notifications)
    by_type: dict[int, set[int]] = {}
    for notification in notifications:
        by_type.setdefault(notification.content_type_id, set()).add(notification.object_id)
    visible = {
        content_type_id: registry.visible_targets(user, content_type_id, ids)
        for content_type_id, ids in by_type.items()
    }
    items = []
    for notification in notifications:
        target = visible[notification.content_type_id].get(notification.object_id)
        if target is None:
            continue
        items.append(
            Item(
                notification=notification,
                title=registry.render_title(notification, target),
                url=registry.render_url(notification, target),
            )
        )
    return items


def digest_items(user, since: dt.datetime, until: dt.datetime, *, limit: int = 30) -> list[Item]:
    """Notifications ``user`` chose to get in the digest, created in [since, until), still visible."""
    notifications = notifications_of(user).filter(
        delivery=Delivery.DIGEST, created_at__gte=since, created_at__lt=until
    )[:limit]
    return items_for(user, notifications)


def digest_recipient_ids(since: dt.datetime, until: dt.datetime) -> set[int]:
    return set(
        Notification.objects.filter(
            delivery=Delivery.DIGEST, created_at__gte=since, created_at__lt=until
        ).values_list("recipient_id", flat=True)
    )
