from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Heartbeat


class ReadOnlyMixin:
    """For a model admin or inline of rows that only the services write: admins read them, never edit them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "last_success_at", "interval_seconds", "late")
    readonly_fields = ("name", "interval_seconds", "last_started_at", "last_success_at", "last_result")

    @admin.display(boolean=True, description=_("late (no success for two intervals)"))
    def late(self, obj):
        return obj.is_late()

    def has_add_permission(self, request):
        return False
