from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import services
from .models import ValueEntry


@admin.register(ValueEntry)
class ValueEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "cycle", "level", "date", "author", "visibility", "is_hidden"]
    list_filter = ["cycle", "level", "visibility", "is_hidden", "capital"]
    search_fields = ["title", "story", "community__name", "author__email", "author__name"]
    date_hierarchy = "date"
    list_select_related = ["community", "author"]
    raw_id_fields = [
        "community",
        "author",
        "sprint",
        "standup",
        "standup_answer",
        "instrument",
        "instrument_use",
        "follows",
        "hidden_by",
    ]
    readonly_fields = ["story_root", "created_at", "updated_at"]
    actions = ["hide_entries", "unhide_entries"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The form validated the chain (model.clean); keep the story root right as the services do.
        services.value_entry_relink(obj)

    def delete_model(self, request, obj):
        services.value_entry_delete(entry=obj)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            services.value_entry_delete(entry=entry)

    @admin.action(description=_("Hide selected entries"))
    def hide_entries(self, request, queryset):
        for entry in queryset.filter(is_hidden=False):
            services.value_entry_hide(actor=request.user, entry=entry)

    @admin.action(description=_("Show selected entries again"))
    def unhide_entries(self, request, queryset):
        for entry in queryset.filter(is_hidden=True):
            services.value_entry_unhide(actor=request.user, entry=entry)
