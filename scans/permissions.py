"""Who may do what with a community's scans and canvases: the one place these rules live.

Seeing the community at all is decided by ``communities.selectors`` (404 for
outsiders of a members-only community). On top of that:

- results, rounds and canvases are for the community itself and network
  coordinators, also in a public community: a scan says how members feel about
  their own collaboration, which is not profile material;
- only members (facilitators included) answer and edit canvases;
- only the community's facilitators open and close rounds and export results.
"""

from communities import permissions as community_permissions


def can_view(user, community) -> bool:
    return community_permissions.can_view_workspace(user, community)


def can_answer(user, community) -> bool:
    return community_permissions.is_member(user, community)


def can_manage_rounds(user, community) -> bool:
    return community_permissions.is_facilitator(user, community)


def can_export(user, community) -> bool:
    return community_permissions.is_facilitator(user, community)


def can_read_open_answers(user, community) -> bool:
    """The anonymised list of open answers is the facilitator's material for the conversation."""
    return community_permissions.is_facilitator(user, community)


def can_edit_canvas(user, community) -> bool:
    return community_permissions.is_member(user, community)
