"""EXPLAIN every query of the benchmarked pages and flag the plans that do not scale.

Each page is requested twice in-process (Django's test client against the
benchmark database): the first request fills caches, the second is the
steady state the load test measures. Every SELECT of the second request is
run again under ``EXPLAIN (ANALYZE, FORMAT JSON)``; the check fails on

* a ``Seq Scan`` on one of the large tables (instruments, classifications,
  reviews, experiences, value entries, communities_*, taggit_*), and
* a ``COUNT`` over the value log (``valuecreation_valueentry``) on the value
  dashboard: that page must not count the log on every request.

    .venv/bin/python bench/explain.py             # against $BENCH_DATABASE_URL (default lc_bench)
"""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, bench/ comes first on the path and bench/discovery.py would shadow the app.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

LARGE_TABLES = re.compile(
    r"^(instruments_instrument|instruments_classification|instruments_review|instruments_experience"
    r"|instruments_instrument_owners|valuecreation_valueentry|communities_.*|taggit_.*)$"
)
# A table this small is read faster whole than through an index; a scan of it is reported, not failed.
SMALL_TABLE_ROWS = 1000
VALUE_LOG_COUNT = re.compile(r'COUNT\(.*\bFROM\s+"valuecreation_valueentry"', re.IGNORECASE | re.DOTALL)


@dataclass
class QueryReport:
    sql: str
    ms: float
    seq_scans: list[tuple[str, float]]  # (table, estimated rows in the table)
    counts_value_log: bool


@dataclass
class PageReport:
    key: str
    path: str
    status: int
    queries: list[QueryReport] = field(default_factory=list)
    cold_queries: int = 0

    @property
    def failures(self) -> list[str]:
        problems = []
        for query in self.queries:
            for table, rows in query.seq_scans:
                if rows >= SMALL_TABLE_ROWS:
                    problems.append(f"Seq Scan on {table} (~{rows:.0f} rows): {_short(query.sql)}")
            if query.counts_value_log and self.key.startswith("dashboard"):
                problems.append(f"COUNT over the value log: {_short(query.sql)}")
        if self.status != 200:
            problems.append(f"status {self.status}")
        return problems

    @property
    def notes(self) -> list[str]:
        return [
            f"Seq Scan on small table {table} (~{rows:.0f} rows)"
            for query in self.queries
            for table, rows in query.seq_scans
            if rows < SMALL_TABLE_ROWS
        ]

    @property
    def db_ms(self) -> float:
        return sum(query.ms for query in self.queries)


def _short(sql: str, length: int = 160) -> str:
    sql = " ".join(sql.split())
    return sql if len(sql) <= length else sql[:length] + " …"


def _walk(plan: dict):
    yield plan
    for child in plan.get("Plans", []):
        yield from _walk(child)


class Recorder:
    """An execute wrapper that keeps (sql, params) of every statement."""

    def __init__(self):
        self.statements: list[tuple[str, object]] = []

    def __call__(self, execute, sql, params, many, context):
        self.statements.append((sql, params))
        return execute(sql, params, many, context)


def _table_rows() -> dict[str, float]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
        return dict(cursor.fetchall())


def explain_statement(sql: str, params, rows: dict[str, float]) -> QueryReport:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
    scans = [
        (node["Relation Name"], rows.get(node["Relation Name"], 0))
        for node in _walk(plan["Plan"])
        if node.get("Node Type") == "Seq Scan" and LARGE_TABLES.match(node.get("Relation Name", ""))
    ]
    return QueryReport(
        sql=sql,
        ms=float(plan.get("Execution Time", 0.0)) + float(plan.get("Planning Time", 0.0)),
        seq_scans=scans,
        counts_value_log=bool(VALUE_LOG_COUNT.search(sql)),
    )


def check_page(client, key: str, path: str, rows: dict[str, float]) -> PageReport:
    from django.db import connection

    cold = Recorder()
    with connection.execute_wrapper(cold):
        client.get(path, HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) lc-bench")
    warm = Recorder()
    with connection.execute_wrapper(warm):
        response = client.get(path, HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) lc-bench")
    report = PageReport(key=key, path=path, status=response.status_code, cold_queries=len(cold.statements))
    for sql, params in warm.statements:
        if sql.lstrip().upper().startswith("SELECT"):
            report.queries.append(explain_statement(sql, params, rows))
        else:
            report.queries.append(QueryReport(sql=sql, ms=0.0, seq_scans=[], counts_value_log=False))
    return report


def run_checks(pages) -> list[PageReport]:
    """One report per URL of every page (all filter combinations and search words, a few instruments)."""
    from django.test import Client

    from bench.pages import member_user

    rows = _table_rows()
    anonymous, member = Client(), Client()
    member.force_login(member_user())
    reports = []
    for page in pages:
        if page.key == "trivial":
            continue
        paths = page.paths if page.key != "instrument" else page.paths[:3]
        for path in paths:
            reports.append(check_page(member if page.member else anonymous, page.key, path, rows))
    return reports


def format_reports(reports: list[PageReport], *, verbose: bool = False) -> str:
    lines = []
    for report in reports:
        verdict = "FAIL" if report.failures else "ok"
        lines.append(
            f"{verdict:4} {report.key:<20} {len(report.queries):3d} queries (cold {report.cold_queries:3d}) "
            f"{report.db_ms:7.1f} ms in the database   {report.path}"
        )
        for problem in report.failures:
            lines.append(f"       ✗ {problem}")
        for note in sorted(set(report.notes)):
            lines.append(f"       · {note}")
        if verbose:
            for query in sorted(report.queries, key=lambda q: -q.ms)[:5]:
                lines.append(f"       {query.ms:7.2f} ms  {_short(query.sql, 200)}")
    return "\n".join(lines)


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--verbose", "-v", action="store_true", help="show the five slowest queries per URL")
    args = parser.parse_args(argv)
    from bench.perf import bench_url, configure_django

    configure_django(bench_url())
    from bench.pages import build_pages

    reports = run_checks(build_pages())
    print(format_reports(reports, verbose=args.verbose))
    failed = [r for r in reports if r.failures]
    print(f"\nEXPLAIN check: {len(failed)} of {len(reports)} URLs with problems.")
    return 1 if failed else 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    raise SystemExit(main())
