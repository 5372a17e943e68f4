"""Dates as people write them in the interface language.

Django's "M" format capitalises month abbreviations ("Okt"); Dutch writes them
in lower case ("okt"), which is what "b" gives. English keeps "Oct".
"""

from django.utils import formats
from django.utils.translation import get_language


def localised_format(fmt: str) -> str:
    """``fmt`` with "M" turned into "b" when the active language is Dutch."""
    if (get_language() or "nl").startswith("nl"):
        return fmt.replace("M", "b")
    return fmt


def short_date(value, fmt: str = "j M Y") -> str:
    """``value`` formatted with ``fmt`` (a Django date format) in the active language's style."""
    if value in (None, ""):
        return ""
    return formats.date_format(value, localised_format(fmt))
