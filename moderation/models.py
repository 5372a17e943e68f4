"""Reports, the items they are about, and the audit log of every moderation decision.

Reported content lives in other apps (reviews, experiences, value entries,
communities, instruments). Moderation refers to it by ``kind`` + ``object_id``
(see ``moderation.registry``) rather than a generic foreign key, so the queue
can load each kind in one query. ``kind`` is a free string validated against
the registry when a report is made, so an app adding a reportable kind needs no
moderation migration.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabelsMixin

from .registry import kind_label


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or hurtful")
    INCORRECT = "incorrect", _("Incorrect or misleading")
    PRIVACY = "privacy", _("Shares personal or confidential information")
    OTHER = "other", _("Something else")


class FlagState(models.TextChoices):
    OPEN = "open", _("Waiting for a decision")
    AUTO_HIDDEN = "auto_hidden", _("Hidden after reports, waiting for a decision")
    KEPT = "kept", _("Kept")
    HIDDEN = "hidden", _("Hidden")
    DELETED = "deleted", _("Deleted")


OPEN_STATES = (FlagState.OPEN, FlagState.AUTO_HIDDEN)


class FlaggedItem(ChoiceLabelsMixin, models.Model):
    """One reported piece of content, whatever the number of reports on it.

    The queue lists these (oldest first) with their open reports; a decision
    closes the open reports and sets ``state``. A report after a decision opens
    the item again, and only reports since the last decision count towards
    hiding it automatically.
    """

    kind = models.CharField(_("kind"), max_length=20)
    object_id = models.PositiveBigIntegerField(_("object id"))
    label = models.CharField(_("item"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=FlagState.choices, default=FlagState.OPEN)
    # When the current round of reports started: the queue's "oldest first".
    opened_at = models.DateTimeField(_("reported since"))
    decided_at = models.DateTimeField(_("last decision"), null=True, blank=True)

    class Meta:
        verbose_name = _("reported item")
        verbose_name_plural = _("reported items")
        ordering = ["opened_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="flagged_item_unique")]
        indexes = [models.Index(fields=["state", "opened_at"], name="flagged_queue")]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.object_id}"

    def get_kind_display(self):
        return kind_label(self.kind)

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class Report(ChoiceLabelsMixin, models.Model):
    item = models.ForeignKey(FlaggedItem, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("explanation"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a coordinator decides about the item; open reports have none.
    resolved_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(
        "Decision", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at"]
        constraints = [
            # Reporting the same item twice counts once (until a decision closes the round).
            models.UniqueConstraint(
                fields=["item", "reporter"],
                condition=models.Q(resolved_at__isnull=True),
                name="report_once_per_open_item",
            )
        ]
        indexes = [
            models.Index(fields=["item", "resolved_at"], name="report_open"),
            models.Index(fields=["reporter", "created_at"], name="report_rate"),
        ]

    def __str__(self):
        return f"{self.item} · {self.get_reason_display()}"


class DecisionAction(models.TextChoices):
    APPROVE = "approve", _("Approved instrument")
    REJECT = "reject", _("Rejected instrument")
    REQUEST_CHANGES = "request_changes", _("Requested changes")
    APPROVE_REVISION = "approve_revision", _("Approved proposed change")
    REJECT_REVISION = "reject_revision", _("Rejected proposed change")
    REVERT = "revert", _("Reverted an instrument change")
    AUTO_HIDE = "auto_hide", _("Hidden automatically after reports")
    KEEP = "keep", _("Kept")
    HIDE = "hide", _("Hidden")
    DELETE = "delete", _("Deleted")
    WARN = "warn", _("Hidden and warned the author")
    SUSPEND = "suspend", _("Hidden and suspended the author")
    REINSTATE = "reinstate", _("Lifted a suspension")
    APPROVE_ROLE = "approve_role", _("Approved a role request")
    DECLINE_ROLE = "decline_role", _("Declined a role request")


class Decision(ChoiceLabelsMixin, models.Model):
    """The audit log: who decided what about which item, when and why. Never edited."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the platform acted by itself (automatic hiding)."),
    )
    action = models.CharField(_("action"), max_length=20, choices=DecisionAction.choices)
    kind = models.CharField(_("kind"), max_length=20, blank=True)
    object_id = models.PositiveBigIntegerField(_("object id"), null=True, blank=True)
    # A snapshot of the item's name: the log stays readable after the item changes.
    target_label = models.CharField(_("item"), max_length=200, blank=True)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author concerned"),
    )
    item = models.ForeignKey(
        FlaggedItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    # Machine-readable particulars, e.g. which items a suspension hid (so lifting
    # the suspension shows exactly those again).
    details = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "object_id"], name="decision_target")]

    def __str__(self):
        return f"{self.get_action_display()} · {self.target_label}"

    def get_kind_display(self):
        return kind_label(self.kind)
