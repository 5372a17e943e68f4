"""``{% instrument_panels "slot" %}``: the panels apps registered for a slot of the instrument page."""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.utils.safestring import mark_safe

from .. import panels

register = template.Library()


@register.simple_tag(takes_context=True)
def instrument_panels(context, slot):
    """Each panel of ``slot`` (instruments.panels) with something to show, in order, rendered as one."""
    instrument = context["instrument"]
    request = context.get("request")
    viewer = getattr(request, "user", None) or AnonymousUser()
    parts = []
    for panel in panels.panels_in(slot):
        values = panel.context(instrument, viewer, request)
        if values is None:
            continue
        # A context of its own, as an inclusion tag gets: the panel sees only what it asked for.
        panel_context = context.new({"instrument": instrument, "user": viewer, "request": request, **values})
        csrf_token = context.get("csrf_token")
        if csrf_token is not None:
            panel_context["csrf_token"] = csrf_token
        parts.append(context.template.engine.get_template(panel.template).render(panel_context))
    # Each part is a rendered template: escaped already.
    return mark_safe("".join(parts))  # noqa: S308
