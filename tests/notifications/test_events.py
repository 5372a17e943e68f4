"""The events wired in existing apps: join requests, scan rounds, report outcomes."""

import pytest
from django.urls import reverse
from django.utils import translation

from communities import services as community_services
from communities.models import MembershipRole, Visibility
from moderation import services as moderation_services
from moderation.models import DecisionAction, FlaggedItem
from moderation.registry import KINDS
from notifications import selectors
from notifications.models import Notification, NotificationKind
from scans import services as scan_services
from tests.communities.factories import CommunityFactory, MembershipFactory, UserFactory
from tests.factories import InstrumentFactory
from tests.scans.factories import make_scan

pytestmark = pytest.mark.django_db


def titles(user):
    with translation.override("en"):
        return [item.title for item in selectors.items_for(user, selectors.notifications_of(user))]


def test_a_join_request_reaches_the_facilitators_once():
    facilitator, co_facilitator, member = UserFactory(), UserFactory(), UserFactory()
    community = CommunityFactory(name="Energieke buurt", facilitator=facilitator)
    MembershipFactory(community=community, user=co_facilitator, role=MembershipRole.FACILITATOR)
    MembershipFactory(community=community, user=member)
    applicant = UserFactory(name="Ada Aanvrager")
    community_services.join_request_create(actor=applicant, community=community, message="Graag")
    community_services.join_request_create(actor=applicant, community=community, message="Nog eens")
    assert sorted(Notification.objects.values_list("recipient", flat=True)) == sorted(
        [facilitator.pk, co_facilitator.pk]
    )
    assert titles(facilitator) == ["Ada Aanvrager asks to join “Energieke buurt”"]
    [item] = selectors.items_for(facilitator, selectors.notifications_of(facilitator))
    assert item.url == reverse("communities:members", kwargs={"slug": community.slug})
    assert titles(member) == []


def test_a_facilitator_who_stepped_down_no_longer_sees_the_join_request():
    facilitator, other = UserFactory(), UserFactory()
    community = CommunityFactory(facilitator=facilitator)
    MembershipFactory(community=community, user=other, role=MembershipRole.FACILITATOR)
    community_services.join_request_create(actor=UserFactory(), community=community)
    community.memberships.filter(user=facilitator).update(role=MembershipRole.MEMBER)
    assert titles(facilitator) == []
    assert len(titles(other)) == 1


def test_a_new_scan_round_reaches_the_members_but_not_the_opener_or_outsiders():
    facilitator, member, outsider = UserFactory(), UserFactory(), UserFactory()
    community = CommunityFactory(
        name="Zorgnetwerk", facilitator=facilitator, visibility=Visibility.MEMBERS_ONLY
    )
    MembershipFactory(community=community, user=member)
    scan = make_scan(slug="actie")
    round_ = scan_services.round_open(actor=facilitator, community=community, scan=scan)
    assert list(Notification.objects.values_list("recipient", flat=True)) == [member.pk]
    assert titles(member) == [f"A new round of “{scan.title}” is open in Zorgnetwerk"]
    assert titles(outsider) == []
    [item] = selectors.items_for(member, selectors.notifications_of(member))
    assert item.url == reverse("scans:round_detail", kwargs={"slug": community.slug, "pk": round_.pk})
    # Someone who leaves the community stops seeing it.
    community.memberships.filter(user=member).delete()
    assert titles(member) == []


@pytest.mark.parametrize(
    ("action", "outcome"),
    [(DecisionAction.KEEP, "stays online"), (DecisionAction.HIDE, "was taken offline")],
)
def test_reporters_hear_the_outcome_of_their_report(coordinator, action, outcome):
    instrument = InstrumentFactory(title="Praatplaat")
    reporters = [UserFactory(), UserFactory()]
    for reporter in reporters:
        moderation_services.report_create(
            actor=reporter, kind=KINDS["instrument"], obj=instrument, reason="spam"
        )
    item = FlaggedItem.objects.get()
    moderation_services.item_decide(actor=coordinator, item=item, action=action, reason="Gezien")
    for reporter in reporters:
        [title] = titles(reporter)
        assert outcome in title and "Praatplaat" in title
    assert Notification.objects.filter(kind=NotificationKind.REPORT_OUTCOME).count() == 2
    assert not Notification.objects.filter(recipient=coordinator).exists()
    # The outcome says nothing about the author.
    assert "suspend" not in " ".join(titles(reporters[0])).lower()
