"""Filtering, sorting and facet counts of the public catalogue.

The FilterSet (filters.py) validates the query string; the functions here turn
valid values into querysets. Facet counts are "disjunctive": the count shown
next to a value is the number of instruments that value would give combined
with every *other* active filter, so the numbers stay meaningful while a
facet already has a value selected.

The catalogue page itself goes through :class:`Catalogue`, which keeps its
cost flat as the catalogue grows (bench/run measures it on 20 000
instruments):

* the text search runs once per request (``discovery.search.instrument_matches``,
  plugged in with :func:`register_search`)
  and the list, its count and every facet count narrow that id list, instead
  of repeating the search in each of them;
* without search words, the facet counts and the total of a filter
  combination are cached. The cache key holds the catalogue version, a number
  the database itself raises on every write that can change those counts
  (triggers on instruments, classifications and tags: migration 0003), so a
  publication, a hidden instrument or a new tag is counted on the next request
  whichever code path made the change.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import CharField, Count, F, Lookup, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from core.pagination import KnownCountPaginator
from core.vocabularies import InstrumentFormat

from .fit import FitContext, order_by_fit
from .models import FACET_VOCABULARIES, Classification, Facet, Instrument
from .selectors import published_instruments

CLASSIFICATION_FACETS = [Facet.PHASE, Facet.PILLAR, Facet.LEVEL, Facet.AUDIENCE, Facet.THEME]
TAG_FACET_SIZE = 20
_FORMAT_ROWS = "format"
# Entries are keyed by the catalogue version, so they never go stale; this only
# lets unused ones expire.
COUNTS_CACHE_SECONDS = 6 * 60 * 60

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


def effective_sort(data: dict) -> str:
    """The sort in force for valid filter values ``data``: the chosen one, else relevance while
    searching, else A-Z."""
    return data.get("sort") or (DEFAULT_SEARCH_SORT if data.get("q") else DEFAULT_SORT)


def _instrument_tags():
    return TaggedItem.objects.filter(content_type__app_label="instruments", content_type__model="instrument")


@dataclass(frozen=True)
class SearchEngine:
    """The site search as the catalogue uses it (discovery/search.py provides it).

    ``filter(queryset, text)``: the matching instruments, annotated with ``search_rank``.
    ``matches(queryset, text, compute_meaning=...)``: (pk, rank) of the matches, best first; None
    without words. With ``compute_meaning=False`` the engine may not wait for a model (it ranks by
    meaning only with a query vector computed before).
    ``meaning_pending(text)``: True when ranking ``text`` by meaning still needs that model call,
    so the page asks again with ``meaning=1`` after its first paint.
    """

    filter: Callable[[QuerySet[Instrument], str], QuerySet[Instrument]]
    matches: Callable[..., list[tuple[int, float]] | None]
    meaning_pending: Callable[[str], bool] = lambda text: False


_search_engine: SearchEngine | None = None


def register_search(engine: SearchEngine) -> None:
    """Called by discovery's AppConfig.ready(): discovery sits above instruments in the layer
    contract (pyproject.toml), so the catalogue does not import it."""
    global _search_engine
    _search_engine = engine


def search_engine() -> SearchEngine:
    if _search_engine is None:
        raise ImproperlyConfigured("No catalogue search registered: is discovery in INSTALLED_APPS?")
    return _search_engine


def apply_search(queryset: QuerySet[Instrument], text: str | None) -> QuerySet[Instrument]:
    """Instruments matching ``text`` through the site search (full text and typo tolerant on
    PostgreSQL), annotated with ``search_rank`` for the relevance sort."""
    text = (text or "").strip()
    if not text:
        return queryset
    return search_engine().filter(queryset, text)


def apply_sort(queryset, sort: str | None, *, fit_context=None) -> QuerySet[Instrument]:
    sort = sort or DEFAULT_SORT
    if sort == "relevance":
        if "search_rank" in queryset.query.annotations:
            return queryset.order_by("-search_rank", "title")
        sort = DEFAULT_SORT
    if sort == "fit":
        return order_by_fit(queryset, fit_context or FitContext())
    if sort == "rating":
        return queryset.order_by(F("rating_avg").desc(nulls_last=True), "-rating_count", "title")
    if sort == "experiences":
        return queryset.order_by("-experience_count", "title")
    if sort == "newest":
        return queryset.order_by(F("published_at").desc(nulls_last=True), "title")
    return queryset.order_by("title")


def filtered_catalogue(data: dict, *, exclude: str | None = None) -> QuerySet[Instrument]:
    """Published instruments matching every valid filter in ``data`` except ``exclude`` (the API's list).

    The filters are the catalogue page's own (:func:`filter_condition`); only the
    search differs in form: here an annotated rank, there the engine's id list.
    """
    queryset = apply_search(published_instruments(), data.get("q"))
    return queryset.filter(filter_condition(data, "pk", exclude=exclude))


def filter_condition(data: dict, field: str, *, exclude: str | None = None, only=None) -> Q:
    """The active filters of ``data`` on the instrument id in ``field``: all but ``exclude``, or the
    kinds in ``only`` ("facets", "format", "tag"). The one place the catalogue's filters are written."""
    condition = Q()
    for facet in CLASSIFICATION_FACETS:
        if facet != exclude and data.get(facet) and (only is None or "facets" in only):
            condition &= Q(**{f"{field}__in": _facet_ids(facet, data[facet])})
    if exclude != "format" and data.get("format") and (only is None or "format" in only):
        if field == "pk":
            condition &= Q(format__in=list(data["format"]))
        else:
            formats = Instrument.objects.filter(format__in=list(data["format"])).values("pk")
            condition &= Q(**{f"{field}__in": formats})
    if exclude != "tag" and data.get("tag") and (only is None or "tag" in only):
        tagged = _instrument_tags().filter(tag__slug__in=list(data["tag"])).values("object_id")
        condition &= Q(**{f"{field}__in": tagged})
    return condition


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


def catalogue_version() -> int | None:
    """A number that changes with every committed write that can change a facet count or total.

    Kept by database triggers (migration 0003; on SQLite instruments.sqlite), so
    no code path can forget it; None on a database without them, which then
    counts on every request.
    """
    if connection.vendor not in ("postgresql", "sqlite"):
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM lc_catalogue_version WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


class _AnyOf(Lookup):
    """``column = ANY(%s)``: a list of ids as one array parameter (PostgreSQL).

    The search matches can be a few thousand ids; as ``IN (%s, %s, ...)`` Django
    would compile and send one parameter per id, in every query that uses them.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(self.rhs))


def in_ids(field: str, ids) -> Q:
    """``field`` is one of ``ids``: one array parameter on PostgreSQL, ``IN (...)`` elsewhere.

    For long lists (thousands of ids) this saves Django and psycopg tens of
    milliseconds of compiling, splitting and sending one placeholder per id.
    """
    ids = list(ids)
    if connection.vendor == "postgresql" and ids:
        return Q(_AnyOf(F(field), ids))
    return Q(**{f"{field}__in": ids})


def _facet_ids(facet: str, values) -> QuerySet:
    return Classification.objects.filter(facet=facet, value__in=list(values)).values("instrument_id")


def _for_cards(queryset: QuerySet[Instrument]) -> QuerySet[Instrument]:
    """What a catalogue card shows: its phase badges need the classifications.

    Not ``selectors.with_card_data``: that also prefetches tags, which no card
    shows, and taggit builds a queryset per instrument to prefetch them: about
    three quarters of the page's time outside the template, for 24 cards.
    """
    return queryset.prefetch_related("classifications")


class Catalogue:
    """The catalogue page for one set of valid filter values: its page, total and facet counts.

    Equivalent to ``apply_sort(filtered_catalogue(data), sort)`` and
    :func:`facet_groups`, in a bounded number of queries that do not repeat
    the text search (see the module docstring).
    """

    def __init__(
        self, data: dict, *, sort: str | None = None, fit_context=None, compute_meaning: bool = True
    ):
        self.data = data
        self.sort = sort or effective_sort(data)
        self.fit_context = fit_context
        text = (data.get("q") or "").strip()
        engine = search_engine()
        # (pk, rank) best first; None without search words (nothing to narrow by).
        self.matches = (
            engine.matches(published_instruments(), text, compute_meaning=compute_meaning) if text else None
        )
        # The page's first paint never waits for the model: full text now, meaning after (``meaning=1``).
        self.meaning_pending = bool(text) and not compute_meaning and engine.meaning_pending(text)
        self._summary: dict | None = None
        self._filtered_ids: set[int] | None = None

    # -- conditions ------------------------------------------------------------------

    def _listed(self, field: str) -> Q:
        """``field`` (an instrument id) is a listed instrument matching the search words, if any."""
        if self.matches is None:
            return Q(**{f"{field}__in": published_instruments().values("pk")})
        return in_ids(field, [pk for pk, _rank in self.matches])

    def _filters(self, field: str, *, exclude: str | None = None, only=None) -> Q:
        return filter_condition(self.data, field, exclude=exclude, only=only)

    def _instruments(self, *, exclude: str | None = None) -> QuerySet[Instrument]:
        queryset = published_instruments()
        if self.matches is not None:
            queryset = queryset.filter(in_ids("pk", [pk for pk, _rank in self.matches]))
        return queryset.filter(self._filters("pk", exclude=exclude))

    @property
    def is_filtered(self) -> bool:
        return any(self.data.get(name) for name in [*CLASSIFICATION_FACETS, "format", "tag"])

    # -- the list ---------------------------------------------------------------------

    def filtered_ids(self) -> set[int]:
        """Ids of the search matches that also pass every filter (searching only)."""
        if self._filtered_ids is None:
            if self.is_filtered:
                self._filtered_ids = set(self._instruments().values_list("pk", flat=True))
            else:
                self._filtered_ids = {pk for pk, _rank in self.matches}
        return self._filtered_ids

    @property
    def total(self) -> int:
        if self.matches is not None:
            return len(self.filtered_ids())
        return self.summary()["total"]

    def page(self, number, per_page: int) -> Page:
        """One page of instruments (classifications prefetched for the cards), in the chosen order."""
        if self.matches is not None and self.sort == "relevance":
            wanted = self.filtered_ids()
            ranks = {pk: rank for pk, rank in self.matches if pk in wanted}
            page = Paginator(list(ranks), per_page).get_page(number)
            by_pk = _for_cards(published_instruments()).in_bulk(list(page.object_list))
            page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
            for instrument in page.object_list:
                instrument.search_rank = ranks[instrument.pk]
            return page
        ordered = apply_sort(self._instruments(), self.sort, fit_context=self.fit_context)
        return KnownCountPaginator(_for_cards(ordered), per_page, count=self.total).get_page(number)

    # -- facet counts -------------------------------------------------------------------

    def _cache_key(self) -> str | None:
        version = catalogue_version()
        if version is None:
            return None
        chosen = {
            name: sorted(self.data[name])
            for name in [*CLASSIFICATION_FACETS, "format", "tag"]
            if self.data.get(name)
        }
        digest = hashlib.sha256(json.dumps(chosen, sort_keys=True).encode()).hexdigest()[:32]
        return f"catalogue:counts:{version}:{digest}"

    def summary(self) -> dict:
        """Facet counts and the total, computed or (without search words) from the cache."""
        if self._summary is None:
            if self.matches is not None:
                self._summary = self._compute_summary()
            else:
                key = self._cache_key()
                self._summary = cache.get(key) if key else None
                if self._summary is None:
                    self._summary = self._compute_summary()
                    if key:
                        cache.set(key, self._summary, COUNTS_CACHE_SECONDS)
        return self._summary

    def _compute_summary(self) -> dict:
        """Two grouped queries (classifications and formats, tags) plus the total."""
        per_facet = Q()
        for facet in CLASSIFICATION_FACETS:
            per_facet |= Q(facet=facet) & self._filters("instrument_id", exclude=facet, only=("facets",))
        classifications = (
            Classification.objects.filter(
                self._listed("instrument_id"),
                self._filters("instrument_id", only=("format", "tag")),
                per_facet,
            )
            .values_list("facet", "value")
            .annotate(n=Count("instrument_id"))
        )
        # The format counts ride along in the same query, as rows of a pseudo-facet.
        formats = (
            self._instruments(exclude="format")
            .order_by()
            .annotate(facet=Value(_FORMAT_ROWS, output_field=CharField()))
            .values_list("facet", "format")
            .annotate(n=Count("pk"))
        )
        tags = (
            _instrument_tags()
            .filter(self._listed("object_id"), self._filters("object_id", exclude="tag"))
            .values_list("tag__slug", "tag__name")
            .annotate(n=Count("id"))
            .order_by("-n", "tag__name")[:TAG_FACET_SIZE]
        )
        total = len(self.filtered_ids()) if self.matches is not None else self._instruments().count()
        counted = list(classifications.union(formats, all=True))
        return {
            "classifications": [list(row) for row in counted if row[0] != _FORMAT_ROWS],
            "formats": [[value, n] for facet, value, n in counted if facet == _FORMAT_ROWS],
            "tags": [list(row) for row in tags],
            "total": total,
        }

    def facet_groups(self) -> list[FacetGroup]:
        summary = self.summary()
        counts = {(facet, value): n for facet, value, n in summary["classifications"]}
        groups = []
        for facet in CLASSIFICATION_FACETS:
            selected = set(self.data.get(facet) or [])
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
        format_counts = dict(summary["formats"])
        selected_formats = set(self.data.get("format") or [])
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
        selected_tags = list(self.data.get("tag") or [])
        tag_options = [FacetOption(slug, name, n, slug in selected_tags) for slug, name, n in summary["tags"]]
        shown = {option.value for option in tag_options}
        # A selected tag stays visible (and removable) even when it no longer ranks.
        tag_options += [FacetOption(slug, slug, 0, True) for slug in selected_tags if slug not in shown]
        groups.append(FacetGroup(name="tag", label=_("Tags"), options=tag_options))
        return groups


def facet_groups(data: dict) -> list[FacetGroup]:
    """All facets with their counts, in three queries whatever the catalogue size."""
    return Catalogue(data).facet_groups()
