"""SQLite support: the SQL function of the search fallback's typo tolerance.

PostgreSQL uses pg_trgm instead of ``lc_title_similarity``. (The triggers of
the cached counts belong to the apps whose tables they watch: instruments/sqlite.py
and valuecreation/sqlite.py.)
"""

import difflib
import re


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", (text or "").lower())


def title_similarity(query, title) -> float:
    """0..1: how close ``query`` is to ``title`` or to one of its words, ignoring spaces and hyphens.

    "co creatie wiel" matches "Co-creatiewiel" fully; "partnerschapkaart" matches
    "Partnerschapskaart" at about 0.97.
    """
    target = _compact(query)
    if len(target) < 4 or not title:
        return 0.0
    candidates = [_compact(title)] + [_compact(word) for word in str(title).split()]
    return max(difflib.SequenceMatcher(None, target, c, autojunk=False).ratio() for c in candidates if c)


def register_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("lc_title_similarity", 2, title_similarity, deterministic=True)
