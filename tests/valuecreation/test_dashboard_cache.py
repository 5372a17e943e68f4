"""The dashboard's cached counts follow every change to the value log, whichever path makes it.

The tallies, monthly series and total are cached per community under a
version that database triggers raise (migration valuecreation/0002). Each
test fills the cache with one request, changes the log, and expects the next
request to show the change; without the triggers every one of them would show
the old figure.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from moderation import services as moderation_services
from moderation.registry import KINDS
from tests.factories import UserFactory
from valuecreation import selectors, services
from valuecreation.models import Cycle, EntryVisibility, ValueEntry

from .factories import ValueEntryFactory

pytestmark = pytest.mark.django_db


def dashboard(client, world, user=None, **params):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.get(reverse("valuecreation:dashboard", kwargs={"slug": world.community.slug}), params)
    assert response.status_code == 200
    return response


def cycles(response) -> dict[str, int]:
    return {tally.code: tally.count for tally in response.context["cycle_tallies"] if tally.count}


def total(response) -> int:
    return response.context["page"].paginator.count


def test_a_second_view_counts_nothing(client, public_world, django_assert_max_num_queries):
    member = public_world.users["member"]
    dashboard(client, public_world, member)
    client.force_login(member)
    url = reverse("valuecreation:dashboard", kwargs={"slug": public_world.community.slug})
    with django_assert_max_num_queries(20) as queries:
        client.get(url)
    assert not any(
        "COUNT(" in query["sql"] and "valuecreation_valueentry" in query["sql"]
        for query in queries.captured_queries
    )


def test_new_edited_and_deleted_entries_are_counted(client, public_world):
    member = public_world.users["member"]
    assert cycles(dashboard(client, public_world, member)) == {"immediate": 1, "applied": 1}
    entry = ValueEntryFactory(community=public_world.community, author=member, cycle=Cycle.REALIZED)
    assert cycles(dashboard(client, public_world, member)) == {"immediate": 1, "applied": 1, "realized": 1}
    services.value_entry_update(actor=member, entry=entry, data={"cycle": Cycle.TRANSFORMATIVE})
    assert cycles(dashboard(client, public_world, member)) == {
        "immediate": 1,
        "applied": 1,
        "transformative": 1,
    }
    services.value_entry_delete(entry=entry)
    response = dashboard(client, public_world, member)
    assert cycles(response) == {"immediate": 1, "applied": 1}
    assert total(response) == 2


def test_hiding_and_showing_again_is_counted(client, public_world):
    member, facilitator = public_world.users["member"], public_world.users["facilitator"]
    assert total(dashboard(client, public_world, member)) == 2
    services.value_entry_hide(actor=facilitator, entry=public_world.entry)
    assert total(dashboard(client, public_world, member)) == 1
    services.value_entry_unhide(actor=facilitator, entry=public_world.entry)
    assert total(dashboard(client, public_world, member)) == 2


def test_moderation_auto_hide_and_decisions_are_counted(client, public_world, coordinator):
    member = public_world.users["member"]
    assert total(dashboard(client, public_world, member)) == 2
    entry = ValueEntry.objects.select_related("community", "author").get(pk=public_world.entry.pk)
    for _ in range(3):
        moderation_services.report_create(
            actor=UserFactory(), kind=KINDS["valueentry"], obj=entry, reason="spam"
        )
    assert ValueEntry.objects.get(pk=entry.pk).is_hidden
    assert total(dashboard(client, public_world, member)) == 1
    item = moderation_services.FlaggedItem.objects.get(object_id=entry.pk)
    moderation_services.item_decide(actor=coordinator, item=item, action="keep")
    assert total(dashboard(client, public_world, member)) == 2


def test_a_suspension_hides_the_entries_in_the_counts(client, public_world, coordinator):
    member, facilitator = public_world.users["member"], public_world.users["facilitator"]
    assert total(dashboard(client, public_world, facilitator)) == 2
    moderation_services.user_suspend(actor=coordinator, user=member, reason="Spam")
    assert total(dashboard(client, public_world, facilitator)) == 0


def test_admin_bulk_actions_are_counted(client, public_world):
    member, admin_user = public_world.users["member"], public_world.users["admin"]
    assert total(dashboard(client, public_world, member)) == 2
    client.force_login(admin_user)
    changelist = reverse("admin:valuecreation_valueentry_changelist")
    client.post(changelist, {"action": "hide_entries", "_selected_action": [public_world.entry.pk]})
    assert total(dashboard(client, public_world, member)) == 1
    client.force_login(admin_user)
    client.post(changelist, {"action": "unhide_entries", "_selected_action": [public_world.entry.pk]})
    assert total(dashboard(client, public_world, member)) == 2


def test_deleting_an_author_is_counted(client, public_world):
    facilitator = public_world.users["facilitator"]
    assert total(dashboard(client, public_world, facilitator)) == 2
    public_world.users["member"].delete()
    assert total(dashboard(client, public_world, facilitator)) == 0


def test_members_and_visitors_get_their_own_counts(client, public_world):
    member = public_world.users["member"]
    assert total(dashboard(client, public_world, member)) == 2
    # Cached for the member; a visitor still sees only the public entry.
    assert total(dashboard(client, public_world)) == 1
    services.value_entry_update(
        actor=member, entry=public_world.entry, data={"visibility": EntryVisibility.PUBLIC}
    )
    assert total(dashboard(client, public_world)) == 2


def test_filters_have_their_own_counts(client, public_world):
    member = public_world.users["member"]
    assert total(dashboard(client, public_world, member, cycle="applied")) == 1
    assert total(dashboard(client, public_world, member, cycle="immediate")) == 1
    ValueEntryFactory(community=public_world.community, author=member, cycle=Cycle.APPLIED)
    assert total(dashboard(client, public_world, member, cycle="applied")) == 2
    assert total(dashboard(client, public_world, member, member=member.pk)) == 3


def test_story_and_text_edits_keep_the_cache(public_world):
    member = public_world.users["member"]
    before = selectors.value_log_version(public_world.community)
    services.value_entry_update(actor=member, entry=public_world.entry, data={"title": "Nieuwe titel"})
    assert selectors.value_log_version(public_world.community) == before


def test_the_monthly_series_follows_the_date(client, public_world):
    member = public_world.users["member"]
    months = dashboard(client, public_world, member).context["by_cycle"]
    before = sum(months.totals)
    old = timezone.localdate() - datetime.timedelta(days=800)
    services.value_entry_update(actor=member, entry=public_world.entry, data={"date": old})
    months = dashboard(client, public_world, member).context["by_cycle"]
    assert sum(months.totals) == before - 1
