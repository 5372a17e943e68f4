"""Per-user hourly limits on creating content, counted from the rows themselves.

Counting the user's own recent rows in the database needs no extra state,
works the same with or without Redis, and cannot drift from what was really
created. Limits are read from ``settings.MODERATION_RATE_LIMITS`` (a dict of
action -> creations per hour), falling back to ``DEFAULT_RATE_LIMITS``.
Coordinators and admins are not limited: they clean up, sometimes in bulk.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_coordinator

DEFAULT_RATE_LIMITS = {
    "review": 10,
    "experience": 10,
    "report": 20,
    "submission": 5,
}
WINDOW = timedelta(hours=1)

ACTION_LABELS = {
    "review": _("reviews"),
    "experience": _("experiences"),
    "report": _("reports"),
    "submission": _("instrument submissions"),
}


class RateLimitExceeded(Exception):
    """Raised before a creation that would go over the user's hourly limit."""

    status_code = 429

    def __init__(self, action: str, limit: int):
        self.action = action
        self.limit = limit
        super().__init__(str(self.message))

    @property
    def message(self) -> str:
        return _(
            "You have reached the limit of %(limit)s %(what)s per hour. "
            "Please try again later; what you typed is still in the form."
        ) % {"limit": self.limit, "what": ACTION_LABELS.get(self.action, self.action)}


# Actions of apps above moderation: registered in their AppConfig.ready(), so
# moderation counts their rows without importing them.
_COUNTERS = {}


def register_action(action: str, *, label, limit: int, recent) -> None:
    """Rate-limit ``action``: ``recent(user, since)`` counts the user's creations since then."""
    DEFAULT_RATE_LIMITS.setdefault(action, limit)
    ACTION_LABELS.setdefault(action, label)
    _COUNTERS[action] = recent


def limit_for(action: str) -> int:
    configured = getattr(settings, "MODERATION_RATE_LIMITS", None) or {}
    return int(configured.get(action, DEFAULT_RATE_LIMITS[action]))


def recent_count(user, action: str) -> int:
    since = timezone.now() - WINDOW
    if action in _COUNTERS:
        return _COUNTERS[action](user, since)
    if action == "review":
        from instruments.models import Review

        return Review.objects.filter(author=user, created_at__gte=since).count()
    if action == "experience":
        from instruments.models import Experience

        return Experience.objects.filter(author=user, created_at__gte=since).count()
    if action == "report":
        from .models import Report

        return Report.objects.filter(reporter=user, created_at__gte=since).count()
    if action == "submission":
        from instruments.models import ChangeAction, InstrumentChange

        return InstrumentChange.objects.filter(
            actor=user, action=ChangeAction.CREATED, created_at__gte=since
        ).count()
    raise ValueError(f"Unknown rate-limited action {action!r}")


def check_rate_limit(user, action: str) -> None:
    """Raise :class:`RateLimitExceeded` when ``user`` may not create another ``action`` now."""
    if not user.is_authenticated or is_coordinator(user):
        return
    limit = limit_for(action)
    if recent_count(user, action) >= limit:
        raise RateLimitExceeded(action, limit)
