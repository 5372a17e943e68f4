from django import template
from django.urls import reverse

from communities import permissions as community_permissions

from .. import permissions, selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def calendar_links(context, community):
    """The feed URLs this user may use for ``community``: public and/or personal (with token)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    links = {"public": None, "private": None, "member": False}
    if permissions.can_use_public_feed(community):
        links["public"] = request.build_absolute_uri(
            reverse("reminders:calendar", kwargs={"slug": community.slug})
        )
    if (
        user is not None
        and user.is_authenticated
        and community_permissions.can_view_workspace(user, community)
    ):
        # Showing the page writes nothing: the link is made by a POST (calendar_create).
        links["member"] = True
        feed = selectors.calendar_feeds_of(user).filter(community=community).first()
        if feed is not None:
            links["private"] = request.build_absolute_uri(
                reverse("reminders:calendar_private", kwargs={"slug": community.slug, "token": feed.token})
            )
    for key in ("public", "private"):
        url = links[key]
        links[f"{key}_webcal"] = "webcal://" + url.split("://", 1)[1] if url else None
    return links
