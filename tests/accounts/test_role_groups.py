"""The role groups are built once per migrate or flush, with the permissions of every app."""

from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal

from accounts import roles
from accounts.roles import ROLE_PERMISSIONS


def _assert_every_group_has_its_permissions():
    for role, wanted in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        held = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list("content_type__app_label", "codename")
        }
        assert held == set(wanted), role
    assert any(ROLE_PERMISSIONS.values())  # the check above compared something


@pytest.mark.django_db
def test_the_test_database_migrate_gave_every_group_its_permissions():
    _assert_every_group_has_its_permissions()


@pytest.mark.django_db
def test_a_fresh_migrate_builds_the_groups_once_after_every_apps_permissions():
    # What the end of a first migrate sees: no permissions and no groups yet. Every app's
    # post_migrate then creates that app's permissions (instruments' after several others).
    Group.objects.all().delete()
    Permission.objects.all().delete()
    with mock.patch.object(roles, "ensure_role_groups", wraps=roles.ensure_role_groups) as spy:
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default", plan=[])
    assert spy.call_count == 1
    _assert_every_group_has_its_permissions()


@pytest.mark.django_db(transaction=True)
def test_a_flush_rebuilds_the_groups_once_with_their_permissions():
    with mock.patch.object(roles, "ensure_role_groups", wraps=roles.ensure_role_groups) as spy:
        call_command("flush", interactive=False, verbosity=0)
    assert spy.call_count == 1
    _assert_every_group_has_its_permissions()
