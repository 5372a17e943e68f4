"""Reads of places: the municipalities a form offers and the lookup of what someone typed."""

from django.db.models import QuerySet

from .models import Municipality


def current_municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.filter(is_current=True).order_by("name")


def municipality_matching(text: str) -> Municipality | None:
    """The municipality whose CBS code or name is ``text`` (case-insensitive); None if there is none.

    Accepts what the datalist offers ("Amsterdam (GM0363)"), a bare name or a bare code.
    """
    text = (text or "").strip()
    # No name or code holds a NUL, and PostgreSQL refuses one in a query parameter.
    if not text or "\x00" in text:
        return None
    if text.endswith(")") and "(" in text:
        code = text.rsplit("(", 1)[1].rstrip(")").strip()
        found = Municipality.objects.filter(code__iexact=code).first()
        if found is not None:
            return found
        text = text.rsplit("(", 1)[0].strip()
    return (
        Municipality.objects.filter(code__iexact=text).first()
        or Municipality.objects.filter(name__iexact=text).first()
    )
