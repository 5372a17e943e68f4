"""Geometry for the server-rendered SVG charts: stacked bars per month.

The template draws what is computed here; no JavaScript is involved, and the
same numbers are printed in a table beside each chart.

Coordinates are handed to the template as ready-made SVG numbers (strings
with a decimal point): rendered as floats, Django localises them, and the
Dutch pages got ``x="44,5"``, which no browser can place. Strings also spare
the template a number formatting per coordinate (a chart has a few hundred).
"""

from dataclasses import dataclass, field

from core.dates import short_date

WIDTH = 720
HEIGHT = 240
LEFT = 36
BOTTOM = 28
TOP = 10


def svg_number(value: float) -> str:
    """``value`` rounded to 0.1, with a decimal point whatever the language of the page."""
    return f"{round(value, 1):g}"


@dataclass
class Bar:
    x: str
    y: str
    width: str
    height: str
    code: str
    label: str
    count: int
    month_label: str


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list = field(default_factory=list)
    x_labels: list = field(default_factory=list)  # (x as an SVG number, text)
    y_ticks: list = field(default_factory=list)  # (y as an SVG number, value)
    legend: list = field(default_factory=list)  # (code, label, total)
    maximum: int = 0
    baseline: float = HEIGHT - BOTTOM
    left: int = LEFT

    @property
    def is_empty(self) -> bool:
        return self.maximum == 0


def _nice_max(value: int) -> int:
    """A round, even top for the axis, so the middle tick is a whole number too."""
    if value <= 10:
        return max(2, value + value % 2)
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 4, 6, 8, 10):
        top = int(step * magnitude)
        if top >= value:
            return top
    return value


def stacked_bars(series) -> Chart:
    """``series`` is a ``selectors.MonthlySeries``: months × (code, label, counts)."""
    chart = Chart()
    months = series.months
    totals = series.totals
    chart.maximum = max(totals, default=0)
    top = _nice_max(chart.maximum)
    plot_height = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(months), 1)
    # Few months (a young community) make wide slots: keep bars slender.
    bar_width = min(slot * 0.7, 48)
    for i, month in enumerate(months):
        x = LEFT + i * slot + (slot - bar_width) / 2
        month_label = short_date(month, "M Y")
        y = HEIGHT - BOTTOM
        for code, label, values in series.series:
            count = values[i]
            if not count:
                continue
            height = plot_height * count / top
            y -= height
            chart.bars.append(
                Bar(
                    x=svg_number(x),
                    y=svg_number(y),
                    width=svg_number(bar_width),
                    height=svg_number(height),
                    code=code,
                    label=str(label),
                    count=count,
                    month_label=month_label,
                )
            )
        chart.x_labels.append((svg_number(x + bar_width / 2), short_date(month, "M")))
    for fraction in (0, 0.5, 1):
        value = top * fraction
        chart.y_ticks.append((svg_number(HEIGHT - BOTTOM - plot_height * fraction), f"{value:g}"))
    chart.legend = [(code, label, sum(values)) for code, label, values in series.series]
    return chart
