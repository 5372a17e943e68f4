"""Reads of challenges and development steps, already limited to what the user may see.

Members-only communities never appear by name here unless the user may see
them (``communities_visible_to``); the rest are counted, and a count below
``MIN_COUNT_SHOWN`` is shown as "some" so a single community cannot be singled
out. Development steps are public by construction: only steps of public,
not hidden communities are ever read for a page.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.roles import is_coordinator
from communities.models import Community, CommunityInstrumentUse, Visibility
from communities.selectors import communities_visible_to
from instruments.models import InstrumentStatus
from valuecreation.models import EntryVisibility, ValueEntry

from .models import Challenge, ChallengeStatus, ChallengeTheme, CommunityChallenge, DevelopmentStep

# Fewer members-only communities than this are shown as "some", never as a number.
MIN_COUNT_SHOWN = 3
STEPS_ON_CHALLENGE_PAGE = 12
INSTRUMENTS_ON_CHALLENGE_PAGE = 8
USES_PER_INSTRUMENT = 3
STORIES_ON_CHALLENGE_PAGE = 6
STEPS_ON_COMMUNITY_PAGE = 5


def challenges_visible_to(user) -> QuerySet[Challenge]:
    """Active and archived challenges; proposals only to their proposer; everything to coordinators."""
    if is_coordinator(user):
        return Challenge.objects.all()
    listed = Q(status__in=[ChallengeStatus.ACTIVE, ChallengeStatus.ARCHIVED])
    if user.is_authenticated:
        listed |= Q(status=ChallengeStatus.PROPOSED, created_by=user)
    return Challenge.objects.filter(listed, is_hidden=False)


def challenge_for_view(user, slug: str) -> Challenge:
    return get_object_or_404(challenges_visible_to(user).prefetch_related("themes", "sectors"), slug=slug)


def _public_links() -> Q:
    """Link rows whose community anyone may see."""
    return Q(
        community_links__community__visibility=Visibility.PUBLIC, community_links__community__is_hidden=False
    )


def challenge_list(
    user, *, theme: str | None = None, status: str = ChallengeStatus.ACTIVE
) -> QuerySet[Challenge]:
    """Challenges of one status for the list page, with the number of public communities on each."""
    queryset = challenges_visible_to(user).filter(status=status)
    if theme:
        queryset = queryset.filter(
            Exists(ChallengeTheme.objects.filter(challenge=OuterRef("pk"), theme=theme))
        )
    return (
        queryset.annotate(
            public_community_count=Count("community_links", filter=_public_links(), distinct=True)
        )
        .prefetch_related("themes")
        .order_by("title")
    )


def pending_proposals() -> QuerySet[Challenge]:
    """Proposals waiting for a coordinator, oldest first."""
    return (
        Challenge.objects.filter(status=ChallengeStatus.PROPOSED, is_hidden=False)
        .select_related("created_by")
        .order_by("created_at", "id")
    )


def own_proposals(user) -> QuerySet[Challenge]:
    if not user.is_authenticated:
        return Challenge.objects.none()
    return Challenge.objects.filter(status=ChallengeStatus.PROPOSED, created_by=user).order_by("-created_at")


def count_label(count: int) -> int | None:
    """The number to show for members-only communities: None means "some" (or nothing when 0)."""
    return count if count >= MIN_COUNT_SHOWN else None


@dataclass
class InstrumentExperience:
    instrument: object
    uses: list = field(default_factory=list)


@dataclass
class ChallengePage:
    communities: list = field(default_factory=list)
    municipality_count: int = 0
    unnamed_count: int = 0
    steps: list = field(default_factory=list)
    instruments: list = field(default_factory=list)
    stories: list = field(default_factory=list)

    @property
    def unnamed_shown(self) -> int | None:
        return count_label(self.unnamed_count)


def challenge_page(user, challenge: Challenge) -> ChallengePage:
    """Everything the challenge page shows, in a fixed number of queries whatever the number of communities.

    Communities the user may see are named (with municipality and phase);
    the others (members-only) only add to ``unnamed_count``. Steps, instrument
    experiences and value stories come from public communities only.
    """
    linked_ids = set(
        CommunityChallenge.objects.filter(challenge=challenge, community__is_hidden=False).values_list(
            "community_id", flat=True
        )
    )
    page = ChallengePage()
    if not linked_ids:
        return page
    named = list(
        communities_visible_to(user).filter(pk__in=linked_ids).select_related("municipality").order_by("name")
    )
    page.communities = named
    page.unnamed_count = len(linked_ids) - len(named)
    page.municipality_count = len({c.municipality_id for c in named if c.municipality_id})
    public_ids = [c.pk for c in named if c.visibility == Visibility.PUBLIC]
    if not public_ids:
        return page
    page.steps = list(
        public_steps()
        .filter(community_id__in=public_ids)
        .select_related("community__municipality", "instrument")[:STEPS_ON_CHALLENGE_PAGE]
    )
    page.instruments = _instrument_experiences(public_ids)
    page.stories = list(
        ValueEntry.objects.filter(
            community_id__in=public_ids, visibility=EntryVisibility.PUBLIC, is_hidden=False
        )
        .select_related("community")
        .order_by("-date", "-id")[:STORIES_ON_CHALLENGE_PAGE]
    )
    return page


def _instrument_experiences(community_ids: list[int]) -> list[InstrumentExperience]:
    """Instruments these communities recorded, most used first, each with a few notes on how it went."""
    ranked = list(
        CommunityInstrumentUse.objects.filter(
            community_id__in=community_ids,
            instrument__status=InstrumentStatus.PUBLISHED,
            instrument__is_hidden=False,
        )
        .values("instrument_id")
        .annotate(n=Count("community", distinct=True))
        .order_by("-n", "instrument_id")[:INSTRUMENTS_ON_CHALLENGE_PAGE]
    )
    if not ranked:
        return []
    order = [row["instrument_id"] for row in ranked]
    uses = defaultdict(list)
    for use in (
        CommunityInstrumentUse.objects.filter(community_id__in=community_ids, instrument_id__in=order)
        .select_related("instrument", "community")
        .order_by("-used_on", "-id")
    ):
        uses[use.instrument_id].append(use)
    result = []
    for instrument_id in order:
        rows = uses[instrument_id]
        with_note = [u for u in rows if u.note.strip()] or rows
        result.append(InstrumentExperience(rows[0].instrument, with_note[:USES_PER_INSTRUMENT]))
    return result


# -- development steps --------------------------------------------------------------------


def public_steps() -> QuerySet[DevelopmentStep]:
    """Steps anyone may read: not hidden, of a public community that is not hidden."""
    return DevelopmentStep.objects.filter(
        is_hidden=False, community__visibility=Visibility.PUBLIC, community__is_hidden=False
    )


def steps_visible_to(user) -> QuerySet[DevelopmentStep]:
    """Public steps; coordinators also see hidden ones (to moderate them)."""
    if is_coordinator(user):
        return DevelopmentStep.objects.all()
    return public_steps()


def step_for_view(user, community: Community, pk: int) -> DevelopmentStep:
    queryset = steps_visible_to(user).filter(community=community).select_related("instrument", "author")
    return get_object_or_404(queryset, pk=pk)


def community_steps(community: Community, limit: int = STEPS_ON_COMMUNITY_PAGE) -> list[DevelopmentStep]:
    """The latest public steps of one community (none when it is members-only)."""
    if community.visibility != Visibility.PUBLIC or community.is_hidden:
        return []
    return list(public_steps().filter(community=community).select_related("instrument")[:limit])


def community_challenges(user, community: Community) -> list[Challenge]:
    """The challenges a community works on that ``user`` may see."""
    return list(
        challenges_visible_to(user)
        .filter(community_links__community=community)
        .exclude(status=ChallengeStatus.PROPOSED)
        .order_by("title")
    )


def linkable_challenges() -> QuerySet[Challenge]:
    """What a facilitator may link a community to: active challenges."""
    return Challenge.objects.filter(status=ChallengeStatus.ACTIVE, is_hidden=False).order_by("title")


def challenge_ids_of(community: Community) -> set[int]:
    return set(
        CommunityChallenge.objects.filter(
            community=community, challenge__is_hidden=False, challenge__status=ChallengeStatus.ACTIVE
        ).values_list("challenge_id", flat=True)
    )


def communities_sharing_a_challenge(community: Community) -> QuerySet[CommunityChallenge]:
    """Links of other communities to the active challenges of ``community`` (for comparable communities)."""
    return CommunityChallenge.objects.filter(
        challenge__in=CommunityChallenge.objects.filter(community=community).values("challenge"),
        challenge__is_hidden=False,
        challenge__status=ChallengeStatus.ACTIVE,
    ).exclude(community=community)


def challenge_titles_by_community(community_ids) -> dict[int, list[str]]:
    """Active challenge titles per community, one query."""
    result = defaultdict(list)
    for community_id, title in (
        CommunityChallenge.objects.filter(
            community_id__in=list(community_ids),
            challenge__is_hidden=False,
            challenge__status=ChallengeStatus.ACTIVE,
        )
        .order_by("challenge__title")
        .values_list("community_id", "challenge__title")
    ):
        result[community_id].append(title)
    return result
