"""Writes of the reminders app: preferences, calendar tokens, unsubscribing, requeueing."""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from outbox.services import rows_requeue

from .models import (
    OPTIONAL_KINDS,
    DigestFrequency,
    ReminderKind,
    ReminderPreference,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "reminders.unsubscribe"
CALENDAR_SALT = "reminders.calendar"


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


@transaction.atomic
def calendar_token_reset(*, actor) -> ReminderPreference:
    """A fresh secret for the user's calendar feeds; the old feed URLs answer 404 from now on."""
    preference = preference_for(actor)
    ReminderPreference.objects.filter(pk=preference.pk).update(
        calendar_generation=F("calendar_generation") + 1, updated_at=timezone.now()
    )
    preference.refresh_from_db()
    return preference


# -- calendar tokens ----------------------------------------------------------------------
# A calendar app sends no cookies, so the feed URL itself must say who asks.
# The token is the user id and a generation number, signed with SECRET_KEY:
# stable (the same URL on every page view, no row written on a GET) and
# revocable (a reset raises the generation). Rotating SECRET_KEY also revokes them.


def calendar_token(user, generation: int) -> str:
    return signing.Signer(salt=CALENDAR_SALT).sign(f"{user.pk}.{generation}")


def calendar_token_for(user) -> str:
    generation = (
        ReminderPreference.objects.filter(user=user).values_list("calendar_generation", flat=True).first()
        or 0
    )
    return calendar_token(user, generation)


def calendar_user(token: str):
    """The active user a calendar token stands for, or None (bad signature, reset, inactive)."""
    if not token or len(token) > 100:
        return None
    try:
        user_id, generation = signing.Signer(salt=CALENDAR_SALT).unsign(token).split(".")
        user_id, generation = int(user_id), int(generation)
    except (signing.BadSignature, ValueError):
        return None
    user = (
        get_user_model()
        .objects.select_related("reminder_preference")
        .filter(pk=user_id, is_active=True)
        .first()
    )
    if user is None:
        return None
    current = getattr(user, "reminder_preference", None)
    if (current.calendar_generation if current else 0) != generation:
        return None
    return user


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
