"""Small groups stay unreadable in aggregates shown to people outside them.

A count of members-only communities on a public page ("used in 1 community that
keeps its work to its members") can single one out. Such counts are given only
from ``SMALL_GROUP_MIN`` upward; below it the page says "some" (issue 16,
finding 8). Scan results have their own, stricter rules (scans/selectors.py).
"""

SMALL_GROUP_MIN = 3


def count_or_some(n: int) -> int | None:
    """``n`` when it is 0 or at least ``SMALL_GROUP_MIN``; None ("some") for 1 or 2."""
    return n if n == 0 or n >= SMALL_GROUP_MIN else None
