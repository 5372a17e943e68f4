"""Requests per person and hour, counted in the shared cache, for actions that store nothing.

moderation.ratelimit counts the rows a person created, which needs no state of its own. A
request that creates no row (asking which discussions are alike, which runs the language model)
leaves nothing to count, so it is counted here: one cache key per person, action and clock
hour (a fixed window; a burst across the hour's edge gets at most twice the limit, which is
enough against a script). With Redis down core.cache makes ``add`` and ``incr`` miss, and
``allow`` says yes: we prefer answering to refusing everyone.
"""

from __future__ import annotations

import time

from django.core.cache import cache

WINDOW_SECONDS = 3600


def allow(action: str, who: str | int, *, limit: int, now: float | None = None) -> bool:
    """Count one request of ``who`` for ``action``; False once it is over ``limit`` this hour."""
    moment = time.time() if now is None else now
    key = f"throttle:{action}:{who}:{int(moment // WINDOW_SECONDS)}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:
        # The key expired between add and incr, or the cache is unreachable: a new count.
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return True
