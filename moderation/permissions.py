"""Who may moderate and who may report: the one place these rules live."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.roles import is_coordinator

from .registry import ModerationAdapter


def can_moderate(user) -> bool:
    """The queue, decisions, the log, suspensions: network coordinators and admins."""
    return is_coordinator(user)


def can_report(user, kind: ModerationAdapter, obj) -> bool:
    """Anyone logged in may report what they can see, except their own contributions."""
    return bool(user.is_authenticated and user.is_active and not kind.is_author(user, obj))


def coordinator_required(view):
    """Logged-in coordinators only: others get the login page (anonymous) or 403.

    Also for the review pages other apps add to the moderation namespace (``registry.register_urls``).
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
