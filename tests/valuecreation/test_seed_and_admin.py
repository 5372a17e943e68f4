import pytest
from django.core.management import call_command
from django.urls import reverse

from valuecreation.models import Cycle, ValueEntry

from .factories import ValueEntryFactory

pytestmark = pytest.mark.django_db


def test_seed_value_builds_a_demo_story_and_is_idempotent():
    call_command("seed_communities")
    call_command("seed_value")
    count = ValueEntry.objects.count()
    assert count >= 10
    realized = ValueEntry.objects.get(title="Uitzetten leidingwerk kost de helft minder tijd")
    assert realized.cycle == Cycle.REALIZED
    applied = realized.follows
    assert applied.cycle == Cycle.APPLIED and applied.follows.cycle == Cycle.IMMEDIATE
    assert applied.follows.standup_answer is not None
    assert realized.story_root_id == applied.follows_id
    assert realized.community.is_public and realized.is_public
    assert set(ValueEntry.objects.values_list("cycle", flat=True)) == set(Cycle.values)
    call_command("seed_value")
    assert ValueEntry.objects.count() == count


def test_admin_lists_edits_and_hides_entries(client, public_world):
    admin_user = public_world.users["admin"]
    client.force_login(admin_user)
    assert client.get(reverse("admin:valuecreation_valueentry_changelist")).status_code == 200
    entry = public_world.entry
    url = reverse("admin:valuecreation_valueentry_change", args=[entry.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        reverse("admin:valuecreation_valueentry_changelist"),
        {"action": "hide_entries", "_selected_action": [entry.pk]},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_hidden and entry.hidden_by == admin_user


def test_admin_delete_keeps_stories_consistent(client, public_world):
    member = public_world.users["member"]
    child = ValueEntryFactory(
        community=public_world.community, author=member, cycle=Cycle.APPLIED, follows=public_world.entry
    )
    grandchild = ValueEntryFactory(
        community=public_world.community, author=member, cycle=Cycle.REALIZED, follows=child
    )
    client.force_login(public_world.users["admin"])
    url = reverse("admin:valuecreation_valueentry_delete", args=[public_world.entry.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    grandchild.refresh_from_db()
    assert grandchild.story_root_id == child.pk
