"""Reads for reminders: digest contents, digest recipients, calendar data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import translation

from communities.models import Membership, MembershipRole, Sprint, Standup, StandupAnswer, StandupSchedule
from instruments.models import Bookmark, Experience, Instrument, Review
from moderation.selectors import queue_counts
from notifications import selectors as notification_selectors

from . import timing
from .models import CalendarFeed

DIGEST_ITEMS = 15


@dataclass
class Digest:
    experiences: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    blockers: list = field(default_factory=list)
    submitted_instruments: int = 0
    open_reports: int = 0
    # Notifications the user chose to get in the digest (notifications.selectors.Item).
    notifications: list = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.experiences
            or self.reviews
            or self.blockers
            or self.submitted_instruments
            or self.open_reports
            or self.notifications
        )


def _followed(user) -> Q:
    """Instruments the user bookmarked or owns."""
    return Q(instrument__bookmarks__user=user) | Q(instrument__owners=user)


def coordinator_ids() -> set[int]:
    """Users who moderate: superusers and holders of the moderate permission (group or direct)."""
    perm = Q(codename="moderate_instrument", content_type__app_label="instruments")
    group_perm = Q(**{f"groups__permissions__{k}": v for k, v in perm.children})
    user_perm = Q(**{f"user_permissions__{k}": v for k, v in perm.children})
    return set(
        get_user_model()
        .objects.filter(Q(is_superuser=True) | group_perm | user_perm, is_active=True)
        .values_list("pk", flat=True)
    )


def moderation_queue() -> tuple[int, int]:
    """(instruments and proposed changes awaiting a decision, reported items awaiting one)."""
    counts = queue_counts()
    return counts["submitted"] + counts["revisions"], counts["reports"]


def digest_for(user, since: dt.datetime, until: dt.datetime) -> Digest:
    """What one user's digest says about [since, until): a bounded number of queries."""
    digest = Digest()
    window = Q(created_at__gte=since, created_at__lt=until)
    digest.experiences = list(
        Experience.objects.filter(window, _followed(user), is_hidden=False, instrument__is_hidden=False)
        .exclude(author=user)
        .select_related("instrument", "author")
        .distinct()
        .order_by("-created_at")[:DIGEST_ITEMS]
    )
    digest.reviews = list(
        Review.objects.filter(window, _followed(user), is_hidden=False, instrument__is_hidden=False)
        .exclude(author=user)
        .select_related("instrument", "author")
        .distinct()
        .order_by("-created_at")[:DIGEST_ITEMS]
    )
    facilitated = Membership.objects.filter(user=user, role=MembershipRole.FACILITATOR).values("community_id")
    digest.blockers = list(
        StandupAnswer.objects.filter(window, standup__community_id__in=facilitated)
        .exclude(blockers="")
        .select_related("standup__community", "member")
        .order_by("-created_at")[:DIGEST_ITEMS]
    )
    if user.pk in coordinator_ids():
        digest.submitted_instruments, digest.open_reports = moderation_queue()
    # Rendered now, in the reader's language, leaving out what they can no longer see.
    with translation.override(user.language):
        digest.notifications = notification_selectors.digest_items(user, since, until, limit=DIGEST_ITEMS * 2)
    return digest


def digest_recipient_ids(since: dt.datetime, until: dt.datetime) -> set[int]:
    """Users whose digest for [since, until) would not be empty (superset; delivery rechecks)."""
    window = Q(created_at__gte=since, created_at__lt=until)
    instrument_ids = set(Experience.objects.filter(window).values_list("instrument_id", flat=True))
    instrument_ids |= set(Review.objects.filter(window).values_list("instrument_id", flat=True))
    users = set(Bookmark.objects.filter(instrument_id__in=instrument_ids).values_list("user_id", flat=True))
    users |= set(
        Instrument.owners.through.objects.filter(instrument_id__in=instrument_ids).values_list(
            "user_id", flat=True
        )
    )
    blocked = StandupAnswer.objects.filter(window).exclude(blockers="").values("standup__community_id")
    users |= set(
        Membership.objects.filter(community_id__in=blocked, role=MembershipRole.FACILITATOR).values_list(
            "user_id", flat=True
        )
    )
    submitted, reports = moderation_queue()
    if submitted or reports:
        users |= coordinator_ids()
    users |= notification_selectors.digest_recipient_ids(since, until)
    return users


# -- calendar ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StandupEvent:
    date: dt.date
    starts_at: dt.datetime | None  # None: no schedule, an all-day entry
    standup_id: int | None
    place: str
    online_url: str


@dataclass
class CalendarData:
    standups: list[StandupEvent]
    sprints: list[Sprint]


def calendar_data(community, today: dt.date, *, weeks: int, include_online_url: bool) -> CalendarData:
    """Recorded stand-ups of the last half year plus the scheduled ones ahead, and every sprint."""
    schedule = StandupSchedule.objects.filter(community=community).first()
    recorded = {
        s.date: s
        for s in Standup.objects.filter(community=community, date__gte=today - dt.timedelta(days=183)).only(
            "pk", "date"
        )
    }
    dates = set(recorded)
    if schedule is not None:
        dates |= set(timing.standup_dates(schedule, today, today + dt.timedelta(weeks=weeks)))
    events = []
    for day in sorted(dates):
        standup = recorded.get(day)
        events.append(
            StandupEvent(
                date=day,
                starts_at=timing.local_datetime(day, schedule.time) if schedule else None,
                standup_id=standup.pk if standup else None,
                place=schedule.place if schedule else "",
                online_url=schedule.online_url if schedule and include_online_url else "",
            )
        )
    sprints = list(Sprint.objects.filter(community=community).order_by("number"))
    return CalendarData(events, sprints)


# -- calendar links ----------------------------------------------------------------------


def calendar_feeds_of(user):
    """The user's calendar links, for the profile (one query with their communities)."""
    return (
        CalendarFeed.objects.filter(user=user).select_related("community").order_by("community__name", "pk")
    )


def calendar_feed_by_token(token: str) -> CalendarFeed | None:
    """The link a token stands for, with its person and community, or None (unknown, revoked, inactive)."""
    if not token or len(token) > 64:
        return None
    return (
        CalendarFeed.objects.select_related("user", "community")
        .filter(token=token, user__is_active=True)
        .first()
    )
