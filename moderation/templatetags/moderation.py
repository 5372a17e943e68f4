from django import template

from moderation import permissions, selectors
from moderation.registry import get_kind

register = template.Library()


def _user(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return user


@register.inclusion_tag("moderation/partials/nav_link.html", takes_context=True)
def moderation_nav(context):
    """The queue link with what waits, for coordinators only (two COUNT queries)."""
    user = _user(context)
    if not permissions.can_moderate(user):
        return {"show": False}
    request = context.get("request")
    current = getattr(getattr(request, "resolver_match", None), "namespace", "") == "moderation"
    return {"show": True, "counts": selectors.queue_counts(), "current": current}


@register.inclusion_tag("moderation/partials/report_link_tag.html", takes_context=True)
def report_link(context, target, kind):
    """A "Report" link for logged-in users who are not the item's author."""
    user = _user(context)
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


@register.inclusion_tag("moderation/partials/instrument_actions_tag.html", takes_context=True)
def instrument_moderation_actions(context, instrument):
    """History, insights and co-owners for owners and coordinators; review for coordinators."""
    from instruments import permissions as instrument_permissions
    from instruments.models import InstrumentStatus

    user = _user(context)
    is_moderator = permissions.can_moderate(user)
    is_owner = instrument_permissions.is_owner(user, instrument)
    return {
        "instrument": instrument,
        "is_moderator": is_moderator,
        "manages": is_moderator or is_owner,
        "waiting": instrument.status == InstrumentStatus.SUBMITTED,
        "request": context.get("request"),
        "user": user,
    }


@register.inclusion_tag("moderation/partials/instrument_panel_tag.html", takes_context=True)
def instrument_moderation_panel(context, instrument):
    """For owners and coordinators: the coordinator's reason, a pending change, a hidden state."""
    from instruments import permissions as instrument_permissions
    from instruments import selectors as instrument_selectors

    user = _user(context)
    manages = permissions.can_moderate(user) or instrument_permissions.is_owner(user, instrument)
    if not manages:
        return {"show": False}
    return {
        "show": True,
        "instrument": instrument,
        "revision": instrument_selectors.pending_revision_of(instrument),
        "is_moderator": permissions.can_moderate(user),
    }
