from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.markdown import render_markdown

from . import services
from .models import (
    Challenge,
    ChallengeTheme,
    CommunityChallenge,
    DevelopmentStep,
    InstrumentRequest,
    Post,
    PostRevision,
    RequestSuggestion,
    RequestSupport,
    Thread,
)


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


def _hide_actions(setter):
    """Admin actions that hide and show through the app's service (counters and answers follow)."""

    @admin.action(description=_("Hide the selected items"))
    def hide(modeladmin, request, queryset):
        for obj in queryset:
            setter(obj, True)

    @admin.action(description=_("Show the selected items again"))
    def show(modeladmin, request, queryset):
        for obj in queryset:
            setter(obj, False)

    return [hide, show]


class PostInline(admin.StackedInline):
    model = Post
    extra = 0
    fields = ["author", "body", "created_at", "edited_at", "is_pending", "is_hidden"]
    readonly_fields = ["author", "body", "created_at", "edited_at", "is_pending", "is_hidden"]
    can_delete = False
    show_change_link = True


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "kind",
        "challenge",
        "instrument",
        "community",
        "author",
        "reply_count",
        "is_pending",
        "is_hidden",
        "last_activity_at",
    ]
    list_filter = ["kind", "is_pending", "is_hidden"]
    search_fields = ["title", "posts__body"]
    raw_id_fields = ["challenge", "instrument", "community", "author", "answer"]
    readonly_fields = ["reply_count", "last_activity_at", "is_hidden"]
    inlines = [PostInline]
    actions = _hide_actions(lambda t, hidden: services.thread_set_hidden(thread=t, hidden=hidden))


class PostRevisionInline(admin.TabularInline):
    model = PostRevision
    extra = 0
    readonly_fields = ["body", "editor", "replaced_at"]
    can_delete = False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "created_at", "edited_at", "is_pending", "is_hidden"]
    list_filter = ["is_pending", "is_hidden"]
    search_fields = ["body", "thread__title"]
    raw_id_fields = ["thread", "author", "reply_to"]
    readonly_fields = ["is_hidden", "is_pending"]
    inlines = [PostRevisionInline]
    actions = _hide_actions(lambda p, hidden: services.post_set_hidden(post=p, hidden=hidden))

    def save_model(self, request, obj, form, change):
        obj.body_html = render_markdown(obj.body)
        super().save_model(request, obj, form, change)


class RequestSuggestionInline(admin.TabularInline):
    model = RequestSuggestion
    extra = 0
    raw_id_fields = ["instrument", "author"]
    readonly_fields = ["is_hidden"]


class RequestSupportInline(admin.TabularInline):
    model = RequestSupport
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(InstrumentRequest)
class InstrumentRequestAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "demand",
        "phase",
        "theme",
        "challenge",
        "author",
        "is_hidden",
        "created_at",
    ]
    list_filter = ["status", "phase", "theme", "is_hidden"]
    search_fields = ["title", "description"]
    raw_id_fields = ["author", "challenge", "fulfilled_by"]
    readonly_fields = ["demand", "is_hidden"]
    inlines = [RequestSupportInline, RequestSuggestionInline]
    actions = _hide_actions(lambda r, hidden: services.request_set_hidden(request=r, hidden=hidden))

    def save_model(self, request, obj, form, change):
        obj.description_html = render_markdown(obj.description)
        super().save_model(request, obj, form, change)
