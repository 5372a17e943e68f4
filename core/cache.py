"""The shared cache on Redis, failing open: a Redis that is down or slow costs a miss, never a page.

With ``REDIS_URL`` set, settings make this the ``default`` cache, so every web server behind a
load balancer shares rate limits, counts and fragments. Every operation that cannot reach
Redis behaves as a miss (``get`` returns the default, ``add``/``set`` store nothing, ``incr``
raises the ValueError of a missing key, which callers already handle by starting a new
count), logged once a minute at most. Rate limits therefore do not count while Redis is down:
we prefer answering pages to refusing everyone.
"""

from __future__ import annotations

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
_LOG_EVERY_SECONDS = 60
_last_logged = 0.0


def _log(operation: str, error: Exception) -> None:
    global _last_logged
    now = time.monotonic()
    if now - _last_logged >= _LOG_EVERY_SECONDS:
        _last_logged = now
        logger.warning("Redis cache unavailable (%s: %s); serving without it", operation, error)


class FailOpenRedisCache(RedisCache):
    def _fail_open(self, operation, fallback, *args, **kwargs):
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            _log(operation, error)
            return fallback() if callable(fallback) else fallback

    def get(self, key, default=None, version=None):
        return self._fail_open("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._fail_open("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._fail_open("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._fail_open("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._fail_open("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._fail_open("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        def missing():
            raise ValueError(f"Key '{key}' not found (Redis unavailable)")

        return self._fail_open("incr", missing, key, delta, version)

    def clear(self):
        return self._fail_open("clear", None)
