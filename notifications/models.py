"""Follows, notifications and how each person wants to hear about each kind.

Notifications point at their target through a generic relation and store no
text: the title and link are rendered when shown or mailed, in the reader's
language, after checking again that the reader may still see the target
(see ``registry``). That way a notification can neither go stale nor leak what
its recipient lost access to.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabelsMixin


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("A reply in a thread I follow")
    ANSWER = "answer", _("An answer to my question")
    MENTION = "mention", _("Someone mentions me")
    NEW_THREAD = "new_thread", _("A new thread on something I follow")
    QUESTION_ON_INSTRUMENT = "question_on_instrument", _("A question about my instrument")
    REQUEST_ACTIVITY = "request_activity", _("A 'me too' or suggestion on my instrument request")
    JOIN_REQUEST = "join_request", _("A request to join a community I facilitate")
    SCAN_ROUND = "scan_round", _("A new scan round in my community")
    REPORT_OUTCOME = "report_outcome", _("The outcome of a report I made")
    ROLE_DECISION = "role_decision", _("A decision about my role")


class Delivery(models.TextChoices):
    APP = "app", _("In the app only")
    MAIL = "mail", _("By mail at once")
    DIGEST = "digest", _("In my daily or weekly digest")


# What someone who never chose gets: mail at once when it is addressed to them
# personally or asks them to act, the digest for what merely happened nearby.
DEFAULT_DELIVERY = {
    NotificationKind.REPLY: Delivery.DIGEST,
    NotificationKind.ANSWER: Delivery.MAIL,
    NotificationKind.MENTION: Delivery.MAIL,
    NotificationKind.NEW_THREAD: Delivery.DIGEST,
    NotificationKind.QUESTION_ON_INSTRUMENT: Delivery.MAIL,
    NotificationKind.REQUEST_ACTIVITY: Delivery.DIGEST,
    NotificationKind.JOIN_REQUEST: Delivery.MAIL,
    NotificationKind.SCAN_ROUND: Delivery.MAIL,
    NotificationKind.REPORT_OUTCOME: Delivery.MAIL,
    NotificationKind.ROLE_DECISION: Delivery.MAIL,
}


class Follow(models.Model):
    """A person follows an object (a thread, a challenge, an instrument ...) of any app."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="follow_once"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target")]

    def __str__(self):
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class Notification(ChoiceLabelsMixin, models.Model):
    """One event for one recipient; unique per (event_key, recipient), so a retry never duplicates."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    event_key = models.CharField(_("event"), max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # Codes, never sentences (e.g. a moderation decision): text is rendered when shown.
    data = models.JSONField(default=dict, blank=True)
    # How the recipient wanted this kind when it happened; the digest and the
    # mail path select on it.
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["event_key", "recipient"], name="notification_once_per_event"),
        ]
        indexes = [
            # The bell: COUNT of a person's unread rows.
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            models.Index(fields=["delivery", "created_at"], name="notification_delivery"),
        ]

    def __str__(self):
        return f"{self.kind} · {self.event_key} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(ChoiceLabelsMixin, models.Model):
    """A person's choice for one kind; kinds without a row use DEFAULT_DELIVERY."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_preference_once"),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.kind}: {self.delivery}"
