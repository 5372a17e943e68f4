from django import template

from .. import permissions, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def value_can_log(context, community) -> bool:
    """For the one-click "turn into a value entry" links on community pages."""
    return permissions.can_log(context["request"].user, community)


@register.simple_tag
def value_public_stories(community, limit=5):
    return selectors.public_stories(community, limit)


@register.simple_tag(takes_context=True)
def value_is_insider(context, community) -> bool:
    return permissions.sees_community_entries(context["request"].user, community)


@register.simple_tag
def value_can_view_network(user) -> bool:
    """For the navigation: the same rule as the network view (and no permission queries of its own)."""
    return permissions.can_view_network(user)
