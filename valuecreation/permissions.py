"""Who may see and do what with value entries: the one place these rules live.

Seeing the community at all is decided first by
``communities.selectors.communities_visible_to`` (members-only communities are
404 for outsiders). Within a visible community:

* members (facilitators included) and network coordinators see the entries
  meant for the community; everyone else sees only its public entries;
* members log entries; authors edit their own while they are members;
* facilitators of the community and coordinators hide and unhide entries;
* facilitators and coordinators export the CSV and make the period report:
  coordinators because they support communities and report to the network's
  funders; members do not, because the export holds everyone's stories;
* the network view is for coordinators only.
"""

from accounts.roles import is_coordinator
from communities import permissions as community_permissions


def sees_community_entries(user, community) -> bool:
    return is_coordinator(user) or community_permissions.is_member(user, community)


def can_view_dashboard(user, community) -> bool:
    """Anyone who can see the community; what they see inside depends on ``sees_community_entries``."""
    return community_permissions.can_view(user, community)


def can_log(user, community) -> bool:
    return community_permissions.is_member(user, community)


def can_edit(user, entry) -> bool:
    return bool(
        user.is_authenticated
        and entry.author_id == user.pk
        and community_permissions.is_member(user, entry.community)
    )


def can_hide(user, community) -> bool:
    return is_coordinator(user) or community_permissions.is_facilitator(user, community)


def sees_hidden(user, community) -> bool:
    return can_hide(user, community)


def can_export(user, community) -> bool:
    return is_coordinator(user) or community_permissions.is_facilitator(user, community)


can_report = can_export


def can_view_network(user) -> bool:
    return is_coordinator(user)
