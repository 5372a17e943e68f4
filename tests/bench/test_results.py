"""What bench/run writes to bench/results/: one table per mode, as JSON, Markdown and text."""

import json

from bench import perf
from bench.targets import MODE_TITLES, judge, target_for


def _mode(mode, *, instrument_rps, writer=None, fill=None):
    rows = [
        {"key": "trivial", "label": "Trivial view", "rps": 1000.0, "median_ms": 2.0, "p95_ms": 5.0},
        {"key": "instrument", "label": "Instrument page", "rps": instrument_rps, "median_ms": 30.0},
    ]
    rows[0].update(queries_mean=0.0, queries_max=0, errors={"status": 0})
    rows[1].update(
        p95_ms=60.0, queries_mean=9.0 if mode == "cold" else 1.25, queries_max=9, errors={"status": 0}
    )
    return {
        "mode": mode,
        "title": MODE_TITLES[mode],
        "page_cache_seconds": 0 if mode == "cold" else 300,
        "trivial_runs": [990.0, 1010.0],
        "rows": [judge(row, target_for(row["key"], mode), 1000.0) for row in rows],
        "fill": fill or {},
        "writer": writer,
        "load_start": "1.00 0.50 0.20",
        "load_end": "2.00 1.00 0.40",
    }


def _summary():
    writer = {
        "rate_asked": 2.0,
        "writes": 40,
        "seconds": 20.0,
        "rate": 2.0,
        "by_kind": {"standup_answer": 10, "value_entry": 10, "review": 10, "sign_in": 10},
        "failed": 1,
        "errors": ["review: IntegrityError()"],
    }
    fill = {"instrument": {"urls": 40, "requests": 200, "urls_on_every_worker": 40}}
    return {
        "finished": "2026-12-07T10:00:00+00:00",
        "command": "bench/run --duration 5",
        "machine": {
            "cpus": 2,
            "cpu_model": "AMD EPYC",
            "memory": "23.5 GiB",
            "load_average": "1.00 0.50 0.20",
            "python": "3.12",
        },
        "server": "4 sync workers",
        "load_generator": "wrk",
        "connections": 4,
        "duration": 5.0,
        "warmup": 3.0,
        "dataset": "lc-bench-v3 scale=1",
        "modes": [
            _mode("cold", instrument_rps=150.0),
            _mode("warm", instrument_rps=400.0, fill=fill),
            _mode("writes", instrument_rps=100.0, writer=writer, fill=fill),
        ],
        "explain": "ok   instrument ...",
        "explain_pass": True,
        "explain_verdict": "pass",
    }


def test_the_three_files_hold_every_mode(tmp_path):
    summary = _summary()
    written = perf.write_results(summary, tmp_path / "results" / "latest")
    assert [path.name for path in written] == ["latest.json", "latest.md", "latest.txt"]

    stored = json.loads(written[0].read_text())
    assert [mode["mode"] for mode in stored["modes"]] == ["cold", "warm", "writes"]
    assert stored["modes"][0]["rows"][1]["ratio"] == 0.15 and stored["modes"][0]["rows"][1]["pass"]

    text = written[2].read_text()
    for title in MODE_TITLES.values():
        assert title in text
    assert sum(line.startswith("page ") for line in text.splitlines()) == 3  # one header per table
    # Cold: 150/1000 ≥ 1/8 and 9 queries; under writes 100/1000 < 1/4.
    cold, warm, writes = (
        text.split(MODE_TITLES["warm"])[0],
        *text.split(MODE_TITLES["warm"])[1].split(MODE_TITLES["writes"]),
    )
    assert "≥ 1/8, p95 < 100 ms, ≤ 10 q  pass" in cold
    assert "1.2/9" in warm and "pass" in warm
    assert "FAIL (ratio)" in writes
    assert "writer: 40 writes in 20 s (2.00/s, asked 2/s): standup_answer 10" in writes
    assert "1 failed" in writes and "writer error: review: IntegrityError()" in writes
    assert "warm-up pass: 200 requests, 40 of 40 URLs rendered by every worker" in warm
    assert "EXPLAIN check: pass" in text


def test_the_markdown_names_the_command_and_the_load_and_marks_failures(tmp_path):
    written = perf.write_results(_summary(), tmp_path / "latest")
    markdown = written[1].read_text()
    assert "Command: `bench/run --duration 5`" in markdown
    assert "load average before the run 1.00 0.50 0.20" in markdown
    assert (
        markdown.count("| page | req/s | × trivial | median ms | p95 ms | queries | target | result |") == 3
    )
    assert (
        "| Instrument page | 100.0 | 0.100 | 30.0 | 60.0 | 1.2/9 | ≥ 1/4, p95 < 100 ms | **FAIL (ratio)** |"
        in (markdown)
    )
    assert "load average 1.00 0.50 0.20 at the start, 2.00 1.00 0.40 at the end" in markdown
