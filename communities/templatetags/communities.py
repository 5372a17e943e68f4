from django import template

from communities import selectors

register = template.Library()


@register.inclusion_tag("communities/instrument_uses_tag.html", takes_context=True)
def instrument_uses(context, instrument):
    """In which communities an instrument was used, as far as the viewer may know."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        from django.contrib.auth.models import AnonymousUser

        user = AnonymousUser()
    return {"summary": selectors.instrument_use_summary(user, instrument)}
