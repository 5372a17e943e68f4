from django import template
from django.urls import reverse

from communities import permissions as community_permissions

from .. import permissions, services

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_links(context, community):
    """The feed URLs this user may use for ``community``: public and/or personal (with token)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    links = {"public": None, "private": None}
    if permissions.can_use_public_feed(community):
        links["public"] = request.build_absolute_uri(
            reverse("reminders:calendar", kwargs={"slug": community.slug})
        )
    if (
        user is not None
        and user.is_authenticated
        and community_permissions.can_view_workspace(user, community)
    ):
        token = services.calendar_token_for(user)
        links["private"] = request.build_absolute_uri(
            reverse("reminders:calendar_private", kwargs={"slug": community.slug, "token": token})
        )
    for key in ("public", "private"):
        url = links[key]
        links[f"{key}_webcal"] = "webcal://" + url.split("://", 1)[1] if url else None
    return links
