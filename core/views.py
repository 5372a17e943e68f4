import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from instruments import selectors as instrument_selectors

logger = logging.getLogger(__name__)


@require_safe
def home(request):
    context = {
        "latest": instrument_selectors.latest_published(limit=6),
        "published_count": instrument_selectors.published_count(),
    }
    return render(request, "core/home.html", context)


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
    from lcplatform.celery import app

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
    }
    # A broker outage degrades reminders, not pages: only the database decides 200/503.
    return JsonResponse(body, status=200 if database == "ok" else 503)
