"""Who may see and do what with challenges and development steps: the one place these rules live.

Seeing a challenge is decided by ``selectors.challenges_visible_to``; seeing a
community by ``communities.selectors.communities_visible_to``. The functions
here decide what a user may do with objects they can already see.
"""

from accounts.roles import is_coordinator
from communities import permissions as community_permissions
from communities.models import Community

from .models import Challenge, ChallengeStatus, DevelopmentStep


def can_propose(user) -> bool:
    """Any signed-in person may propose a challenge; a coordinator approves it."""
    return bool(user.is_authenticated and user.is_active)


def can_manage_challenges(user) -> bool:
    """Create, edit, approve and archive challenges: network coordinators and admins."""
    return is_coordinator(user)


def can_edit_challenge(user, challenge: Challenge) -> bool:
    return is_coordinator(user)


def can_follow(user, challenge: Challenge) -> bool:
    return bool(user.is_authenticated and challenge.status != ChallengeStatus.PROPOSED)


def can_link_challenges(user, community: Community) -> bool:
    """Choose the community's challenges: its facilitators (and coordinators, who manage every community)."""
    return community_permissions.can_edit(user, community)


def can_publish_step(user, community: Community) -> bool:
    """Open the step form. Whether the community is public is checked by the service, with a message."""
    return community_permissions.can_edit(user, community)


def can_edit_step(user, step: DevelopmentStep) -> bool:
    """The community's facilitators and coordinators; a former facilitator who wrote it no longer may."""
    return community_permissions.can_edit(user, step.community)
