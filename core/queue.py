"""Queue Celery work without letting a broker outage reach the user."""

import logging
from functools import partial

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def send(task, args=(), kwargs=None, **options) -> None:
    """Queue ``task`` now (``options`` such as countdown go to apply_async); never raises on a failure."""
    try:
        task.apply_async(args=args, kwargs=kwargs, **options)
    except Exception:
        # The data is committed; a periodic scan (or the user) picks the work up
        # again. Celery's own ``delay_on_commit`` would raise here instead, after
        # the commit, and turn a saved form into a server error.
        logger.exception("Could not queue %s%r", getattr(task, "name", task), args)


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits; never raises on a broker failure."""
    transaction.on_commit(partial(send, task, args, kwargs))


def send_debounced(task, key: str, seconds: int) -> None:
    """Queue ``task`` to run in ``seconds``, once however often this is called in that window.

    For refreshes of stored results: a burst of writes becomes one run that sees them all. The
    cache fails open (one run more is harmless); should the broker be down, the periodic run of the
    same task in beat picks the work up.
    """
    try:
        first = cache.add(key, 1, timeout=seconds)
    except Exception:
        logger.warning("Cache unavailable; queueing %s without debounce", getattr(task, "name", task))
        first = True
    if first:
        send(task, countdown=seconds)
