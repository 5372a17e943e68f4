from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced or removed.

    ``{% query_replace page=3 %}`` keeps every filter and changes the page;
    a value of ``None`` removes the parameter.
    """
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + params.urlencode() if params else "?"


@register.simple_tag(takes_context=True)
def query_without(context, key, value=None):
    """The current query string without one filter value (or the whole key)."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if value is None:
        params.pop(key, None)
    else:
        remaining = [v for v in params.getlist(key) if v != str(value)]
        params.setlist(key, remaining)
    items = [(k, v) for k in params for v in params.getlist(k) if v != ""]
    return "?" + urlencode(items) if items else "?"


@register.filter
def stars(value):
    """A rating from 0 to 5 rendered as five characters of filled/empty stars."""
    try:
        filled = round(float(value or 0))
    except (TypeError, ValueError):
        filled = 0
    filled = max(0, min(5, filled))
    return "★" * filled + "☆" * (5 - filled)


@register.filter
def percent_of(value, total):
    try:
        return round(100 * float(value) / float(total)) if total else 0
    except (TypeError, ValueError, ZeroDivisionError):
        return 0


@register.filter
def is_choice_group(bound_field) -> bool:
    """Radio buttons and checkbox lists get a fieldset and legend instead of a label."""
    from django.forms import CheckboxSelectMultiple, RadioSelect

    return isinstance(bound_field.field.widget, RadioSelect | CheckboxSelectMultiple)


@register.filter
def is_checkbox(bound_field) -> bool:
    from django.forms import CheckboxInput

    return isinstance(bound_field.field.widget, CheckboxInput)


@register.filter
def short_date(value, fmt="j M Y"):
    """``{{ day|short_date:"j M Y" }}``: like ``date``, with lower-case Dutch month abbreviations."""
    from core.dates import short_date as format_short_date

    return format_short_date(value, fmt)
