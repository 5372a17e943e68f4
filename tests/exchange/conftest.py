from dataclasses import dataclass

import pytest

from accounts.roles import Role
from communities.models import Community, Membership, MembershipRole, Visibility
from exchange import services
from exchange.models import Challenge, ChallengeStatus, DevelopmentStep, StepKind
from places.models import Municipality
from tests.communities.factories import CommunityFactory
from tests.factories import UserFactory

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator", "admin"]


@dataclass
class World:
    community: Community
    users: dict
    challenge: Challenge
    own_proposal: Challenge
    others_proposal: Challenge
    step: DevelopmentStep


def municipality(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


def make_challenge(title="Aardgasvrije wijken", *, status=ChallengeStatus.ACTIVE, created_by=None, **kwargs):
    challenge = Challenge(
        title=title,
        slug=title.lower().replace(" ", "-"),
        description=kwargs.pop("description", "Wijken van het aardgas af, samen met bewoners."),
        status=status,
        created_by=created_by,
        **kwargs,
    )
    challenge.save()
    return challenge


def link(community, challenge):
    from exchange.models import CommunityChallenge

    return CommunityChallenge.objects.create(community=community, challenge=challenge)


def make_step(community, *, title="Warmtescan in de straat", author=None, **kwargs):
    """A step written straight to the table (also for communities that later became members-only)."""
    return DevelopmentStep.objects.create(
        community=community,
        author=author,
        kind=kwargs.pop("kind", StepKind.LESSON),
        title=title,
        what_we_did=kwargs.pop("what_we_did", "We liepen met bewoners door de straat."),
        what_we_did_html="<p>We liepen met bewoners door de straat.</p>",
        what_we_learned="Begin klein.",
        what_we_learned_html="<p>Begin klein.</p>",
        **kwargs,
    )


def build_world(visibility: str) -> World:
    facilitator = UserFactory(role=Role.FACILITATOR, email="fac@example.org", name="Fien Facilitator")
    member = UserFactory(email="member@example.org", name="Mo Member")
    outsider = UserFactory(email="outsider@example.org", name="Otto Outsider")
    users = {
        "anonymous": None,
        "outsider": outsider,
        "member": member,
        "facilitator": facilitator,
        "coordinator": UserFactory(role=Role.NETWORK_COORDINATOR, email="coord@example.org"),
        "admin": UserFactory(is_staff=True, is_superuser=True, email="admin@example.org"),
    }
    community = CommunityFactory(
        name="Warm Zuid Geheim" if visibility == Visibility.MEMBERS_ONLY else "Warm Zuid",
        visibility=Visibility.PUBLIC,
        facilitator=facilitator,
        themes=["energy"],
        province="north_holland",
        municipality=municipality("GM0363"),
    )
    Membership.objects.create(community=community, user=member, role=MembershipRole.MEMBER)
    challenge = make_challenge()
    link(community, challenge)
    co_facilitator = UserFactory(role=Role.FACILITATOR)
    Membership.objects.create(community=community, user=co_facilitator, role=MembershipRole.FACILITATOR)
    step = make_step(community, author=co_facilitator)
    if visibility == Visibility.MEMBERS_ONLY:
        # Published while public, then closed: the step must not show anywhere any more.
        Community.objects.filter(pk=community.pk).update(visibility=visibility)
        community.refresh_from_db()
    own = services.challenge_propose(actor=outsider, title="Eigen voorstel", description="Van Otto.")
    others = services.challenge_propose(
        actor=UserFactory(), title="Voorstel van een ander", description="Van iemand anders."
    )
    return World(community, users, challenge, own, others, step)


@pytest.fixture
def _public_world_once(shared_rows):
    # The same key as test_permissions.py's public community world: one build serves both.
    return shared_rows.get(("exchange", Visibility.PUBLIC), lambda: build_world(Visibility.PUBLIC))


@pytest.fixture
def public_world(_public_world_once, db):
    """Built once per module and shared, each test in a savepoint (tests/shared.py)."""
    return _public_world_once


@pytest.fixture
def private_world(db):
    return build_world(Visibility.MEMBERS_ONLY)
