"""Who may do what with routes: coordinators curate, everyone reads what is published."""

from accounts.roles import is_coordinator

from .models import Route


def can_curate(user) -> bool:
    """Create and edit routes: network coordinators and admins."""
    return is_coordinator(user)


def can_view_route(user, route: Route) -> bool:
    return route.is_published or can_curate(user)


def can_bookmark(user, route: Route) -> bool:
    return bool(user.is_authenticated and can_view_route(user, route))
