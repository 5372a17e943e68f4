"""Platform-wide roles, held as Django groups so admins can assign them."""

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.db.models import Exists, OuterRef, Q, Value
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


def _held_roles(user) -> frozenset[str]:
    """The role groups ``user`` holds, read together with the coordinator answer in ONE query.

    Kept on the user object, which lives for one request (the session loads a fresh one each time),
    so a page never shows a role that was taken away in an earlier request; :func:`assign_role` and
    ``User.refresh_from_db`` forget it for code that keeps one object longer.
    """
    known = user.__dict__.get(_KNOWN_ROLES)
    if known is not None:
        return known
    columns = {
        f"holds_{role.name.lower()}": Exists(Group.objects.filter(user=OuterRef("pk"), name=role.value))
        for role in Role
    }
    row = User.objects.filter(pk=user.pk).values(**columns, moderates=_moderates(user.pk)).first() or {}
    held = frozenset(role.value for role in Role if row.get(f"holds_{role.name.lower()}"))
    user.__dict__[_KNOWN_ROLES] = held
    if _KNOWN_COORDINATOR not in user.__dict__:
        # The same answer as ``user.has_perm(MODERATE_PERMISSION)``: active, and superuser or permitted.
        user.__dict__[_KNOWN_COORDINATOR] = bool(
            user.is_active and (user.is_superuser or row.get("moderates"))
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
    ensure_role_groups()
    user.groups.add(Group.objects.get(name=role.value))
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
