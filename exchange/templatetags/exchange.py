from django import template
from django.contrib.auth.models import AnonymousUser

from .. import permissions, selectors

register = template.Library()


@register.inclusion_tag("exchange/partials/community_panel_content.html", takes_context=True)
def community_exchange(context, community):
    """The community's challenges and its latest shared steps, for the community profile."""
    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "community": community,
        "challenges": selectors.community_challenges(user, community),
        "steps": selectors.community_steps(community),
        "can_link": permissions.can_link_challenges(user, community),
        "can_publish": permissions.can_publish_step(user, community) and community.is_public,
    }
