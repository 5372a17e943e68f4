from dataclasses import dataclass

import pytest

from accounts.roles import Role
from communities.models import Community, Membership, MembershipRole, Visibility
from scans import services
from scans.models import CommunityCanvas, Round, Scan
from tests.factories import UserFactory

from .factories import CommunityFactory, answer_all, make_canvas, make_scan


@dataclass
class World:
    """A community with an open and a closed round, a canvas sheet, and a user per role."""

    community: Community
    users: dict
    scan: Scan
    open_round: Round
    closed_round: Round
    sheet: CommunityCanvas


def build_world(visibility: str) -> World:
    facilitator = UserFactory(role=Role.FACILITATOR, email="fac@example.org", name="Fien Facilitator")
    member = UserFactory(email="member@example.org", name="Mo Member")
    users = {
        "anonymous": None,
        "outsider": UserFactory(email="outsider@example.org", name="Otto Outsider"),
        "member": member,
        "facilitator": facilitator,
        "coordinator": UserFactory(role=Role.NETWORK_COORDINATOR, email="coord@example.org"),
        "admin": UserFactory(is_staff=True, is_superuser=True, email="admin@example.org"),
    }
    community = CommunityFactory(name="Geheime Kring Zwolle", visibility=visibility, facilitator=facilitator)
    others = [UserFactory() for _ in range(2)]
    for user in [member, *others]:
        Membership.objects.create(community=community, user=user, role=MembershipRole.MEMBER)
    scan = make_scan(slug="actie", dimensions=3, open_question=True)
    closed = services.round_open(actor=facilitator, community=community, scan=scan)
    answer_all(closed, [member, *others], text="Vertrouwelijk antwoord")
    services.round_close(actor=facilitator, round=closed)
    second_scan = make_scan(slug="tweede", dimensions=2)
    open_round = services.round_open(actor=facilitator, community=community, scan=second_scan)
    canvas = make_canvas()
    sheet = services.canvas_start(actor=member, community=community, canvas=canvas, title="Geheel")
    services.canvas_save(actor=member, sheet=sheet, texts={"a": "Eerste tekst"})
    return World(community, users, scan, open_round, closed, sheet)


@pytest.fixture
def public_world(db):
    return build_world(Visibility.PUBLIC)


@pytest.fixture
def private_world(db):
    return build_world(Visibility.MEMBERS_ONLY)


@pytest.fixture(autouse=True)
def english(client, settings):
    """Assert on the English msgids, so the tests hold once the Dutch translation lands."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture(autouse=True)
def _english(english_copy):
    """These tests read the English copy (see english_copy in tests/conftest.py)."""
