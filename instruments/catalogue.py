"""Filtering, sorting and facet counts of the public catalogue.

The FilterSet (filters.py) validates the query string; the functions here turn
valid values into querysets. Facet counts are "disjunctive": the count shown
next to a value is the number of instruments that value would give combined
with every *other* active filter, so the numbers stay meaningful while a
facet already has a value selected.
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from core.vocabularies import InstrumentFormat

from .models import FACET_VOCABULARIES, Classification, Facet, Instrument
from .selectors import published_instruments

CLASSIFICATION_FACETS = [Facet.PHASE, Facet.PILLAR, Facet.LEVEL, Facet.AUDIENCE, Facet.THEME]
TAG_FACET_SIZE = 20

SORT_CHOICES = [
    ("title", _("A-Z")),
    ("relevance", _("Best match for the search words")),
    ("rating", _("Best rated")),
    ("experiences", _("Most experiences")),
    ("newest", _("Newest")),
    ("fit", _("Best fit for communities like mine")),
]
DEFAULT_SORT = "title"
# With search words and no explicit sort, the best matches come first.
DEFAULT_SEARCH_SORT = "relevance"


def _instrument_tags():
    return TaggedItem.objects.filter(content_type__app_label="instruments", content_type__model="instrument")


def apply_search(queryset: QuerySet[Instrument], text: str | None) -> QuerySet[Instrument]:
    """Instruments matching ``text`` through the site search (full text and typo tolerant on
    PostgreSQL), annotated with ``search_rank`` for the relevance sort."""
    from discovery.search import filter_instruments

    text = (text or "").strip()
    if not text:
        return queryset
    return filter_instruments(queryset, text)


def apply_facet(queryset, facet: str, values) -> QuerySet[Instrument]:
    if not values:
        return queryset
    matching = Classification.objects.filter(facet=facet, value__in=list(values))
    return queryset.filter(pk__in=matching.values("instrument_id"))


def apply_formats(queryset, values) -> QuerySet[Instrument]:
    return queryset.filter(format__in=list(values)) if values else queryset


def apply_tags(queryset, slugs) -> QuerySet[Instrument]:
    if not slugs:
        return queryset
    tagged = _instrument_tags().filter(tag__slug__in=list(slugs))
    return queryset.filter(pk__in=tagged.values("object_id"))


def apply_sort(queryset, sort: str | None, *, fit_context=None) -> QuerySet[Instrument]:
    sort = sort or DEFAULT_SORT
    if sort == "relevance":
        if "search_rank" in queryset.query.annotations:
            return queryset.order_by("-search_rank", "title")
        sort = DEFAULT_SORT
    if sort == "fit":
        from discovery.fit import FitContext, order_by_fit

        return order_by_fit(queryset, fit_context or FitContext())
    if sort == "rating":
        return queryset.order_by(F("rating_avg").desc(nulls_last=True), "-rating_count", "title")
    if sort == "experiences":
        return queryset.order_by("-experience_count", "title")
    if sort == "newest":
        return queryset.order_by(F("published_at").desc(nulls_last=True), "title")
    return queryset.order_by("title")


def filtered_catalogue(data: dict, *, exclude: str | None = None) -> QuerySet[Instrument]:
    """Published instruments matching every valid filter in ``data`` except ``exclude``."""
    queryset = apply_search(published_instruments(), data.get("q"))
    for facet in CLASSIFICATION_FACETS:
        if facet != exclude:
            queryset = apply_facet(queryset, facet, data.get(facet))
    if exclude != "format":
        queryset = apply_formats(queryset, data.get("format"))
    if exclude != "tag":
        queryset = apply_tags(queryset, data.get("tag"))
    return queryset


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetGroup:
    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)

    @property
    def has_selection(self) -> bool:
        return any(option.selected for option in self.options)


def facet_groups(data: dict) -> list[FacetGroup]:
    """All facets with their counts, in three queries whatever the catalogue size."""
    condition = Q()
    for facet in CLASSIFICATION_FACETS:
        others = filtered_catalogue(data, exclude=facet)
        condition |= Q(facet=facet, instrument_id__in=others.values("pk"))
    counts: dict[tuple[str, str], int] = {
        (row["facet"], row["value"]): row["n"]
        for row in Classification.objects.filter(condition)
        .values("facet", "value")
        .annotate(n=Count("instrument_id"))
    }

    groups = []
    for facet in CLASSIFICATION_FACETS:
        selected = set(data.get(facet) or [])
        vocabulary = FACET_VOCABULARIES[facet]
        groups.append(
            FacetGroup(
                name=facet.value,
                label=facet.label,
                options=[
                    FacetOption(code, label, counts.get((facet.value, code), 0), code in selected)
                    for code, label in vocabulary.choices
                ],
            )
        )

    format_counts = dict(
        filtered_catalogue(data, exclude="format")
        .order_by()
        .values_list("format")
        .annotate(n=Count("pk"))
        .values_list("format", "n")
    )
    selected_formats = set(data.get("format") or [])
    groups.append(
        FacetGroup(
            name="format",
            label=_("Format"),
            options=[
                FacetOption(code, label, format_counts.get(code, 0), code in selected_formats)
                for code, label in InstrumentFormat.choices
            ],
        )
    )

    selected_tags = list(data.get("tag") or [])
    tag_rows = list(
        _instrument_tags()
        .filter(object_id__in=filtered_catalogue(data, exclude="tag").values("pk"))
        .values("tag__slug", "tag__name")
        .annotate(n=Count("id"))
        .order_by("-n", "tag__name")[:TAG_FACET_SIZE]
    )
    tag_options = [
        FacetOption(row["tag__slug"], row["tag__name"], row["n"], row["tag__slug"] in selected_tags)
        for row in tag_rows
    ]
    shown = {option.value for option in tag_options}
    # A selected tag stays visible (and removable) even when it no longer ranks.
    tag_options += [FacetOption(slug, slug, 0, True) for slug in selected_tags if slug not in shown]
    groups.append(FacetGroup(name="tag", label=_("Tags"), options=tag_options))
    return groups
