"""Load-test LC Platform on a large PostgreSQL data set (run it as ``bench/run``).

1. Creates the benchmark database if missing, migrates it and seeds it once
   (bench/seed.py: 20 000 instruments, 50 000 experiences, 1 000 communities,
   200 000 value entries); a marker table makes later runs skip the seeding.
   ``VACUUM ANALYZE`` follows the seeding.
2. EXPLAINs every query of the measured pages (bench/explain.py): no
   sequential scan of a large table, no COUNT over the value log on the
   dashboard.
3. Serves the app with gunicorn on 127.0.0.1 (DEBUG=0, production settings
   without the HTTPS redirect, static files through WhiteNoise).
4. Loads each page with ``wrk`` (or, without wrk, a small Python load
   generator) at 4 connections: a warm-up, then a fixed duration.
5. Prints requests/second, median and p95 latency and the throughput as a
   fraction of the trivial view in the same run, with pass/fail against the
   targets, and writes them to bench/results/latest.{json,md}.

    bench/run                       # database from $BENCH_DATABASE_URL, default lc_bench
    bench/run --reseed              # drop the benchmark database and seed it again
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
        "errors": raw["errors"],
    }


def _python_worker(args) -> list[tuple[float, int]]:
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
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException):
            status = 0
            if connection is not None:
                connection.close()
            connection = None
        samples.append(((time.perf_counter() - started) * 1000, status))
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
    samples = sorted(ms for result in results for ms, _status in result)
    bad = sum(1 for result in results for _ms, status in result if status >= 400 or status == 0)
    return {
        "requests": len(samples),
        "seconds": elapsed,
        "rps": len(samples) / elapsed,
        "median_ms": statistics.median(samples) if samples else 0.0,
        "p95_ms": _percentile(samples, 95),
        "p99_ms": _percentile(samples, 99),
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
        "load_average": " ".join(f"{value:.2f}" for value in os.getloadavg()),
        "python": platform.python_version(),
    }


def verdicts(pages, results: dict, baseline: float) -> None:
    for page in pages:
        result = results.get(page.key)
        if result is None:
            continue
        result["ratio"] = result["rps"] / baseline if baseline else 0.0
        checks = []
        if page.min_ratio is not None:
            checks.append(result["ratio"] >= page.min_ratio)
        checks.append(result["p95_ms"] < page.p95_limit_ms)
        checks.append(not result["errors"].get("status"))
        result["pass"] = all(checks)


def markdown(summary: dict) -> str:
    m = summary["machine"]
    lines = [
        f"# LC Platform benchmark, {summary['finished']}",
        "",
        f"Machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory']} RAM, load average before the run "
        f"{m['load_average']}; Python {m['python']}. Server: gunicorn {summary['server']}, DEBUG=0. "
        f"Load: {summary['load_generator']}, {summary['connections']} connections, "
        f"{summary['duration']:g} s per page after {summary['warmup']:g} s warm-up. "
        f"Data set: {summary['dataset']}.",
        "",
        "| page | req/s | median ms | p95 ms | × trivial | target | result |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for row in summary["pages"]:
        lines.append(
            f"| {row['label']} | {row['rps']:.0f} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} "
            f"| {row['ratio']:.3f} | {row['target']} | {'pass' if row['pass'] else '**FAIL**'} |"
        )
    lines += ["", f"Trivial view runs: {', '.join(f'{rps:.0f}' for rps in summary['trivial_runs'])} req/s."]
    if summary.get("explain"):
        lines += ["", "## EXPLAIN check", "", "```", summary["explain"], "```"]
    return "\n".join(lines) + "\n"


# -- main --------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reseed", action="store_true", help="drop the benchmark database and seed it again")
    parser.add_argument("--seed-only", action="store_true", help="create and seed the database, then stop")
    parser.add_argument("--scale", type=float, default=1.0, help="data set size factor (default 1)")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds of load per page (default 10)")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of warm-up per page (default 3)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (default 4)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (default 4)")
    parser.add_argument("--worker-class", default="sync", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=2, help="threads per worker with gthread")
    parser.add_argument("--load-generator", default="auto", choices=["auto", "wrk", "python"])
    parser.add_argument("--only", action="append", default=[], help="measure only these pages (repeatable)")
    parser.add_argument("--no-explain", action="store_true", help="skip the EXPLAIN check")
    parser.add_argument("--output", default=str(RESULTS / "latest"), help="results path without extension")
    return parser.parse_args(argv)


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

    port = free_port()
    server = f"{args.workers} {args.worker_class} workers" + (
        f" × {args.threads} threads" if args.worker_class == "gthread" else ""
    )
    print(f"Serving on 127.0.0.1:{port} with gunicorn ({server}); load from {generator}.")
    started_machine = machine()
    process, base = start_gunicorn(
        environment, port=port, workers=args.workers, worker_class=args.worker_class, threads=args.threads
    )
    results: dict[str, dict] = {}
    trivial_runs: list[float] = []
    problems: list[str] = []
    try:
        for page in pages:
            problems += check_responses(base, page, cookie if page.member else None)
        if problems:
            raise SystemExit("Pages do not answer as expected:\n  " + "\n  ".join(problems))
        # The baseline is measured first and last; the pages are compared with the mean of both.
        order = pages + [pages[0]]
        for page in order:
            page_cookie = cookie if page.member else None
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
                f"p95 {result['p95_ms']:6.1f} ms"
            )
    finally:
        stop_gunicorn(process)

    baseline = statistics.mean(trivial_runs)
    results["trivial"]["rps"] = baseline
    verdicts(pages, results, baseline)
    rows = [
        {"key": page.key, "label": page.label, "target": page.target, **results[page.key]} for page in pages
    ]
    summary = {
        "finished": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": started_machine,
        "server": server,
        "load_generator": generator,
        "connections": args.connections,
        "duration": args.duration,
        "warmup": args.warmup,
        "dataset": seed.marker_key(args.scale),
        "trivial_runs": trivial_runs,
        "pages": rows,
        "explain": explain_text,
        "explain_pass": explain_ok,
    }
    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.with_suffix(".json").write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    output.with_suffix(".md").write_text(markdown(summary))

    print()
    print(f"{'page':<42} {'req/s':>8} {'median':>8} {'p95':>8} {'× trivial':>10}  target / result")
    for row in rows:
        verdict = "pass" if row["pass"] else "FAIL"
        print(
            f"{row['label']:<42} {row['rps']:8.1f} {row['median_ms']:8.1f} {row['p95_ms']:8.1f} "
            f"{row['ratio']:10.3f}  {row['target']}: {verdict}"
        )
    print(
        f"trivial view runs: {', '.join(f'{rps:.0f}' for rps in trivial_runs)} req/s (mean is the baseline)"
    )
    print(f"EXPLAIN check: {'skipped' if args.no_explain else 'pass' if explain_ok else 'FAIL'}")
    print(f"Written: {output.with_suffix('.md')} and .json")
    return 0 if explain_ok and all(row["pass"] for row in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
