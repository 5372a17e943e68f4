"""Model building blocks shared by the apps, and the table versions of the page cache."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailInvitation(models.Model):
    """A single-use, expiring link mailed to one address (community membership, instrument co-ownership)."""

    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_used(self) -> bool:
        return self.accepted_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_pending(self) -> bool:
        return not self.is_used and not self.is_expired


class TableVersion(models.Model):
    """A number per table, raised after every committed write to that table.

    Pages cached by core.pagecache are kept with the versions of the tables
    their render read, so a write misses exactly the pages that read what it
    changed. core.contentversion raises them.
    """

    name = models.CharField(_("table"), max_length=255, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("table version")
        verbose_name_plural = _("table versions")

    def __str__(self):
        return f"{self.name}: {self.version}"


class Heartbeat(models.Model):
    """When a periodic job last finished: shown in /healthz/ and admin, so a stalled scan is seen."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    interval_seconds = models.PositiveIntegerField(_("interval (seconds)"), default=300)
    last_started_at = models.DateTimeField(_("last started at"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success at"), null=True, blank=True)
    last_result = models.JSONField(_("last result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def is_late(self, now=None) -> bool:
        """No success for more than two intervals (or never)."""
        if self.last_success_at is None:
            return True
        now = now or timezone.now()
        return (now - self.last_success_at).total_seconds() > 2 * self.interval_seconds
