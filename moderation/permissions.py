"""Who may moderate and who may report: the one place these rules live."""

from accounts.roles import is_coordinator

from .registry import ModerationAdapter


def can_moderate(user) -> bool:
    """The queue, decisions, the log, suspensions: network coordinators and admins."""
    return is_coordinator(user)


def can_report(user, kind: ModerationAdapter, obj) -> bool:
    """Anyone logged in may report what they can see, except their own contributions."""
    return bool(user.is_authenticated and user.is_active and not kind.is_author(user, obj))
