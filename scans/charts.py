"""Geometry for the server-rendered SVG charts of scan results.

The functions here turn aggregates into coordinates; templates draw them
(``scans/partials/chart_radar.html`` and ``chart_bars.html``), so every label
passes Django's auto-escaping. A chart never stands alone: the page always
shows the same figures as a table, and the SVG carries a title and a text
description for screen readers.

Every mean is drawn as the fraction of its own scale (1-5, 0-10 or -5..+5), so
dimensions on different scales can share one chart.
"""

import math
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .selectors import CHART_ROUNDS, ScanResults

RADAR_SIZE = 420
RADAR_RADIUS = 130
RADAR_RINGS = (0.25, 0.5, 0.75, 1.0)
BAR_WIDTH = 560
BAR_LEFT = 0
BAR_HEIGHT = 16
BAR_GAP = 4
ROW_LABEL = 22
ROW_GAP = 14
POLE_LABEL = 18


def fraction(mean: float, value_range: tuple[int, int]) -> float:
    low, high = value_range
    return max(0.0, min(1.0, (mean - low) / (high - low)))


def _fmt(value: float) -> str:
    # Round first: number_format cuts digits off rather than rounding them.
    return number_format(round(value, 1), 1)


@dataclass
class Series:
    index: int
    label: str
    points: str = ""
    dots: list = field(default_factory=list)


@dataclass
class Axis:
    label: str
    x2: float
    y2: float
    label_x: float
    label_y: float
    anchor: str


@dataclass
class RadarChart:
    title: str
    description: str
    size: int
    axes: list[Axis]
    rings: list[str]
    series: list[Series]
    skipped: list[str]
    kind: str = "radar"


@dataclass
class Bar:
    series: int
    label: str
    x: float
    y: float
    width: float
    value_text: str
    text_x: float

    @property
    def text_y(self) -> float:
        return self.y + 12


@dataclass
class BarRow:
    label: str
    label_y: float
    bars: list[Bar]
    left_label: str = ""
    right_label: str = ""
    pole_y: float = 0
    origin_x: float = 0
    top: float = 0
    bottom: float = 0
    missing: list[str] = field(default_factory=list)


@dataclass
class BarChart:
    title: str
    description: str
    width: int
    height: float
    rows: list[BarRow]
    series_labels: list[tuple[int, str]]
    plot_width: int = BAR_WIDTH
    kind: str = "bars"


def round_label(round_, position: int) -> str:
    from django.utils import timezone

    return _("Round %(number)s (%(date)s)") % {
        "number": position,
        "date": timezone.localtime(round_.opened_at).strftime("%d-%m-%Y"),
    }


def _chart_rounds(results: ScanResults) -> list[tuple[int, object]]:
    """(index in results.rounds, round) of the most recent rounds drawn side by side."""
    indexed = list(enumerate(results.rounds))
    return indexed[-CHART_ROUNDS:]


def _series_class(position: int, count: int) -> int:
    """Colour slot of a drawn round: 0 is always the newest, so it keeps the strongest colour."""
    return count - 1 - position


def describe(results: ScanResults) -> str:
    """A plain-text summary of the chart for screen readers."""
    parts = []
    chosen = _chart_rounds(results)
    for dim in results.dimensions:
        figures = []
        for index, round_ in chosen:
            stat = dim.stats[index]
            label = round_label(round_, index + 1)
            if stat.shown:
                figures.append(_("%(round)s: mean %(mean)s") % {"round": label, "mean": _fmt(stat.mean)})
            else:
                figures.append(_("%(round)s: too few answers") % {"round": label})
        parts.append(f"{dim.dimension.title}: " + "; ".join(figures))
    return ". ".join(parts)


def choose_chart(results: ScanResults):
    """A radar for three or more dimensions on one-sided scales; bars otherwise."""
    if not results.dimensions or not results.rounds:
        return None
    if len(results.dimensions) >= 3 and not results.has_bipolar:
        return radar(results)
    return bars(results)


def radar(results: ScanResults) -> RadarChart:
    size, radius = RADAR_SIZE, RADAR_RADIUS
    centre = size / 2
    count = len(results.dimensions)
    angles = [-math.pi / 2 + 2 * math.pi * i / count for i in range(count)]

    def point(angle: float, r: float) -> tuple[float, float]:
        return round(centre + r * math.cos(angle), 1), round(centre + r * math.sin(angle), 1)

    axes = []
    for dim, angle in zip(results.dimensions, angles, strict=True):
        x2, y2 = point(angle, radius)
        lx, ly = point(angle, radius + 16)
        cos = math.cos(angle)
        anchor = "middle" if abs(cos) < 0.3 else ("start" if cos > 0 else "end")
        axes.append(Axis(label=dim.dimension.title, x2=x2, y2=y2, label_x=lx, label_y=ly + 4, anchor=anchor))
    rings = [" ".join("{},{}".format(*point(a, radius * ring)) for a in angles) for ring in RADAR_RINGS]
    series, skipped = [], []
    chosen = _chart_rounds(results)
    for position, (index, round_) in enumerate(chosen):
        label = round_label(round_, index + 1)
        stats = [dim.stats[index] for dim in results.dimensions]
        if not all(stat.shown for stat in stats):
            # A polygon with holes would suggest a zero; such a round is listed, not drawn.
            skipped.append(label)
            continue
        coords = [
            point(angle, radius * fraction(stat.mean, dim.value_range))
            for dim, stat, angle in zip(results.dimensions, stats, angles, strict=True)
        ]
        series.append(
            Series(
                index=_series_class(position, len(chosen)),
                label=label,
                points=" ".join(f"{x},{y}" for x, y in coords),
                dots=coords,
            )
        )
    return RadarChart(
        title=_("Results of %(scan)s per dimension") % {"scan": results.scan.title},
        description=describe(results),
        size=size,
        axes=axes,
        rings=rings,
        series=series,
        skipped=skipped,
    )


def bars(results: ScanResults) -> BarChart:
    chosen = _chart_rounds(results)
    width = BAR_WIDTH
    rows, y = [], 0.0
    for dim in results.dimensions:
        origin = 0.5 if dim.is_bipolar else 0.0
        top = y
        row = BarRow(label=dim.dimension.title, label_y=y + 14, bars=[], origin_x=BAR_LEFT + origin * width)
        y += ROW_LABEL
        row.top = y
        for position, (index, round_) in enumerate(chosen):
            stat = dim.stats[index]
            label = round_label(round_, index + 1)
            if not stat.shown:
                row.missing.append(label)
                continue
            frac = fraction(stat.mean, dim.value_range)
            x = BAR_LEFT + min(origin, frac) * width
            bar_width = max(abs(frac - origin) * width, 2.0)
            value_text = _fmt(stat.mean)
            # Figures sit in a column right of the plot, where no bar can cover them.
            text_x = width + 8
            row.bars.append(
                Bar(
                    series=_series_class(position, len(chosen)),
                    label=label,
                    x=round(x, 1),
                    y=y,
                    width=round(bar_width, 1),
                    value_text=value_text,
                    text_x=round(text_x, 1),
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        if not row.bars:
            y += BAR_HEIGHT + BAR_GAP
        row.bottom = y
        if dim.is_bipolar:
            row.left_label, row.right_label = dim.left_label, dim.right_label
            row.pole_y = y + 12
            y += POLE_LABEL
        row.top = top + ROW_LABEL - 2
        rows.append(row)
        y += ROW_GAP
    return BarChart(
        title=_("Results of %(scan)s per dimension") % {"scan": results.scan.title},
        description=describe(results),
        width=width + 60,
        height=max(y, 40),
        rows=rows,
        series_labels=[
            (_series_class(position, len(chosen)), round_label(r, i + 1))
            for position, (i, r) in enumerate(chosen)
        ],
    )
