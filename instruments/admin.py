from django.contrib import admin, messages
from django.contrib.admin.options import InlineModelAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import history, services
from .forms import ClassifiedInstrumentForm
from .models import (
    Bookmark,
    ChangeAction,
    Classification,
    Experience,
    Instrument,
    InstrumentChange,
    InstrumentLink,
    InstrumentRevision,
    InstrumentStatus,
    InstrumentViewDay,
    OwnerInvitation,
    Review,
)
from .services import INSTRUMENT_FIELDS


class InstrumentAdminForm(ClassifiedInstrumentForm):
    class Meta:
        model = Instrument
        fields = [
            "slug",
            "status",
            "is_hidden",
            "moderation_reason",
            "owners",
            "tags",
            "published_at",
            *INSTRUMENT_FIELDS,
        ]


class InstrumentLinkInline(admin.TabularInline):
    model = InstrumentLink
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    form = InstrumentAdminForm
    list_display = [
        "title",
        "status",
        "is_hidden",
        "format",
        "rating_avg",
        "rating_count",
        "experience_count",
        "published_at",
        "updated_at",
    ]
    list_filter = ["status", "is_hidden", "format", "language", "classifications__facet"]
    search_fields = ["title", "summary", "origin_organisation", "authors"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["owners"]
    readonly_fields = ["rating_count", "rating_avg", "experience_count", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [InstrumentLinkInline]
    actions = ["publish", "archive"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "is_hidden", "moderation_reason", "owners")}),
        (_("Content"), {"fields": ("summary", "goal", "description", "format", "url", "tags")}),
        (_("Classification"), {"fields": ("phase", "pillar", "level", "audience", "theme")}),
        (
            _("Origin and use"),
            {
                "fields": (
                    "origin_organisation",
                    "authors",
                    "year",
                    "language",
                    "licence",
                    "effort",
                    "group_size",
                )
            },
        ),
        (
            _("Figures"),
            {
                "fields": (
                    "rating_count",
                    "rating_avg",
                    "experience_count",
                    "published_at",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        from core.markdown import render_markdown

        # Admin edits belong in the edit history too; the "after" is taken once
        # the classification has been saved (save_related).
        request._instrument_before = (
            history.snapshot(Instrument.objects.get(pk=obj.pk)) if change and obj.pk else None
        )

        obj.description_html = render_markdown(obj.description)
        if obj.status == InstrumentStatus.PUBLISHED and obj.published_at is None:
            from django.utils import timezone

            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.instrument_set_classification(
            instrument=form.instance,
            facets=form.facet_data(),
        )
        before = getattr(request, "_instrument_before", None)
        if before is not None:
            changes = history.diff(before, history.snapshot(form.instance))
            if changes:
                InstrumentChange.objects.create(
                    instrument=form.instance,
                    actor=request.user,
                    action=ChangeAction.EDITED,
                    changes=changes,
                    note="admin",
                )

    def _set_status(self, request, queryset, status):
        for instrument in queryset:
            services.instrument_set_status(actor=request.user, instrument=instrument, status=status)
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(n)d instrument updated.", "%(n)d instruments updated.", count) % {"n": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Publish selected instruments"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_status(request, queryset, InstrumentStatus.PUBLISHED)

    @admin.action(description=_("Archive selected instruments"), permissions=["change"])
    def archive(self, request, queryset):
        self._set_status(request, queryset, InstrumentStatus.ARCHIVED)


@admin.register(Classification)
class ClassificationAdmin(admin.ModelAdmin):
    list_display = ["instrument", "facet", "value"]
    list_filter = ["facet", "value"]
    search_fields = ["instrument__title"]
    list_select_related = ["instrument"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = [
        "instrument",
        "author",
        "rating",
        "is_hidden",
        "context_level",
        "context_phase",
        "context_theme",
        "updated_at",
    ]
    list_filter = ["rating", "is_hidden", "context_level", "context_phase", "context_theme"]
    # Hiding goes through moderation (the figures follow and the log records it).
    readonly_fields = ["is_hidden"]
    search_fields = ["instrument__title", "author__email", "text"]
    list_select_related = ["instrument", "author"]
    raw_id_fields = ["instrument", "author"]

    def save_model(self, request, obj, form, change):
        # Through the service, so the instrument's averages stay right.
        services.review_save(
            actor=obj.author,
            instrument=obj.instrument,
            rating=obj.rating,
            text=obj.text,
            context_level=obj.context_level,
            context_phase=obj.context_phase,
            context_theme=obj.context_theme,
        )

    def delete_model(self, request, obj):
        services.review_delete(actor=request.user, review=obj)

    def delete_queryset(self, request, queryset):
        for review in queryset.select_related("instrument"):
            services.review_delete(actor=request.user, review=review)


# Inlines that apps above instruments add to the experience's change page (communities: the community
# it is linked to). instruments may not import them (layer contract), so they register themselves.
_experience_inlines: list[type[InlineModelAdmin]] = []


def register_experience_inline(inline: type[InlineModelAdmin]) -> None:
    """Show ``inline`` on the experience's admin change page; called from the registering app's admin.py."""
    if inline not in _experience_inlines:
        _experience_inlines.append(inline)


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    list_display = [
        "instrument",
        "author",
        "theme",
        "sector",
        "level",
        "phase",
        "would_use_again",
        "created_at",
    ]
    list_filter = ["theme", "level", "phase", "would_use_again", "is_hidden"]
    readonly_fields = ["is_hidden"]
    search_fields = ["instrument__title", "author__email", "what_worked", "tips", "sector"]
    list_select_related = ["instrument", "author"]
    raw_id_fields = ["instrument", "author"]

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *_experience_inlines]


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ["user", "instrument", "created_at"]
    search_fields = ["user__email", "instrument__title"]
    list_select_related = ["user", "instrument"]
    raw_id_fields = ["user", "instrument"]


@admin.register(InstrumentChange)
class InstrumentChangeAdmin(admin.ModelAdmin):
    """The edit history, read-only: reverting goes through the history page (and the moderation log)."""

    list_display = ["instrument", "action", "actor", "created_at", "note"]
    list_filter = ["action"]
    search_fields = ["instrument__title", "actor__email"]
    list_select_related = ["instrument", "actor"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InstrumentRevision)
class InstrumentRevisionAdmin(admin.ModelAdmin):
    list_display = ["instrument", "author", "status", "created_at", "decided_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["instrument", "author", "decided_by"]
    readonly_fields = [
        "instrument",
        "author",
        "data",
        "status",
        "reason",
        "created_at",
        "decided_at",
        "decided_by",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(InstrumentViewDay)
class InstrumentViewDayAdmin(admin.ModelAdmin):
    list_display = ["instrument", "day", "views"]
    list_select_related = ["instrument"]
    date_hierarchy = "day"
    raw_id_fields = ["instrument"]


@admin.register(OwnerInvitation)
class OwnerInvitationAdmin(admin.ModelAdmin):
    list_display = ["instrument", "email", "invited_by", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email", "instrument__title"]
    list_select_related = ["instrument", "invited_by"]
    readonly_fields = ["token", "accepted_at", "accepted_by"]
    raw_id_fields = ["instrument", "invited_by"]
