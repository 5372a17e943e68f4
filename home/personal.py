"""The signed-in home: my communities and what waits for me, in a fixed number of queries.

Every list is read for all of the person's communities at once (``community__in``),
so the page costs the same with one community or twenty.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.roles import is_coordinator
from communities.models import (
    Community,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    MembershipRole,
    Sprint,
    Standup,
    StandupAnswer,
    StandupStatus,
)
from discovery.models import RouteBookmark
from exchange import selectors as exchange_selectors
from exchange.models import Challenge, Thread
from instruments.models import Bookmark
from notifications import selectors as notification_selectors
from scans.models import Response, Round

# How far ahead the next stand-up is looked for (a schedule fills the gap beyond it).
STANDUP_HORIZON_DAYS = 60
BOOKMARKS_SHOWN = 8
QUESTIONS_SHOWN = 5
FOLLOWS_SHOWN = 8


@dataclass
class CommunityPanel:
    community: Community
    is_facilitator: bool
    next_standup: datetime.date | None = None
    next_standup_time: datetime.time | None = None
    running_sprint: Sprint | None = None
    open_rounds: list = field(default_factory=list)
    unanswered_standups: list = field(default_factory=list)
    pending_join_requests: int = 0


@dataclass
class PersonalHome:
    communities: list[CommunityPanel]
    join_requests: list  # (community, count) where I facilitate
    moderation: dict | None  # queue counts for coordinators
    bookmarks: list
    route_bookmarks: list
    unanswered_total: int = 0
    open_round_total: int = 0
    open_questions: list = field(default_factory=list)  # unanswered questions on my instruments
    open_question_total: int = 0
    followed_threads: list = field(default_factory=list)
    followed_challenges: list = field(default_factory=list)


def _next_weekday(today: datetime.date, weekday: int) -> datetime.date:
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7)


def _open_questions(user) -> tuple[list, int]:
    """The latest unanswered questions on my instruments and how many there are.

    The COUNT is only read when the list is full: fewer rows than the limit are all of them.
    """
    questions = exchange_selectors.open_questions_for_owner(user)
    shown = list(
        questions.select_related(None)
        .select_related("instrument")
        .only("title", "created_at", "instrument__title")[:QUESTIONS_SHOWN]
    )
    total = questions.count() if len(shown) == QUESTIONS_SHOWN else len(shown)
    return shown, total


def _followed_threads(user) -> list:
    """Threads I follow that I may still read, latest activity first, marked when the bell has news.

    One query: the follows are a subquery and visibility is exchange's own rule, so a thread
    of a members-only community I left is simply not there.
    """
    unread = notification_selectors.unread_about(user, Thread).filter(object_id=OuterRef("pk"))
    return list(
        exchange_selectors.threads_visible_to(user)
        .filter(pk__in=notification_selectors.followed_ids(user, Thread))
        .select_related("challenge", "instrument", "community")
        .only(
            "title",
            "reply_count",
            "last_activity_at",
            "challenge__title",
            "instrument__title",
            "community__name",
        )
        .annotate(has_unread=Exists(unread))
        .order_by("-last_activity_at", "-id")[:FOLLOWS_SHOWN]
    )


def _followed_challenges(user) -> list:
    """Challenges I follow that I may still see, with the latest activity in their threads, in one query."""
    followed = exchange_selectors.challenges_visible_to(user).filter(
        pk__in=notification_selectors.followed_ids(user, Challenge)
    )
    return list(
        exchange_selectors.with_latest_activity(followed.only("title", "slug")).order_by(
            "-last_activity_at", "-id"
        )[:FOLLOWS_SHOWN]
    )


def personal_home(user, *, today: datetime.date | None = None) -> PersonalHome:
    today = today or timezone.localdate()
    now = timezone.now()
    # The waiting join requests are counted in the same query, for the communities I facilitate only.
    pending = (
        JoinRequest.objects.filter(community=OuterRef("community_id"), status=JoinRequestStatus.PENDING)
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    memberships = list(
        Membership.objects.filter(user=user, community__is_hidden=False)
        .select_related("community", "community__standup_schedule")
        .only(
            "role",
            "community__name",
            "community__slug",
            "community__standup_schedule__weekday",
            "community__standup_schedule__time",
        )
        .annotate(
            pending_join_requests=Case(
                When(role=MembershipRole.FACILITATOR, then=Coalesce(Subquery(pending), 0)),
                default=0,
            )
        )
        .order_by("community__name")
    )
    panels = {
        m.community_id: CommunityPanel(
            community=m.community,
            is_facilitator=m.role == MembershipRole.FACILITATOR,
            pending_join_requests=m.pending_join_requests,
        )
        for m in memberships
    }
    ids = list(panels)
    if ids:
        # One read for both uses of the stand-ups: the next one coming, and the open ones I have not answered.
        mine = StandupAnswer.objects.filter(standup=OuterRef("pk"), member=user)
        horizon = today + datetime.timedelta(days=STANDUP_HORIZON_DAYS)
        standups = (
            Standup.objects.filter(community_id__in=ids)
            .filter(
                Q(date__gte=today, date__lte=horizon)
                | (Q(status=StandupStatus.OPEN, date__lte=today) & ~Exists(mine))
            )
            .annotate(answered=Exists(mine))
            .only("community_id", "date", "status")
            .order_by("date")
        )
        for standup in standups:
            panel = panels[standup.community_id]
            if standup.date >= today and panel.next_standup is None:
                panel.next_standup = standup.date
            if standup.status == StandupStatus.OPEN and standup.date <= today and not standup.answered:
                panel.unanswered_standups.insert(0, standup)  # latest first
        for panel in panels.values():
            schedule = getattr(panel.community, "standup_schedule", None)
            if schedule is not None:
                from_schedule = _next_weekday(today, schedule.weekday)
                if panel.next_standup is None or from_schedule < panel.next_standup:
                    panel.next_standup = from_schedule
                if panel.next_standup == from_schedule or panel.next_standup.weekday() == schedule.weekday:
                    panel.next_standup_time = schedule.time
        for sprint in Sprint.objects.filter(
            community_id__in=ids, starts_on__lte=today, ends_on__gte=today
        ).only("community_id", "number", "ends_on"):
            panels[sprint.community_id].running_sprint = sprint
        answered = Response.objects.filter(round=OuterRef("pk"), member=user)
        rounds = (
            Round.objects.filter(community_id__in=ids, closed_at__isnull=True)
            .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
            .select_related("scan")
            .only("community_id", "scan__title_nl", "scan__title_en")
            .annotate(answered=Exists(answered))
            .order_by("opened_at")
        )
        for round_ in rounds:
            panels[round_.community_id].open_rounds.append(round_)
    join_requests = [
        (p.community, p.pending_join_requests) for p in panels.values() if p.pending_join_requests
    ]
    moderation = None
    if is_coordinator(user):
        from moderation.selectors import queue_counts

        moderation = queue_counts()
    bookmarks = list(
        Bookmark.objects.filter(user=user, instrument__status="published")
        .select_related("instrument")
        .only("instrument__title", "instrument__slug")
        .order_by("-created_at")[:BOOKMARKS_SHOWN]
    )
    route_bookmarks = list(
        RouteBookmark.objects.filter(user=user, route__is_published=True)
        .select_related("route")
        .only("route__title", "route__slug")
        .order_by("-created_at")[:BOOKMARKS_SHOWN]
    )
    open_questions, open_question_total = _open_questions(user)
    panel_list = list(panels.values())
    return PersonalHome(
        communities=panel_list,
        join_requests=join_requests,
        moderation=moderation,
        bookmarks=bookmarks,
        route_bookmarks=route_bookmarks,
        unanswered_total=sum(len(p.unanswered_standups) for p in panel_list),
        open_round_total=sum(1 for p in panel_list for r in p.open_rounds if not r.answered),
        open_questions=open_questions,
        open_question_total=open_question_total,
        followed_threads=_followed_threads(user),
        followed_challenges=_followed_challenges(user),
    )
