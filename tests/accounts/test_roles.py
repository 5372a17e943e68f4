"""Roles are read once per request (one query for the groups and the moderation permission) and
forgotten when they change or the user is reloaded."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import Role, assign_role, has_role, is_coordinator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_roles_and_the_coordinator_answer_cost_one_query(django_assert_num_queries, make_user):
    coordinator = make_user("coordinator")
    with django_assert_num_queries(1):
        assert is_coordinator(coordinator)
        assert not has_role(coordinator, Role.FACILITATOR)
        assert has_role(coordinator, Role.NETWORK_COORDINATOR)
        assert is_coordinator(coordinator)


def test_a_member_is_no_coordinator(make_user):
    member = make_user("member")
    assert not is_coordinator(member)
    assert not has_role(member, Role.FACILITATOR)


def test_admins_and_suspended_coordinators(django_assert_num_queries, make_user):
    admin = make_user("admin")
    with django_assert_num_queries(0):
        assert is_coordinator(admin)
    coordinator = make_user("coordinator")
    coordinator.is_active = False
    assert not is_coordinator(coordinator)


def test_assign_role_is_seen_at_once():
    person = UserFactory()
    assert not has_role(person, Role.FACILITATOR)
    assign_role(person, Role.FACILITATOR)
    assert has_role(person, Role.FACILITATOR)
    assert not is_coordinator(person)
    assign_role(person, Role.NETWORK_COORDINATOR)
    assert is_coordinator(person)


def test_refresh_from_db_reads_the_roles_again():
    person = UserFactory()
    assert not is_coordinator(person) and not has_role(person, Role.INSTRUMENT_DEVELOPER)
    assign_role(UserFactory(), Role.NETWORK_COORDINATOR)  # makes the groups
    person.groups.add(Group.objects.get(name=Role.NETWORK_COORDINATOR.value))  # as Django admin does
    person.groups.add(Group.objects.get(name=Role.INSTRUMENT_DEVELOPER.value))
    person.refresh_from_db()
    assert is_coordinator(person) and has_role(person, Role.INSTRUMENT_DEVELOPER)


def test_a_new_request_reads_the_roles_afresh(client):
    """The cache lives on the request's user object: a role granted between two requests shows."""
    from django.urls import reverse

    person = UserFactory()
    client.force_login(person)
    start = f'href="{reverse("communities:create")}"'
    assert start not in client.get(reverse("home:home")).content.decode()
    assign_role(person, Role.FACILITATOR)
    assert start in client.get(reverse("home:home")).content.decode()


def test_the_coordinator_answer_is_has_perm_however_the_permission_is_held():
    """Through the role's group, another group an admin gave it, directly, or not at all."""
    from django.contrib.auth.models import Permission

    from accounts.models import User
    from accounts.roles import MODERATE_PERMISSION

    app_label, codename = MODERATE_PERMISSION.split(".")
    moderate = Permission.objects.get(content_type__app_label=app_label, codename=codename)
    editors = Group.objects.create(name="redactie")
    editors.permissions.add(moderate)
    readers = Group.objects.create(name="lezers")
    readers.permissions.add(Permission.objects.get(codename="view_instrument"))
    people = {
        "role": UserFactory(role=Role.NETWORK_COORDINATOR),
        "other group": UserFactory(),
        "direct": UserFactory(),
        "group without it": UserFactory(),
        "nothing": UserFactory(),
        "developer and facilitator": UserFactory(role=Role.INSTRUMENT_DEVELOPER),
    }
    people["other group"].groups.add(editors)
    people["direct"].user_permissions.add(moderate)
    people["group without it"].groups.add(readers)
    assign_role(people["developer and facilitator"], Role.FACILITATOR)
    for label, person in people.items():
        fresh = User.objects.get(pk=person.pk)
        assert is_coordinator(fresh) == User.objects.get(pk=person.pk).has_perm(MODERATE_PERMISSION), label
    expected = {"role", "other group", "direct"}
    assert {label for label, p in people.items() if is_coordinator(User.objects.get(pk=p.pk))} == expected
    both = User.objects.get(pk=people["developer and facilitator"].pk)
    assert has_role(both, Role.FACILITATOR) and has_role(both, Role.INSTRUMENT_DEVELOPER)
    assert not has_role(both, Role.NETWORK_COORDINATOR)
    assert not has_role(User.objects.get(pk=people["other group"].pk), Role.NETWORK_COORDINATOR)
