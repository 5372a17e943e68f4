from django.contrib import admin

from core.markdown import render_markdown

from .models import Challenge, ChallengeTheme, CommunityChallenge, DevelopmentStep


class ChallengeThemeInline(admin.TabularInline):
    model = ChallengeTheme
    extra = 0


class CommunityChallengeInline(admin.TabularInline):
    model = CommunityChallenge
    extra = 0
    autocomplete_fields = ["community"]
    readonly_fields = ["linked_by", "created_at"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "is_hidden", "created_by", "created_at"]
    list_filter = ["status", "is_hidden"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["created_by"]
    inlines = [ChallengeThemeInline, CommunityChallengeInline]

    def save_model(self, request, obj, form, change):
        obj.description_html = render_markdown(obj.description)
        super().save_model(request, obj, form, change)


@admin.register(DevelopmentStep)
class DevelopmentStepAdmin(admin.ModelAdmin):
    list_display = ["title", "community", "kind", "author", "published_at", "is_hidden"]
    list_filter = ["kind", "is_hidden"]
    search_fields = ["title", "what_we_did", "what_we_learned", "community__name"]
    raw_id_fields = ["community", "author", "instrument"]
    date_hierarchy = "published_at"

    def save_model(self, request, obj, form, change):
        obj.what_we_did_html = render_markdown(obj.what_we_did)
        obj.what_we_learned_html = render_markdown(obj.what_we_learned)
        super().save_model(request, obj, form, change)
