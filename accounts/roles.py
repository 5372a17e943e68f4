"""Platform-wide roles, held as Django groups so admins can assign them."""

from django.contrib.auth.models import Group, Permission
from django.db import models
from django.db.models import Exists, Q, Value
from django.utils.translation import gettext_lazy as _


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


def is_coordinator(user) -> bool:
    """Network coordinators and admins: they see and moderate everything."""
    if not user.is_authenticated:
        return False
    known = user.__dict__.get(_KNOWN_COORDINATOR)
    if known is None:
        known = user.__dict__[_KNOWN_COORDINATOR] = bool(user.has_perm(MODERATE_PERMISSION))
    return known


def coordinator_flag(user):
    """``is_coordinator(user)`` as an SQL expression, for a page to fold into a query it makes anyway.

    The same answer as ``user.has_perm`` (active, and superuser or holding the permission directly
    or through a group) without its two permission queries; hand the value read back to
    :func:`remember_coordinator` so later checks in the request ask nothing.
    """
    if not user.is_authenticated or not user.is_active:
        return Value(False)
    known = user.__dict__.get(_KNOWN_COORDINATOR)
    if known is not None or user.is_superuser:
        return Value(bool(known or user.is_superuser))
    app_label, codename = MODERATE_PERMISSION.split(".", 1)
    return Exists(
        Permission.objects.filter(content_type__app_label=app_label, codename=codename).filter(
            Q(user=user.pk) | Q(group__user=user.pk)
        )
    )


def remember_coordinator(user, flag) -> None:
    """Record what :func:`coordinator_flag` read for ``user``, for the rest of the request."""
    if user.is_authenticated:
        user.__dict__[_KNOWN_COORDINATOR] = bool(flag)


def has_role(user, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    return user.groups.filter(name=role.value).exists()


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
