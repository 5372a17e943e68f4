import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import heartbeats

logger = logging.getLogger(__name__)


@require_safe
def privacy(request):
    return render(request, "core/privacy.html", {"contact_email": settings.CONTACT_EMAIL})


@require_safe
def accessibility(request):
    return render(request, "core/accessibility.html", {"contact_email": settings.CONTACT_EMAIL})


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means "down" to a health check
        logger.exception("health check: database unreachable")
        return "down"
    return "ok"


def _broker_status() -> str:
    # The project's Celery app (lcplatform/celery.py, current once Django starts), reached without
    # importing the project package: core sits below everything else.
    from celery import current_app as app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:
        logger.warning("health check: broker unreachable", exc_info=True)
        return "down"
    return "ok"


@never_cache
@require_safe
def healthz(request):
    database = _database_status()
    broker = _broker_status()
    body = {
        "status": "ok" if database == "ok" else "error",
        "database": database,
        "broker": broker,
        "broker_transport": "redis" if settings.REDIS_URL else "filesystem",
        # When each periodic job (the reminder scan) last succeeded, and whether it is late.
        "periodic": heartbeats.status() if database == "ok" else {},
    }
    # A broker outage degrades reminders, not pages: only the database decides 200/503.
    return JsonResponse(body, status=200 if database == "ok" else 503)
