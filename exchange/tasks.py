"""Celery tasks that keep the challenge page's stored instrument ranking up to date.

``exchange.refresh_rankings`` computes the rankings that changes marked stale (queued once per
debounce window when such a change commits, and run by beat as a safety net);
``exchange.refresh_all_rankings`` recomputes every one now and then, for what no mark covers (a
community made members-only by moderation's bulk update; the page already leaves it out).
"""

from celery import shared_task
from django.conf import settings

from core.queue import send_debounced

from . import services

QUEUED_KEY = "exchange:ranking-refresh-queued"


@shared_task(name="exchange.refresh_rankings", ignore_result=True)
def refresh_rankings() -> int:
    return services.challenge_rankings_refresh()


@shared_task(name="exchange.refresh_all_rankings", ignore_result=True)
def refresh_all_rankings() -> int:
    return services.challenge_rankings_refresh(everything=True)


def queue_ranking_refresh() -> None:
    send_debounced(refresh_rankings, QUEUED_KEY, settings.ASSOCIATION_REFRESH_DEBOUNCE_SECONDS)
