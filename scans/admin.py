"""Admin for scan and canvas definitions, and a read-only view on rounds and sheets.

Individual responses have no admin page: even administrators see a round's
aggregates, never who answered what (the promise made to members on the form).
"""

from django.contrib import admin
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Canvas, CanvasBlock, CanvasVersion, CommunityCanvas, Dimension, Item, Round, Scan


class DimensionInline(admin.TabularInline):
    model = Dimension
    fields = ["position", "key", "title_nl", "title_en", "description_nl", "description_en"]
    extra = 0
    show_change_link = True


@admin.register(Scan)
class ScanAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "instrument", "is_active", "position"]
    list_filter = ["is_active"]
    list_editable = ["is_active", "position"]
    search_fields = ["title_nl", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_nl"]}
    autocomplete_fields = ["instrument"]
    inlines = [DimensionInline]


class ItemInline(admin.StackedInline):
    model = Item
    fields = [
        ("position", "key", "scale"),
        "statement_nl",
        "statement_en",
        ("left_label_nl", "right_label_nl"),
        ("left_label_en", "right_label_en"),
    ]
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["title", "scan", "position"]
    list_filter = ["scan"]
    search_fields = ["title_nl", "title_en", "scan__title_nl"]
    inlines = [ItemInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["scan", "community", "opened_at", "closed_at", "min_respondents"]
    list_filter = ["scan", ("closed_at", admin.EmptyFieldListFilter)]
    search_fields = ["community__name", "scan__title_nl"]
    list_select_related = ["scan", "community"]
    date_hierarchy = "opened_at"
    fields = [
        "community",
        "scan",
        "note",
        "opened_by",
        "opened_at",
        "closes_at",
        "closed_at",
        "closed_by",
        "min_respondents",
        "aggregates",
    ]
    readonly_fields = ["community", "scan", "opened_by", "opened_at", "closed_by", "aggregates"]

    def has_add_permission(self, request):
        return False  # rounds are opened by a community's facilitator, not in the admin

    @admin.display(description=_("results per dimension"))
    def aggregates(self, obj):
        results = selectors.results(obj.scan, [obj])
        rows = []
        for dim in results.dimensions:
            stat = dim.stats[0]
            if stat.detailed:
                figure = f"{stat.mean:.2f} (sd {stat.sd:.2f}, n={stat.n})"
            elif stat.shown:
                figure = f"{stat.mean:.2f} (n={stat.n})"
            elif stat.waiting:
                figure = _("%(n)s answered; results when the round closes") % {"n": stat.n}
            else:
                figure = _("%(n)s of %(threshold)s answers needed") % {
                    "n": stat.n,
                    "threshold": stat.threshold,
                }
            rows.append((dim.dimension.title, figure))
        return format_html_join("", "<p><strong>{}</strong>: {}</p>", rows) or "—"


class CanvasBlockInline(admin.TabularInline):
    model = CanvasBlock
    fields = ["position", "key", "title_nl", "title_en", "prompt_nl", "prompt_en", "colour"]
    extra = 0


@admin.register(Canvas)
class CanvasAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "instrument", "paper_size", "is_active"]
    list_filter = ["is_active", "paper_size"]
    search_fields = ["title_nl", "title_en", "slug"]
    prepopulated_fields = {"slug": ["title_nl"]}
    autocomplete_fields = ["instrument"]
    inlines = [CanvasBlockInline]


class CanvasVersionInline(admin.TabularInline):
    model = CanvasVersion
    fields = ["number", "author", "created_at", "note", "texts"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # versions are made by saving the canvas on the site


@admin.register(CommunityCanvas)
class CommunityCanvasAdmin(admin.ModelAdmin):
    list_display = ["title", "canvas", "community", "updated_at"]
    list_filter = ["canvas"]
    search_fields = ["title", "community__name"]
    list_select_related = ["canvas", "community"]
    readonly_fields = ["community", "canvas", "created_by", "created_at", "updated_at"]
    inlines = [CanvasVersionInline]

    def has_add_permission(self, request):
        return False
