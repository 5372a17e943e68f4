"""Record and read when periodic jobs last succeeded (see core.models.Heartbeat)."""

from __future__ import annotations

import datetime as dt
import logging

from django.utils import timezone

from .models import Heartbeat

logger = logging.getLogger(__name__)


def last_success(name: str) -> dt.datetime | None:
    return Heartbeat.objects.filter(name=name).values_list("last_success_at", flat=True).first()


def beat_success(name: str, *, now: dt.datetime, interval_seconds: int, result: dict | None = None) -> None:
    """Stamp a success; log an error when the previous one is more than two intervals ago."""
    previous = last_success(name)
    if previous is not None and (now - previous).total_seconds() > 2 * interval_seconds:
        logger.error(
            "%s: no successful run between %s and %s (%s s; the interval is %s s)",
            name,
            previous.isoformat(),
            now.isoformat(),
            int((now - previous).total_seconds()),
            interval_seconds,
        )
    Heartbeat.objects.update_or_create(
        name=name,
        defaults={
            "interval_seconds": interval_seconds,
            "last_success_at": max(now, previous) if previous else now,
            "last_result": result or {},
        },
    )


def status(now: dt.datetime | None = None) -> dict:
    """name → {"last_success": ISO time or None, "late": bool}, for /healthz/."""
    now = now or timezone.now()
    return {
        beat.name: {
            "last_success": beat.last_success_at.isoformat() if beat.last_success_at else None,
            "late": beat.is_late(now),
        }
        for beat in Heartbeat.objects.all()
    }
