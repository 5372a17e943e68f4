import secrets

from django.db.models import QuerySet
from django.utils.text import slugify

# Lowercase letters and digits that cannot be misread for one another.
SUFFIX_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
SUFFIX_LENGTH = 5


def random_suffix() -> str:
    return "".join(secrets.choice(SUFFIX_ALPHABET) for _ in range(SUFFIX_LENGTH))


def unique_slug(
    text: str,
    *,
    queryset: QuerySet,
    reserved: set[str],
    fallback: str,
    exclude_pk: int | None = None,
    private: bool = False,
) -> str:
    """A slug for ``text`` unused in ``queryset`` and never equal to a fixed path segment.

    Reserved words get ``-<fallback>`` appended. A collision gets a short random
    suffix instead of ``-2``, ``-3`` ..., so a slug says nothing about how many
    others share the name. ``private`` objects (those hidden from the public when
    created) always get a random suffix: they never hold a plain slug, so a
    plain name that is taken is taken by something anyone can see, and choosing
    a name reveals nothing about hidden ones (issue 16, finding 6).
    """
    base = slugify(text)[:200] or fallback
    if base in reserved:
        base = f"{base}-{fallback}"
    existing = queryset.exclude(pk=exclude_pk)
    slug = f"{base}-{random_suffix()}" if private else base
    while existing.filter(slug=slug).exists():
        slug = f"{base}-{random_suffix()}"
    return slug
