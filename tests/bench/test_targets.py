"""bench/run's targets per page and mode (issues 17-20) and the verdict on a measured row.

No database and no server: the table and the arithmetic that turn figures into pass or fail.
"""

from fractions import Fraction

import pytest

from bench import perf
from bench.targets import MODES, judge, target_for

PAGES = [
    "catalogue",
    "catalogue_filtered",
    "catalogue_search",
    "site_search",
    "instrument",
    "community",
    "dashboard",
    "dashboard_member",
    "challenge",
    "thread",
    "thread_member",
    "home_member",
]


@pytest.mark.parametrize(
    ("key", "cold", "writes"),
    [
        ("catalogue", Fraction(1, 10), Fraction(1, 4)),
        ("catalogue_filtered", Fraction(1, 10), Fraction(1, 4)),
        ("catalogue_search", Fraction(1, 10), Fraction(1, 4)),
        ("site_search", Fraction(1, 10), Fraction(1, 4)),
        ("instrument", Fraction(1, 8), Fraction(1, 4)),
        ("community", Fraction(1, 10), Fraction(1, 5)),
        ("dashboard", Fraction(1, 10), Fraction(1, 5)),
        ("dashboard_member", Fraction(1, 10), Fraction(1, 5)),
        ("challenge", Fraction(1, 10), Fraction(1, 5)),
        ("thread", Fraction(1, 10), Fraction(1, 5)),
        ("thread_member", Fraction(1, 10), Fraction(1, 5)),
        ("home_member", Fraction(1, 10), None),
    ],
)
def test_ratios_are_the_issues_table(key, cold, writes):
    assert target_for(key, "cold").min_ratio == cold
    assert target_for(key, "writes").min_ratio == writes
    # No warm column in the issue: warm is judged by the under-writes bar, its ceiling.
    assert target_for(key, "warm").min_ratio == writes


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("key", PAGES)
def test_every_page_answers_to_the_p95_bound_in_every_mode(key, mode):
    assert target_for(key, mode).p95_limit_ms == 100.0


def test_query_bounds_hold_for_a_render():
    assert target_for("instrument", "cold").max_queries == 10
    assert target_for("home_member", "cold").max_queries == 15
    # A page cache hit is no render; the bounds are for the cold mode, where every request renders.
    assert target_for("instrument", "warm").max_queries is None
    assert target_for("catalogue", "cold").max_queries is None


def test_the_baseline_has_no_target_and_unknown_modes_are_refused():
    assert target_for("trivial", "cold").describe() == "reported only"
    assert target_for("some_new_page", "writes").describe() == "p95 < 100 ms"
    with pytest.raises(ValueError, match="unknown mode"):
        target_for("catalogue", "hot")


def test_describe_reads_as_the_issue_writes_it():
    assert target_for("instrument", "cold").describe() == "≥ 1/8, p95 < 100 ms, ≤ 10 q"
    assert target_for("community", "writes").describe() == "≥ 1/5, p95 < 100 ms"


def _row(**figures):
    return {"rps": 100.0, "p95_ms": 50.0, "queries_max": 8, "errors": {"status": 0, "read": 0}, **figures}


def test_a_row_within_every_bound_passes():
    row = judge(_row(), target_for("instrument", "cold"), baseline_rps=700.0)
    assert row["ratio"] == pytest.approx(1 / 7)
    assert row["pass"] and row["failed"] == []
    assert row["target"] == "≥ 1/8, p95 < 100 ms, ≤ 10 q"


@pytest.mark.parametrize(
    ("figures", "failed"),
    [
        ({"rps": 87.0}, ["ratio"]),  # 87/700 < 1/8
        ({"p95_ms": 100.0}, ["p95"]),  # "under 100 ms": 100 itself fails
        ({"queries_max": 11}, ["queries"]),
        ({"queries_max": None}, ["queries"]),  # a bound nobody measured is not met
        ({"errors": {"status": 3}}, ["errors"]),
        ({"errors": {"timeout": 1}}, ["errors"]),
        ({"rps": 10.0, "p95_ms": 400.0}, ["ratio", "p95"]),
    ],
)
def test_each_bound_fails_on_its_own(figures, failed):
    row = judge(_row(**figures), target_for("instrument", "cold"), baseline_rps=700.0)
    assert row["failed"] == failed and not row["pass"]


def test_socket_counters_of_wrk_are_no_verdict():
    row = judge(_row(errors={"read": 40, "connect": 0, "status": 0}), target_for("catalogue", "warm"), 300.0)
    assert row["pass"]


def test_modes_option_takes_any_subset_in_the_fixed_order():
    assert perf.parse_args([]).modes == ["cold", "warm", "writes"]
    assert perf.parse_args(["--modes", "writes,cold"]).modes == ["cold", "writes"]
    assert perf.parse_args(["--modes", "warm"]).modes == ["warm"]
    for wrong in ("hot", "cold,hot", ","):
        with pytest.raises(SystemExit):
            perf.parse_args(["--modes", wrong])


def test_the_existing_options_keep_working():
    args = perf.parse_args(
        ["--duration", "5", "--warmup", "1", "--only", "thread", "--only", "challenge", "--no-explain"]
    )
    assert (args.duration, args.warmup, args.only, args.no_explain) == (
        5.0,
        1.0,
        ["thread", "challenge"],
        True,
    )
    assert args.write_rate == 2.0 and args.workers == 4 and args.connections == 4


def test_cold_switches_the_page_cache_off_and_the_others_keep_it(monkeypatch):
    monkeypatch.delenv("PAGE_CACHE_SECONDS", raising=False)
    assert [perf.page_cache_seconds(mode) for mode in MODES] == ["0", "300", "300"]
    # PAGE_CACHE_SECONDS=0 bench/run (the old way to measure cold) must not make warm cold too.
    monkeypatch.setenv("PAGE_CACHE_SECONDS", "0")
    assert perf.page_cache_seconds("warm") == "300"
    monkeypatch.setenv("PAGE_CACHE_SECONDS", "60")
    assert perf.page_cache_seconds("writes") == "60"
