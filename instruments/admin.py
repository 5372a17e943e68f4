from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .forms import ClassifiedInstrumentForm
from .models import (
    Bookmark,
    Classification,
    Experience,
    Instrument,
    InstrumentLink,
    InstrumentStatus,
    Review,
)
from .services import INSTRUMENT_FIELDS


class InstrumentAdminForm(ClassifiedInstrumentForm):
    class Meta:
        model = Instrument
        fields = ["slug", "status", "owners", "tags", "published_at", *INSTRUMENT_FIELDS]


class InstrumentLinkInline(admin.TabularInline):
    model = InstrumentLink
    extra = 0


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    form = InstrumentAdminForm
    list_display = [
        "title",
        "status",
        "format",
        "rating_avg",
        "rating_count",
        "experience_count",
        "published_at",
        "updated_at",
    ]
    list_filter = ["status", "format", "language", "classifications__facet"]
    search_fields = ["title", "summary", "origin_organisation", "authors"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["owners"]
    readonly_fields = ["rating_count", "rating_avg", "experience_count", "created_at", "updated_at"]
    date_hierarchy = "created_at"
    inlines = [InstrumentLinkInline]
    actions = ["publish", "archive"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "owners")}),
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
        "context_level",
        "context_phase",
        "context_theme",
        "updated_at",
    ]
    list_filter = ["rating", "context_level", "context_phase", "context_theme"]
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
    list_filter = ["theme", "level", "phase", "would_use_again"]
    search_fields = ["instrument__title", "author__email", "what_worked", "tips", "sector"]
    list_select_related = ["instrument", "author"]
    raw_id_fields = ["instrument", "author"]


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ["user", "instrument", "created_at"]
    search_fields = ["user__email", "instrument__title"]
    list_select_related = ["user", "instrument"]
    raw_id_fields = ["user", "instrument"]
