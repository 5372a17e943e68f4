import datetime as dt
from dataclasses import dataclass

import pytest

from accounts.roles import Role
from communities.models import Community, Membership, MembershipRole, StandupSchedule, Visibility
from tests.communities.factories import CommunityFactory, ScheduleFactory
from tests.factories import UserFactory


@dataclass
class Team:
    community: Community
    facilitator: object
    members: list
    schedule: StandupSchedule

    @property
    def everyone(self):
        return [self.facilitator, *self.members]


def make_team(
    *, visibility=Visibility.PUBLIC, weekday=0, time=dt.time(9, 0), lead=None, languages=("nl", "en")
):
    facilitator = UserFactory(role=Role.FACILITATOR, name="Fien Facilitator", language="nl")
    community = CommunityFactory(name="Warmte Salland", visibility=visibility, facilitator=facilitator)
    members = []
    for index, language in enumerate(languages):
        user = UserFactory(name=f"Lid {index}", language=language)
        Membership.objects.create(community=community, user=user, role=MembershipRole.MEMBER)
        members.append(user)
    schedule = ScheduleFactory(
        community=community, weekday=weekday, time=time, place="Bouwkeet", reminder_lead_minutes=lead
    )
    return Team(community, facilitator, members, schedule)


@pytest.fixture
def team(db):
    return make_team()


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def reset_broker_connections() -> None:
    """Forget pooled broker connections, so a changed CELERY_BROKER_URL takes effect."""
    from lcplatform.celery import app

    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture(autouse=True)
def _english(english_copy):
    """These tests read the English copy (see english_copy in tests/conftest.py)."""
