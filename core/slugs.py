from django.db.models import QuerySet
from django.utils.text import slugify


def unique_slug(
    text: str, *, queryset: QuerySet, reserved: set[str], fallback: str, exclude_pk: int | None = None
) -> str:
    """A slug for ``text`` unused in ``queryset`` and never equal to a fixed path segment.

    Reserved words get ``-<fallback>`` appended; collisions get ``-2``, ``-3`` ...
    """
    base = slugify(text)[:200] or fallback
    if base in reserved:
        base = f"{base}-{fallback}"
    slug, n = base, 2
    existing = queryset.exclude(pk=exclude_pk)
    while existing.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
