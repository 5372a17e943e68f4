"""Issue 16, findings 2 and 3, through the pages: a public entry names a link only to those who may see it.

Each test reads the page as an anonymous visitor, a signed-in outsider and a
member (and, where it matters, the author of a hidden entry or a coordinator),
and checks what each one sees of the earlier entry, the story and the sprint.
"""

import pytest
from django.urls import reverse

from communities.models import Membership, MembershipRole
from tests.factories import UserFactory
from valuecreation import services
from valuecreation.models import Cycle, EntryVisibility

from .factories import ValueEntryFactory

EARLIER = "Zorgen over de aannemer, intern"
HIDDEN = "Door moderatie verborgen stap"
PUBLIC = "Wat we openbaar delen"
GOAL = "Alleen voor de werkplaats: offerte van de aannemer heronderhandelen"

OUTSIDERS = ["anonymous", "outsider"]
PAGES = ["entry_detail", "story"]


def _url(world, name, entry):
    return reverse(f"valuecreation:{name}", kwargs={"slug": world.community.slug, "pk": entry.pk})


def _get(client, world, name, entry, user):
    if user is not None:
        client.force_login(user)
    response = client.get(_url(world, name, entry))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def grown_from_community_only(public_world):
    """A community-only entry, and a public entry in the same sprint that grew out of it."""
    world = public_world
    world.sprint.goal = GOAL
    world.sprint.save()
    member = world.users["member"]
    earlier = ValueEntryFactory(
        community=world.community, author=member, title=EARLIER, cycle=Cycle.IMMEDIATE
    )
    later = ValueEntryFactory(
        community=world.community,
        author=member,
        title=PUBLIC,
        cycle=Cycle.APPLIED,
        visibility=EntryVisibility.PUBLIC,
        follows=earlier,
        sprint=world.sprint,
    )
    return world, earlier, later


@pytest.fixture
def grown_from_hidden(public_world):
    """Another member's public entry, hidden by a facilitator, and a public entry that grew out of it."""
    world = public_world
    other = UserFactory(email="other-member@example.org")
    Membership.objects.create(community=world.community, user=other, role=MembershipRole.MEMBER)
    earlier = ValueEntryFactory(
        community=world.community,
        author=other,
        title=HIDDEN,
        cycle=Cycle.IMMEDIATE,
        visibility=EntryVisibility.PUBLIC,
    )
    later = ValueEntryFactory(
        community=world.community,
        author=world.users["member"],
        title=PUBLIC,
        cycle=Cycle.APPLIED,
        visibility=EntryVisibility.PUBLIC,
        follows=earlier,
    )
    services.value_entry_hide(actor=world.users["facilitator"], entry=earlier)
    world.users["other"] = other
    return world, earlier, later


# -- finding 2: the entry it grew out of -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_do_not_see_the_community_only_entry_a_public_entry_grew_out_of(
    client, grown_from_community_only, name, role
):
    world, earlier, later = grown_from_community_only
    content = _get(client, world, name, later, world.users[role])
    assert PUBLIC in content
    assert EARLIER not in content
    assert _url(world, "entry_detail", earlier) not in content


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_members_see_the_community_only_entry_a_public_entry_grew_out_of(
    client, grown_from_community_only, name
):
    world, earlier, later = grown_from_community_only
    content = _get(client, world, name, later, world.users["member"])
    assert EARLIER in content
    assert _url(world, "entry_detail", earlier) in content


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("role", [*OUTSIDERS, "member"])
def test_nobody_but_its_author_and_moderators_sees_a_hidden_earlier_entry(
    client, grown_from_hidden, name, role
):
    world, earlier, later = grown_from_hidden
    content = _get(client, world, name, later, world.users[role])
    assert PUBLIC in content
    assert HIDDEN not in content
    assert _url(world, "entry_detail", earlier) not in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["other", "facilitator"])
def test_the_hidden_entrys_author_and_facilitator_still_see_where_it_led(client, grown_from_hidden, role):
    world, _earlier, later = grown_from_hidden
    assert HIDDEN in _get(client, world, "entry_detail", later, world.users[role])


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "size"), [("anonymous", 1), ("outsider", 1), ("member", 2)])
def test_story_size_counts_only_the_entries_the_viewer_may_see(client, grown_from_community_only, role, size):
    world, _earlier, later = grown_from_community_only
    content = _get(client, world, "entry_detail", later, world.users[role])
    label = "The story: 1 entry" if size == 1 else f"The story: {size} entries"
    assert label in content


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "size"), [("anonymous", 1), ("outsider", 1), ("member", 1), ("other", 2)])
def test_story_size_leaves_out_hidden_entries(client, grown_from_hidden, role, size):
    world, _earlier, later = grown_from_hidden
    content = _get(client, world, "entry_detail", later, world.users[role])
    label = "The story: 1 entry" if size == 1 else f"The story: {size} entries"
    assert label in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", [*OUTSIDERS, "member"])
def test_story_lists_only_visible_steps_and_names_no_skipped_one(client, public_world, role):
    """Public root, community-only middle, public end: outsiders see two steps and no word of the middle."""
    world = public_world
    member = world.users["member"]
    root = ValueEntryFactory(
        community=world.community, author=member, title="Openbare start", visibility=EntryVisibility.PUBLIC
    )
    middle = ValueEntryFactory(
        community=world.community, author=member, title=EARLIER, cycle=Cycle.POTENTIAL, follows=root
    )
    end = ValueEntryFactory(
        community=world.community,
        author=member,
        title=PUBLIC,
        cycle=Cycle.APPLIED,
        visibility=EntryVisibility.PUBLIC,
        follows=middle,
    )
    content = _get(client, world, "story", end, world.users[role])
    assert "Openbare start" in content and PUBLIC in content
    if role == "member":
        assert EARLIER in content
    else:
        assert EARLIER not in content
        assert _url(world, "entry_detail", middle) not in content


@pytest.mark.django_db
def test_editing_an_entry_does_not_name_the_hidden_entry_it_grew_out_of(client, grown_from_hidden):
    world, _earlier, later = grown_from_hidden
    client.force_login(world.users["member"])
    url = reverse("valuecreation:entry_edit", kwargs={"slug": world.community.slug, "pk": later.pk})
    content = client.get(url).content.decode()
    assert PUBLIC in content
    assert HIDDEN not in content


# -- finding 3: the sprint goal ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_do_not_see_the_sprint_goal_on_a_public_entry(client, grown_from_community_only, role):
    world, _earlier, later = grown_from_community_only
    content = _get(client, world, "entry_detail", later, world.users[role])
    assert PUBLIC in content
    assert GOAL not in content
    assert str(world.sprint) not in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["member", "coordinator"])
def test_the_workspace_sees_the_sprint_goal_on_a_public_entry(client, grown_from_community_only, role):
    world, _earlier, later = grown_from_community_only
    assert GOAL in _get(client, world, "entry_detail", later, world.users[role])


@pytest.mark.django_db
def test_an_entry_whose_earlier_entry_was_hidden_since_can_still_be_edited(client, grown_from_hidden):
    world, earlier, later = grown_from_hidden
    client.force_login(world.users["member"])
    url = reverse("valuecreation:entry_edit", kwargs={"slug": world.community.slug, "pk": later.pk})
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(title="Een nieuwe titel", follows=earlier.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    later.refresh_from_db()
    assert later.title == "Een nieuwe titel" and later.follows_id == earlier.pk
    # Choosing a hidden entry anew is still refused.
    other = ValueEntryFactory(community=world.community, author=world.users["member"], title="Nog een")
    url = reverse("valuecreation:entry_edit", kwargs={"slug": world.community.slug, "pk": other.pk})
    data.update(title="Nog een", follows=earlier.pk)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "There is no entry with this number" in response.content.decode()
    other.refresh_from_db()
    assert other.follows_id is None
