"""Reads for the open API: the public catalogue with what its representation needs prefetched.

Everything starts from ``instruments.selectors.published_instruments`` and
``public_experiences``, the anonymous visitor's view, whoever calls: the API
has no notion of a logged-in user.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet

from communities.models import Community, Visibility
from exchange import selectors as exchange_selectors
from exchange.models import Challenge, ChallengeStatus, DevelopmentStep
from instruments.models import Experience, Instrument
from instruments.selectors import public_experiences, published_instruments

EXPERIENCE_ORDER = ("-created_at", "-id")
# How many experiences an instrument's detail answer embeds; the rest are a link away.
DETAIL_EXPERIENCES = 20


def with_api_data(queryset: QuerySet[Instrument]) -> QuerySet[Instrument]:
    """Prefetch what ``representations.instrument_data`` reads: a fixed number of queries per page."""
    return queryset.prefetch_related("classifications", "tags", "links")


def public_instrument(slug: str) -> Instrument | None:
    return with_api_data(published_instruments()).filter(slug=slug).first()


def experiences_of(instrument: Instrument) -> QuerySet[Experience]:
    return public_experiences().filter(instrument=instrument).order_by(*EXPERIENCE_ORDER)


def export_instruments(*, with_experiences: bool) -> QuerySet[Instrument]:
    """The whole public catalogue in a stable order, with its public experiences if asked."""
    queryset = with_api_data(published_instruments()).order_by("slug")
    if with_experiences:
        experiences = public_experiences().order_by(*EXPERIENCE_ORDER)
        queryset = queryset.prefetch_related(Prefetch("experiences", queryset=experiences))
    return queryset


def export_experiences() -> QuerySet[Experience]:
    return (
        public_experiences()
        .select_related("instrument")
        .only(
            "id",
            "theme",
            "sector",
            "level",
            "phase",
            "what_worked",
            "what_did_not_work",
            "tips",
            "would_use_again",
            "created_at",
            "instrument__slug",
            "instrument__title",
        )
        .order_by("instrument__slug", "created_at", "id")
    )


# -- challenges and development steps (exchange) ------------------------------------------

# How many steps a challenge's detail answer embeds; the rest are a link away.
DETAIL_STEPS = 20


def public_challenges() -> QuerySet[Challenge]:
    """Active and archived challenges as a visitor sees them, with their number of public communities."""
    return (
        exchange_selectors.challenges_visible_to(AnonymousUser())
        .exclude(status=ChallengeStatus.PROPOSED)
        .annotate(
            public_community_count=Count(
                "community_links",
                filter=Q(
                    community_links__community__visibility=Visibility.PUBLIC,
                    community_links__community__is_hidden=False,
                ),
                distinct=True,
            )
        )
        .prefetch_related("themes", "sectors")
        .order_by("slug")
    )


def public_challenge(slug: str) -> Challenge | None:
    return public_challenges().filter(slug=slug).first()


def public_communities_of(challenge: Challenge) -> QuerySet[Community]:
    """Only public communities: the API never counts or names a members-only one."""
    return (
        Community.objects.filter(
            challenge_links__challenge=challenge, visibility=Visibility.PUBLIC, is_hidden=False
        )
        .select_related("municipality")
        .order_by("slug")
    )


def public_steps_of(challenge: Challenge) -> QuerySet[DevelopmentStep]:
    return (
        exchange_selectors.public_steps()
        .filter(community__challenge_links__challenge=challenge)
        .select_related("community", "instrument")
        .order_by("-published_at", "-id")
    )
