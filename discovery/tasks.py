"""Celery tasks that keep the stored associations (discovery.models.Association) up to date.

``discovery.refresh_stale`` computes the subjects that changes marked (queued once per
debounce window when such a change commits, and run by beat as a safety net);
``discovery.refresh_all`` recomputes everything on a slower schedule, which also brings
in what no mark covers (a new instrument entering other instruments' lists, ratings).
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from core.queue import send_debounced

from . import services

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
    send_debounced(refresh_stale, QUEUED_KEY, settings.ASSOCIATION_REFRESH_DEBOUNCE_SECONDS)
