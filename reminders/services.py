"""Writes of the reminders app: preferences, calendar tokens, unsubscribing, requeueing."""

from __future__ import annotations

import logging
import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from outbox.services import rows_requeue

from .models import (
    OPTIONAL_KINDS,
    CalendarFeed,
    DigestFrequency,
    ReminderKind,
    ReminderPreference,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "reminders.unsubscribe"


def preference_for(user) -> ReminderPreference:
    """The user's preferences, created with the defaults on first use."""
    preference, _created = ReminderPreference.objects.get_or_create(user=user)
    return preference


@transaction.atomic
def preference_update(*, actor, data: dict) -> ReminderPreference:
    preference = preference_for(actor)
    for name in ("standup", "sprint_start", "sprint_end", "blockers", "value_followup", "digest_frequency"):
        if name in data:
            setattr(preference, name, data[name])
    preference.full_clean()
    preference.save()
    return preference


# -- calendar links -----------------------------------------------------------------------
# A calendar app sends no cookies, so the feed URL itself must say who asks.
# Each link is a random token in a row (CalendarFeed) for one person and one
# community: it reveals no user id, opens no other community, and is revoked by
# deleting its row.


@transaction.atomic
def calendar_feed_create(*, actor, community) -> CalendarFeed:
    """The actor's link for ``community``, made on first request (the caller checks membership)."""
    feed, _created = CalendarFeed.objects.get_or_create(
        user=actor, community=community, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


@transaction.atomic
def calendar_feed_renew(*, actor, community) -> CalendarFeed:
    """A new link for ``community``; the old one answers 404 from now on."""
    CalendarFeed.objects.filter(user=actor, community=community).delete()
    return CalendarFeed.objects.create(user=actor, community=community, token=secrets.token_urlsafe(32))


@transaction.atomic
def calendar_feed_revoke(*, actor, feed: CalendarFeed) -> None:
    if feed.user_id != actor.pk:
        raise ValidationError(_("This calendar link is not yours."))
    feed.delete()


@transaction.atomic
def calendar_feeds_revoke_all(*, actor) -> int:
    """Revoke every calendar link of the actor (e.g. one was shared by mistake); returns how many."""
    deleted, _detail = CalendarFeed.objects.filter(user=actor).delete()
    return deleted


def calendar_token_for(user, community) -> str:
    """The token of ``user``'s link for ``community``, made if needed."""
    return calendar_feed_create(actor=user, community=community).token


# -- unsubscribe links -----------------------------------------------------------------


def unsubscribe_token(user, kind: str) -> str:
    """A signed (user, kind) pair: the link works without logging in and never expires."""
    return signing.dumps({"u": user.pk, "k": str(kind)}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or data.get("k") not in OPTIONAL_KINDS
        or not isinstance(data.get("u"), int)
    ):
        return None
    return data["u"], data["k"]


@transaction.atomic
def unsubscribe(*, user, kind: str) -> ReminderPreference:
    """Switch one kind off (the digest: frequency off). Idempotent."""
    preference = preference_for(user)
    if kind == ReminderKind.DIGEST:
        preference.digest_frequency = DigestFrequency.OFF
    elif kind in OPTIONAL_KINDS:
        setattr(preference, kind, False)
    else:
        raise ValueError(f"{kind} cannot be unsubscribed from")
    preference.save()
    return preference


# -- admin ---------------------------------------------------------------------------------


def reminder_requeue(*, actor, reminders, include_handed: bool = False) -> int:
    """Admin: send failed, skipped, too-late or uncertain reminders again (outbox.services.rows_requeue)."""
    count, _left_out = rows_requeue(actor=actor, rows=reminders, include_handed=include_handed)
    return count
