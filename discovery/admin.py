from django.contrib import admin

from .models import Route, RouteBookmark, RouteStep


class RouteStepInline(admin.TabularInline):
    model = RouteStep
    extra = 1
    autocomplete_fields = ["instrument"]
    ordering = ["position", "id"]


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ["title", "is_published", "curated_by", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "purpose"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["curated_by"]
    inlines = [RouteStepInline]


@admin.register(RouteBookmark)
class RouteBookmarkAdmin(admin.ModelAdmin):
    list_display = ["route", "user", "created_at"]
    raw_id_fields = ["user", "route"]
