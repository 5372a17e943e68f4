"""Who may see and do what in a community: the one place these rules live.

Seeing a community at all is decided by ``selectors.communities_visible_to``;
the functions here decide what a user may do with a community they can see.
Network coordinators and admins see everything and may manage any community,
but only members take part (answer stand-ups, record instrument use).
"""

from accounts.roles import Role, has_role, is_coordinator

from . import selectors
from .models import Community, Visibility


def is_member(user, community: Community) -> bool:
    return selectors.membership_of(user, community) is not None


def is_facilitator(user, community: Community) -> bool:
    membership = selectors.membership_of(user, community)
    return membership is not None and membership.is_facilitator


def can_view(user, community: Community) -> bool:
    return community.visibility == Visibility.PUBLIC or is_coordinator(user) or is_member(user, community)


def can_create(user) -> bool:
    """Facilitators (the platform role), coordinators and admins start communities."""
    return bool(user.is_authenticated and (has_role(user, Role.FACILITATOR) or is_coordinator(user)))


def can_edit(user, community: Community) -> bool:
    """Change the profile, partners, tempelmodel, plan and sprints; manage members."""
    return is_coordinator(user) or is_facilitator(user, community)


def can_view_workspace(user, community: Community) -> bool:
    """Members list, stand-ups and the timeline are for the community itself (and coordinators)."""
    return is_coordinator(user) or is_member(user, community)


def can_participate(user, community: Community) -> bool:
    """Answer stand-ups, record instrument use, keep a learning goal: members only."""
    return is_member(user, community)


def can_request_to_join(user, community: Community) -> bool:
    return bool(
        user.is_authenticated and community.visibility == Visibility.PUBLIC and not is_member(user, community)
    )
