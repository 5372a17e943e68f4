"""The moderation panels of the instrument page: what owners and coordinators may do with it."""

from django import template

from moderation.permissions import can_moderate
from moderation.templatetags.moderation import context_user

from .. import permissions, selectors
from ..models import InstrumentStatus

register = template.Library()


@register.inclusion_tag("moderation/partials/instrument_actions_tag.html", takes_context=True)
def instrument_moderation_actions(context, instrument):
    """History, insights and co-owners for owners and coordinators; review for coordinators."""
    user = context_user(context)
    is_moderator = can_moderate(user)
    is_owner = permissions.is_owner(user, instrument)
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
    user = context_user(context)
    manages = can_moderate(user) or permissions.is_owner(user, instrument)
    if not manages:
        return {"show": False}
    return {
        "show": True,
        "instrument": instrument,
        "revision": selectors.pending_revision_of(instrument),
        "is_moderator": can_moderate(user),
    }
