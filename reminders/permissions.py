"""Who may read which calendar feed."""

from communities import permissions as community_permissions
from communities.models import Community


def can_use_public_feed(community: Community) -> bool:
    """The plain feed URL: public communities only, and it carries no workspace details."""
    return community.is_public


def can_use_private_feed(user, community: Community) -> bool:
    """The token feed: whoever sees the community's workspace (members, coordinators)."""
    return user.is_active and community_permissions.can_view_workspace(user, community)
