"""Reads of communities, already limited to what the user may see.

Every view fetches a community through :func:`communities_visible_to`, so a
members-only community answers 404 to outsiders: its existence does not leak.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from accounts.roles import is_coordinator
from core.privacy import count_or_some
from core.vocabularies import Level, Pillar, PracticeType, Theme
from instruments import panels as instrument_panels
from instruments.models import Instrument, InstrumentStatus
from instruments.selectors import instruments_visible_to
from outbox import selectors as outbox_selectors
from outbox.models import DeliveryStatus

from .mails import INVITATION_KIND, invitation_key
from .models import (
    BuildingBlock,
    Community,
    CommunityInstrumentUse,
    ExperienceLink,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    MembershipRole,
    Partnership,
    Sprint,
    Standup,
    StandupAnswer,
    Visibility,
)


def communities_visible_to(user) -> QuerySet[Community]:
    """Public communities, plus members-only ones the user belongs to; all for coordinators."""
    if is_coordinator(user):
        return Community.objects.all()
    # A community hidden by moderation is gone for everyone else, but never for
    # its own members: hiding takes it off the public pages, not away from the
    # people who work in it.
    if user.is_authenticated:
        is_member = Membership.objects.filter(community=OuterRef("pk"), user=user)
        return Community.objects.filter(
            (Q(visibility=Visibility.PUBLIC) & Q(is_hidden=False)) | Exists(is_member)
        )
    return Community.objects.filter(visibility=Visibility.PUBLIC, is_hidden=False)


def with_card_data(queryset: QuerySet[Community]) -> QuerySet[Community]:
    return (
        queryset.select_related("municipality")
        .prefetch_related("themes", "sectors")
        .annotate(
            member_count=Count("memberships", distinct=True),
            partner_count=Count("partnerships", distinct=True),
        )
    )


def community_for_view(user, slug: str) -> Community:
    return get_object_or_404(communities_visible_to(user), slug=slug)


def community_for_detail(user, slug: str) -> Community:
    queryset = (
        communities_visible_to(user).select_related("municipality").prefetch_related("themes", "sectors")
    )
    return get_object_or_404(queryset, slug=slug)


def membership_of(user, community: Community) -> Membership | None:
    """The user's membership, looked up once per request and cached on the community."""
    if not user.is_authenticated:
        return None
    cache = community.__dict__.setdefault("_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = Membership.objects.filter(community=community, user=user).first()
    return cache[user.pk]


def memberships(community: Community) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(community=community)
        .select_related("user")
        .order_by("role", "user__name", "user__email")
    )


def facilitators(community: Community) -> QuerySet[Membership]:
    return memberships(community).filter(role=MembershipRole.FACILITATOR)


def partnerships(community: Community) -> QuerySet[Partnership]:
    return Partnership.objects.filter(community=community).select_related("organisation")


@dataclass
class HelixSegment:
    code: str
    label: str
    count: int
    x: float = 0.0
    width: float = 0.0


def helix_mix(partners) -> list[HelixSegment]:
    """Partners per practice type, with positions on a 0-100 bar for a server-side SVG."""
    counts = Counter(p.organisation.practice_type for p in partners)
    total = sum(counts.values())
    segments, x = [], 0.0
    for code, label in PracticeType.choices:
        if counts.get(code):
            width = 100 * counts[code] / total
            segments.append(HelixSegment(code=code, label=label, count=counts[code], x=x, width=width))
            x += width
    return segments


@dataclass
class TemplePillar:
    code: str
    label: str
    blocks: list = field(default_factory=list)


@dataclass
class TempleBlockView:
    block: BuildingBlock
    text: str

    @property
    def filled(self) -> bool:
        return bool(self.text.strip())


def temple(community: Community) -> list[TemplePillar]:
    """The four pillars with every building block, filled in or not."""
    texts = dict(community.building_blocks.values_list("block_id", "text"))
    pillars = {code: TemplePillar(code=code, label=label) for code, label in Pillar.choices}
    for block in BuildingBlock.objects.all():
        pillars[block.pillar].blocks.append(TempleBlockView(block=block, text=texts.get(block.pk, "")))
    return list(pillars.values())


def pending_join_requests(community: Community) -> QuerySet[JoinRequest]:
    return JoinRequest.objects.filter(community=community, status=JoinRequestStatus.PENDING).select_related(
        "user"
    )


def has_pending_join_request(user, community: Community) -> bool:
    if not user.is_authenticated:
        return False
    return pending_join_requests(community).filter(user=user).exists()


def pending_invitations(community: Community) -> list[Invitation]:
    """Open invitations, each with ``mail_status`` (the outbox's: queued until the mail is sent)."""
    invitations = [
        i
        for i in Invitation.objects.filter(community=community, accepted_at__isnull=True)
        if not i.is_expired
    ]
    statuses = outbox_selectors.mail_statuses(
        INVITATION_KIND, [invitation_key(invitation) for invitation in invitations]
    )
    for invitation in invitations:
        status = statuses.get(invitation_key(invitation))
        invitation.mail_status = status
        invitation.mail_status_label = DeliveryStatus(status).label if status else ""
    return invitations


def sprints(community: Community) -> QuerySet[Sprint]:
    return Sprint.objects.filter(community=community)


def current_sprint(community: Community, today) -> Sprint | None:
    return sprints(community).filter(starts_on__lte=today, ends_on__gte=today).first()


def standups(community: Community) -> QuerySet[Standup]:
    return Standup.objects.filter(community=community)


def standup_for_view(community: Community, pk: int) -> Standup:
    return get_object_or_404(Standup.objects.filter(community=community).select_related("sprint"), pk=pk)


def standup_answers(standup: Standup) -> QuerySet[StandupAnswer]:
    return standup.answers.select_related("member").order_by("member__name", "member__email")


@dataclass
class TimelineSprint:
    sprint: Sprint | None
    standups: list = field(default_factory=list)


def timeline(community: Community) -> list[TimelineSprint]:
    """Sprints in order, each with its stand-ups and who answered; loose stand-ups last."""
    answers = Prefetch(
        "answers", queryset=StandupAnswer.objects.select_related("member").order_by("member__name")
    )
    all_standups = list(standups(community).order_by("date").prefetch_related(answers, "parked_points"))
    groups = {s.pk: TimelineSprint(sprint=s) for s in sprints(community).order_by("number")}
    loose = TimelineSprint(sprint=None)
    for standup in all_standups:
        groups.get(standup.sprint_id, loose).standups.append(standup)
    result = list(groups.values())
    if loose.standups:
        result.append(loose)
    return result


def instrument_uses(user, community: Community) -> QuerySet[CommunityInstrumentUse]:
    # Only instruments the viewer may see are named, not even as used: one hidden
    # by moderation, or taken back to draft since, stays unnamed on the public page.
    return CommunityInstrumentUse.objects.filter(
        community=community, instrument__in=instruments_visible_to(user)
    ).select_related("instrument", "recorded_by")


def instruments_to_record() -> QuerySet[Instrument]:
    return Instrument.objects.filter(status=InstrumentStatus.PUBLISHED).order_by("title")


@dataclass
class InstrumentUseSummary:
    total: int = 0
    named: list = field(default_factory=list)
    hidden_count: int | None = 0
    # True when 1 or 2 members-only communities used it: the page says "some" (core.privacy).
    hidden_some: bool = False
    by_level: list = field(default_factory=list)
    by_theme: list = field(default_factory=list)


def used_in_communities_fact(viewer):
    """The instrument page's fact (instruments.panels): has any community recorded a use?"""
    return Exists(CommunityInstrumentUse.objects.filter(instrument=OuterRef("pk")))


def instrument_use_summary(user, instrument: Instrument) -> InstrumentUseSummary:
    """In how many communities an instrument was used, as far as ``user`` may know.

    Communities the user can see are named and counted by level and theme.
    Members-only communities the user cannot see add to a bare number only:
    no name, level, theme or date of theirs reaches the page.
    """
    summary = InstrumentUseSummary()
    if instrument_panels.fact(instrument, "used_in_communities") is False:
        return summary
    community_ids = set(
        CommunityInstrumentUse.objects.filter(instrument=instrument).values_list("community_id", flat=True)
    )
    if not community_ids:
        return summary
    visible = list(
        communities_visible_to(user).filter(pk__in=community_ids).prefetch_related("themes").order_by("name")
    )
    summary.named = visible
    hidden = len(community_ids) - len(visible)
    summary.hidden_count = count_or_some(hidden)
    summary.hidden_some = summary.hidden_count is None
    # The total would give the small number away too.
    summary.total = None if summary.hidden_some else len(community_ids)
    levels = Counter(c.level for c in visible)
    summary.by_level = [(label, levels[code]) for code, label in Level.choices if levels.get(code)]
    themes = Counter(code for c in visible for code in c.theme_codes)
    summary.by_theme = [(label, themes[code]) for code, label in Theme.choices if themes.get(code)]
    return summary


def communities_of(user) -> QuerySet[Community]:
    if not user.is_authenticated:
        return Community.objects.none()
    return Community.objects.filter(memberships__user=user).order_by("name")


def communities_to_link(user, current_id: int | None = None) -> list[tuple[int, str | None]]:
    """(id, name) of the communities ``user`` may link an experience to: those they are a member of.

    One query. ``current_id``, the community the experience is linked to, is kept among them even
    when ``user`` has left it since (so an edit does not drop the link), without a name: they may
    no longer see it.
    """
    rows = list(communities_of(user).values_list("pk", "name"))
    if current_id is not None and current_id not in {pk for pk, _name in rows}:
        rows.append((current_id, None))
    return rows


def linked_community_id(experience) -> int | None:
    return ExperienceLink.objects.filter(experience=experience).values_list("community_id", flat=True).first()


def experiences_with_community_labels(queryset, viewer):
    """Experiences with their linked community, and whether ``viewer`` may see it, in the same query.

    ``community_link_visible`` follows :func:`communities_visible_to`: a members-only community is
    named to its members (and coordinators) only, a community hidden by moderation to nobody else.
    """
    visible = communities_visible_to(viewer).filter(pk=OuterRef("community_link__community_id"))
    return queryset.select_related("community_link__community").annotate(
        community_link_visible=Exists(visible)
    )


def experienced_instruments(user, community: Community) -> QuerySet[Instrument]:
    """The instruments the community's members linked an experience to it for, most experiences first.

    Only instruments ``user`` may see, and only experiences not hidden by moderation count.
    """
    # Driven by the community's few links (indexed), not by counting every experience of every
    # instrument: the join over all instruments read the whole experience table on each page view.
    links = ExperienceLink.objects.filter(community=community, experience__is_hidden=False)
    per_instrument = (
        links.filter(experience__instrument=OuterRef("pk"))
        .values("experience__instrument")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        instruments_visible_to(user)
        .filter(pk__in=links.values("experience__instrument"))
        .annotate(linked_experiences=Subquery(per_instrument))
        .order_by("-linked_experiences", "title")
    )
