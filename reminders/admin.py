from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import ReminderPreference, SentReminder


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = (
        "kind",
        "occurrence",
        "recipient",
        "community",
        "status",
        "attempts",
        "created_at",
        "sent_at",
    )
    list_filter = ("status", "kind")
    search_fields = ("occurrence", "recipient__email", "community__name")
    list_select_related = ("recipient", "community")
    date_hierarchy = "created_at"
    raw_id_fields = ("recipient", "community")
    readonly_fields = (
        "kind",
        "occurrence",
        "recipient",
        "community",
        "payload",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "enqueued_at",
        "claimed_at",
        "sent_at",
    )
    actions = ["requeue"]

    def has_add_permission(self, request):
        # The log is written by the scan; a hand-made row would bypass the decision rules.
        return False

    @admin.action(description=_("Send again (failed, skipped or outcome unknown)"))
    def requeue(self, request, queryset):
        count = services.reminder_requeue(actor=request.user, reminders=list(queryset))
        self.message_user(
            request,
            ngettext(
                "%(count)d reminder will be sent again with the next scan.",
                "%(count)d reminders will be sent again with the next scan.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
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
