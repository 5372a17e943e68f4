"""Validation and story bookkeeping of value entries, through the services."""

import pytest
from django.core.exceptions import ValidationError

from communities.models import Visibility
from tests.communities.factories import CommunityFactory, InstrumentUseFactory, SprintFactory, StandupFactory
from tests.factories import InstrumentFactory, UserFactory
from valuecreation import services
from valuecreation.models import MAX_CHAIN_LENGTH, Capital, Cycle, EntryVisibility, ValueEntry

from .factories import ValueEntryFactory

pytestmark = pytest.mark.django_db


def _create(world, **data):
    base = {
        "cycle": Cycle.IMMEDIATE,
        "level": "individual",
        "title": "T",
        "story": "S",
        "date": world.entry.date,
    }
    return services.value_entry_create(
        actor=world.users["member"], community=world.community, data={**base, **data}
    )


def test_capital_only_for_potential_value(public_world):
    with pytest.raises(ValidationError) as error:
        _create(public_world, cycle=Cycle.APPLIED, capital=Capital.SOCIAL)
    assert "capital" in error.value.message_dict
    entry = _create(public_world, cycle=Cycle.POTENTIAL, capital=Capital.SOCIAL)
    assert entry.capital == Capital.SOCIAL


def test_public_entry_impossible_in_members_only_community(private_world):
    with pytest.raises(ValidationError) as error:
        _create(private_world, visibility=EntryVisibility.PUBLIC)
    assert "members only" in error.value.message_dict["visibility"][0]


@pytest.mark.parametrize("field", ["sprint", "standup", "instrument_use", "follows", "standup_answer"])
def test_links_across_communities_are_rejected(public_world, private_world, field):
    foreign = {
        "sprint": private_world.sprint,
        "standup": private_world.standup,
        "instrument_use": private_world.use,
        "follows": private_world.entry,
        "standup_answer": private_world.answer,
    }[field]
    with pytest.raises(ValidationError) as error:
        _create(public_world, **{field: foreign})
    messages = " ".join(m for ms in error.value.message_dict.values() for m in ms)
    assert "another community" in messages


def test_story_root_follows_the_chain(public_world):
    first = public_world.entry
    second = _create(public_world, cycle=Cycle.APPLIED, follows=first)
    third = _create(public_world, cycle=Cycle.REALIZED, follows=second)
    assert second.story_root_id == first.pk
    assert third.story_root_id == first.pk


def test_loop_in_a_story_is_rejected(public_world):
    first = public_world.entry
    second = _create(public_world, cycle=Cycle.APPLIED, follows=first)
    third = _create(public_world, cycle=Cycle.REALIZED, follows=second)
    with pytest.raises(ValidationError) as error:
        services.value_entry_update(actor=public_world.users["member"], entry=first, data={"follows": third})
    assert "round in circles" in error.value.message_dict["follows"][0]
    first.refresh_from_db()
    assert first.follows_id is None


def test_entry_cannot_follow_itself(public_world):
    entry = public_world.entry
    with pytest.raises(ValidationError):
        services.value_entry_update(actor=public_world.users["member"], entry=entry, data={"follows": entry})


def test_moving_an_entry_moves_what_grew_out_of_it(public_world):
    a = public_world.entry
    b = _create(public_world, cycle=Cycle.APPLIED, follows=a)
    c = _create(public_world, cycle=Cycle.REALIZED, follows=b)
    other = _create(public_world, cycle=Cycle.EXPECTED, title="Ander begin")
    services.value_entry_update(actor=public_world.users["member"], entry=b, data={"follows": other})
    b.refresh_from_db()
    c.refresh_from_db()
    assert (b.story_root_id, c.story_root_id) == (other.pk, other.pk)
    services.value_entry_update(actor=public_world.users["member"], entry=b, data={"follows": None})
    c.refresh_from_db()
    assert c.story_root_id == b.pk


def test_deleting_an_entry_lets_its_followers_start_their_own_story(public_world):
    a = public_world.entry
    b = _create(public_world, cycle=Cycle.APPLIED, follows=a)
    c = _create(public_world, cycle=Cycle.REALIZED, follows=b)
    services.value_entry_delete(entry=a)
    b.refresh_from_db()
    c.refresh_from_db()
    assert b.follows_id is None and b.story_root_id is None
    assert c.story_root_id == b.pk


def test_chain_length_is_capped(public_world):
    entry = public_world.entry
    for _ in range(MAX_CHAIN_LENGTH - 1):
        entry = _create(public_world, follows=entry)
    with pytest.raises(ValidationError) as error:
        _create(public_world, follows=entry)
    assert "at most" in error.value.message_dict["follows"][0]


def test_cycle_order_is_a_warning_not_an_error(public_world):
    later = _create(public_world, cycle=Cycle.REALIZED)
    earlier = _create(public_world, cycle=Cycle.EXPECTED, follows=later)
    assert earlier.pk  # saved
    assert services.cycle_order_warning(earlier)
    onward = _create(public_world, cycle=Cycle.TRANSFORMATIVE, follows=later)
    assert services.cycle_order_warning(onward) is None


def test_links_fill_in_what_they_imply(public_world):
    entry = _create(public_world, standup_answer=public_world.answer, instrument_use=public_world.use)
    assert entry.standup_id == public_world.standup.pk
    assert entry.instrument_id == public_world.use.instrument_id


def test_instrument_must_match_instrument_use(public_world):
    with pytest.raises(ValidationError) as error:
        _create(public_world, instrument_use=public_world.use, instrument=InstrumentFactory())
    assert "instrument" in error.value.message_dict


def test_hide_and_unhide_record_who(public_world):
    facilitator = public_world.users["facilitator"]
    entry = services.value_entry_hide(actor=facilitator, entry=public_world.entry)
    assert entry.is_hidden and entry.hidden_by == facilitator and entry.hidden_at
    entry = services.value_entry_unhide(actor=facilitator, entry=entry)
    assert not entry.is_hidden and entry.hidden_by is None


def test_the_six_cycles_of_the_publication():
    assert list(Cycle.values) == [
        "expected",
        "immediate",
        "potential",
        "applied",
        "realized",
        "transformative",
    ]


def test_factory_defaults_are_valid():
    community = CommunityFactory(visibility=Visibility.PUBLIC)
    author = UserFactory()
    entry = ValueEntryFactory(community=community, author=author)
    assert ValueEntry.objects.get(pk=entry.pk).story_root_id is None
    SprintFactory(community=community)
    StandupFactory(community=community)
    InstrumentUseFactory(community=community)
