"""The dashboard's SVG charts: coordinates a browser can place, in every language."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from valuecreation import charts
from valuecreation.models import Cycle
from valuecreation.selectors import MonthlySeries, month_starts


def _series() -> MonthlySeries:
    months = month_starts(datetime.date(2026, 6, 15))
    counts = [[(i * 7 + n) % 5 for i in range(len(months))] for n in range(len(Cycle.values))]
    return MonthlySeries(months, [(code, label, counts[n]) for n, (code, label) in enumerate(Cycle.choices)])


@pytest.mark.parametrize("language", ["nl", "en"])
def test_coordinates_never_use_a_decimal_comma(language):
    series = _series()
    with translation.override(language):
        svg = render_to_string(
            "valuecreation/partials/chart.html",
            {"chart": charts.stacked_bars(series), "series": series, "chart_id": "c", "chart_title": "T"},
        )
    values = re.findall(r'\s(?:x|y|x1|y1|x2|y2|width|height)="([^"]*)"', svg)
    assert len(values) > 50
    for value in values:
        assert re.fullmatch(r"-?\d+(\.\d+)?", value), value


def test_bars_of_a_month_stack_up_to_its_total():
    series = _series()
    chart = charts.stacked_bars(series)
    first_month = [bar for bar in chart.bars if bar.month_label == chart.bars[0].month_label]
    assert sum(bar.count for bar in first_month) == series.totals[0]
    assert float(first_month[0].y) + float(first_month[0].height) == pytest.approx(
        charts.HEIGHT - charts.BOTTOM, abs=0.1
    )
