"""The outbox: every mail the platform sends is a row before it is a message.

:class:`DeliveryRecord` is the delivery protocol's state (see ``delivery``),
shared by :class:`OutboxMail` (mails rendered when the event happens) and by
the reminders' sent-log, whose rows are rendered when they are sent.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabelsMixin
from core.fields import URLField


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")
    UNKNOWN = "unknown", _("Outcome unknown")
    TOO_LATE = "too_late", _("Too late")


class DeliveryStep(models.TextChoices):
    """How far a row in flight got, from what delivery committed at each step (admin's column and filter).

    Tells the "outcome unknown" rows apart: one never handed to the server was not mailed (and is retried
    by itself); one handed over may have arrived, so sending it again may duplicate it.
    """

    NOT_CLAIMED = "not_claimed", _("Not claimed yet")
    CLAIMED = "claimed", _("Claimed, never handed to the mail server")
    HANDED = "handed", _("Handed to the mail server, no reply")
    ACCEPTED = "accepted", _("Accepted by the mail server")


# Rows that will not change any more by themselves.
FINAL_STATUSES = (
    DeliveryStatus.SENT,
    DeliveryStatus.FAILED,
    DeliveryStatus.SKIPPED,
    DeliveryStatus.UNKNOWN,
    DeliveryStatus.TOO_LATE,
)


class DeliveryRecord(models.Model):
    """What is known about one message at each step: claimed, handed to the server, accepted."""

    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    # Set only once the task is really on the broker; empty means the sweep queues it.
    enqueued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # Committed just before the mail backend is called: a row that stops in
    # "sending" without it never reached the mail server and is safe to retry.
    handed_at = models.DateTimeField(_("handed to the mail server at"), null=True, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def was_handed_over(self) -> bool:
        return self.handed_at is not None

    @property
    def delivery_step(self) -> str | None:
        """A :class:`DeliveryStep` for rows queued, in flight or settled by delivery; None for the others."""
        if self.status == DeliveryStatus.PENDING:
            return DeliveryStep.NOT_CLAIMED
        if self.status == DeliveryStatus.SENT:
            return DeliveryStep.ACCEPTED
        if self.status in (DeliveryStatus.SENDING, DeliveryStatus.UNKNOWN):
            return DeliveryStep.HANDED if self.handed_at else DeliveryStep.CLAIMED
        return None  # failed, skipped, too late: the status and the last error say it all


class OutboxMail(ChoiceLabelsMixin, DeliveryRecord):
    """One mail, once per (kind, key, recipient); written with the change that causes it."""

    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(_("key"), max_length=200)
    # "user:<id>" or "email:<address>": the uniqueness works for invitees without an account.
    recipient_key = models.CharField(_("recipient key"), max_length=260)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbox_mails",
        verbose_name=_("recipient"),
    )
    to = models.EmailField(_("to"), max_length=254)
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body = models.TextField(_("body"), blank=True)
    html = models.TextField(_("HTML body"), blank=True)
    unsubscribe_url = URLField(_("unsubscribe link"), max_length=500, blank=True)
    # Mails built at sending time (mail_enqueue_built): a registered builder and what it needs.
    builder = models.CharField(_("builder"), max_length=60, blank=True)
    ref = models.JSONField(_("reference"), default=dict, blank=True)
    created_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "recipient_key"], name="outbox_mail_once")
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_mail_due"),
            models.Index(fields=["kind", "key"], name="outbox_mail_kind_key"),
        ]

    def __str__(self):
        return f"{self.kind} · {self.key} → {self.to}"
