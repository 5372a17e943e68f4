"""One search across challenges, instruments, experiences, communities, discussions and requests.

``search(query, user, kinds=...)`` returns the same :class:`SearchResults` on
both databases:

* PostgreSQL: full-text search on the trigger-maintained ``search_vector``
  columns (``dutch`` configuration, weights A-D, kept by the owning apps' migrations: instruments/0007,
  communities/0010), ranked
  with ``ts_rank``, plus trigram word similarity on titles and community names
  so typos still find ("partnerschapkaart", "co creatie wiel"). Snippets come
  from ``ts_headline``.
* SQLite (the zero-setup default): ``icontains`` over the same fields, ranked
  by where the words occur, plus difflib over titles for typos.

Visibility is exactly that of the lists: instruments through
``instruments_visible_to``, experiences only of those instruments, communities
through ``communities_visible_to``, challenges, threads and requests through
the exchange's selectors (threads follow what they are about). User input only ever reaches SQL as a
query parameter.
"""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_coordinator
from communities.selectors import communities_visible_to
from exchange.models import ChallengeStatus, RequestStatus
from exchange.selectors import challenges_visible_to, public_posts, requests_visible_to, threads_visible_to
from instruments.models import Experience, Instrument, InstrumentStatus
from instruments.selectors import instruments_visible_to, visible_unless_hidden
from semantic.selectors import SEMANTIC_DEPTH, fuse, query_vector_pending, ranked_by_meaning

from .expressions import Matches, SearchVectorColumn, WordSimilar

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
COUNT_CAP = 1000
# Private-use characters as headline delimiters: the text is escaped first,
# then these become <mark> tags, so stored text can never inject markup.
MARK_START, MARK_STOP = "\ue000", "\ue001"

# pg_trgm's default word_similarity_threshold (0.6) for the ``<%`` operator.
TYPO_RATIO = 0.75


class Kind:
    CHALLENGES = "challenges"
    INSTRUMENTS = "instruments"
    EXPERIENCES = "experiences"
    COMMUNITIES = "communities"
    THREADS = "threads"
    REQUESTS = "requests"
    # Challenges first: a handful at most, and the way into the communities working on one.
    ALL = ("challenges", "instruments", "experiences", "communities", "threads", "requests")
    LABELS = {
        "challenges": _("Challenges"),
        "instruments": _("Instruments"),
        "experiences": _("Experiences"),
        "communities": _("Communities"),
        "threads": _("Discussions"),
        "requests": _("Instrument requests"),
    }


@dataclass
class Hit:
    kind: str
    obj: object
    title: str
    url: str
    snippet: SafeString
    rank: float
    context: str = ""


@dataclass
class ResultGroup:
    kind: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    # True when there are more than COUNT_CAP matches: the page says "1000+".
    capped: bool = False

    @property
    def label(self):
        return Kind.LABELS[self.kind]


@dataclass
class SearchResults:
    query: str
    groups: list[ResultGroup] = field(default_factory=list)
    # The query's vector was not cached and computing it was not asked for: these are full-text
    # results, and the page fetches the hybrid ones after first paint (search(compute_meaning=True)).
    meaning_pending: bool = False

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)

    def group(self, kind: str) -> ResultGroup | None:
        return next((g for g in self.groups if g.kind == kind), None)


def _page(kind: str, ordered, *, limit: int, offset: int, details, top=None, meaning=None):
    """One page of the ranked ``ordered`` matches and their total, in two small queries.

    The first ranks and counts (a window count over all matches, which ranking
    visits anyway) but selects only ids, so PostgreSQL sorts narrow rows and
    joins nothing. The second fetches the page's rows through ``details`` (which
    adds snippets and relations), so headlines are built for those rows only.
    ``top`` may be given as (pk, rank, total) rows ranked elsewhere (from the
    first match when ``meaning`` is given).

    ``meaning``: (pk, cosine) of the objects nearest in meaning, already limited
    to what the viewer may see (semantic.selectors). They are fused with the
    full-text ranking (reciprocal rank fusion); the total counts the full-text
    matches plus those of ``meaning`` that full text does not match.
    """
    if meaning:
        return _hybrid_page(
            kind, ordered, limit=limit, offset=offset, details=details, top=top, meaning=meaning
        )
    if top is None:
        top = list(
            ordered.annotate(match_total=Window(Count("pk"))).values_list("pk", "search_rank", "match_total")[
                offset : offset + limit
            ]
        )
    if not top:
        total = ordered.order_by()[: COUNT_CAP + 1].count() if offset else 0
        return ResultGroup(kind, total=min(total, COUNT_CAP), capped=total > COUNT_CAP), []
    by_pk = {obj.pk: obj for obj in details(ordered.model.objects.filter(pk__in=[pk for pk, _r, _t in top]))}
    rows = []
    for pk, rank, _total in top:
        if pk in by_pk:
            by_pk[pk].search_rank = rank
            rows.append(by_pk[pk])
    return ResultGroup(kind, total=top[0][2]), rows


def _hybrid_page(kind: str, ordered, *, limit: int, offset: int, details, top, meaning):
    if top is None:
        depth = offset + limit + SEMANTIC_DEPTH
        top = list(
            ordered.annotate(match_total=Window(Count("pk"))).values_list("pk", "search_rank", "match_total")[
                :depth
            ]
        )
    full_text_total = top[0][2] if top else 0
    meaning_ids = [pk for pk, _score in meaning]
    # Neighbours that full text matches too (perhaps beyond the ranked depth) are counted once.
    also_matched = set(ordered.filter(pk__in=meaning_ids).values_list("pk", flat=True)) if top else set()
    total = full_text_total + sum(pk not in also_matched for pk in meaning_ids)
    fused = fuse([pk for pk, _rank, _total in top], meaning_ids)[offset : offset + limit]
    group = ResultGroup(kind, total=min(total, COUNT_CAP), capped=total > COUNT_CAP)
    if not fused:
        return group, []
    by_pk = {obj.pk: obj for obj in details(ordered.model.objects.filter(pk__in=[pk for pk, _s in fused]))}
    rows = []
    for pk, score in fused:
        if pk in by_pk:
            by_pk[pk].search_rank = score
            rows.append(by_pk[pk])
    return group, rows


# Whether this search may call the model for the query's vector (search(compute_meaning=...)); a
# context variable rather than a parameter of every kind's ranking function.
_compute_meaning: ContextVar[bool] = ContextVar("compute_meaning", default=True)


def _meaning(kind: str, visible: QuerySet, query: str) -> list[tuple[int, float]]:
    """The objects of ``visible`` nearest in meaning to ``query`` (empty when semantic search is off)."""
    return ranked_by_meaning(kind, visible, query, limit=SEMANTIC_DEPTH, compute=_compute_meaning.get())


def hybrid_instrument_matches(
    queryset: QuerySet[Instrument], query: str, *, compute_meaning: bool = True
) -> list[tuple[int, float]] | None:
    """``instrument_matches`` fused with the instruments of ``queryset`` nearest in meaning (catalogue's q).

    (pk, fused score) best first; every full-text match stays in, the nearest
    in meaning are added. None when ``query`` holds no words. With
    ``compute_meaning=False`` meaning counts only if the query's vector is cached
    (no model call): else full text alone, and :func:`instrument_meaning_pending` says so.
    """
    matches = instrument_matches(queryset, query)
    if matches is None:
        return None
    token = _compute_meaning.set(compute_meaning)
    try:
        meaning = _meaning(Kind.INSTRUMENTS, queryset, normalise(query))
    finally:
        _compute_meaning.reset(token)
    if not meaning:
        return matches
    return fuse([pk for pk, _rank in matches], [pk for pk, _score in meaning])


def instrument_meaning_pending(query: str) -> bool:
    """True when ranking ``query`` among instruments by meaning needs a model call (the catalogue's second
    round, ``meaning=1``); False without words, with semantic search off, or with the vector cached."""
    query = normalise(query)
    return bool(_words(query)) and query_vector_pending([Kind.INSTRUMENTS], query)


def _pg_ranked_instruments(visible, query: str, *, limit: int, offset: int) -> list[tuple[int, float, int]]:
    """(pk, rank, total) of one page, ranked exactly as ``filter_instruments`` + relevance sort would.

    Full-text matches and typo-only title matches are ranked in two queries and
    merged: one ``OR`` of both conditions makes PostgreSQL evaluate both, and
    decompress each row's vector twice more, for every match of a common word
    (20 ms instead of 9 ms at 20 000 instruments).
    """
    wanted = offset + limit
    typo_score = TrigramWordSimilarity(query, "title")
    matching = visible.alias(search_match=Matches(query))
    full_text = (
        matching.filter(search_match=True)
        .annotate(search_rank=SearchRank(SearchVectorColumn(), _pg_query(query)) + typo_score)
        .annotate(match_total=Window(Count("pk")))
        .order_by("-search_rank", "title")
        .values_list("pk", "search_rank", "match_total", "title")[:wanted]
    )
    typo_only = (
        visible.filter(WordSimilar(query, "title"))
        .exclude(pk__in=_full_text_ids(query))
        .annotate(search_rank=typo_score, match_total=Window(Count("pk")))
        .order_by("-search_rank", "title")
        .values_list("pk", "search_rank", "match_total", "title")[:wanted]
    )
    first, second = list(full_text), list(typo_only)
    total = (first[0][2] if first else 0) + (second[0][2] if second else 0)
    merged = sorted(first + second, key=lambda row: (-row[1], row[3]))[offset:wanted]
    return [(pk, rank, total) for pk, rank, _count, _title in merged]


def _full_text_ids(query: str) -> QuerySet[Instrument]:
    """Ids of the instruments whose vector matches ``query``, as a subquery.

    Answered from the GIN index alone: telling typo-only matches apart with
    ``NOT search_vector @@ ...`` would decompress the vector of every title
    candidate instead.
    """
    return Instrument.objects.alias(search_match=Matches(query)).filter(search_match=True).values("pk")


def instrument_matches(queryset: QuerySet[Instrument], query: str) -> list[tuple[int, float]] | None:
    """(pk, rank) of every instrument of ``queryset`` that ``filter_instruments`` matches, best first.

    None when ``query`` holds no words: ``filter_instruments`` then narrows nothing.

    The order is the catalogue's relevance sort (rank, then title), the ranks
    are those of ``filter_instruments``. Callers that need the matches several
    times (the catalogue: list, count and every facet count) fetch them once
    here instead of repeating the text search in each query. On PostgreSQL one
    query: the ranked full-text matches and the typo-only title matches,
    united, each branch served by its own index (an ``OR`` of both conditions
    rechecks, and so decompresses, every candidate's vector twice).
    """
    query = normalise(query)
    if not _words(query):
        return None
    if not is_postgres():
        ranked = _sqlite_filter_instruments(queryset, query, any_word=False)
        return list(ranked.order_by("-search_rank", "title").values_list("pk", "search_rank"))
    typo_score = TrigramWordSimilarity(query, "title")
    full_text = (
        queryset.alias(search_match=Matches(query))
        .filter(search_match=True)
        .annotate(search_rank=SearchRank(SearchVectorColumn(), _pg_query(query)) + typo_score)
        .values_list("pk", "search_rank", "title")
    )
    typo_only = (
        queryset.filter(WordSimilar(query, "title"))
        .exclude(pk__in=_full_text_ids(query))
        .annotate(search_rank=typo_score)
        .values_list("pk", "search_rank", "title")
    )
    rows = full_text.union(typo_only, all=True).order_by("-search_rank", "title")
    return [(pk, rank) for pk, rank, _title in rows]


def _headline(expression, query: str, **options) -> SearchHeadline:
    return SearchHeadline(
        expression,
        _pg_query(query),
        config="dutch",
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=30,
        min_words=12,
        **options,
    )


def normalise(query: str | None) -> str:
    """Collapse whitespace, drop control characters, cap the length."""
    text = re.sub(r"[\x00-\x1f\x7f\ue000\ue001]", " ", query or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def _words(query: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+", query.lower()) if w][:MAX_WORDS]


# -- highlighting ------------------------------------------------------------


def mark_delimited(text: str) -> SafeString:
    """Escape ``text``, then turn the headline delimiters into <mark> tags."""
    if text.count(MARK_START) != text.count(MARK_STOP):
        text = text.replace(MARK_START, "").replace(MARK_STOP, "")
    return mark_safe(escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))  # noqa: S308


def highlight_words(text: str, query: str, *, length: int = 220) -> SafeString:
    """A snippet of ``text`` around the first match with every word that starts like a query word marked."""
    words = [w for w in _words(query) if len(w) >= 3]
    text = " ".join((text or "").split())
    if words:
        # A crude stand-in for stemming: "vertrouwen" also marks "vertrouwd".
        stems = [re.escape(w[: max(4, len(w) - 2)]) for w in words]
        pattern = re.compile(r"\w*(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)
        first = pattern.search(text)
        start = max(0, first.start() - 60) if first else 0
        if start:
            # Start the excerpt at a word, not halfway through one.
            start = text.find(" ", start) + 1 or start
    else:
        pattern, start = None, 0
    excerpt = text[start : start + length]
    prefix = "… " if start else ""
    suffix = " …" if start + length < len(text) else ""
    if pattern is not None:
        excerpt = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_STOP}", excerpt)
    return mark_delimited(prefix + excerpt + suffix)


# -- PostgreSQL building blocks ----------------------------------------------


def _pg_query(query: str, *, any_word: bool = False) -> SearchQuery:
    if any_word:
        return SearchQuery(" or ".join(_words(query)), config="dutch", search_type="websearch")
    return SearchQuery(query, config="dutch", search_type="websearch")


def _float(expression):
    return expression * Value(1.0, output_field=FloatField())


# -- instruments ---------------------------------------------------------------


def _word_points(words, fields: dict[str, int]):
    """Points for every word in every field it occurs in (``fields`` maps a field to its weight).

    The ranking of substring matches (SQLite, and the kinds without a stored vector).
    """
    points = Value(0, output_field=IntegerField())
    for word in words:
        for name, weight in fields.items():
            points = points + Case(When(**{f"{name}__icontains": word}, then=weight), default=0)
    return points


def filter_instruments(queryset: QuerySet[Instrument], query: str, *, any_word: bool = False):
    """``queryset`` narrowed to instruments matching ``query``, annotated with ``search_rank``.

    Used by the search page, the catalogue's free-text filter and the finder
    (``any_word=True`` ORs the words instead of requiring all of them).
    """
    query = normalise(query)
    if not query or not _words(query):
        return queryset.annotate(search_rank=Value(0.0, output_field=FloatField()))
    if is_postgres():
        ts_query = _pg_query(query, any_word=any_word)
        condition = Q(search_match=True)
        text = " or ".join(_words(query)) if any_word else query
        queryset = queryset.alias(search_match=Matches(text))
        if not any_word:
            condition |= Q(WordSimilar(query, "title"))
        return queryset.filter(condition).annotate(
            search_rank=SearchRank(SearchVectorColumn(), ts_query) + TrigramWordSimilarity(query, "title")
        )
    return _sqlite_filter_instruments(queryset, query, any_word=any_word)


def _sqlite_filter_instruments(queryset, query: str, *, any_word: bool):
    words = _words(query)
    condition = Q()
    for word in words:
        matches = (
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(goal__icontains=word)
            | Q(description__icontains=word)
        )
        condition = (condition | matches) if any_word else (condition & matches)
    rank = _word_points(words, {"title": 8, "summary": 4, "goal": 2, "description": 1})
    if not any_word:
        # Typo tolerance: a title close to the query (discovery.sqlite registers the function).
        queryset = queryset.alias(
            typo=Func(Value(query), F("title"), function="lc_title_similarity", output_field=FloatField())
        )
        condition |= Q(typo__gte=TYPO_RATIO)
        rank = rank + Case(When(typo__gte=TYPO_RATIO, then=6), default=0)
    return queryset.filter(condition).annotate(search_rank=_float(rank))


def _instrument_hits(user, query: str, *, limit: int, offset: int) -> ResultGroup:
    queryset = filter_instruments(_visible_instruments(user), query)
    ordered = queryset.order_by("-search_rank", "title")

    def details(page):
        if is_postgres():
            text = Concat("summary", Value(" "), "goal", output_field=TextField())
            page = page.annotate(headline=_headline(text, query, max_fragments=2, fragment_delimiter=" … "))
        return page

    top = None
    meaning = _meaning(Kind.INSTRUMENTS, _visible_instruments(user), query)
    if is_postgres() and _words(query):
        if meaning:
            top = _pg_ranked_instruments(
                _visible_instruments(user), query, limit=offset + limit + SEMANTIC_DEPTH, offset=0
            )
        else:
            top = _pg_ranked_instruments(_visible_instruments(user), query, limit=limit, offset=offset)
    group, rows = _page(
        Kind.INSTRUMENTS, ordered, limit=limit, offset=offset, details=details, top=top, meaning=meaning
    )
    for instrument in rows:
        if is_postgres():
            snippet = mark_delimited(instrument.headline)
        else:
            snippet = highlight_words(f"{instrument.summary} {instrument.goal}", query)
        group.hits.append(
            Hit(
                kind=Kind.INSTRUMENTS,
                obj=instrument,
                title=instrument.title,
                url=instrument.get_absolute_url(),
                snippet=snippet,
                rank=float(instrument.search_rank or 0),
                context=str(instrument.get_format_display()),
            )
        )
    return group


def _visible_instruments(user) -> QuerySet[Instrument]:
    """Visible instruments without the ``DISTINCT`` of the owner join, which ranking does not need."""
    visible = instruments_visible_to(user)
    if visible.query.distinct:
        return Instrument.objects.filter(pk__in=visible.values("pk"))
    return visible


def _hidden_instruments(user) -> QuerySet[Instrument] | None:
    """The complement of ``instruments_visible_to(user)``: ids of instruments the user may not see.

    Experiences are filtered with ``NOT IN`` this small set (unpublished, hidden,
    not owned) rather than ``IN`` the large visible set: PostgreSQL then reads a
    few index entries instead of scanning the whole, wide instruments table.
    tests/discovery/test_search.py proves both sets stay exact complements.
    """
    if is_coordinator(user):
        return None
    unlisted = Q(status__in=[s for s in InstrumentStatus.values if s != InstrumentStatus.PUBLISHED]) | Q(
        is_hidden=True
    )
    hidden = Instrument.objects.filter(unlisted)
    if user.is_authenticated:
        owned = Instrument.owners.through.objects.filter(instrument_id=OuterRef("pk"), user_id=user.pk)
        hidden = hidden.exclude(Exists(owned))
    return hidden


def visible_experiences(user) -> QuerySet[Experience]:
    """Experiences of instruments the user may see, with moderation applied as on the instrument page."""
    experiences = Experience.objects.all()
    hidden = _hidden_instruments(user)
    if hidden is not None:
        experiences = experiences.exclude(instrument_id__in=hidden.values("pk"))
    # Moderation (hidden content): coordinators see all, authors their own, others none.
    return visible_unless_hidden(experiences, user)


# -- experiences ---------------------------------------------------------------


def _experience_hits(user, query: str, *, limit: int, offset: int) -> ResultGroup:
    queryset = visible_experiences(user)
    if is_postgres():
        ts_query = _pg_query(query)
        queryset = (
            queryset.alias(search_match=Matches(query))
            .filter(search_match=True)
            .annotate(search_rank=SearchRank(SearchVectorColumn(), ts_query))
        )
    else:
        condition, words = Q(), _words(query)
        for word in words:
            condition &= (
                Q(what_worked__icontains=word)
                | Q(tips__icontains=word)
                | Q(what_did_not_work__icontains=word)
                | Q(sector__icontains=word)
                | Q(instrument__title__icontains=word)
            )
        rank = _word_points(words, {"sector": 4, "what_worked": 3, "tips": 2, "what_did_not_work": 1})
        queryset = queryset.filter(condition).annotate(search_rank=_float(rank))
    ordered = queryset.order_by("-search_rank", "-created_at")

    def details(page):
        page = page.select_related("instrument", "author")
        if is_postgres():
            text = Concat(
                "what_worked", Value(" "), "tips", Value(" "), "what_did_not_work", output_field=TextField()
            )
            page = page.annotate(headline=_headline(text, query, max_fragments=2, fragment_delimiter=" … "))
        return page

    meaning = _meaning(Kind.EXPERIENCES, visible_experiences(user), query)
    group, rows = _page(
        Kind.EXPERIENCES, ordered, limit=limit, offset=offset, details=details, meaning=meaning
    )
    for experience in rows:
        if is_postgres():
            snippet = mark_delimited(experience.headline)
        else:
            snippet = highlight_words(
                f"{experience.what_worked} {experience.tips} {experience.what_did_not_work}", query
            )
        context = [experience.get_theme_display(), experience.sector, experience.get_level_display()]
        group.hits.append(
            Hit(
                kind=Kind.EXPERIENCES,
                obj=experience,
                title=experience.instrument.title,
                url=experience.instrument.get_absolute_url() + "#experiences",
                snippet=snippet,
                rank=float(experience.search_rank or 0),
                context=" · ".join(str(part) for part in context if part),
            )
        )
    return group


# -- communities ---------------------------------------------------------------


def _community_hits(user, query: str, *, limit: int, offset: int) -> ResultGroup:
    queryset = communities_visible_to(user)
    if is_postgres():
        queryset = (
            queryset.alias(search_match=Matches(query))
            .filter(Q(search_match=True) | Q(WordSimilar(query, "name")))
            .annotate(
                search_rank=SearchRank(SearchVectorColumn(), _pg_query(query))
                + TrigramWordSimilarity(query, "name")
            )
        )
    else:
        condition, words = Q(), _words(query)
        for word in words:
            condition &= (
                Q(name__icontains=word)
                | Q(challenge__icontains=word)
                | Q(shared_learning_goal__icontains=word)
                | Q(region__icontains=word)
            )
        rank = _word_points(words, {"name": 8, "challenge": 4, "shared_learning_goal": 2})
        queryset = queryset.filter(condition).annotate(search_rank=_float(rank))
    ordered = queryset.order_by("-search_rank", "name")

    def details(page):
        return page.annotate(headline=_headline("challenge", query)) if is_postgres() else page

    meaning = _meaning(Kind.COMMUNITIES, communities_visible_to(user), query)
    group, rows = _page(
        Kind.COMMUNITIES, ordered, limit=limit, offset=offset, details=details, meaning=meaning
    )
    for community in rows:
        snippet = (
            mark_delimited(community.headline)
            if is_postgres()
            else highlight_words(community.challenge, query)
        )
        group.hits.append(
            Hit(
                kind=Kind.COMMUNITIES,
                obj=community,
                title=community.name,
                url=community.get_absolute_url(),
                snippet=snippet,
                rank=float(community.search_rank or 0),
                context=" · ".join(
                    str(part) for part in (community.get_level_display(), community.get_province_display())
                ),
            )
        )
    return group


# -- challenges ----------------------------------------------------------------


def _challenge_hits(user, query: str, *, limit: int, offset: int) -> ResultGroup:
    """Challenges the user may see (visibility first, then ranking).

    There are tens of challenges, not thousands, so the vector is computed on
    the fly rather than kept in a column. Every word must start a word of the
    title or occur in the description, so "aardgasvrij" finds "Aardgasvrije
    wijken" on both databases; full-text (``dutch``) and trigram similarity
    add stemmed and misspelt matches on PostgreSQL.
    """
    queryset = challenges_visible_to(user).exclude(status=ChallengeStatus.PROPOSED)
    meaning = _meaning(Kind.CHALLENGES, queryset, query)
    words = _words(query)
    prefix = Q()
    for word in words:
        prefix &= Q(title__istartswith=word) | Q(title__icontains=f" {word}") | Q(description__icontains=word)
    rank = _word_points(words, {"title": 8, "description": 2})
    if is_postgres():
        vector = SearchVector("title", weight="A", config="dutch") + SearchVector(
            "description", weight="B", config="dutch"
        )
        queryset = (
            queryset.annotate(search_vector_live=vector)
            .filter(prefix | Q(search_vector_live=_pg_query(query)) | Q(WordSimilar(query, "title")))
            .annotate(
                search_rank=_float(rank) / 10.0
                + SearchRank(F("search_vector_live"), _pg_query(query))
                + TrigramWordSimilarity(query, "title")
            )
        )
    else:
        queryset = queryset.filter(prefix).annotate(search_rank=_float(rank))
    ordered = queryset.order_by("-search_rank", "title")
    group, rows = _page(
        Kind.CHALLENGES, ordered, limit=limit, offset=offset, details=lambda page: page, meaning=meaning
    )
    for challenge in rows:
        group.hits.append(
            Hit(
                kind=Kind.CHALLENGES,
                obj=challenge,
                title=challenge.title,
                url=challenge.get_absolute_url(),
                snippet=highlight_words(challenge.description, query),
                rank=float(challenge.search_rank or 0),
                context=str(challenge.get_status_display()),
            )
        )
    return group


# -- discussions and instrument requests -----------------------------------------


def _thread_hits(user, query: str, *, limit: int, offset: int) -> ResultGroup:
    """Threads the user may read whose title or a readable post holds every word.

    Visibility first: ``threads_visible_to`` (the subject's visibility, hidden and
    waiting threads left out) narrows the set before anything is matched, and only
    posts that are neither hidden nor waiting are searched, so a members-only
    community's thread can never count, rank or show a snippet for an outsider.
    Words are matched as substrings on both databases (threads are conversation,
    not catalogue text: no stored vector to keep up to date).
    """
    words = _words(query)
    readable = public_posts()
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Exists(
            readable.filter(thread=OuterRef("pk"), body__icontains=word)
        )
    ordered = (
        threads_visible_to(user)
        .filter(condition)
        .annotate(search_rank=_float(_word_points(words, {"title": 4})))
        .order_by("-search_rank", "-last_activity_at", "-id")
    )

    def details(page):
        opening = readable.filter(thread=OuterRef("pk")).order_by("created_at", "id").values("body")[:1]
        return page.select_related("challenge", "instrument", "community").annotate(
            opening_body=Subquery(opening)
        )

    meaning = _meaning(Kind.THREADS, threads_visible_to(user), query)
    group, rows = _page(Kind.THREADS, ordered, limit=limit, offset=offset, details=details, meaning=meaning)
    for thread in rows:
        group.hits.append(
            Hit(
                kind=Kind.THREADS,
                obj=thread,
                title=thread.title,
                url=thread.get_absolute_url(),
                snippet=highlight_words(thread.opening_body or "", query),
                rank=float(thread.search_rank or 0),
                context=" · ".join((str(thread.get_kind_display()), str(thread.subject))),
            )
        )
    return group


def _request_hits(user, query: str, *, limit: int, offset: int) -> ResultGroup:
    """Instrument requests ("we are looking for ..."), open ones first, then by demand."""
    words = _words(query)
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(description__icontains=word)
    ordered = (
        requests_visible_to(user)
        .filter(condition)
        .annotate(search_rank=_float(_word_points(words, {"title": 4, "description": 1})))
        .annotate(is_open=Case(When(status=RequestStatus.OPEN, then=1), default=0))
        .order_by("-is_open", "-search_rank", "-demand", "-id")
    )
    meaning = _meaning(Kind.REQUESTS, requests_visible_to(user), query)
    group, rows = _page(
        Kind.REQUESTS, ordered, limit=limit, offset=offset, details=lambda page: page, meaning=meaning
    )
    for request in rows:
        group.hits.append(
            Hit(
                kind=Kind.REQUESTS,
                obj=request,
                title=request.title,
                url=request.get_absolute_url(),
                snippet=highlight_words(request.description, query),
                rank=float(request.search_rank or 0),
                context=str(request.get_status_display()),
            )
        )
    return group


_GROUPS = {
    Kind.CHALLENGES: _challenge_hits,
    Kind.INSTRUMENTS: _instrument_hits,
    Kind.EXPERIENCES: _experience_hits,
    Kind.COMMUNITIES: _community_hits,
    Kind.THREADS: _thread_hits,
    Kind.REQUESTS: _request_hits,
}


def search(
    query: str, user, *, kinds=Kind.ALL, limit: int = 5, offset: int = 0, compute_meaning: bool = True
) -> SearchResults:
    """Ranked hits per kind (at most ``limit`` each, from ``offset``) with the total per kind.

    Two queries per kind (count and page) whatever the data size. An empty or
    word-less query gives empty results rather than everything. Full text and
    meaning are fused; ``compute_meaning=False`` uses the query's vector only if
    it is cached (no model call) and else says ``meaning_pending``.
    """
    query = normalise(query)
    results = SearchResults(query=query)
    if not _words(query):
        return results
    if not compute_meaning:
        results.meaning_pending = query_vector_pending([k for k in Kind.ALL if k in kinds], query)
    token = _compute_meaning.set(compute_meaning)
    try:
        for kind in Kind.ALL:
            if kind in kinds:
                results.groups.append(_GROUPS[kind](user, query, limit=limit, offset=offset))
    finally:
        _compute_meaning.reset(token)
    return results


__all__ = [
    "Hit",
    "Kind",
    "ResultGroup",
    "SearchResults",
    "filter_instruments",
    "hybrid_instrument_matches",
    "instrument_meaning_pending",
    "instrument_matches",
    "search",
]
