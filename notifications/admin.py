from django.contrib import admin

from .models import Follow, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "recipient", "delivery", "read_at", "event_key")
    list_filter = ("kind", "delivery")
    search_fields = ("recipient__email", "event_key")
    raw_id_fields = ("recipient", "actor")
    # Events are facts: admins look, they do not invent or rewrite them.
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "content_type", "object_id", "created_at")
    list_filter = ("content_type",)
    raw_id_fields = ("user",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "kind", "delivery", "updated_at")
    list_filter = ("kind", "delivery")
    raw_id_fields = ("user",)
