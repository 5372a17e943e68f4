"""Celery tasks that keep the stored associations (discovery.models.Association) up to date.

``discovery.refresh_stale`` computes the subjects that changes marked (queued once per
debounce window when such a change commits, and run by beat as a safety net);
``discovery.refresh_all`` recomputes everything on a slower schedule, which also brings
in what no mark covers (a new instrument entering other instruments' lists, ratings).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache

from core.queue import send

from . import services

logger = logging.getLogger(__name__)

QUEUED_KEY = "discovery:stale-refresh-queued"


@shared_task(name="discovery.refresh_stale", ignore_result=True)
def refresh_stale() -> int:
    done = 0
    # Drain in batches until no marks are left: writes during a long refresh are picked up here.
    while True:
        count = services.associations_refresh_stale()
        done += count
        if not count:
            return done


@shared_task(name="discovery.refresh_all", ignore_result=True)
def refresh_all() -> int:
    return services.associations_refresh_all()


@shared_task(name="discovery.refresh_meaning", ignore_result=True)
def refresh_meaning() -> int:
    """The "similar in meaning" lists of every instrument, after instrument vectors changed.

    All of them: a changed vector can enter or leave any other instrument's list, and one
    matrix product per instrument is cheap beside the model run that triggered it.
    """
    return services.associations_compute_meaning_all()


def queue_stale_refresh() -> None:
    """Queue one refresh_stale within the debounce window, however many changes commit in it."""
    delay = settings.ASSOCIATION_REFRESH_DEBOUNCE_SECONDS
    try:
        first = cache.add(QUEUED_KEY, 1, timeout=delay)
    except Exception:
        # The cache fails open: queue anyway (a refresh more is harmless).
        logger.warning("Cache unavailable; queueing an association refresh without debounce")
        first = True
    if first:
        # Should the broker be down, the marks stay; the periodic refresh_stale of beat drains them.
        send(refresh_stale, countdown=delay)
