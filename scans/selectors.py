"""Reads of scans and canvases. Results are aggregates computed by the database.

Individual answers never leave this module except as a member's *own*
response (to prefill their form). Everything else is grouped per dimension or
item, and small groups stay unreadable (issue 16, finding 8):

* nothing is shown while a round is open (only how many answered): a mean
  that moves when one newcomer answers would give that answer away; figures
  appear when the round closes (by hand or at its deadline);
* the mean and n from ``MEAN_MIN_RESPONDENTS`` (3) answers, or the round's
  higher ``min_respondents``;
* spread, lowest and highest only from ``DETAIL_MIN_RESPONDENTS`` (5): with
  three answers mean, minimum and maximum give away all three;
* open answers (texts) likewise only for closed rounds past the threshold.

Spread is the population standard deviation of all answers in a dimension (or
to an item) in one round: the community is the whole group we describe, not a
sample of it. Minimum and maximum are given beside it.
"""

from dataclasses import dataclass, field

from django.core.validators import slug_re
from django.db.models import Avg, Count, Exists, Max, Min, OuterRef, Prefetch, QuerySet, StdDev, Value
from django.http import Http404
from django.shortcuts import get_object_or_404

from communities.models import Community, Membership, MembershipRole
from instruments import panels as instrument_panels

from .models import (
    Answer,
    Canvas,
    CanvasBlock,
    CanvasVersion,
    CommunityCanvas,
    Dimension,
    Item,
    Response,
    Round,
    Scale,
    Scan,
    in_active_language,
)

# How many rounds a chart puts side by side (the most recent ones).
CHART_ROUNDS = 4
# Small-group rules (see the module docstring); a round's min_respondents can only raise them.
MEAN_MIN_RESPONDENTS = 3
DETAIL_MIN_RESPONDENTS = 5


def mean_threshold(round_: Round) -> int:
    return max(round_.min_respondents, MEAN_MIN_RESPONDENTS)


def detail_threshold(round_: Round) -> int:
    return max(round_.min_respondents, DETAIL_MIN_RESPONDENTS)


def available_scans() -> QuerySet[Scan]:
    return Scan.objects.filter(is_active=True).select_related("instrument")


def available_canvases() -> QuerySet[Canvas]:
    return Canvas.objects.filter(is_active=True).select_related("instrument")


def scan_for_community(slug: str) -> Scan:
    return get_object_or_404(Scan, slug=slug)


def canvas_for_start(slug: str) -> Canvas:
    return get_object_or_404(Canvas, slug=slug, is_active=True)


def scan_with_items(scan: Scan) -> Scan:
    """The scan with its dimensions and items prefetched (two queries)."""
    items = Prefetch("items", queryset=Item.objects.order_by("position", "id"))
    dimensions = list(scan.dimensions.order_by("position", "id").prefetch_related(items))
    scan.ordered_dimensions = dimensions
    return scan


def rounds_of(community, scan: Scan | None = None) -> QuerySet[Round]:
    queryset = Round.objects.filter(community=community).select_related("scan", "opened_by")
    if scan is not None:
        queryset = queryset.filter(scan=scan)
    return queryset.annotate(respondent_count=Count("responses")).order_by("-opened_at", "-id")


def round_for_view(community, pk: int) -> Round:
    queryset = (
        Round.objects.filter(community=community)
        .select_related("scan", "opened_by", "closed_by")
        .annotate(respondent_count=Count("responses"))
    )
    round_ = get_object_or_404(queryset, pk=pk)
    round_.community = community  # avoid a second fetch; keeps the membership cache
    return round_


def recent_rounds(community, *, limit: int = 5) -> list[Round]:
    return list(rounds_of(community)[:limit])


def own_answers(user, round_: Round) -> tuple[Response | None, dict[int, object]]:
    """The user's own response in the round and their answers per item id (to prefill the form)."""
    if not user.is_authenticated:
        return None, {}
    response = Response.objects.filter(round=round_, member=user).first()
    if response is None:
        return None, {}
    answers = {a.item_id: (a.value if a.value is not None else a.text) for a in response.answers.all()}
    return response, answers


def answered_round_ids(user, rounds) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Response.objects.filter(member=user, round__in=[r.pk for r in rounds]).values_list(
            "round_id", flat=True
        )
    )


# -- results --------------------------------------------------------------------


@dataclass
class Stat:
    """One aggregate. ``shown``: the mean (and n); ``detailed``: spread, lowest and highest too.

    ``waiting`` is True while the round is open: then no figure is given at all.
    """

    n: int
    threshold: int
    detail_threshold: int = DETAIL_MIN_RESPONDENTS
    waiting: bool = False
    mean: float | None = None
    sd: float | None = None
    low: int | None = None
    high: int | None = None

    @property
    def shown(self) -> bool:
        return self.mean is not None

    @property
    def detailed(self) -> bool:
        return self.low is not None


def _stat(row: dict | None, round_: Round) -> Stat:
    stat = Stat(
        n=row["n"] if row else 0,
        threshold=mean_threshold(round_),
        detail_threshold=detail_threshold(round_),
        waiting=round_.is_open,
    )
    if row is None or stat.waiting or stat.n < stat.threshold:
        return stat
    stat.mean = float(row["mean"])
    if stat.n >= stat.detail_threshold:
        stat.sd = float(row["sd"] or 0.0)
        stat.low, stat.high = row["low"], row["high"]
    return stat


@dataclass
class ItemResult:
    item: Item
    stats: list[Stat] = field(default_factory=list)


@dataclass
class DimensionResult:
    dimension: Dimension
    scale: str
    value_range: tuple[int, int]
    left_label: str = ""
    right_label: str = ""
    stats: list[Stat] = field(default_factory=list)
    items: list[ItemResult] = field(default_factory=list)

    @property
    def is_bipolar(self) -> bool:
        return self.scale == Scale.BIPOLAR


@dataclass
class ScanResults:
    scan: Scan
    rounds: list[Round]
    dimensions: list[DimensionResult]

    @property
    def has_bipolar(self) -> bool:
        return any(d.is_bipolar for d in self.dimensions)

    @property
    def any_shown(self) -> bool:
        return any(s.shown for d in self.dimensions for s in d.stats)

    @property
    def any_waiting(self) -> bool:
        return any(r.is_open for r in self.rounds)

    @property
    def shown_from(self) -> int:
        """How many answers the first round needs before its means show (never below the rule's 3)."""
        return mean_threshold(self.rounds[0]) if self.rounds else MEAN_MIN_RESPONDENTS


def _aggregate(queryset, group_by: str) -> dict[tuple[int, int], dict]:
    rows = queryset.values("response__round_id", group_by).annotate(
        n=Count("response", distinct=True),
        mean=Avg("value"),
        sd=StdDev("value", sample=False),
        low=Min("value"),
        high=Max("value"),
    )
    return {(row["response__round_id"], row[group_by]): row for row in rows}


def results(scan: Scan, rounds: list[Round]) -> ScanResults:
    """Per dimension (and per item) aggregates for each round, oldest round first.

    Four queries whatever the number of members or rounds: dimensions, items,
    and one grouped aggregate each for dimensions and items.
    """
    rounds = sorted(rounds, key=lambda r: (r.opened_at, r.pk))
    scan_with_items(scan)
    scored = Answer.objects.filter(response__round__in=[r.pk for r in rounds], value__isnull=False)
    by_dimension = _aggregate(scored, "item__dimension_id")
    by_item = _aggregate(scored, "item_id")
    dimensions = []
    for dimension in scan.ordered_dimensions:
        scored_items = [item for item in dimension.items.all() if item.is_scored]
        if not scored_items:
            continue
        first = scored_items[0]
        result = DimensionResult(
            dimension=dimension,
            scale=first.scale,
            value_range=first.value_range,
            left_label=first.left_label,
            right_label=first.right_label,
        )
        for round_ in rounds:
            result.stats.append(_stat(by_dimension.get((round_.pk, dimension.pk)), round_))
        for item in scored_items:
            result.items.append(
                ItemResult(
                    item=item,
                    stats=[_stat(by_item.get((r.pk, item.pk)), r) for r in rounds],
                )
            )
        dimensions.append(result)
    return ScanResults(scan=scan, rounds=rounds, dimensions=dimensions)


def open_answers(round_: Round) -> list[tuple[Item, list[str]]]:
    """Open answers per question, without names, in alphabetical order (so order reveals no one).

    Empty while the round is open (a new text would point at the newcomer) and
    while fewer members answered than the round's threshold.
    """
    if round_.is_open:
        return []
    respondents = getattr(round_, "respondent_count", None)
    if respondents is None:
        respondents = round_.responses.count()
    if respondents < mean_threshold(round_):
        return []
    rows = (
        Answer.objects.filter(response__round=round_, value__isnull=True)
        .exclude(text="")
        .select_related("item")
        .order_by("item__dimension__position", "item__position", "text")
    )
    grouped: dict[int, tuple[Item, list[str]]] = {}
    for answer in rows:
        grouped.setdefault(answer.item_id, (answer.item, []))[1].append(answer.text)
    return list(grouped.values())


def open_item_count(scan: Scan) -> int:
    return Item.objects.filter(dimension__scan=scan, scale=Scale.OPEN).count()


# -- instrument page --------------------------------------------------------------


@dataclass
class ToolLink:
    pk: int
    title: str
    slug: str
    intro: str


@dataclass
class InstrumentTools:
    scans: list = field(default_factory=list)
    canvases: list = field(default_factory=list)
    communities: list = field(default_factory=list)  # where the user may open a round
    member_communities: list = field(default_factory=list)  # where the user may fill in a canvas

    @property
    def any(self) -> bool:
        return bool(self.scans or self.canvases)


def has_tools_fact(viewer):
    """The instrument page's fact (instruments.panels): does the instrument have an active scan or canvas?"""
    return Exists(Scan.objects.filter(instrument=OuterRef("pk"), is_active=True)) | Exists(
        Canvas.objects.filter(instrument=OuterRef("pk"), is_active=True)
    )


def tools_for_instrument(user, instrument) -> InstrumentTools:
    """The digital scans and canvases of an instrument, and the communities the user can start them in.

    Cached on the instrument, so the action button and the panel share at most three queries.
    """
    cached = instrument.__dict__.get("_scan_tools")
    if cached is not None:
        return cached
    if instrument_panels.fact(instrument, "scan_tools") is False:
        instrument.__dict__["_scan_tools"] = InstrumentTools()
        return instrument.__dict__["_scan_tools"]
    # One query for both kinds: this runs on every instrument page, and most have neither.
    fields = ("kind", "pk", "title_nl", "title_en", "slug", "intro_nl", "intro_en", "position")
    scans = Scan.objects.filter(instrument=instrument, is_active=True).annotate(kind=Value("scan"))
    canvases = Canvas.objects.filter(instrument=instrument, is_active=True).annotate(kind=Value("canvas"))
    rows = (
        scans.order_by().values_list(*fields).union(canvases.order_by().values_list(*fields), all=True)
    ).order_by("position", "title_nl")
    tools = InstrumentTools()
    for kind, pk, title_nl, title_en, slug, intro_nl, intro_en, _position in rows:
        link = ToolLink(
            pk=pk,
            title=in_active_language(title_nl, title_en),
            slug=slug,
            intro=in_active_language(intro_nl, intro_en),
        )
        (tools.scans if kind == "scan" else tools.canvases).append(link)
    if tools.any and user.is_authenticated:
        memberships = (
            Membership.objects.filter(user=user).select_related("community").order_by("community__name")
        )
        for membership in memberships:
            tools.member_communities.append(membership.community)
            if membership.role == MembershipRole.FACILITATOR:
                tools.communities.append(membership.community)
    instrument.__dict__["_scan_tools"] = tools
    return tools


def _checked_slug(slug: str) -> str:
    """``slug`` from a query string, if it can be one; 404 otherwise.

    Typed by whoever built the link: a NUL character in it reached PostgreSQL,
    which refuses such text with an error (a 500) instead of finding nothing.
    """
    if not slug_re.match(slug or ""):
        raise Http404
    return slug


def facilitated_community(user, slug: str):
    return get_object_or_404(
        Community,
        slug=_checked_slug(slug),
        memberships__user=user,
        memberships__role=MembershipRole.FACILITATOR,
    )


def member_community(user, slug: str):
    return get_object_or_404(Community, slug=_checked_slug(slug), memberships__user=user)


# -- canvases -------------------------------------------------------------------


def canvas_sheets(community) -> QuerySet[CommunityCanvas]:
    return (
        CommunityCanvas.objects.filter(community=community)
        .select_related("canvas")
        .annotate(version_count=Count("versions"), last_saved=Max("versions__created_at"))
        .order_by("-updated_at", "-id")
    )


def sheet_for_view(community, pk: int) -> CommunityCanvas:
    blocks = Prefetch("canvas__blocks", queryset=CanvasBlock.objects.order_by("position", "id"))
    sheet = get_object_or_404(
        CommunityCanvas.objects.filter(community=community).select_related("canvas").prefetch_related(blocks),
        pk=pk,
    )
    sheet.community = community
    return sheet


def versions_of(sheet: CommunityCanvas) -> QuerySet[CanvasVersion]:
    return sheet.versions.select_related("author").order_by("-number")


def version_of(sheet: CommunityCanvas, number: int | None) -> CanvasVersion | None:
    queryset = versions_of(sheet)
    if number is None:
        return queryset.first()
    return get_object_or_404(queryset, number=number)


@dataclass
class FilledBlock:
    block: CanvasBlock
    text: str


def filled_blocks(sheet: CommunityCanvas, version: CanvasVersion | None) -> list[FilledBlock]:
    texts = version.texts if version else {}
    return [FilledBlock(block=b, text=texts.get(b.key, "")) for b in sheet.canvas.blocks.all()]
