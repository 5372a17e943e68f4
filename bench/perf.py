"""Load-test LC Platform on a large PostgreSQL data set (run it as ``bench/run``).

1. Creates the benchmark database if missing, migrates it and seeds it once
   (bench/seed.py: 20 000 instruments, 50 000 experiences, 1 000 communities,
   200 000 value entries); a marker table makes later runs skip the seeding.
   ``VACUUM ANALYZE`` follows the seeding.
2. EXPLAINs every query of the measured pages (bench/explain.py): no
   sequential scan of a large table, no COUNT over the value log on the
   dashboard.
3. Measures three modes (``--modes``, default all), each with its own gunicorn
   on 127.0.0.1 (DEBUG=0, production settings without the HTTPS redirect,
   static files through WhiteNoise, bench/middleware.py's headers) and its own
   trivial view, measured first and last: *cold*, the page cache off
   (PAGE_CACHE_SECONDS=0); *warm*, after a warm-up pass that has every worker
   render every URL of the page; *writes*, warm while bench/writer.py makes
   content writes (2 a second) through the services.
4. Loads each page with ``wrk`` (or, without wrk, a small Python load
   generator) at 4 connections: a warm-up, then a fixed duration.
5. Prints one table per mode (requests/second, the fraction of the trivial
   view, median and p95 latency, queries per request, pass/fail against the
   targets of bench/targets.py) and writes them to
   bench/results/latest.{txt,md,json}.

    bench/run                       # database from $BENCH_DATABASE_URL, default lc_bench
    bench/run --reseed              # drop the benchmark database and seed it again
    bench/run --modes cold,warm --duration 5
    bench/run --duration 20 --only catalogue_search --only trivial

The exit status is 0 when every target and the EXPLAIN check pass.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lc_bench"
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) lc-bench"
RESULTS = BENCH / "results"
# Run as a script, bench/ itself comes first on the path, and bench/discovery.py would
# shadow the discovery app: import from the repository root instead.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != BENCH]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def bench_url() -> str:
    # Deliberately not DATABASE_URL: a developer's own database must never be seeded or dropped.
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: BENCH_DATABASE_URL=postgres://...")
    return url


def server_environment(url: str) -> dict[str, str]:
    """What the app runs with, in this process (seeding, EXPLAIN) and in gunicorn alike."""
    environment = {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "HTTPS": "0",
        "LC_VAR_DIR": str(Path(tempfile.gettempdir()) / "lc-bench-var"),
        "LOG_LEVEL": "WARNING",
        # Sessions made here must be valid in gunicorn: one key for both, new every run.
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(environment)
    os.environ["BENCH_SECRET_KEY"] = environment["SECRET_KEY"]
    return environment


def configure_django(url: str) -> dict[str, str]:
    environment = server_environment(url)
    import django

    django.setup()
    return environment


# -- load generators ---------------------------------------------------------------------------


WRK_SCRIPT = BENCH / "wrk.lua"


def run_wrk(base: str, paths: list[str], *, seconds: float, connections: int, cookie: str | None) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(paths) + "\n")
        path_file = handle.name
    command = [
        shutil.which("wrk") or "wrk",
        "-t1",  # one thread drives four connections easily and leaves the cores to the server
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "10s",
        "-H",
        f"User-Agent: {USER_AGENT}",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command += ["-s", str(WRK_SCRIPT), base + paths[0], "--", path_file]
    try:
        output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    finally:
        os.unlink(path_file)
    line = next(line for line in output.splitlines() if line.startswith("LCBENCH "))
    raw = json.loads(line.removeprefix("LCBENCH "))
    return {
        "requests": raw["requests"],
        "seconds": raw["duration_us"] / 1e6,
        "rps": raw["requests"] / (raw["duration_us"] / 1e6),
        "median_ms": raw["p50_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        **_queries(raw["queries_sum"], raw["queries_counted"], raw["queries_max"]),
        "errors": raw["errors"],
    }


def _queries(total: int, counted: int, most: int) -> dict:
    """Queries per request from the server's X-Bench-Queries header (None where no response had it)."""
    if not counted:
        return {"queries_mean": None, "queries_max": None}
    return {"queries_mean": total / counted, "queries_max": most}


def _python_worker(args) -> list[tuple[float, int, int | None]]:
    """One connection of the fallback load generator: keep-alive where the server allows it."""
    import http.client

    host, port, paths, deadline, offset, cookie = args
    headers = {"User-Agent": USER_AGENT}
    if cookie:
        headers["Cookie"] = cookie
    samples, connection, index = [], None, offset
    while time.monotonic() < deadline:
        path = paths[index % len(paths)]
        index += 1
        started = time.perf_counter()
        try:
            if connection is None:
                connection = http.client.HTTPConnection(host, port, timeout=10)
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
            queries = response.getheader("X-Bench-Queries")
            queries = int(queries) if queries is not None else None
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException):
            status, queries = 0, None
            if connection is not None:
                connection.close()
            connection = None
        samples.append(((time.perf_counter() - started) * 1000, status, queries))
    return samples


def run_python(base: str, paths: list[str], *, seconds: float, connections: int, cookie: str | None) -> dict:
    """The fallback: one process per connection, so the generator is not held back by the GIL."""
    import multiprocessing
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    started = time.monotonic()
    deadline = started + seconds
    jobs = [(parts.hostname, parts.port, paths, deadline, n, cookie) for n in range(connections)]
    with multiprocessing.get_context("fork").Pool(connections) as pool:
        results = pool.map(_python_worker, jobs)
    elapsed = time.monotonic() - started
    samples = sorted(ms for result in results for ms, _status, _queries in result)
    bad = sum(1 for result in results for _ms, status, _queries in result if status >= 400 or status == 0)
    counts = [queries for result in results for _ms, _status, queries in result if queries is not None]
    return {
        "requests": len(samples),
        "seconds": elapsed,
        "rps": len(samples) / elapsed,
        "median_ms": statistics.median(samples) if samples else 0.0,
        "p95_ms": _percentile(samples, 95),
        "p99_ms": _percentile(samples, 99),
        **_queries(sum(counts), len(counts), max(counts, default=-1)),
        "errors": {"status": bad},
    }


def _percentile(sorted_samples: list[float], percent: float) -> float:
    if not sorted_samples:
        return 0.0
    index = min(len(sorted_samples) - 1, max(0, round(percent / 100 * len(sorted_samples)) - 1))
    return sorted_samples[index]


# -- server ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(environment: dict, *, port: int, workers: int, worker_class: str, threads: int):
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "lcplatform.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    if worker_class == "gthread":
        command += ["--threads", str(threads)]
    log = open(RESULTS / "gunicorn.log", "w")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(  # noqa: S603
        command,
        env={**os.environ, **environment},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    process.log = log
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see {RESULTS / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(base + "/bench/trivial/", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return process, base
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    stop_gunicorn(process)
    raise SystemExit("gunicorn did not answer within a minute")


def stop_gunicorn(process) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)  # the master and its own workers only
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    process.log.close()


def check_responses(base: str, page, cookie: str | None) -> list[str]:
    """Every URL of the page answers 200 (a redirect to the login page would flatter the figures)."""
    problems = []
    for path in page.paths:
        request = urllib.request.Request(base + path, headers={"User-Agent": USER_AGENT})  # noqa: S310
        if cookie:
            request.add_header("Cookie", cookie)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                body = response.read().decode("utf-8", "replace")
                if response.url != base + path:
                    problems.append(f"{path} was redirected to {response.url}")
                if page.member and page.member_marker not in body:
                    problems.append(f"{path} did not show the members' view")
        except urllib.error.HTTPError as error:
            problems.append(f"{path} answered {error.code}")
    return problems


def fill_caches(base: str, page, cookie: str | None, *, workers: int, rounds: int = 8) -> dict:
    """The warm-up pass: every URL of the page, until each gunicorn worker has served it.

    Each worker keeps its own page cache, and the kernel hands a new connection to whichever worker
    accepts first, which under load is far from even: one request per URL (or a few dozen in a row)
    leaves some workers cold. So each URL is asked for by ``workers`` requests at once, a burst that
    occupies every sync worker while the first renders, and again until the X-Bench-Worker headers
    named every worker (or ``rounds`` bursts were sent).
    """
    import http.client
    from concurrent.futures import ThreadPoolExecutor
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    headers = {"User-Agent": USER_AGENT, **({"Cookie": cookie} if cookie else {})}

    def one(path: str) -> str:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            return response.getheader("X-Bench-Worker", "")
        except (OSError, http.client.HTTPException):
            return ""
        finally:
            connection.close()

    requests, complete = 0, 0
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for path in page.paths:
            seen: set[str] = set()
            for _ in range(rounds):
                seen.update(pool.map(one, [path] * workers))
                requests += workers
                seen.discard("")
                if len(seen) >= workers:
                    complete += 1
                    break
    return {"urls": len(page.paths), "requests": requests, "urls_on_every_worker": complete}


# -- report ------------------------------------------------------------------------------------


def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory": memory,
        "load_average": load_average(),
        "python": platform.python_version(),
    }


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def parse_modes(text: str) -> list[str]:
    """``cold,warm,writes`` (any subset, any order) into the modes in their fixed order."""
    from bench.targets import MODES

    asked = [part.strip() for part in text.split(",") if part.strip()]
    unknown = sorted(set(asked) - set(MODES))
    if unknown or not asked:
        raise argparse.ArgumentTypeError(
            f"modes are a comma-separated subset of {','.join(MODES)}"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
        )
    return [mode for mode in MODES if mode in asked]


def _queries_cell(row: dict) -> str:
    if row.get("queries_max") is None:
        return "–"
    mean, most = row["queries_mean"], row["queries_max"]
    return f"{mean:.1f}/{most}" if abs(mean - most) >= 0.05 else f"{most}"


def _verdict(row: dict) -> str:
    if row["key"] == "trivial":
        return ""
    return "pass" if row["pass"] else "FAIL (" + ", ".join(row["failed"]) + ")"


TABLE_HEADER = ("page", "req/s", "× trivial", "median ms", "p95 ms", "queries", "target", "result")


def table_rows(mode: dict) -> list[tuple[str, ...]]:
    return [
        (
            row["label"],
            f"{row['rps']:.1f}",
            f"{row['ratio']:.3f}",
            f"{row['median_ms']:.1f}",
            f"{row['p95_ms']:.1f}",
            _queries_cell(row),
            row["target"],
            _verdict(row),
        )
        for row in mode["rows"]
    ]


def mode_notes(mode: dict) -> list[str]:
    notes = [
        f"trivial view runs {', '.join(f'{rps:.0f}' for rps in mode['trivial_runs'])} req/s "
        f"(their mean is the baseline); load average {mode['load_start']} at the start, "
        f"{mode['load_end']} at the end",
    ]
    if mode.get("fill"):
        total = sum(fill["requests"] for fill in mode["fill"].values())
        urls = sum(fill["urls"] for fill in mode["fill"].values())
        full = sum(fill["urls_on_every_worker"] for fill in mode["fill"].values())
        notes.append(f"warm-up pass: {total} requests, {full} of {urls} URLs rendered by every worker")
    writer = mode.get("writer")
    if writer:
        kinds = ", ".join(f"{kind} {count}" for kind, count in writer.get("by_kind", {}).items())
        notes.append(
            f"writer: {writer.get('writes', 0)} writes in {writer.get('seconds', 0):.0f} s "
            f"({writer.get('rate', 0):.2f}/s, asked {writer.get('rate_asked', 0):g}/s): {kinds}; "
            f"{writer.get('failed', 0)} failed"
        )
        notes += [f"writer error: {error}" for error in writer.get("errors", [])]
    return notes


def text_report(summary: dict) -> str:
    """The tables as bench/run prints them (bench/results/latest.txt)."""
    lines = []
    for mode in summary["modes"]:
        rows = [TABLE_HEADER, *table_rows(mode)]
        widths = [max(len(row[i]) for row in rows) for i in range(len(TABLE_HEADER))]
        lines += ["", mode["title"]]
        for row in rows:
            cells = [
                cell.ljust(widths[i]) if i in (0, 6, 7) else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            ]
            lines.append("  ".join(cells).rstrip())
        lines += [f"  {note}" for note in mode_notes(mode)]
    lines += ["", f"EXPLAIN check: {summary['explain_verdict']}"]
    return "\n".join(lines).lstrip("\n") + "\n"


def markdown(summary: dict) -> str:
    m = summary["machine"]
    lines = [
        f"# LC Platform benchmark, {summary['finished']}",
        "",
        f"Command: `{summary['command']}`. Machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory']} RAM, "
        f"load average before the run {m['load_average']}; Python {m['python']}. Server: gunicorn "
        f"{summary['server']}, DEBUG=0. Load: {summary['load_generator']}, {summary['connections']} "
        f"connections, {summary['duration']:g} s per page after {summary['warmup']:g} s warm-up. "
        f"Data set: {summary['dataset']}.",
    ]
    for mode in summary["modes"]:
        lines += ["", f"## {mode['title']}", ""]
        lines.append("| " + " | ".join(TABLE_HEADER) + " |")
        lines.append("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
        for row in table_rows(mode):
            result = row[7] if not row[7].startswith("FAIL") else f"**{row[7]}**"
            lines.append("| " + " | ".join((*row[:7], result)) + " |")
        lines += [""] + [f"- {note}" for note in mode_notes(mode)]
    lines += ["", f"EXPLAIN check: {summary['explain_verdict']}"]
    if summary.get("explain"):
        lines += ["", "```", summary["explain"], "```"]
    return "\n".join(lines) + "\n"


def write_results(summary: dict, output: Path) -> list[Path]:
    """latest.json (everything), latest.md (the tables and the EXPLAIN report), latest.txt (as printed)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    written = [output.with_suffix(".json"), output.with_suffix(".md"), output.with_suffix(".txt")]
    written[0].write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    written[1].write_text(markdown(summary))
    written[2].write_text(text_report(summary))
    return written


# -- main --------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reseed", action="store_true", help="drop the benchmark database and seed it again")
    parser.add_argument("--seed-only", action="store_true", help="create and seed the database, then stop")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size factor (default 1)")
    parser.add_argument(
        "--modes",
        type=parse_modes,
        default=parse_modes("cold,warm,writes"),
        help="which of cold,warm,writes to measure, comma-separated (default all three)",
    )
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per page (default 10)")
    parser.add_argument(
        "--warmup", type=float, default=3.0, help="seconds of warm-up load per page (default 3)"
    )
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (default 4)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=2, help="threads per worker with gthread")
    parser.add_argument("--load-generator", default="auto", choices=["auto", "wrk", "python"])
    parser.add_argument(
        "--write-rate",
        type=float,
        default=2.0,
        help="content writes per second in the writes mode (default 2)",
    )
    parser.add_argument("--only", action="append", default=[], help="measure only these pages (repeatable)")
    parser.add_argument("--no-explain", action="store_true", help="skip the EXPLAIN check")
    parser.add_argument("--output", default=str(RESULTS / "latest"), help="results path without extension")
    return parser.parse_args(argv)


def page_cache_seconds(mode: str) -> str:
    """Cold switches the page cache off; warm and writes keep the configured lifetime (300 s by default)."""
    if mode == "cold":
        return "0"
    configured = os.environ.get("PAGE_CACHE_SECONDS", "300")
    return configured if configured.isdigit() and int(configured) > 0 else "300"


def measure_mode(mode: str, pages, args, environment: dict, load, cookie: str, server: str) -> dict:
    from bench.targets import MODE_TITLES, judge, target_for
    from bench.writer import WriterProcess

    cache_seconds = page_cache_seconds(mode)
    title = MODE_TITLES[mode]
    if mode == "writes":
        title = title.replace("content writes", f"{args.write_rate:g} content writes/s")
    print(f"\n{title} — gunicorn ({server}), PAGE_CACHE_SECONDS={cache_seconds}")
    load_start = load_average()
    process, base = start_gunicorn(
        {**environment, "PAGE_CACHE_SECONDS": cache_seconds},
        port=free_port(),
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
    )
    results: dict[str, dict] = {}
    fills: dict[str, dict] = {}
    trivial_runs: list[float] = []
    writer, writer_summary = None, None
    try:
        problems = []
        for page in pages:
            problems += check_responses(base, page, cookie if page.member else None)
        if problems:
            raise SystemExit("Pages do not answer as expected:\n  " + "\n  ".join(problems))
        if mode == "writes":
            writer = WriterProcess(args.write_rate)
            writer.start()
        # The baseline is measured first and last; the pages are compared with the mean of both.
        for page in pages + [pages[0]]:
            page_cookie = cookie if page.member else None
            if mode != "cold" and page.key != "trivial":
                fills[page.key] = fill_caches(base, page, page_cookie, workers=args.workers)
            load(base, page.paths, seconds=args.warmup, connections=args.connections, cookie=page_cookie)
            result = load(
                base, page.paths, seconds=args.duration, connections=args.connections, cookie=page_cookie
            )
            if page.key == "trivial":
                trivial_runs.append(result["rps"])
                if "trivial" in results:
                    continue
            results[page.key] = result
            print(
                f"  {page.label:<42} {result['rps']:8.1f} req/s  median {result['median_ms']:6.1f} ms  "
                f"p95 {result['p95_ms']:6.1f} ms  queries {_queries_cell(result)}"
            )
    finally:
        if writer is not None:
            writer_summary = writer.finish()
        stop_gunicorn(process)

    baseline = statistics.mean(trivial_runs)
    results["trivial"]["rps"] = baseline
    rows = [
        judge(
            {"key": page.key, "label": page.label, **results[page.key]}, target_for(page.key, mode), baseline
        )
        for page in pages
    ]
    return {
        "mode": mode,
        "title": title,
        "page_cache_seconds": int(cache_seconds),
        "trivial_runs": trivial_runs,
        "rows": rows,
        "fill": fills,
        "writer": writer_summary,
        "load_start": load_start,
        "load_end": load_average(),
    }


def main(argv=None) -> int:
    args = parse_args(argv)
    url = bench_url()
    environment = configure_django(url)
    from django.db import connection

    from bench import explain, seed
    from bench.pages import build_pages, member_cookies

    seed.ensure_data(url, scale=args.scale, reseed=args.reseed)
    if args.seed_only:
        return 0
    pages = build_pages()
    if args.only:
        unknown = set(args.only) - {page.key for page in pages}
        if unknown:
            sys.exit(f"Unknown pages: {', '.join(sorted(unknown))}")
        pages = [page for page in pages if page.key in args.only or page.key == "trivial"]

    explain_text, explain_ok = "", True
    if not args.no_explain:
        reports = explain.run_checks(pages)
        explain_text = explain.format_reports(reports)
        explain_ok = not any(report.failures for report in reports)
        print("EXPLAIN check of the steady-state queries:\n" + explain_text + "\n")

    cookie = member_cookies()
    connection.close()  # the server gets the database to itself

    wrk = shutil.which("wrk")
    use_wrk = args.load_generator == "wrk" or (args.load_generator == "auto" and wrk)
    if args.load_generator == "wrk" and not wrk:
        sys.exit("wrk is not installed (apt-get install wrk), or use --load-generator python")
    load = run_wrk if use_wrk else run_python
    generator = "wrk" if use_wrk else "Python fallback (multiprocessing, http.client)"
    server = f"{args.workers} {args.worker_class} workers" + (
        f" × {args.threads} threads" if args.worker_class == "gthread" else ""
    )
    print(f"Load from {generator}; modes {', '.join(args.modes)}.")
    started_machine = machine()
    modes = [measure_mode(mode, pages, args, environment, load, cookie, server) for mode in args.modes]

    summary = {
        "finished": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": " ".join(["bench/run", *(sys.argv[1:] if argv is None else argv)]),
        "machine": started_machine,
        "server": server,
        "load_generator": generator,
        "connections": args.connections,
        "duration": args.duration,
        "warmup": args.warmup,
        "dataset": seed.marker_key(args.scale),
        "modes": modes,
        "explain": explain_text,
        "explain_pass": explain_ok,
        "explain_verdict": "skipped" if args.no_explain else "pass" if explain_ok else "FAIL",
    }
    written = write_results(summary, Path(args.output))
    print()
    print(text_report(summary), end="")
    print(f"Written: {', '.join(str(path) for path in written)}")
    passed = all(row["pass"] for mode in modes for row in mode["rows"])
    return 0 if explain_ok and passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
