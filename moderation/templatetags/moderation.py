from django import template

from moderation import permissions, selectors
from moderation.registry import get_kind

register = template.Library()


def context_user(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return user


@register.inclusion_tag("moderation/partials/nav_link.html", takes_context=True)
def moderation_nav(context):
    """The queue link with what waits, for coordinators only (two COUNT queries)."""
    user = context_user(context)
    if not permissions.can_moderate(user):
        return {"show": False}
    request = context.get("request")
    current = getattr(getattr(request, "resolver_match", None), "namespace", "") == "moderation"
    return {"show": True, "counts": selectors.queue_counts(), "current": current}


@register.inclusion_tag("moderation/partials/report_link_tag.html", takes_context=True)
def report_link(context, target, kind):
    """A "Report" link for logged-in users who are not the item's author."""
    user = context_user(context)
    content_kind = get_kind(kind)
    show = bool(
        target is not None
        and content_kind is not None
        and not getattr(target, "is_hidden", False)
        and permissions.can_report(user, content_kind, target)
    )
    request = context.get("request")
    return {
        "show": show,
        "kind": kind,
        "target": target,
        "next": request.get_full_path() if request is not None else "",
        "label": content_kind.label if content_kind else "",
    }
