"""Template tags for the scans slots on community pages (the instrument page's: scans/panels.py)."""

from django import template

from scans import permissions, selectors

register = template.Library()


@register.simple_tag
def scans_can_view(user, community) -> bool:
    return permissions.can_view(user, community)


@register.inclusion_tag("scans/partials/community_panel_content.html", takes_context=True)
def scans_community_panel(context, community):
    user = context["user"]
    visible = permissions.can_view(user, community)
    return {
        "community": community,
        "visible": visible,
        "rounds": selectors.recent_rounds(community, limit=5) if visible else [],
        "can_manage": visible and permissions.can_manage_rounds(user, community),
    }


@register.filter
def stat_at(stats, index):
    """``dimension.stats|stat_at:i`` — the i-th round's aggregate."""
    try:
        return stats[index]
    except (IndexError, TypeError):
        return None
