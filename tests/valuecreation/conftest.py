import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone, translation

from accounts.roles import Role
from communities.models import (
    Community,
    CommunityInstrumentUse,
    Membership,
    MembershipRole,
    Sprint,
    Standup,
    StandupAnswer,
    Visibility,
)
from tests.communities.factories import CommunityFactory, InstrumentUseFactory, SprintFactory, StandupFactory
from tests.factories import InstrumentFactory, UserFactory
from valuecreation.models import Cycle, EntryVisibility, ValueEntry

from .factories import ValueEntryFactory


@pytest.fixture(autouse=True)
def english_pages(monkeypatch):
    """These tests read the English copy; the Dutch catalogue is checked in tests/core/test_i18n.py."""
    from core.middleware import DutchFirstLocaleMiddleware

    monkeypatch.setattr(DutchFirstLocaleMiddleware, "_language_for", lambda self, request: "en")
    with translation.override("en"):
        yield


@dataclass
class ValueWorld:
    community: Community
    users: dict
    sprint: Sprint
    standup: Standup
    answer: StandupAnswer
    use: CommunityInstrumentUse
    entry: ValueEntry  # community-only, by the member
    public_entry: ValueEntry | None  # public, by the member (public communities only)
    hidden_entry: ValueEntry


def build_value_world(visibility: str) -> ValueWorld:
    facilitator = UserFactory(
        role=Role.FACILITATOR, email=f"fac-{visibility}@example.org", name="Fien Facilitator"
    )
    member = UserFactory(email=f"member-{visibility}@example.org", name="Mo Member")
    users = {
        "anonymous": None,
        "outsider": UserFactory(email=f"outsider-{visibility}@example.org"),
        "developer": UserFactory(role=Role.INSTRUMENT_DEVELOPER, email=f"dev-{visibility}@example.org"),
        "member": member,
        "facilitator": facilitator,
        "coordinator": UserFactory(role=Role.NETWORK_COORDINATOR, email=f"coord-{visibility}@example.org"),
        "admin": UserFactory(is_staff=True, is_superuser=True, email=f"admin-{visibility}@example.org"),
    }
    community = CommunityFactory(
        name=f"Warmtepompen Salland {visibility}", visibility=visibility, facilitator=facilitator
    )
    Membership.objects.create(community=community, user=member, role=MembershipRole.MEMBER)
    sprint = SprintFactory(community=community, number=1, review_notes="Alle monteurs hebben geoefend.")
    standup = StandupFactory(community=community, date=timezone.localdate() - datetime.timedelta(days=7))
    answer = StandupAnswer.objects.create(
        standup=standup, member=member, did="Warmtepomp ingeregeld.", will_do="Meten."
    )
    use = InstrumentUseFactory(community=community, instrument=InstrumentFactory(), recorded_by=member)
    entry = ValueEntryFactory(community=community, author=member, title="Tip over inregelen")
    public_entry = None
    if visibility == Visibility.PUBLIC:
        public_entry = ValueEntryFactory(
            community=community,
            author=member,
            title="Openbaar verhaal",
            cycle=Cycle.APPLIED,
            visibility=EntryVisibility.PUBLIC,
        )
    hidden_entry = ValueEntryFactory(community=community, author=member, title="Verborgen verhaal")
    hidden_entry.is_hidden = True
    hidden_entry.save()
    return ValueWorld(community, users, sprint, standup, answer, use, entry, public_entry, hidden_entry)


@pytest.fixture
def public_world(db):
    return build_value_world(Visibility.PUBLIC)


@pytest.fixture
def private_world(db):
    return build_value_world(Visibility.MEMBERS_ONLY)
