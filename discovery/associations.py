"""Associative reads: related instruments, proven elsewhere, comparable communities.

Every function takes the viewing user and only looks at what that user may
see: co-use is counted over communities visible to the user, so a members-only
community never adds to a score, is never named and never shows up as a reason
for an outsider.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from communities.models import Community, CommunityInstrumentUse, CommunityTheme
from communities.selectors import communities_visible_to
from core.vocabularies import Audience, Level, Phase, Pillar, Theme
from exchange import selectors as exchange_selectors
from instruments.catalogue import in_ids
from instruments.models import Classification, Experience, Facet, Instrument, Review
from instruments.selectors import published_instruments
from semantic import selectors as semantic_selectors
from semantic.embedders import min_similarity

from .expressions import SearchVectorColumn
from .search import is_postgres, visible_experiences

# Weights of the combined score. Co-use is the strongest signal: people who
# ran a community actually chose these together.
WEIGHT_CO_USE = 3.0
WEIGHT_FACET = {Facet.PHASE: 1.0, Facet.PILLAR: 1.0, Facet.AUDIENCE: 0.75}
WEIGHT_TAG = 1.5
WEIGHT_TEXT = 4.0
# Comparable communities: a challenge and learning goal alike in meaning weigh as much as a similar
# title in words (3), scaled by how close the two are above the embedder's floor.
WEIGHT_MEANING = 3.0
CANDIDATE_LIMIT = 200
TEXT_CANDIDATE_LIMIT = 30
_STOPWORD_TEXT = (
    "de het een en van voor met in op te dat die om aan als bij of is zijn je we hun door naar uit "
    "over the and for with of to a an in on"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

FACET_VOCABULARY = {Facet.PHASE: Phase, Facet.PILLAR: Pillar, Facet.AUDIENCE: Audience}


# Labels of the reason codes; a stored reason keeps only its code and data, so it is shown in the
# viewer's language. A code not listed here shows its stored ``text`` (see Reason).
REASON_LABELS = {
    "co_use": _("often used together"),
    "phase": _("same phase"),
    "pillar": _("same pillar"),
    "audience": _("same audience"),
    "tags": _("shared tags"),
    "text": _("similar title"),
    "challenge_link": _("same challenge"),
    "municipality": _("same municipality"),
    "level": _("same level"),
    "themes": _("shared themes"),
    "sectors": _("shared sectors"),
    "challenge": _("similar challenge"),
    "meaning": _("similar in meaning"),
}
# Codes whose ``values`` are codes of a vocabulary, shown as its labels.
REASON_VOCABULARY = {**FACET_VOCABULARY, "level": Level, "themes": Theme}


@dataclass
class Reason:
    """Why a suggestion is there, language-neutral: stored as :meth:`as_data`, labelled when shown.

    code: stable (co_use, phase, pillar, audience, tags, text, level, themes, sectors, challenge,
    challenge_link, municipality, meaning ...); values: vocabulary codes; count: a number the
    detail names; text: a detail as it is (tag names, a challenge title), or the label of a code
    no one registered in REASON_LABELS.
    """

    code: str
    values: list[str] = field(default_factory=list)
    count: int = 0
    text: str = ""

    @property
    def label(self) -> str:
        label = REASON_LABELS.get(self.code)
        return str(label) if label is not None else self.text

    @property
    def detail(self) -> str:
        if self.code == "co_use":
            if self.count > 1:
                return str(_("by %(count)s communities")) % {"count": self.count}
            return str(_("by one community"))
        vocabulary = REASON_VOCABULARY.get(self.code)
        if vocabulary is not None:
            return ", ".join(str(vocabulary(v).label) for v in vocabulary.values if v in self.values)
        return self.text if self.code in REASON_LABELS else ""

    def as_data(self) -> dict:
        data = {"code": self.code}
        if self.values:
            data["values"] = list(self.values)
        if self.count:
            data["count"] = self.count
        if self.text:
            data["text"] = self.text
        return data

    @classmethod
    def from_data(cls, data: dict) -> Reason:
        return cls(
            str(data.get("code", "")),
            [str(v) for v in data.get("values", [])],
            int(data.get("count", 0)),
            str(data.get("text", "")),
        )


@dataclass
class Suggestion:
    instrument: Instrument
    score: float
    reasons: list[Reason] = field(default_factory=list)


def _tokens(text: str) -> set[str]:
    return {w for w in re.split(r"[^\w]+", (text or "").lower()) if len(w) > 2 and w not in STOPWORDS}


def _listed_instruments() -> QuerySet[Instrument]:
    """What suggestions may point to: published and not hidden, the same for every viewer."""
    return published_instruments()


def _text_similar(instrument: Instrument) -> dict[int, float]:
    """Instrument id -> text similarity in 0..1 with ``instrument``'s title and summary."""
    if is_postgres():
        # An OR query of this instrument's own title and summary lexemes (weights A and B),
        # ranked against every other instrument's vector. Lexemes come from the database,
        # quoted with quote_literal; nothing from the request reaches this SQL.
        # Title words only: summaries share too many common words to separate 20 000 instruments.
        similarity = _similarity_to(instrument.pk, "instruments_instrument", "{a}")
        rows = (
            _listed_instruments()
            .exclude(pk=instrument.pk)
            .filter(_shares_lexemes(instrument.pk, "instruments_instrument", "{a}"))
            .annotate(similarity=similarity)
            .order_by("-similarity")
            .values_list("pk", "similarity")[:TEXT_CANDIDATE_LIMIT]
        )
        rows = list(rows)
        top = max((score for _pk, score in rows), default=0) or 1
        return {pk: score / top for pk, score in rows}
    own = _tokens(instrument.title)
    if not own:
        return {}
    scores = {}
    for pk, title in _listed_instruments().exclude(pk=instrument.pk).values_list("pk", "title"):
        other = _tokens(title)
        if other:
            overlap = len(own & other) / len(own | other)
            if overlap > 0.05:
                scores[pk] = overlap
    top = max(scores.values(), default=0) or 1
    return {
        pk: score / top for pk, score in sorted(scores.items(), key=lambda kv: -kv[1])[:TEXT_CANDIDATE_LIMIT]
    }


def _facet_condition(instrument: Instrument):
    own = [(c.facet, c.value) for c in instrument.classifications.all() if c.facet in WEIGHT_FACET]
    condition = Q()
    for facet, value in own:
        condition |= Q(facet=facet, value=value)
    return condition if own else None


def _signals(instrument: Instrument, user, text_ids) -> list[tuple[int, str, str]]:
    """(other instrument id, kind, value) rows for co-use, shared tags and shared facets.

    kind is "use" (value: a community id, only communities visible to ``user``),
    "tag" (value: the tag name) or a facet name (value: the shared code). Two
    queries: co-use and tags, then the facets of the instruments found so far
    (plus ``text_ids``). Only when those are few does a broader, grouped query
    look for the instruments sharing the most facet values: in a large
    catalogue nearly every instrument shares some phase or pillar, so facets
    are a tie-breaker, not a source of candidates. Unlisted instruments are
    dropped later, when the suggestions are fetched.
    """
    visible = communities_visible_to(user).values("pk")
    users_of_this = CommunityInstrumentUse.objects.filter(
        instrument=instrument, community__in=visible
    ).values("community_id")
    co_use = (
        CommunityInstrumentUse.objects.filter(community_id__in=users_of_this)
        .exclude(instrument=instrument)
        .order_by()
        .values_list(
            "instrument_id", Value("use", output_field=CharField()), Cast("community_id", CharField())
        )
    )
    queries = [co_use]
    tag_ids = [tag.pk for tag in instrument.tags.all()]
    if tag_ids:
        queries.append(
            TaggedItem.objects.filter(
                tag_id__in=tag_ids, content_type__app_label="instruments", content_type__model="instrument"
            )
            .exclude(object_id=instrument.pk)
            .order_by()
            .values_list("object_id", Value("tag", output_field=CharField()), "tag__name")
        )
    combined = queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]
    rows = list(combined[: CANDIDATE_LIMIT * 10])
    condition = _facet_condition(instrument)
    if condition is None:
        return rows
    shared = Classification.objects.filter(condition).exclude(instrument=instrument)
    found = {pk for pk, _kind, _value in rows} | set(text_ids)
    if len(found) >= CANDIDATE_LIMIT // 10:
        shared = shared.filter(in_ids("instrument_id", found))
    else:
        best = (
            shared.values("instrument_id")
            .annotate(n=Count("id"))
            .order_by("-n", "instrument_id")
            .values("instrument_id")[:CANDIDATE_LIMIT]
        )
        shared = shared.filter(Q(instrument_id__in=best) | in_ids("instrument_id", found))
    return rows + list(shared.values_list("instrument_id", "facet", "value"))


def related_instruments(instrument: Instrument, user, *, limit: int = 6) -> list[Suggestion]:
    """Listed instruments ranked by co-use, shared classification and tags, and text similarity.

    Each suggestion carries the reasons that put it there. Four or five queries
    whatever the catalogue size: text similarity, co-use and tags, facets, the instruments.
    """
    scores: dict[int, float] = defaultdict(float)
    co_use: dict[int, set[str]] = defaultdict(set)
    facets: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    tags: dict[int, list[str]] = defaultdict(list)
    text = _text_similar(instrument)
    for pk, kind, value in _signals(instrument, user, text):
        if kind == "use":
            co_use[pk].add(value)
        elif kind == "tag":
            tags[pk].append(value)
        else:
            facets[pk][kind].append(value)

    # Scores for every candidate first; the (translated) reasons only for the few shown.
    for pk, community_ids in co_use.items():
        scores[pk] += WEIGHT_CO_USE * len(community_ids)
    for pk, shared in facets.items():
        scores[pk] += sum(WEIGHT_FACET[facet] * len(values) for facet, values in shared.items())
    for pk, names in tags.items():
        scores[pk] += WEIGHT_TAG * len(names)
    for pk, similarity in text.items():
        scores[pk] += WEIGHT_TEXT * similarity
    if not scores:
        return []
    top_ids = [pk for pk, _score in sorted(scores.items(), key=lambda kv: -kv[1])[: limit * 4]]
    candidates = (
        _listed_instruments()
        .filter(pk__in=top_ids)
        .only("pk", "title", "slug", "summary", "rating_avg", "rating_count")
    )
    ranked = sorted(candidates, key=lambda i: (-scores[i.pk], -(i.rating_avg or 0), i.title))[:limit]
    return [
        Suggestion(
            i, round(scores[i.pk], 2), _reasons(co_use[i.pk], facets[i.pk], tags[i.pk], text.get(i.pk, 0))
        )
        for i in ranked
    ]


def _reasons(community_ids, facets, tags, similarity) -> list[Reason]:
    reasons = []
    if community_ids:
        reasons.append(Reason("co_use", count=len(community_ids)))
    for facet in (Facet.PHASE, Facet.PILLAR, Facet.AUDIENCE):
        values = facets.get(facet)
        if values:
            vocabulary = FACET_VOCABULARY[facet]
            reasons.append(Reason(str(facet), values=[v for v in vocabulary.values if v in values]))
    if tags:
        reasons.append(Reason("tags", text=", ".join(sorted(tags))))
    if similarity >= 0.3:
        reasons.append(Reason("text"))
    return reasons


# -- proven elsewhere and context ratings ------------------------------------


@dataclass
class SectorLine:
    sector: str
    count: int
    again: int
    example: Experience | None = None


@dataclass
class ThemeBlock:
    theme: str
    label: str
    count: int = 0
    sectors: list[SectorLine] = field(default_factory=list)


def proven_elsewhere(
    instrument: Instrument, user, experiences: list[Experience] | None = None
) -> list[ThemeBlock]:
    """Experiences with ``instrument`` grouped by theme, then sector, with how many would use it again.

    ``experiences``: those ``user`` may read, ordered by theme, sector and newest first, as the
    instrument page already loaded them (instruments.selectors.experiences_on_page); else queried.
    """
    if experiences is None:
        experiences = (
            visible_experiences(user)
            .filter(instrument=instrument)
            .only("id", "theme", "sector", "would_use_again", "what_worked", "created_at")
            .order_by("theme", "sector", "-created_at")
        )
    blocks: dict[str, ThemeBlock] = {}
    lines: dict[tuple[str, str], SectorLine] = {}
    for experience in experiences[:500]:
        theme = experience.theme or ""
        block = blocks.get(theme)
        if block is None:
            label = Theme(theme).label if theme in Theme.values else _("Theme not given")
            block = blocks[theme] = ThemeBlock(theme, str(label))
        sector = (experience.sector or "").strip().lower()
        line = lines.get((theme, sector))
        if line is None:
            line = lines[(theme, sector)] = SectorLine(sector or str(_("sector not given")), 0, 0, experience)
            block.sectors.append(line)
        line.count += 1
        line.again += int(experience.would_use_again)
        block.count += 1
    return sorted(blocks.values(), key=lambda b: (b.theme == "", -b.count, b.label))


@dataclass
class ContextRating:
    dimension: str
    label: str
    count: int
    average: float
    key: tuple[str, str] = ("", "")  # (dimension code, value code), e.g. ("theme", "health")


def ratings_by_context(instrument: Instrument, reviews: list[Review] | None = None) -> list[ContextRating]:
    """Average rating per level, phase and theme of the reviewer's context, in one query.

    ``reviews``: the instrument's reviews the page already loaded (hidden ones are left out here),
    counted without a query.
    """
    if reviews is not None:
        rows = [
            {
                "context_level": r.context_level,
                "context_phase": r.context_phase,
                "context_theme": r.context_theme,
                "n": 1,
                "rating_sum": r.rating,
            }
            for r in reviews
            if not r.is_hidden
        ]
    else:
        rows = (
            Review.objects.filter(instrument=instrument, is_hidden=False)
            .values("context_level", "context_phase", "context_theme")
            .annotate(n=Count("id"), rating_sum=Sum("rating"))
        )
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        for dimension, key in (
            ("level", "context_level"),
            ("phase", "context_phase"),
            ("theme", "context_theme"),
        ):
            if row[key]:
                sums[(dimension, row[key])][0] += row["n"]
                sums[(dimension, row[key])][1] += row["rating_sum"]
    result = []
    for dimension, vocabulary, heading in (
        ("level", Level, _("Level")),
        ("phase", Phase, _("Phase")),
        ("theme", Theme, _("Theme")),
    ):
        for code, label in vocabulary.choices:
            count, total = sums.get((dimension, code), (0, 0))
            if count:
                result.append(
                    ContextRating(str(heading), str(label), count, total / count, (dimension, code))
                )
    return result


# -- comparable communities --------------------------------------------------


@dataclass
class Comparable:
    community: Community
    score: float
    reasons: list[Reason] = field(default_factory=list)
    same_region: bool = False
    same_challenge: bool = False


def _own_lexemes(pk: int, table: str, weights: str) -> RawSQL:
    """An OR tsquery of row ``pk``'s own lexemes of the given weights.

    ``table`` is one of two fixed names, never user input; the lexemes are read
    from the database and quoted with quote_literal.
    """
    return RawSQL(  # noqa: S611
        f"""(SELECT to_tsquery('simple', string_agg(quote_literal(lexeme), ' | '))
            FROM {table} source,
                unnest(tsvector_to_array(ts_filter(source.search_vector, %s::"char"[]))) lexeme
            WHERE source.id = %s AND length(lexeme) > 2)""",  # noqa: S608
        [weights, pk],
    )


def _similarity_to(pk: int, table: str, weights: str) -> Func:
    """ts_rank of each row against :func:`_own_lexemes`."""
    return Func(
        SearchVectorColumn(), _own_lexemes(pk, table, weights), function="ts_rank", output_field=FloatField()
    )


def _shares_lexemes(pk: int, table: str, weights: str) -> Func:
    """``search_vector @@ own lexemes``: lets the GIN index pick the rows worth ranking."""
    return Func(
        SearchVectorColumn(),
        _own_lexemes(pk, table, weights),
        template="%(expressions)s",
        arg_joiner=" @@ ",
        output_field=BooleanField(),
    )


def _closeness(cosine: float | None) -> float:
    """0..1: how far ``cosine`` lies above the embedder's floor (below it two texts share only a language)."""
    if cosine is None:
        return 0.0
    floor = min_similarity()
    return max(0.0, min(1.0, (cosine - floor) / (1.0 - floor))) if floor < 1 else 0.0


def _own_words(community: Community, words: int = 18) -> str:
    """The community's own words for what it works on (stored as typed: no translated label)."""
    parts = (community.challenge or community.shared_learning_goal or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def comparable_communities(community: Community, user, *, limit: int = 6) -> list[Comparable]:
    """Visible communities like ``community``: same challenge, level, themes and sectors, similar text,
    and a challenge and learning goal alike in meaning (reason ``meaning``, with the other's own words).

    Communities linked to one of the same challenges (exchange) come first,
    then those in the same municipality or province; the rest are marked as
    other regions.
    """
    own_themes = set(community.theme_codes)
    own_sectors = {t.name.lower() for t in community.sectors.all()}
    candidates = communities_visible_to(user).exclude(pk=community.pk).select_related("municipality")
    shared_theme_count = Coalesce(
        Subquery(
            CommunityTheme.objects.filter(community=OuterRef("pk"), theme__in=own_themes)
            .order_by()
            .values("community")
            .annotate(n=Count("id"))
            .values("n")[:1]
        ),
        Value(0),
    )
    # A first score in SQL picks the pool; the exact score and its reasons follow in Python.
    pre_score = (
        Case(When(level=community.level, then=Value(2.0)), default=Value(0.0))
        + Case(When(phase=community.phase, then=Value(0.5)), default=Value(0.0))
        + 2.0 * shared_theme_count
    )
    if is_postgres():
        candidates = candidates.annotate(
            similarity=_similarity_to(community.pk, "communities_community", "{a,b}")
        )
        pre_score = pre_score + 20.0 * F("similarity")
    else:
        candidates = candidates.annotate(similarity=Value(0.0, output_field=FloatField()))
    ranked = candidates.annotate(pre_score=ExpressionWrapper(pre_score, output_field=FloatField())).filter(
        pre_score__gt=0.5
    )
    pool_size = limit * 3
    # Same challenge: these count whatever their other scores, so they are picked from ``candidates``.
    shared = exchange_selectors.communities_sharing_a_challenge(community)
    challenge_titles = {}
    for community_id, title in shared.order_by("challenge__title").values_list(
        "community_id", "challenge__title"
    ):
        challenge_titles.setdefault(community_id, []).append(title)
    pool = list(candidates.filter(pk__in=list(challenge_titles)).order_by("-similarity", "name")[:pool_size])
    seen = {c.pk for c in pool}
    pool += [
        c
        for c in list(ranked.filter(province=community.province).order_by("-pre_score", "name")[:pool_size])
        + list(ranked.exclude(province=community.province).order_by("-pre_score", "name")[:pool_size])
        if c.pk not in seen
    ]
    # Alike in meaning (their challenge and learning goal, semantic's stored vectors), among the
    # communities ``user`` may see: in the stored job that is the anonymous visitor, so public ones.
    meaning = dict(semantic_selectors.similar_communities(user, community, k=pool_size))
    seen = {c.pk for c in pool}
    missing = [pk for pk in meaning if pk not in seen]
    if missing:
        pool += list(candidates.filter(pk__in=missing))
    prefetch_related_objects(pool, "themes", "sectors")
    top = max((c.similarity for c in pool), default=0) or 1
    text_scores: dict[int, float] = {c.pk: c.similarity / top for c in pool if c.similarity}
    if not is_postgres():
        own_words = _tokens(f"{community.challenge} {community.name}")
        for other in pool:
            words = _tokens(f"{other.challenge} {other.name}")
            if own_words and words:
                text_scores[other.pk] = len(own_words & words) / len(own_words | words)
        top = max(text_scores.values(), default=0) or 1
        text_scores = {pk: s / top for pk, s in text_scores.items()}
    result = []
    for other in pool:
        score, reasons = 0.0, []
        titles = challenge_titles.get(other.pk)
        if titles:
            score += 4
            reasons.append(Reason("challenge_link", text=", ".join(titles)))
        same_municipality = (
            bool(community.municipality_id) and other.municipality_id == community.municipality_id
        )
        if same_municipality:
            score += 1.5
            reasons.append(Reason("municipality", text=str(other.municipality)))
        if other.level == community.level:
            score += 2
            reasons.append(Reason("level", values=[other.level]))
        shared_themes = own_themes & set(other.theme_codes)
        if shared_themes:
            score += 2 * len(shared_themes)
            reasons.append(Reason("themes", values=sorted(shared_themes)))
        shared_sectors = own_sectors & {t.name.lower() for t in other.sectors.all()}
        if shared_sectors:
            score += len(shared_sectors)
            reasons.append(Reason("sectors", text=", ".join(sorted(shared_sectors))))
        if other.phase == community.phase:
            score += 0.5
            reasons.append(Reason("phase", values=[other.phase]))
        text = text_scores.get(other.pk, 0)
        if text:
            score += 3 * text
            if text >= 0.3:
                reasons.append(Reason("challenge"))
        closeness = _closeness(meaning.get(other.pk))
        if closeness:
            score += WEIGHT_MEANING * closeness
            reasons.append(Reason("meaning", text=_own_words(other)))
        if score > 0.5 or titles:
            result.append(
                Comparable(
                    other, round(score, 2), reasons, other.province == community.province, bool(titles)
                )
            )
    result.sort(key=lambda c: (not c.same_challenge, not c.same_region, -c.score, c.community.name))
    challenge = [c for c in result if c.same_challenge][: limit // 2 or 1]
    rest = [c for c in result if c not in challenge]
    same = [c for c in rest if c.same_region][: max(limit // 2 - len(challenge), 1)]
    others = sorted((c for c in rest if not c.same_region), key=lambda c: (-c.score, c.community.name))
    return challenge + same + others[: limit - len(challenge) - len(same)]


@dataclass
class WorkedFor:
    instrument: Instrument
    score: float
    used_by: list[Community] = field(default_factory=list)
    good_experiences: int = 0


def instruments_that_worked(
    community: Community, comparables: list[Comparable], user, *, limit: int = 5
) -> list[WorkedFor]:
    """Instruments the comparable communities used, not yet used by ``community``.

    Ranked by how many of them used it, how many good experiences it has in
    this community's context, and its rating. Four queries at most.
    """
    already = CommunityInstrumentUse.objects.filter(community=community).values("instrument_id")
    comparable_ids = [c.community.pk for c in comparables]
    used: dict[int, list[int]] = defaultdict(list)
    for instrument_id, community_id in (
        CommunityInstrumentUse.objects.filter(community_id__in=comparable_ids)
        .exclude(instrument_id__in=already)
        .order_by()
        .values_list("instrument_id", "community_id")
        .distinct()
    ):
        used[instrument_id].append(community_id)
    if not used:
        return []
    # Good experiences in this community's context (theme or level), from anyone, with those instruments.
    context = Q(level=community.level)
    themes = community.theme_codes
    if themes:
        context |= Q(theme__in=themes)
    good = Counter(
        dict(
            visible_experiences(user)
            .filter(context, would_use_again=True, instrument_id__in=list(used))
            .values("instrument_id")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("instrument_id", "n")
        )
    )
    ids = set(used)
    by_pk = {c.community.pk: c.community for c in comparables}
    instruments = _listed_instruments().filter(pk__in=ids)
    result = []
    for instrument in instruments:
        score = (
            3 * len(used.get(instrument.pk, []))
            + good.get(instrument.pk, 0)
            + (instrument.rating_avg or 0) / 2
        )
        result.append(
            WorkedFor(
                instrument,
                round(score, 2),
                [by_pk[pk] for pk in used.get(instrument.pk, []) if pk in by_pk],
                good.get(instrument.pk, 0),
            )
        )
    result.sort(key=lambda w: (-w.score, w.instrument.title))
    return result[:limit]
