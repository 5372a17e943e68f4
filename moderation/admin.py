from django.contrib import admin

from core.admin import ReadOnlyMixin

from .models import Decision, FlaggedItem, Report


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The moderation record is written by the services only: admins read it, never edit it."""


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "kind", "target_label", "target_user", "reason"]
    list_filter = ["action", "kind"]
    search_fields = ["target_label", "reason", "actor__email", "target_user__email"]
    list_select_related = ["actor", "target_user"]
    date_hierarchy = "created_at"


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    fields = ["reporter", "reason", "text", "created_at", "resolved_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FlaggedItem)
class FlaggedItemAdmin(ReadOnlyAdmin):
    list_display = ["label", "kind", "object_id", "state", "opened_at", "decided_at"]
    list_filter = ["state", "kind"]
    search_fields = ["label"]
    inlines = [ReportInline]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["item", "reporter", "reason", "created_at", "resolved_at"]
    list_filter = ["reason"]
    search_fields = ["reporter__email", "text"]
    list_select_related = ["item", "reporter"]
