from django.contrib import admin

from outbox.admin import DELIVERY_FIELDS, DeliveryAdminMixin, DeliveryStepFilter

from .models import ReminderPreference, SentReminder


@admin.register(SentReminder)
class SentReminderAdmin(DeliveryAdminMixin, admin.ModelAdmin):
    """The sent-log; "Send again" and the delivery columns are the outbox's (one way for every mail)."""

    list_display = (
        "kind",
        "occurrence",
        "recipient",
        "community",
        "status",
        "step",
        "attempts",
        "created_at",
        "sent_at",
    )
    list_filter = ("status", DeliveryStepFilter, "kind")
    search_fields = ("occurrence", "recipient__email", "community__name", "message_id")
    list_select_related = ("recipient", "community")
    date_hierarchy = "created_at"
    raw_id_fields = ("recipient", "community")
    readonly_fields = (
        "kind",
        "occurrence",
        "recipient",
        "community",
        "payload",
        "created_at",
        *DELIVERY_FIELDS,
    )


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(admin.ModelAdmin):
    list_display = (
        "user",
        "standup",
        "sprint_start",
        "sprint_end",
        "blockers",
        "value_followup",
        "digest_frequency",
        "updated_at",
    )
    list_filter = ("digest_frequency", "standup", "sprint_start", "sprint_end", "blockers", "value_followup")
    search_fields = ("user__email", "user__name")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("updated_at",)
