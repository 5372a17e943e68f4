"""Findings 2 and 3 of the security probe: a public page names only what its viewer may see."""

import pytest
from django.urls import reverse

from instruments.models import InstrumentStatus
from tests.factories import InstrumentFactory
from valuecreation.models import Cycle, EntryVisibility

from .factories import ValueEntryFactory

SECRET = "Interne zorg over de aannemer"


@pytest.fixture
def chain(public_world):
    """A community-only entry, and a public one that grew out of it, linked to the sprint."""
    world = public_world
    member = world.users["member"]
    earlier = ValueEntryFactory(community=world.community, author=member, title=SECRET, cycle=Cycle.IMMEDIATE)
    later = ValueEntryFactory(
        community=world.community,
        author=member,
        title="Wat we openbaar delen",
        cycle=Cycle.POTENTIAL,
        visibility=EntryVisibility.PUBLIC,
        follows=earlier,
        sprint=world.sprint,
    )
    return world, earlier, later


def _page(client, world, name, entry, user=None):
    if user is not None:
        client.force_login(user)
    url = reverse(f"valuecreation:{name}", kwargs={"slug": world.community.slug, "pk": entry.pk})
    return client.get(url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["entry_detail", "story"])
def test_public_entry_does_not_name_the_community_only_entry_it_grew_out_of(client, chain, name):
    world, earlier, later = chain
    content = _page(client, world, name, later)
    assert "Wat we openbaar delen" in content
    assert SECRET not in content
    assert reverse(
        "valuecreation:entry_detail", kwargs={"slug": world.community.slug, "pk": earlier.pk}
    ) not in (content)


@pytest.mark.django_db
def test_members_still_see_where_the_public_entry_grew_from(client, chain):
    world, _earlier, later = chain
    content = _page(client, world, "entry_detail", later, world.users["member"])
    assert SECRET in content
    assert world.sprint.goal in content


@pytest.mark.django_db
def test_story_size_counts_only_what_the_visitor_may_see(client, chain):
    world, _earlier, later = chain
    content = _page(client, world, "entry_detail", later)
    assert "The story: 1 entry" in content


@pytest.mark.django_db
def test_public_entry_does_not_show_the_sprint_goal(client, chain):
    world, _earlier, later = chain
    content = _page(client, world, "entry_detail", later, world.users["outsider"])
    assert world.sprint.goal not in content


@pytest.mark.django_db
def test_public_entry_names_only_a_visible_instrument(client, public_world):
    world = public_world
    draft = InstrumentFactory(title="Nog geheim instrument", status=InstrumentStatus.DRAFT)
    entry = ValueEntryFactory(
        community=world.community,
        author=world.users["member"],
        title="Openbaar met instrument",
        visibility=EntryVisibility.PUBLIC,
        instrument=draft,
    )
    assert "Nog geheim instrument" not in _page(client, world, "entry_detail", entry)


@pytest.mark.django_db
def test_community_page_names_only_instruments_the_visitor_may_see(client, public_world):
    world = public_world
    world.use.instrument.status = InstrumentStatus.DRAFT
    world.use.instrument.title = "Teruggetrokken instrument"
    world.use.instrument.save()
    content = client.get(world.community.get_absolute_url()).content.decode()
    assert "Teruggetrokken instrument" not in content
