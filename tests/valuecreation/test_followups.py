"""Which applied-value entries and instrument uses are due a "what did it lead to?" prompt."""

import datetime

import pytest
from django.urls import reverse

from communities.models import Membership
from tests.communities.factories import InstrumentUseFactory
from valuecreation.followups import FollowUpPrompt, due_followups
from valuecreation.models import Cycle

from .factories import ValueEntryFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)


def _days_ago(n):
    return TODAY - datetime.timedelta(days=n)


@pytest.fixture
def applied(public_world):
    return ValueEntryFactory(
        community=public_world.community,
        author=public_world.users["member"],
        cycle=Cycle.APPLIED,
        title="Nieuwe werkwijze",
        date=_days_ago(45),
    )


def _keys(prompts):
    return {p.occurrence for p in prompts}


def test_applied_entry_in_the_window_is_due(public_world, applied):
    prompts = [p for p in due_followups(TODAY) if p.occurrence.startswith("value-entry:")]
    assert prompts == [
        FollowUpPrompt(
            occurrence=f"value-entry:{applied.pk}",
            recipient_id=public_world.users["member"].pk,
            community_id=public_world.community.pk,
            title="Nieuwe werkwijze",
            path=reverse("valuecreation:entry_create", kwargs={"slug": public_world.community.slug})
            + f"?follows={applied.pk}",
            since=applied.date,
        )
    ]


@pytest.mark.parametrize(("days", "due"), [(41, False), (42, True), (70, True), (71, False)])
def test_window_edges(public_world, applied, days, due):
    applied.date = _days_ago(days)
    applied.save()
    assert (f"value-entry:{applied.pk}" in _keys(due_followups(TODAY))) is due


def test_window_follows_the_setting(settings, public_world, applied):
    settings.VALUE_FOLLOWUP_AFTER_DAYS = 60
    assert f"value-entry:{applied.pk}" not in _keys(due_followups(TODAY))
    settings.VALUE_FOLLOWUP_AFTER_DAYS = 14
    applied.date = _days_ago(20)
    applied.save()
    assert f"value-entry:{applied.pk}" in _keys(due_followups(TODAY))


def test_not_due_once_followed_up(public_world, applied):
    ValueEntryFactory(
        community=public_world.community,
        author=public_world.users["member"],
        cycle=Cycle.REALIZED,
        follows=applied,
    )
    assert f"value-entry:{applied.pk}" not in _keys(due_followups(TODAY))


def test_not_due_when_hidden_or_author_left_or_other_cycle(public_world, applied):
    applied.is_hidden = True
    applied.save()
    assert f"value-entry:{applied.pk}" not in _keys(due_followups(TODAY))
    applied.is_hidden = False
    applied.save()
    Membership.objects.filter(community=public_world.community, user=public_world.users["member"]).delete()
    assert f"value-entry:{applied.pk}" not in _keys(due_followups(TODAY))


def test_immediate_entries_are_not_prompted(public_world):
    entry = ValueEntryFactory(
        community=public_world.community,
        author=public_world.users["member"],
        cycle=Cycle.IMMEDIATE,
        date=_days_ago(45),
    )
    assert f"value-entry:{entry.pk}" not in _keys(due_followups(TODAY))


def test_instrument_use_is_due_until_an_entry_links_it(public_world):
    use = InstrumentUseFactory(
        community=public_world.community, recorded_by=public_world.users["member"], used_on=_days_ago(50)
    )
    prompt = next(p for p in due_followups(TODAY) if p.occurrence == f"instrument-use:{use.pk}")
    assert prompt.recipient_id == public_world.users["member"].pk
    assert prompt.path.endswith(f"?instrument_use={use.pk}")
    assert prompt.title == use.instrument.title
    ValueEntryFactory(
        community=public_world.community,
        author=public_world.users["member"],
        instrument_use=use,
        cycle=Cycle.APPLIED,
    )
    assert f"instrument-use:{use.pk}" not in _keys(due_followups(TODAY))


def test_prompt_path_opens_a_prefilled_form(client, public_world, applied):
    prompt = next(p for p in due_followups(TODAY) if p.occurrence == f"value-entry:{applied.pk}")
    client.force_login(public_world.users["member"])
    response = client.get(prompt.path)
    assert response.context["form"].initial["follows"] == applied.pk


def test_query_count_does_not_grow(public_world, django_assert_num_queries):
    for i in range(5):
        ValueEntryFactory(
            community=public_world.community,
            author=public_world.users["member"],
            cycle=Cycle.APPLIED,
            date=_days_ago(45 + i),
        )
        InstrumentUseFactory(
            community=public_world.community, recorded_by=public_world.users["member"], used_on=_days_ago(50)
        )
    with django_assert_num_queries(2):
        prompts = due_followups(TODAY)
    assert len(prompts) == 10
