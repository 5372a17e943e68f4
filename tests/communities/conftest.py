import datetime
from dataclasses import dataclass

import pytest

from accounts.roles import Role
from communities import services
from communities.models import (
    Community,
    Invitation,
    JoinRequest,
    Membership,
    MembershipRole,
    Partnership,
    Sprint,
    Standup,
    Visibility,
)
from tests.factories import UserFactory

from .factories import CommunityFactory, ScheduleFactory, SprintFactory, StandupFactory, next_weekday


@dataclass
class World:
    """One community with every kind of related object, and a user per role."""

    community: Community
    users: dict
    member_membership: Membership
    partnership: Partnership
    join_request: JoinRequest
    sprint: Sprint
    standup: Standup
    invitation: Invitation


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
    community = CommunityFactory(
        name="Gas erop! Total Station", visibility=visibility, facilitator=facilitator, themes=["energy"]
    )
    membership = Membership.objects.create(community=community, user=member, role=MembershipRole.MEMBER)
    partnership = services.partner_add(
        actor=facilitator, community=community, name="Saxion", practice_type="education"
    )
    applicant = UserFactory(email="applicant@example.org")
    join_request = JoinRequest.objects.create(community=community, user=applicant, message="Graag!")
    sprint = SprintFactory(community=community, number=1)
    ScheduleFactory(community=community, weekday=0)
    standup = StandupFactory(community=community, date=next_weekday(0) - datetime.timedelta(days=7))
    invitation = Invitation.objects.create(
        community=community,
        email="invitee@example.org",
        token="tok-" + visibility,
        invited_by=facilitator,
        expires_at=services.timezone.now() + services.INVITATION_VALIDITY,
    )
    return World(community, users, membership, partnership, join_request, sprint, standup, invitation)


@pytest.fixture
def public_world(db):
    return build_world(Visibility.PUBLIC)


@pytest.fixture
def private_world(db):
    return build_world(Visibility.MEMBERS_ONLY)
