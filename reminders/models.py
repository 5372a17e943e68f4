"""Who gets which reminder, and the log that makes every reminder go out once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabelsMixin
from outbox.models import DeliveryRecord, DeliveryStatus


class ReminderKind(models.TextChoices):
    STANDUP = "standup", _("Stand-up reminder")
    SPRINT_START = "sprint_start", _("Sprint start")
    SPRINT_END = "sprint_end", _("Sprint end")
    BLOCKERS = "blockers", _("Blockers after a stand-up")
    VALUE_FOLLOWUP = "value_followup", _("Value follow-up")
    DIGEST = "digest", _("Digest")
    # Transactional: the reply to something the recipient asked for; not opt-out.
    JOIN_DECISION = "join_decision", _("Join request decision")


# Kinds a user may switch off; each maps to a boolean on ReminderPreference
# (the digest has a frequency instead).
OPTIONAL_KINDS = (
    ReminderKind.STANDUP,
    ReminderKind.SPRINT_START,
    ReminderKind.SPRINT_END,
    ReminderKind.BLOCKERS,
    ReminderKind.VALUE_FOLLOWUP,
    ReminderKind.DIGEST,
)


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", _("Off")


class ReminderPreference(ChoiceLabelsMixin, models.Model):
    """One row per user who changed a setting; users without a row get the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference"
    )
    standup = models.BooleanField(_("stand-up reminders"), default=True)
    sprint_start = models.BooleanField(_("sprint start"), default=True)
    sprint_end = models.BooleanField(_("sprint end"), default=True)
    blockers = models.BooleanField(
        _("blockers after a stand-up"), default=True, help_text=_("Only sent to facilitators.")
    )
    value_followup = models.BooleanField(_("value follow-ups"), default=True)
    digest_frequency = models.CharField(
        _("digest"), max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.WEEKLY
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self):
        return str(self.user)

    def wants(self, kind: str) -> bool:
        if kind == ReminderKind.DIGEST:
            return self.digest_frequency != DigestFrequency.OFF
        if kind in OPTIONAL_KINDS:
            return getattr(self, kind)
        return True


class CalendarFeed(models.Model):
    """A person's secret calendar link for one community.

    A calendar app sends no cookies, so the URL itself says who asks. The token
    is random (it says nothing about the person), stands for one person in one
    community, and is revoked by deleting the row: the URL answers 404 from then on.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        ordering = ["community__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "community"], name="calendar_feed_per_person_and_community"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.community}"


# The delivery states are the outbox's: reminders are delivered by the same code (outbox.delivery).
SentStatus = DeliveryStatus


class SentReminder(ChoiceLabelsMixin, DeliveryRecord):
    """The sent-log: one row per (kind, occurrence, recipient), inserted when we decide to send.

    The unique constraint is what makes a reminder go out once: a second scan,
    a second beat or a redelivered task finds the row and leaves it alone.
    Delivery (claim, hand over, mark, retry) is the outbox's, see outbox.delivery;
    the row's status and timestamps are its :class:`~outbox.models.DeliveryRecord`.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    occurrence = models.CharField(_("occurrence"), max_length=200)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_reminders"
    )
    community = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "occurrence", "recipient"], name="sent_reminder_once_per_occurrence"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="sent_reminder_due"),
            models.Index(fields=["kind", "-created_at"], name="sent_reminder_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.occurrence} → {self.recipient_id}"
