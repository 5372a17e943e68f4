"""The SVG charts: geometry, choice of chart, escaping and accessibility."""

import datetime
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from scans import charts
from scans.models import Dimension, Round, Scan
from scans.selectors import DimensionResult, ScanResults, Stat


def _round(pk, days_ago=0):
    return Round(pk=pk, opened_at=timezone.now() - datetime.timedelta(days=days_ago), min_respondents=3)


def _results(means_per_round, *, scale="agree_5", value_range=(1, 5), titles=None, poles=("", "")):
    """Build results without a database: means_per_round[r][d] is a mean or None (withheld)."""
    count = len(means_per_round[0])
    titles = titles or [f"Dimensie {i + 1}" for i in range(count)]
    rounds = [_round(pk=i + 1, days_ago=30 * (len(means_per_round) - i)) for i in range(len(means_per_round))]
    dimensions = []
    for d in range(count):
        stats = []
        for r in range(len(means_per_round)):
            mean = means_per_round[r][d]
            stats.append(
                Stat(n=3, threshold=3, mean=mean, sd=0.5, low=1, high=5) if mean is not None else Stat(2, 3)
            )
        dimensions.append(
            DimensionResult(
                dimension=Dimension(title=titles[d], key=f"d{d}"),
                scale=scale,
                value_range=value_range,
                left_label=poles[0],
                right_label=poles[1],
                stats=stats,
            )
        )
    return ScanResults(scan=Scan(title="Actiebereidheid"), rounds=rounds, dimensions=dimensions)


def test_fraction_maps_each_scale_onto_zero_to_one():
    assert charts.fraction(1, (1, 5)) == 0 and charts.fraction(5, (1, 5)) == 1
    assert charts.fraction(3, (1, 5)) == 0.5
    assert charts.fraction(0, (-5, 5)) == 0.5 and charts.fraction(-5, (-5, 5)) == 0
    assert charts.fraction(7.5, (0, 10)) == 0.75


def test_radar_for_three_or_more_one_sided_dimensions():
    chart = charts.choose_chart(_results([[5, 3, 1]]))
    assert chart.kind == "radar" and len(chart.axes) == 3
    centre = charts.RADAR_SIZE / 2
    # The first axis points straight up; a mean of 5 on 1-5 lies on the outer ring, 1 at the centre.
    x, y = chart.series[0].dots[0]
    assert x == pytest.approx(centre) and y == pytest.approx(centre - charts.RADAR_RADIUS)
    assert chart.series[0].dots[2] == (pytest.approx(centre), pytest.approx(centre))


def test_bars_for_fewer_than_three_dimensions_or_bipolar_scales():
    assert charts.choose_chart(_results([[3, 4]])).kind == "bars"
    bipolar = _results([[-5, 0, 5, 2]], scale="bipolar", value_range=(-5, 5), poles=("Intern", "Extern"))
    chart = charts.choose_chart(bipolar)
    assert chart.kind == "bars"
    left, middle, right, _ = (row.bars[0] for row in chart.rows)
    half = charts.BAR_WIDTH / 2
    assert left.x == 0 and left.width == pytest.approx(half)  # from the middle to the left pole
    assert middle.x == pytest.approx(half) and middle.width == 2.0  # a sliver marks "in balance"
    assert right.x == pytest.approx(half) and right.width == pytest.approx(half)
    assert chart.rows[0].left_label == "Intern" and chart.rows[0].right_label == "Extern"


def test_rounds_are_series_side_by_side_with_the_newest_in_slot_zero():
    chart = charts.choose_chart(_results([[2, 2, 2], [4, 4, 4]]))
    assert [s.index for s in chart.series] == [1, 0]
    assert chart.series[0].label.startswith("Round 1")


def test_a_round_with_withheld_dimensions_is_not_drawn_as_a_polygon():
    chart = charts.radar(_results([[2, None, 2], [4, 4, 4]]))
    assert len(chart.series) == 1 and len(chart.skipped) == 1


def test_at_most_four_rounds_are_drawn():
    chart = charts.radar(_results([[i, i, i] for i in (1, 2, 3, 4, 5)]))
    assert len(chart.series) == charts.CHART_ROUNDS
    assert chart.series[0].label.startswith("Round 2")


def test_rendered_svg_is_accessible_and_escapes_labels():
    results = _results([[3, 4, 5]], titles=["<script>x</script>", "B & C", "Gewoon"])
    chart = charts.choose_chart(results)
    svg = render_to_string("scans/partials/chart_radar.html", {"chart": chart})
    assert 'role="img"' in svg and 'aria-labelledby="chart-title chart-desc"' in svg
    assert '<title id="chart-title">Results of Actiebereidheid per dimension</title>' in svg
    assert "&lt;script&gt;x&lt;/script&gt;" in svg and "<script>" not in svg
    assert "B &amp; C" in svg
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg, re.S).group(1)
    assert "mean 3.0" in desc or "mean 3,0" in desc


@pytest.mark.parametrize("language", ["nl", "en"])
def test_coordinates_never_use_a_decimal_comma(language):
    from django.utils import translation

    with translation.override(language):
        for template, chart in [
            ("scans/partials/chart_radar.html", charts.radar(_results([[3.3, 4.1, 2.7]]))),
            ("scans/partials/chart_bars.html", charts.bars(_results([[3.3, 4.1]]))),
        ]:
            svg = render_to_string(template, {"chart": chart})
            number = r"-?\d+(\.\d+)?"
            singles = re.findall(r'\s(?:x|y|x1|y1|x2|y2|cx|cy|width)="([^"]*)"', svg)
            assert singles
            for value in singles:
                assert re.fullmatch(number, value), value
            for points in re.findall(r'\spoints="([^"]*)"', svg):
                assert re.fullmatch(rf"{number},{number}( {number},{number})*", points), points


def test_bar_chart_renders_poles_and_values():
    bipolar = _results([[-2, 1]], scale="bipolar", value_range=(-5, 5), poles=("Intern", "Extern"))
    svg = render_to_string("scans/partials/chart_bars.html", {"chart": charts.bars(bipolar)})
    assert "← Intern" in svg and "Extern →" in svg
    assert svg.count("<rect") == 2
