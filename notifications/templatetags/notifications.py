from django import template

from notifications import registry, selectors

register = template.Library()


@register.inclusion_tag("notifications/partials/bell.html", takes_context=True)
def notification_bell(context):
    """The header link with the unread count: one COUNT query, signed-in people only."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    current = getattr(getattr(request, "resolver_match", None), "namespace", "") == "notifications"
    return {"show": True, "count": selectors.unread_count(user), "current": current}


@register.simple_tag(takes_context=True)
def follow_state(context, target):
    """For follow_button.html: whether to show it, and whether the reader follows ``target``."""
    request = context.get("request")
    user = getattr(request, "user", None)
    entry = registry.target_type(type(target)) if target is not None else None
    if user is None or not user.is_authenticated or entry is None or not entry.followable:
        return {"show": False}
    return {
        "show": True,
        "target_type": type(target)._meta.label_lower,
        "following": selectors.is_following(user, target),
    }
