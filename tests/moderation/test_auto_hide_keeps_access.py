"""Issue 16, finding 4: hiding (automatic or decided) never takes work away from the people who do it."""

import pytest
from django.urls import reverse

from communities.models import Membership, MembershipRole
from moderation import services
from moderation.models import DecisionAction, FlaggedItem
from tests.communities.factories import CommunityFactory
from tests.factories import UserFactory
from tests.valuecreation.factories import ValueEntryFactory
from valuecreation.models import EntryVisibility


def _three_reports(report, kind, obj):
    for _ in range(3):
        report(UserFactory(), kind, obj)
    obj.refresh_from_db()


@pytest.fixture
def community(make_user):
    community = CommunityFactory(name="Dorpsraad Oost", facilitator=make_user("facilitator"))
    member = UserFactory(email="lid@example.org")
    Membership.objects.create(community=community, user=member, role=MembershipRole.MEMBER)
    community.member = member
    return community


def test_a_hidden_community_stays_open_to_its_members(report, client, community, make_user):
    _three_reports(report, "community", community)
    item = FlaggedItem.objects.get(kind="community", object_id=community.pk)
    services.item_decide(actor=make_user("coordinator"), item=item, action=DecisionAction.HIDE, reason="Spam")
    community.refresh_from_db()
    assert community.is_hidden
    # Visitors and outsiders: gone.
    assert client.get(community.get_absolute_url()).status_code == 404
    assert "Dorpsraad Oost" not in client.get(reverse("communities:list")).content.decode()
    # Its members keep their community and workspace.
    client.force_login(community.member)
    assert client.get(community.get_absolute_url()).status_code == 200
    assert client.get(reverse("communities:timeline", kwargs={"slug": community.slug})).status_code == 200


def test_an_auto_hidden_instrument_stays_with_all_its_owners(report, client, published, make_user):
    co_owner = make_user("developer")
    published.owners.add(co_owner)
    _three_reports(report, "instrument", published)
    assert published.is_hidden
    for owner in published.owners.all():
        client.force_login(owner)
        assert client.get(published.get_absolute_url()).status_code == 200


def test_an_auto_hidden_review_stays_visible_to_its_author(report, client, review):
    _three_reports(report, "review", review)
    assert review.is_hidden
    assert review.text not in client.get(review.instrument.get_absolute_url()).content.decode()
    client.force_login(review.author)
    assert review.text in client.get(review.instrument.get_absolute_url()).content.decode()


def test_an_auto_hidden_experience_leaves_the_page_and_its_count_not_its_author(report, client, published):
    from instruments.services import experience_create

    experience = experience_create(
        actor=UserFactory(), instrument=published, what_worked="Koop hier goedkope horloges"
    )
    published.refresh_from_db()
    assert published.experience_count == 1
    _three_reports(report, "experience", experience)
    assert experience.is_hidden
    published.refresh_from_db()
    assert published.experience_count == 0  # the catalogue's "experiences" figure no longer counts it
    for viewer in (None, UserFactory()):
        client.logout()
        if viewer:
            client.force_login(viewer)
        assert "goedkope horloges" not in client.get(published.get_absolute_url()).content.decode()
    client.force_login(experience.author)
    html = client.get(published.get_absolute_url()).content.decode()
    assert "goedkope horloges" in html
    assert "only you and the network coordinators" in html  # the author is told why nobody else sees it
    # Editing it does not bring it back into view.
    edit = reverse("instruments:experience_edit", kwargs={"slug": published.slug, "pk": experience.pk})
    client.post(edit, {"what_worked": "Toch goed", "would_use_again": "yes"})
    experience.refresh_from_db()
    assert experience.is_hidden and experience.what_worked == "Toch goed"


def test_an_auto_hidden_value_entry_stays_with_its_author_and_facilitator(report, client, community):
    entry = ValueEntryFactory(
        community=community,
        author=community.member,
        title="Onze buurtmoestuin",
        visibility=EntryVisibility.PUBLIC,
    )
    _three_reports(report, "valueentry", entry)
    assert entry.is_hidden
    url = entry.get_absolute_url()
    assert client.get(url).status_code == 404
    facilitator = community.memberships.get(role=MembershipRole.FACILITATOR).user
    for person in (community.member, facilitator):
        client.force_login(person)
        assert client.get(url).status_code == 200
