"""The signed-in home: my communities and what waits for me, in a fixed number of queries.

Every list is read for all of the person's communities at once (``community__in``),
so the page costs the same with one community or twenty.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
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
from instruments.models import Bookmark
from scans.models import Response, Round

# How far ahead the next stand-up is looked for (a schedule fills the gap beyond it).
STANDUP_HORIZON_DAYS = 60
BOOKMARKS_SHOWN = 8


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


def _next_weekday(today: datetime.date, weekday: int) -> datetime.date:
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7)


def personal_home(user, *, today: datetime.date | None = None) -> PersonalHome:
    today = today or timezone.localdate()
    now = timezone.now()
    memberships = list(
        Membership.objects.filter(user=user, community__is_hidden=False)
        .select_related("community", "community__standup_schedule")
        .order_by("community__name")
    )
    panels = {
        m.community_id: CommunityPanel(
            community=m.community, is_facilitator=m.role == MembershipRole.FACILITATOR
        )
        for m in memberships
    }
    ids = list(panels)
    if ids:
        for standup in Standup.objects.filter(
            community_id__in=ids,
            date__gte=today,
            date__lte=today + datetime.timedelta(days=STANDUP_HORIZON_DAYS),
        ).order_by("date"):
            panel = panels[standup.community_id]
            if panel.next_standup is None:
                panel.next_standup = standup.date
        for panel in panels.values():
            schedule = getattr(panel.community, "standup_schedule", None)
            if schedule is not None:
                from_schedule = _next_weekday(today, schedule.weekday)
                if panel.next_standup is None or from_schedule < panel.next_standup:
                    panel.next_standup = from_schedule
                if panel.next_standup == from_schedule or panel.next_standup.weekday() == schedule.weekday:
                    panel.next_standup_time = schedule.time
        for sprint in Sprint.objects.filter(community_id__in=ids, starts_on__lte=today, ends_on__gte=today):
            panels[sprint.community_id].running_sprint = sprint
        answered = Response.objects.filter(round=OuterRef("pk"), member=user)
        rounds = (
            Round.objects.filter(community_id__in=ids, closed_at__isnull=True)
            .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
            .select_related("scan")
            .annotate(answered=Exists(answered))
            .order_by("opened_at")
        )
        for round_ in rounds:
            panels[round_.community_id].open_rounds.append(round_)
        mine = StandupAnswer.objects.filter(standup=OuterRef("pk"), member=user)
        for standup in (
            Standup.objects.filter(community_id__in=ids, status=StandupStatus.OPEN, date__lte=today)
            .exclude(Exists(mine))
            .order_by("-date")
        ):
            panels[standup.community_id].unanswered_standups.append(standup)
        facilitated = [pk for pk, panel in panels.items() if panel.is_facilitator]
        if facilitated:
            for request in JoinRequest.objects.filter(
                community_id__in=facilitated, status=JoinRequestStatus.PENDING
            ).only("community_id"):
                panels[request.community_id].pending_join_requests += 1
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
        .order_by("-created_at")[:BOOKMARKS_SHOWN]
    )
    route_bookmarks = list(
        RouteBookmark.objects.filter(user=user, route__is_published=True)
        .select_related("route")
        .order_by("-created_at")[:BOOKMARKS_SHOWN]
    )
    panel_list = list(panels.values())
    return PersonalHome(
        communities=panel_list,
        join_requests=join_requests,
        moderation=moderation,
        bookmarks=bookmarks,
        route_bookmarks=route_bookmarks,
        unanswered_total=sum(len(p.unanswered_standups) for p in panel_list),
        open_round_total=sum(1 for p in panel_list for r in p.open_rounds if not r.answered),
    )
