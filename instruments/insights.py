"""Where, by whom and with what result an instrument is used: the owners' insights page.

Every figure is one aggregate query (about ten in all), whatever the number of
views, reviews, experiences or communities. Charts are computed here as plain
geometry and drawn as server-side SVG by the template.
"""

import datetime
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.privacy import count_or_some
from core.vocabularies import Level, Phase, Theme

from .models import Bookmark, Experience, Instrument, InstrumentViewDay
from .selectors import rating_distribution

WEEKS_SHOWN = 12
CHART_WIDTH = 600
CHART_HEIGHT = 160


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str


@dataclass
class Tally:
    label: str
    count: int


@dataclass
class CommunityUse:
    name: str
    slug: str
    uses: int


@dataclass
class Insights:
    views_total: int = 0
    views_recent: int = 0
    view_bars: list[Bar] = field(default_factory=list)
    view_max: int = 0
    distribution: list[tuple[int, int]] = field(default_factory=list)
    rating_count: int = 0
    experience_total: int = 0
    would_use_again: int = 0
    by_theme: list[Tally] = field(default_factory=list)
    by_level: list[Tally] = field(default_factory=list)
    by_phase: list[Tally] = field(default_factory=list)
    named_communities: list[CommunityUse] = field(default_factory=list)
    unnamed_communities: int = 0
    cycles: list[tuple[str, str, int]] | None = None
    cycle_max: int = 0
    bookmarks_total: int = 0
    bookmarks_recent: int = 0

    @property
    def community_total(self) -> int:
        return len(self.named_communities) + self.unnamed_communities

    @property
    def unnamed_shown(self) -> int | None:
        """The number of anonymous communities, or None ("some") when so few could be singled out."""
        return count_or_some(self.unnamed_communities)

    @property
    def community_total_shown(self) -> int | None:
        return None if self.unnamed_shown is None else self.community_total


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def view_bars(instrument: Instrument, today: datetime.date) -> tuple[list[Bar], int, int]:
    """Weekly page views for the last ``WEEKS_SHOWN`` weeks (this week included)."""
    first = week_start(today) - datetime.timedelta(weeks=WEEKS_SHOWN - 1)
    per_week: Counter = Counter()
    for day, views in InstrumentViewDay.objects.filter(instrument=instrument, day__gte=first).values_list(
        "day", "views"
    ):
        per_week[week_start(day)] += views
    weeks = [first + datetime.timedelta(weeks=i) for i in range(WEEKS_SHOWN)]
    peak = max((per_week[w] for w in weeks), default=0)
    slot = CHART_WIDTH / WEEKS_SHOWN
    bars = []
    for i, week in enumerate(weeks):
        value = per_week[week]
        height = (value / peak) * (CHART_HEIGHT - 20) if peak else 0
        bars.append(
            Bar(
                x=round(i * slot + 4, 1),
                y=round(CHART_HEIGHT - height, 1),
                width=round(slot - 8, 1),
                height=round(height, 1),
                value=value,
                label=week.isoformat(),
            )
        )
    return bars, peak, sum(per_week.values())


def _tallies(counter: Counter, choices) -> list[Tally]:
    tallies = [Tally(str(label), counter[code]) for code, label in choices if counter.get(code)]
    if counter.get(""):
        tallies.append(Tally("", counter[""]))
    return tallies


# Figures that apps above instruments add to the page: communities (which communities use the
# instrument), valuecreation (value cycles reached with it). Each registers ``contribute(instrument,
# result)`` in its AppConfig.ready(); instruments cannot import them (layer contract, pyproject.toml).
_contributions: dict[str, Callable[[Instrument, "Insights"], None]] = {}


def register(name: str, contribute: Callable[[Instrument, "Insights"], None]) -> None:
    """Add (or replace, by ``name``) a contribution; called in order of INSTALLED_APPS."""
    _contributions[name] = contribute


def insights_for(instrument: Instrument, *, today: datetime.date | None = None) -> Insights:
    today = today or timezone.localdate()
    result = Insights()
    result.view_bars, result.view_max, _shown = view_bars(instrument, today)
    totals = InstrumentViewDay.objects.filter(instrument=instrument).aggregate(
        total=Sum("views"), recent=Sum("views", filter=Q(day__gt=today - datetime.timedelta(days=30)))
    )
    result.views_total = totals["total"] or 0
    result.views_recent = totals["recent"] or 0

    result.distribution = rating_distribution(instrument)
    result.rating_count = sum(count for _stars, count in result.distribution)

    themes, levels, phases = Counter(), Counter(), Counter()
    rows = (
        Experience.objects.filter(instrument=instrument, is_hidden=False)
        .values("theme", "level", "phase", "would_use_again")
        .annotate(n=Count("id"))
    )
    for row in rows:
        themes[row["theme"]] += row["n"]
        levels[row["level"]] += row["n"]
        phases[row["phase"]] += row["n"]
        result.experience_total += row["n"]
        if row["would_use_again"]:
            result.would_use_again += row["n"]
    result.by_theme = _tallies(themes, Theme.choices)
    result.by_level = _tallies(levels, Level.choices)
    result.by_phase = _tallies(phases, Phase.choices)

    for contribute in _contributions.values():
        contribute(instrument, result)
    if result.cycles:
        result.cycle_max = max(count for _code, _label, count in result.cycles)

    bookmarks = Bookmark.objects.filter(instrument=instrument).aggregate(
        total=Count("id"),
        recent=Count("id", filter=Q(created_at__gte=timezone.now() - datetime.timedelta(days=30))),
    )
    result.bookmarks_total = bookmarks["total"]
    result.bookmarks_recent = bookmarks["recent"]
    return result
