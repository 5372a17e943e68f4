"""The periodic scan: find every reminder that is due and record the decision to send it.

One beat task (``reminders.scan``, every REMINDER_SCAN_SECONDS) calls
:func:`scan`. Each collector returns candidates — (kind, occurrence,
recipient) — for what is due *now*; :func:`record` inserts them into the
sent-log with ``ON CONFLICT DO NOTHING`` in one transaction. The unique
constraint on (kind, occurrence, recipient) makes the insert the single
decision point: a second beat, a second scan in the same window or a rerun
after a crash finds the rows already there and adds nothing. Delivery is a
separate, per-recipient task (see ``delivery``).

Collectors only look a bounded distance back (a grace window), so a platform
that was down for a week does not send last week's stand-up reminders.

Stand-up reminders do not depend on a scan landing in a window: a scan records
every stand-up whose reminder falls before the *next* scan (``next_attempt_at``
= the reminder time; the delivery task is queued with that ETA), so any lead of
a minute or more is sent on time. A scan that comes late (the beat or its
worker was down) catches up from the last successful scan: a reminder still
before its stand-up is sent at once; one whose stand-up already started is
recorded *too late* (visible in admin, logged as an error), never silently
dropped. The cut-off is the stand-up's start, also checked at delivery. A scan
in which a collector failed is not a success: the next one catches up from the
last complete scan.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from communities import services
from communities.models import (
    Membership,
    MembershipRole,
    Sprint,
    Standup,
    StandupAnswer,
    StandupSchedule,
    StandupStatus,
)
from core import heartbeats
from outbox import delivery as outbox_delivery
from valuecreation.followups import due_followups

from . import timing
from .models import DigestFrequency, ReminderKind, ReminderPreference, SentReminder, SentStatus

logger = logging.getLogger(__name__)

# Sprint start/end reminders are still sent up to this long after they became due.
SPRINT_GRACE = dt.timedelta(days=1)
# A stand-up closed longer ago than this no longer triggers a blockers notice.
BLOCKERS_LOOKBACK = dt.timedelta(days=2)
# How far back a late scan looks for missed stand-up reminders (to record them "too late").
CATCH_UP_LIMIT = dt.timedelta(days=2)
SCAN_HEARTBEAT = "reminders.scan"


@dataclass(frozen=True)
class Candidate:
    kind: str
    occurrence: str
    recipient_id: int
    community_id: int | None = None
    payload: dict = field(default_factory=dict, hash=False, compare=False)
    # When to send (None: now); a stand-up reminder recorded ahead of its time.
    due_at: dt.datetime | None = field(default=None, hash=False, compare=False)
    # Recorded as "too late" instead of pending, with this reason.
    too_late: str = field(default="", hash=False, compare=False)


# -- collectors ---------------------------------------------------------------------


def _members(community_ids: Iterable[int], *, facilitators_only: bool = False) -> dict[int, list[int]]:
    """community id → active member user ids, in one query."""
    queryset = Membership.objects.filter(community_id__in=list(community_ids), user__is_active=True)
    if facilitators_only:
        queryset = queryset.filter(role=MembershipRole.FACILITATOR)
    result: dict[int, list[int]] = {}
    for community_id, user_id in queryset.values_list("community_id", "user_id"):
        result.setdefault(community_id, []).append(user_id)
    return result


def _open_standup(schedule: StandupSchedule, day: dt.date) -> Standup | None:
    """The stand-up of ``day``, opened now if needed, so the reminder links straight to its form."""
    standup = Standup.objects.filter(community_id=schedule.community_id, date=day).first()
    if standup is not None:
        return standup
    try:
        with transaction.atomic():
            return services.standup_create(actor=None, community=schedule.community, date=day)
    except (ValidationError, IntegrityError):
        # Another scan opened it at the same moment, or the schedule changed.
        return Standup.objects.filter(community_id=schedule.community_id, date=day).first()


def standup_candidates(now: dt.datetime, since: dt.datetime | None = None) -> list[Candidate]:
    """Stand-ups whose reminder falls before the next scan, and those missed since the last scan.

    ``since`` is the last successful scan (None: one interval ago); see the module docstring.
    """
    interval = dt.timedelta(seconds=settings.REMINDER_SCAN_SECONDS)
    horizon = now + interval
    since = max(since or now - interval, now - CATCH_UP_LIMIT)
    due = []
    for schedule in StandupSchedule.objects.select_related("community"):
        for occurrence in timing.standup_occurrences_between(schedule, since, horizon):
            if occurrence.starts_at > now and occurrence.remind_at <= horizon:
                due.append((schedule, occurrence, ""))
            elif since < occurrence.starts_at <= now and not _recorded(schedule, occurrence):
                due.append((schedule, occurrence, _missed(occurrence, since, now)))
    if not due:
        return []
    members = _members(schedule.community_id for schedule, _o, _l in due)
    candidates = []
    for schedule, occurrence, too_late in due:
        standup = None
        if not too_late:
            standup = _open_standup(schedule, occurrence.date)
            if standup is not None and not standup.is_open:
                continue
        payload = {
            "date": occurrence.date.isoformat(),
            "starts_at": occurrence.starts_at.isoformat(),
            "standup_id": standup.pk if standup else None,
        }
        key = _key(schedule, occurrence)
        due_at = max(occurrence.remind_at, now)
        for user_id in members.get(schedule.community_id, []):
            candidates.append(
                Candidate(
                    ReminderKind.STANDUP, key, user_id, schedule.community_id, payload, due_at, too_late
                )
            )
    return candidates


def _key(schedule, occurrence) -> str:
    return f"standup:{schedule.community_id}:{occurrence.date.isoformat()}"


def _recorded(schedule, occurrence) -> bool:
    return SentReminder.objects.filter(
        kind=ReminderKind.STANDUP, occurrence=_key(schedule, occurrence)
    ).exists()


def _missed(occurrence: timing.StandupOccurrence, since: dt.datetime, now: dt.datetime) -> str:
    return (
        f"No scan ran between {since.isoformat()} and {now.isoformat()}: the stand-up of "
        f"{occurrence.date.isoformat()} started at {occurrence.starts_at.isoformat()} before its "
        f"reminder (due {occurrence.remind_at.isoformat()}) was recorded."
    )


def _sprint_candidates(now: dt.datetime, kind: str, date_field: str) -> list[Candidate]:
    hour = settings.REMINDER_SPRINT_HOUR
    local_today = now.astimezone(timing.local_zone()).date()
    days = [local_today - dt.timedelta(days=n) for n in range(SPRINT_GRACE.days + 1)]
    sprints = [
        sprint
        for sprint in Sprint.objects.filter(**{f"{date_field}__in": days})
        if timing.at_local_hour(getattr(sprint, date_field), hour) <= now
    ]
    members = _members(sprint.community_id for sprint in sprints)
    candidates = []
    for sprint in sprints:
        day = getattr(sprint, date_field)
        key = f"{kind}:{sprint.pk}:{day.isoformat()}"
        for user_id in members.get(sprint.community_id, []):
            candidates.append(Candidate(kind, key, user_id, sprint.community_id, {"sprint_id": sprint.pk}))
    return candidates


def sprint_candidates(now: dt.datetime) -> list[Candidate]:
    return _sprint_candidates(now, ReminderKind.SPRINT_START, "starts_on") + _sprint_candidates(
        now, ReminderKind.SPRINT_END, "ends_on"
    )


def blockers_candidates(now: dt.datetime, *, standup_ids: Iterable[int] | None = None) -> list[Candidate]:
    """Facilitators of stand-ups that closed with at least one blocker."""
    standups = Standup.objects.filter(status=StandupStatus.CLOSED)
    if standup_ids is not None:
        standups = standups.filter(pk__in=list(standup_ids))
    else:
        standups = standups.filter(closed_at__gte=now - BLOCKERS_LOOKBACK)
    standups = standups.filter(
        pk__in=StandupAnswer.objects.exclude(blockers="").values("standup_id")
    ).values_list("pk", "community_id")
    standups = list(standups)
    facilitators = _members((c for _s, c in standups), facilitators_only=True)
    return [
        Candidate(
            ReminderKind.BLOCKERS, f"blockers:{standup_id}", user_id, community_id, {"standup_id": standup_id}
        )
        for standup_id, community_id in standups
        for user_id in facilitators.get(community_id, [])
    ]


def value_followup_candidates(now: dt.datetime) -> list[Candidate]:
    """Follow-up prompts from the value-creation app (``valuecreation.followups``)."""
    today = now.astimezone(timing.local_zone()).date()
    candidates = []
    for prompt in due_followups(today):
        payload = {
            "title": prompt.title,
            "path": prompt.path,
            "since": prompt.since.isoformat(),
        }
        candidates.append(
            Candidate(
                ReminderKind.VALUE_FOLLOWUP,
                prompt.occurrence,
                prompt.recipient_id,
                prompt.community_id,
                payload,
            )
        )
    return candidates


def digest_candidates(now: dt.datetime) -> list[Candidate]:
    from . import selectors

    candidates = []
    for frequency in (DigestFrequency.DAILY, DigestFrequency.WEEKLY):
        period = timing.digest_period(frequency, now)
        if period is None:
            continue
        key, since, until = period
        if SentReminder.objects.filter(kind=ReminderKind.DIGEST, occurrence=key).exists():
            continue  # this period's digests were decided by an earlier scan
        user_ids = selectors.digest_recipient_ids(since, until)
        wanted = _with_frequency(user_ids, frequency)
        payload = {"since": since.isoformat(), "until": until.isoformat(), "frequency": str(frequency)}
        candidates += [Candidate(ReminderKind.DIGEST, key, user_id, None, payload) for user_id in wanted]
    return candidates


def _with_frequency(user_ids: set[int], frequency: str) -> set[int]:
    explicit = dict(
        ReminderPreference.objects.filter(user_id__in=user_ids).values_list("user_id", "digest_frequency")
    )
    default = ReminderPreference._meta.get_field("digest_frequency").default
    return {uid for uid in user_ids if explicit.get(uid, default) == frequency}


COLLECTORS = (
    standup_candidates,
    sprint_candidates,
    blockers_candidates,
    value_followup_candidates,
    digest_candidates,
)


# -- recording ------------------------------------------------------------------------


def _filter_by_preferences(candidates: list[Candidate]) -> list[Candidate]:
    prefs = {
        p.user_id: p
        for p in ReminderPreference.objects.filter(user_id__in={c.recipient_id for c in candidates})
    }
    active = set(
        get_user_model()
        .objects.filter(pk__in={c.recipient_id for c in candidates}, is_active=True)
        .values_list("pk", flat=True)
    )
    return [
        c
        for c in candidates
        if c.recipient_id in active and (c.recipient_id not in prefs or prefs[c.recipient_id].wants(c.kind))
    ]


def record(candidates: list[Candidate], now: dt.datetime | None = None) -> int:
    """Insert the decisions; existing (kind, occurrence, recipient) rows are left alone.

    Returns how many candidates were new. Opted-out and inactive users are
    dropped here, at decision time (and checked again just before sending).
    """
    candidates = list({(c.kind, c.occurrence, c.recipient_id): c for c in candidates}.values())
    candidates = _filter_by_preferences(candidates)
    if not candidates:
        return 0
    now = now or timezone.now()
    with transaction.atomic():
        before = SentReminder.objects.filter(
            Q(kind__in={c.kind for c in candidates}) & Q(occurrence__in={c.occurrence for c in candidates})
        ).count()
        SentReminder.objects.bulk_create(
            [
                SentReminder(
                    kind=c.kind,
                    occurrence=c.occurrence,
                    recipient_id=c.recipient_id,
                    community_id=c.community_id,
                    payload=c.payload,
                    next_attempt_at=c.due_at or now,
                    status=SentStatus.TOO_LATE if c.too_late else SentStatus.PENDING,
                    last_error=c.too_late,
                )
                for c in candidates
            ],
            ignore_conflicts=True,
        )
        after = SentReminder.objects.filter(
            Q(kind__in={c.kind for c in candidates}) & Q(occurrence__in={c.occurrence for c in candidates})
        ).count()
    return after - before


def pending_ids(now: dt.datetime, *, limit: int = 1000) -> list[int]:
    """Reminders to (re)queue and marks them queued; the outbox's rule (``outbox.delivery.pending``)."""
    return [pk for pk, _at in outbox_delivery.pending(SentReminder, now, limit=limit)]


def expire_stale_claims(now: dt.datetime) -> int:
    """Settle claims of stopped workers (the outbox's rule); returns how many were marked unknown."""
    return outbox_delivery.expire_stale_claims(SentReminder, now)["unknown"]


def scan(now: dt.datetime | None = None) -> dict:
    """Record every due reminder (catching up since the last successful scan); returns counts per kind."""
    now = now or timezone.now()
    since = heartbeats.last_success(SCAN_HEARTBEAT)
    if since is not None and since > now:
        since = None  # a clock that went back (or a test's pinned time): look one interval back
    counts = {}
    failed = []
    for collector in COLLECTORS:
        try:
            candidates = collector(now, since) if collector is standup_candidates else collector(now)
        except Exception:
            # One broken collector must not stop the others.
            logger.exception("Reminder collector %s failed", collector.__name__)
            failed.append(collector.__name__)
            continue
        counts[collector.__name__] = record(candidates, now)
        late = sum(1 for c in candidates if c.too_late)
        if late:
            reason = next(c.too_late for c in candidates if c.too_late)
            logger.error("%s stand-up reminder(s) recorded too late: %s", late, reason)
    counts["stale"] = expire_stale_claims(now)
    if failed:
        # Not a success: /healthz/ turns late if it keeps failing, and the next scan catches up from
        # the last complete one (what this scan missed is sent, or recorded too late, not dropped).
        logger.error(
            "Reminder scan at %s incomplete (%s failed): not recorded as a success",
            now.isoformat(),
            ", ".join(failed),
        )
        counts["failed"] = failed
        return counts
    heartbeats.beat_success(
        SCAN_HEARTBEAT, now=now, interval_seconds=settings.REMINDER_SCAN_SECONDS, result=counts
    )
    return counts
