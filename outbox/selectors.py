"""Reads of the outbox: whether a mail is still queued or was sent."""

from __future__ import annotations

from .models import OutboxMail


def mail_statuses(kind: str, keys) -> dict[str, str]:
    """key → status of the newest mail of ``kind`` for that key (any recipient), in one query."""
    statuses: dict[str, str] = {}
    for key, status in (
        OutboxMail.objects.filter(kind=kind, key__in=list(keys))
        .order_by("created_at", "pk")
        .values_list("key", "status")
    ):
        statuses[key] = status
    return statuses


def mail_status(kind: str, key: str) -> str | None:
    return mail_statuses(kind, [key]).get(key)
