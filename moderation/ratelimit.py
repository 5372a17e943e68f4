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

# Moderation's own action; the apps add theirs with register_action() (reviews, posts ...).
DEFAULT_RATE_LIMITS = {"report": 20}
WINDOW = timedelta(hours=1)

ACTION_LABELS = {"report": _("reports")}


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


def _recent_reports(user, since) -> int:
    from .models import Report

    return Report.objects.filter(reporter=user, created_at__gte=since).count()


# action -> recent(user, since). The apps above moderation register theirs in their
# AppConfig.ready(), so moderation counts their rows without importing them.
_COUNTERS = {"report": _recent_reports}


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
    try:
        recent = _COUNTERS[action]
    except KeyError:
        raise ValueError(f"Unknown rate-limited action {action!r}") from None
    return recent(user, since)


def check_rate_limit(user, action: str) -> None:
    """Raise :class:`RateLimitExceeded` when ``user`` may not create another ``action`` now."""
    if not user.is_authenticated or is_coordinator(user):
        return
    limit = limit_for(action)
    if recent_count(user, action) >= limit:
        raise RateLimitExceeded(action, limit)
