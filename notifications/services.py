"""Writes of notifications: follow, notify, read, preferences, unsubscribe.

Domain apps call these; notifications never imports a domain app.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone

from . import selectors
from .models import Delivery, Follow, Notification, NotificationKind, NotificationPreference

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def _content_type(target: Model) -> ContentType:
    return ContentType.objects.get_for_model(target, for_concrete_model=False)


# -- follows --------------------------------------------------------------------------------


def follow(*, user, target: Model) -> None:
    """``user`` follows ``target``; following twice changes nothing.

    The caller checks that ``user`` may see ``target`` (the generic follow
    view does, through the registered visibility).
    """
    try:
        with transaction.atomic():
            Follow.objects.get_or_create(user=user, content_type=_content_type(target), object_id=target.pk)
    except IntegrityError:
        pass  # a concurrent follow of the same target won the race: same outcome


def unfollow(*, user, target: Model) -> None:
    """Stop following; a no-op when ``user`` did not follow ``target``."""
    Follow.objects.filter(user=user, content_type=_content_type(target), object_id=target.pk).delete()


# -- notify ---------------------------------------------------------------------------------


def notify(
    *,
    kind: str,
    event_key: str,
    recipients: Iterable,
    target: Model,
    actor=None,
    can_see: Callable[..., bool],
    data: dict | None = None,
) -> int:
    """Record that ``kind`` happened on ``target`` for each recipient; returns how many are new.

    What the caller may rely on:

    - one Notification per (``event_key``, recipient): calling again with the
      same key (a retried task, a double submit) adds nothing. Make the key
      name the event, e.g. ``"reply:post:123"``;
    - the actor, inactive accounts and everyone for whom ``can_see(user)`` is
      False are skipped (``registry.visibility_check(target)`` is a ready-made
      ``can_see``); the check is made again whenever the notification is shown
      or mailed;
    - no text is stored: ``kind`` + ``target`` (+ ``data``, codes only) are
      rendered in the recipient's language when shown or mailed;
    - each recipient's preference for ``kind`` decides the delivery (in the
      app only, a mail at once, or the digest) and is stored on the row;
    - call it inside the transaction that makes the event happen: the rows
      commit with the event or not at all. Mails at once are queued after the
      commit.
    """
    kind = NotificationKind(kind)
    if not event_key or len(event_key) > 200:
        raise ValueError("event_key must be 1 to 200 characters")
    users = {}
    for user in recipients:
        if user is None or not getattr(user, "pk", None) or not user.is_active:
            continue
        if actor is not None and user.pk == actor.pk:
            continue
        users.setdefault(user.pk, user)
    users = {pk: user for pk, user in users.items() if can_see(user)}
    if not users:
        return 0
    content_type = _content_type(target)
    deliveries = selectors.deliveries_for(users, kind)
    with transaction.atomic():
        existing = set(
            Notification.objects.filter(event_key=event_key, recipient_id__in=list(users)).values_list(
                "recipient_id", flat=True
            )
        )
        new = [
            Notification(
                recipient_id=user_id,
                kind=kind,
                event_key=event_key,
                actor=actor,
                content_type=content_type,
                object_id=target.pk,
                data=data or {},
                delivery=deliveries[user_id],
            )
            for user_id in users
            if user_id not in existing
        ]
        # ignore_conflicts: a concurrent notify() of the same event inserted some
        # rows since we looked; the constraint keeps them to one.
        Notification.objects.bulk_create(new, ignore_conflicts=True)
        mail_now = [n.recipient_id for n in new if n.delivery == Delivery.MAIL]
        if mail_now:
            from . import mails

            mails.queue(event_key=event_key, recipient_ids=mail_now)
    return len(new)


# -- reading ----------------------------------------------------------------------------------


def mark_read(*, user, notification_ids: Iterable[int]) -> int:
    """Mark the user's own notifications read; ids of other people's are ignored."""
    # Ids beyond a 64-bit integer cannot name a row (and SQLite refuses to compare with them).
    ids = [int(pk) for pk in notification_ids if 0 < int(pk) < 2**63]
    return Notification.objects.filter(recipient=user, pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_target_read(*, user, target: Model) -> int:
    """Mark what ``user`` was told about ``target`` read, because they are looking at it now.

    However they came (the bell, a mail, a search), the bell should not keep
    pointing at what they have just read.
    """
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(
        recipient=user, content_type=_content_type(target), object_id=target.pk, read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


# -- preferences and unsubscribing ---------------------------------------------------------------


@transaction.atomic
def preferences_update(*, actor, choices: dict[str, str]) -> None:
    """Store ``kind → delivery`` for ``actor``; unknown kinds or deliveries raise ValueError."""
    for kind, delivery in choices.items():
        kind, delivery = NotificationKind(kind), Delivery(delivery)
        NotificationPreference.objects.update_or_create(
            user=actor, kind=kind, defaults={"delivery": delivery}
        )


def unsubscribe_token(user, kind: str) -> str:
    """A signed (user, kind) pair for the one-click link in mails; works without logging in."""
    # Signed without a timestamp: the same link in every mail, valid as long as SECRET_KEY.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object({"u": user.pk, "k": str(kind)}, compress=True)


def read_unsubscribe_token(token: str):
    """(user, kind) for a valid token of an existing user, else None."""
    if not token or len(token) > 300:
        return None
    try:
        data = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("u"), int)
        or data.get("k") not in NotificationKind.values
    ):
        return None
    user = get_user_model().objects.filter(pk=data["u"]).first()
    if user is None:
        return None
    return user, data["k"]


def unsubscribe(*, user, kind: str) -> None:
    """No more mail about ``kind`` (neither at once nor in the digest); it stays in the app. Idempotent."""
    preferences_update(actor=user, choices={kind: Delivery.APP})


# Reads, also here for callers that look for them next to follow(); they live in selectors.
is_following = selectors.is_following
followers_of = selectors.followers_of
