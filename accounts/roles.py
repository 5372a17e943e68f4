"""Platform-wide roles, held as Django groups so admins can assign them."""

import functools

from django.contrib.auth.models import Group, Permission
from django.db import connections, models, router
from django.db.models import Exists, Q, Value
from django.utils.translation import gettext_lazy as _

from .models import User


class Role(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    INSTRUMENT_DEVELOPER = "instrument developer", _("Instrument developer")
    NETWORK_COORDINATOR = "network coordinator", _("Network coordinator")


# app_label.codename of the permissions each role's group carries.
ROLE_PERMISSIONS = {
    Role.FACILITATOR: [],
    Role.INSTRUMENT_DEVELOPER: [],
    Role.NETWORK_COORDINATOR: [
        "instruments.moderate_instrument",
        "instruments.view_instrument",
        "instruments.change_instrument",
    ],
}

MODERATE_PERMISSION = "instruments.moderate_instrument"


# Set on a user object once the answer is known for this request (see remember_coordinator).
_KNOWN_COORDINATOR = "_lc_is_coordinator"
# Set on a user object by _held_roles(): the role groups the user holds.
_KNOWN_ROLES = "_lc_roles"


def _moderates(user_pk) -> Exists:
    """Holds the moderation permission directly or through a group (what ``has_perm`` asks in two queries)."""
    app_label, codename = MODERATE_PERMISSION.split(".", 1)
    return Exists(
        Permission.objects.filter(content_type__app_label=app_label, codename=codename).filter(
            Q(user=user_pk) | Q(group__user=user_pk)
        )
    )


@functools.cache
def _roles_sql(alias: str) -> str:
    """The statement :func:`_held_roles` runs: the names of the groups a user holds, each with
    whether it carries the moderation permission, and one row for the permission held directly.

    Written out once instead of built by the ORM on every signed-in request: the ORM's version (three
    Exists for the roles and an OR over two joins for the permission) took about 2 ms to compile and
    1 ms for PostgreSQL to plan, most of what a signed-in page costs beyond an anonymous one. Table
    and column names come from the models, so this follows any change to them. The permission part
    asks what :func:`_moderates` asks; that expression stays for pages that fold it into a query of
    their own (:func:`coordinator_flag`); tests/accounts/test_roles.py holds this one to ``has_perm``.
    """
    from django.contrib.contenttypes.models import ContentType

    quote = connections[alias].ops.quote_name

    def table(model) -> str:
        return quote(model._meta.db_table)

    def column(model, field: str) -> str:
        return quote(model._meta.get_field(field).column)

    user_groups, user_permissions = User.groups.through, User.user_permissions.through
    group_permissions = Group.permissions.through
    content_type = column(Permission, "content_type")
    return f"""
        WITH moderate AS (
            SELECT p.{column(Permission, "id")} AS id FROM {table(Permission)} p
            JOIN {table(ContentType)} ct ON ct.{column(ContentType, "id")} = p.{content_type}
            WHERE ct.{column(ContentType, "app_label")} = %s AND p.{column(Permission, "codename")} = %s
        )
        SELECT g.{column(Group, "name")}, EXISTS (
            SELECT 1 FROM {table(group_permissions)} gp
            WHERE gp.{column(group_permissions, "group")} = g.{column(Group, "id")}
              AND gp.{column(group_permissions, "permission")} IN (SELECT id FROM moderate)
        )
        FROM {table(Group)} g
        JOIN {table(user_groups)} ug ON ug.{column(user_groups, "group")} = g.{column(Group, "id")}
        WHERE ug.{column(user_groups, "user")} = %s
        UNION ALL
        SELECT NULL, EXISTS (
            SELECT 1 FROM {table(user_permissions)} up
            WHERE up.{column(user_permissions, "user")} = %s
              AND up.{column(user_permissions, "permission")} IN (SELECT id FROM moderate)
        )
    """  # noqa: S608 - names from the models' metadata, values as parameters


def _held_roles(user) -> frozenset[str]:
    """The role groups ``user`` holds, read together with the coordinator answer in ONE query.

    Kept on the user object, which lives for one request (the session loads a fresh one each time),
    so a page never shows a role that was taken away in an earlier request; :func:`assign_role` and
    ``User.refresh_from_db`` forget it for code that keeps one object longer.
    """
    known = user.__dict__.get(_KNOWN_ROLES)
    if known is not None:
        return known
    app_label, codename = MODERATE_PERMISSION.split(".", 1)
    alias = router.db_for_read(User)
    with connections[alias].cursor() as cursor:
        cursor.execute(_roles_sql(alias), [app_label, codename, user.pk, user.pk])
        rows = cursor.fetchall()
    names = {name for name, _moderates in rows if name is not None}
    held = frozenset(role.value for role in Role if role.value in names)
    user.__dict__[_KNOWN_ROLES] = held
    if _KNOWN_COORDINATOR not in user.__dict__:
        # The same answer as ``user.has_perm(MODERATE_PERMISSION)``: active, and superuser or permitted.
        user.__dict__[_KNOWN_COORDINATOR] = bool(
            user.is_active and (user.is_superuser or any(moderates for _name, moderates in rows))
        )
    return held


def forget_roles(user) -> None:
    """Drop what this module remembered on ``user``: the next check reads the roles again."""
    user.__dict__.pop(_KNOWN_ROLES, None)
    user.__dict__.pop(_KNOWN_COORDINATOR, None)


def is_coordinator(user) -> bool:
    """Network coordinators and admins: they see and moderate everything."""
    if not user.is_authenticated:
        return False
    known = user.__dict__.get(_KNOWN_COORDINATOR)
    if known is None:
        if not user.is_active:
            known = user.__dict__[_KNOWN_COORDINATOR] = False
        elif user.is_superuser:
            known = user.__dict__[_KNOWN_COORDINATOR] = True
        else:
            _held_roles(user)
            known = user.__dict__[_KNOWN_COORDINATOR]
    return known


def coordinator_flag(user):
    """``is_coordinator(user)`` as an SQL expression, for a page to fold into a query it makes anyway.

    The same answer as ``user.has_perm`` (active, and superuser or holding the permission directly
    or through a group) without a query of its own; hand the value read back to
    :func:`remember_coordinator` so later checks in the request ask nothing.
    """
    if not user.is_authenticated or not user.is_active:
        return Value(False)
    known = user.__dict__.get(_KNOWN_COORDINATOR)
    if known is not None or user.is_superuser:
        return Value(bool(known or user.is_superuser))
    return _moderates(user.pk)


def remember_coordinator(user, flag) -> None:
    """Record what :func:`coordinator_flag` read for ``user``, for the rest of the request."""
    if user.is_authenticated:
        user.__dict__[_KNOWN_COORDINATOR] = bool(flag)


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    return Role(role).value in _held_roles(user)


def ensure_role_groups(**kwargs) -> None:
    """Create the role groups and give them their permissions (idempotent)."""
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".", 1)
            perm = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if perm is not None:
                wanted.append(perm)
        group.permissions.add(*wanted)


def assign_role(user, role: Role) -> None:
    # The groups and their permissions are made after every migrate (accounts.apps); only a
    # database where they are missing (deleted in admin, say) pays for making them here.
    group = Group.objects.filter(name=role.value).first()
    if group is None:
        ensure_role_groups()
        group = Group.objects.get(name=role.value)
    user.groups.add(group)
    forget_roles(user)


# Roles a person may ask for; a network coordinator decides (moderation queue).
REQUESTABLE_ROLES = (Role.FACILITATOR, Role.INSTRUMENT_DEVELOPER)

ROLE_DESCRIPTIONS = {
    Role.FACILITATOR: _(
        "Facilitators start and run learning communities on the platform: they create the community, "
        "invite members, plan sprints and stand-ups and open scan rounds."
    ),
    Role.INSTRUMENT_DEVELOPER: _(
        "Instrument developers publish their own instruments in the library, keep them up to date and "
        "see where and how they are used."
    ),
}
