"""Fault injection for reminders and the outbox: is every expected mail sent, and none twice?

    createdb -h 127.0.0.1 -U postgres lc_faults
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lc_faults .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lc_faults .venv/bin/python bench/reminders_faults.py

Runs real processes on loopback only: a private redis-server on --redis-port (never
a shared one: the broker-down run stops it), Celery beat(s), delivery worker(s) and
scan worker(s) started with the platform's own settings, scans every 10 s. Each run
builds its own communities with stand-ups a minute or two ahead, computes the
expected mails from that scenario (every member of every community, plus the
invitations and join decisions it makes) — not from the app's tables — and reads
what arrived in the file-based mail sink. Runs:

* baseline — one beat, one delivery worker, one scan worker;
* two beats, two workers — two of everything at once;
* SIGKILLs — the delivery workers are killed (whole process group) and restarted
  every few seconds while reminders go out, the scan worker once;
* backlog — a slow mail server (1 s per mail) and a flood of other mail queued
  just before the reminders fall due, 2-minute leads;
* broker down — the broker is stopped while reminders fall due and while
  invitations and join decisions are made; it comes back 30 s later.

Prints expected / sent / missing / duplicates (and late: reminders that arrived
after their stand-up started; unknown: rows left "outcome unknown"; restarts:
workers that exited on their own and were started again, as the supervisor of a
production deployment does — docker-compose's `restart: unless-stopped`).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from email.utils import parsedate_to_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUEUE = f"lc-faults-{uuid.uuid4().hex[:6]}"
SCAN_QUEUE = f"{QUEUE}-scans"
REDIS_CLI = shutil.which("redis-cli") or "/usr/bin/redis-cli"
TIMINGS = {
    "REMINDER_SCAN_SECONDS": "10",
    "OUTBOX_SWEEP_SECONDS": "5",
    "REMINDER_REQUEUE_AFTER_SECONDS": "20",
    "REMINDER_CLAIM_TIMEOUT_SECONDS": "15",
    "REMINDER_RETRY_BASE_SECONDS": "2",
    "REDIS_VISIBILITY_TIMEOUT": "30",
    "REDIS_UNACKED_RESTORE_INTERVAL": "3",
    "CELERY_BROKER_CONNECTION_TIMEOUT": "1",
}


def configure(redis_port: int) -> None:
    os.environ.update(TIMINGS)
    os.environ["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
    os.environ["CELERY_QUEUE"] = QUEUE
    os.environ["CELERY_SCAN_QUEUE"] = SCAN_QUEUE
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lcplatform.settings")
    import django

    django.setup()


class Broker:
    """A private redis-server on loopback that the broker-down run may stop."""

    def __init__(self, port: int, work: Path):
        self.port, self.work, self.process = port, work, None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [shutil.which("redis-server") or "redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.work)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(50):
            if (
                subprocess.run(  # noqa: S603
                    [REDIS_CLI, "-p", str(self.port), "ping"], capture_output=True, text=True
                ).stdout.strip()
                == "PONG"
            ):
                return
            time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def flush(self) -> None:
        subprocess.run([REDIS_CLI, "-p", str(self.port), "flushall"], capture_output=True)  # noqa: S603


class Beat:
    def __init__(self, name: str, work: Path, env: dict):
        self.log = open(work / f"{name}.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [str(Path(sys.executable).with_name("celery")), "-A", "lcplatform", "beat", "--loglevel=INFO"]
            + ["-s", str(work / f"{name}-schedule")],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
        self.log.close()


class Run:
    def __init__(self, name: str, work: Path, broker: Broker, *, communities: int, members: int):
        self.name, self.broker = name, broker
        self.work = work / name.replace(" ", "-")
        self.mail_dir = self.work / "mail"
        self.mail_dir.mkdir(parents=True)
        self.communities, self.members = communities, members
        self.stamp = uuid.uuid4().hex[:6]
        self.workers, self.beats = [], []
        self.restarts = 0  # workers that exited on their own and were started again
        self.expected: dict[str, dt.datetime | None] = {}  # address → stand-up start (None: not a reminder)
        self.created = []

    # -- processes -------------------------------------------------------------------
    def env(self, **extra) -> dict:
        from tests.reminders.workers import database_url

        return {
            **os.environ,
            "DATABASE_URL": database_url(),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "LC_VAR_DIR": str(self.work / "var"),
            **extra,
        }

    def worker(self, name: str, *, scans: bool = False, concurrency: int = 2, **env):
        from tests.reminders.workers import Worker

        worker = Worker(
            f"{name}-{self.stamp}",
            queue=SCAN_QUEUE if scans else QUEUE,
            mail_dir=self.mail_dir,
            log_dir=self.work,
            concurrency=1 if scans else concurrency,
            # Every worker publishes deliveries to the delivery queue, whichever queue it consumes.
            env={"CELERY_QUEUE": QUEUE, **env},
        )
        worker.spec = {"name": name, "scans": scans, "concurrency": concurrency, **env}
        worker.retired = False
        self.workers.append(worker)
        return worker

    def retire(self, worker) -> None:
        """A worker the scenario kills on purpose; the scenario starts its replacement."""
        worker.retired = True
        worker.kill()

    def supervise(self) -> None:
        """Restart a worker that exited on its own, as `restart: unless-stopped` does in docker-compose.

        Celery 5.7 / kombu 5.7 workers can exit with "Unrecoverable error" (AttributeError on
        `conninfo.hostname` in `restore_unacked`) when Redis goes away while they hold unacknowledged
        messages. Production runs them under a supervisor; the outbox sweep queues what they held.
        """
        for worker in list(self.workers):
            if worker.retired or worker.process.poll() is None:
                continue
            worker.retired = True
            self.restarts += 1
            spec = dict(worker.spec)
            name = f"{spec.pop('name')}-restart{self.restarts}"
            print(f"  {worker.name} exited with {worker.process.returncode}; restarted as {name}", flush=True)
            self.worker(name, **spec)

    def beat(self, name: str) -> Beat:
        beat = Beat(f"{name}-{self.stamp}", self.work, self.env())
        self.beats.append(beat)
        return beat

    def stop(self) -> None:
        for beat in self.beats:
            beat.stop()
        for worker in self.workers:
            worker.stop()

    # -- scenario --------------------------------------------------------------------
    def standups(self, *, first_in: float, spread: float, lead: int) -> None:
        """One community per stand-up, starting ``first_in`` s from now, ``spread`` s apart."""
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from communities.models import Membership, StandupSchedule
        from communities.services import community_create

        user_model = get_user_model()
        for c in range(self.communities):
            starts = timezone.localtime() + dt.timedelta(seconds=first_in + c * spread)
            community = community_create(
                actor=None,
                data={
                    "name": f"Faults {self.stamp} {c}",
                    "challenge": "Fault injection",
                    "level": "meso",
                    "province": "utrecht",
                },
            )
            users = user_model.objects.bulk_create(
                [
                    user_model(email=f"f-{self.stamp}-{c}-{m}@example.org", name=f"Lid {m}", language="nl")
                    for m in range(self.members)
                ]
            )
            Membership.objects.bulk_create([Membership(community=community, user=u) for u in users])
            StandupSchedule.objects.create(
                community=community,
                weekday=starts.weekday(),
                time=starts.time().replace(microsecond=0),
                place="Bench",
                reminder_lead_minutes=lead,
            )
            self.created.append(community)
            for user in users:
                self.expected[user.email] = starts.replace(microsecond=0)

    def invitations_and_decisions(self, count: int) -> None:
        """Invitations and join decisions, made in this process (through the broker, if it is up)."""
        from django.contrib.auth import get_user_model

        from communities import services
        from communities.models import JoinRequest

        community = self.created[0]
        # The inviter is recorded on each invitation; not a member, so no stand-up reminders of their own.
        inviter = get_user_model().objects.create(
            email=f"inviter-{self.stamp}@example.org", name="Uitnodiger"
        )
        emails = [f"inv-{self.stamp}-{n}@example.org" for n in range(count)]
        services.invitations_create(actor=inviter, community=community, emails=emails)
        self.expected.update(dict.fromkeys(emails))

        for n in range(count):
            applicant = get_user_model().objects.create(
                email=f"join-{self.stamp}-{n}@example.org", name=f"Aanvrager {n}"
            )
            request = JoinRequest.objects.create(community=community, user=applicant)
            services.join_request_decide(actor=inviter, join_request=request, approve=True)
            self.expected[applicant.email] = None

    def flood(self, count: int) -> None:
        from outbox.services import mail_enqueue

        for n in range(count):
            mail_enqueue(
                kind="bench.flood",
                key=f"{self.stamp}:{n}",
                recipient=f"flood-{self.stamp}-{n}@example.org",
                subject_template="communities/email/invitation_subject.txt",
                body_template="communities/email/invitation_body.txt",
                context={"community": self.created[0], "link": "http://x/", "expires_at": None},
            )

    # -- results ---------------------------------------------------------------------
    def received(self) -> Counter:
        from tests.reminders.workers import mails_in

        self._arrivals = {}
        counts = Counter()
        # A duplicate is the same mail twice (recipient and subject): an applicant approved into a
        # community with a stand-up rightly gets its reminder besides the decision.
        self._copies = Counter()
        for message in mails_in(self.mail_dir):
            to = message["To"]
            counts[to] += 1
            self._copies[(to, message["Subject"])] += 1
            with contextlib.suppress(TypeError, ValueError):
                arrived = parsedate_to_datetime(message["Date"])
                # Django writes "-0000" (UTC, EMAIL_USE_LOCALTIME off), which parses as a naive datetime.
                if arrived.tzinfo is None:
                    arrived = arrived.replace(tzinfo=dt.UTC)
                self._arrivals.setdefault(to, arrived)
        return counts

    def wait(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if set(self.expected) <= set(self.received()):
                break
            self.supervise()
            time.sleep(1)
        time.sleep(5)  # copies a redelivered task might still send

    def result(self) -> dict:
        from outbox.models import DeliveryStatus, OutboxMail
        from reminders.models import SentReminder

        received = self.received()
        expected = set(self.expected)
        got = expected & set(received)
        late = sum(
            1
            for address, starts in self.expected.items()
            if starts and address in self._arrivals and self._arrivals[address] > starts
        )
        unknown = (
            SentReminder.objects.filter(community__in=self.created, status=DeliveryStatus.UNKNOWN).count()
            + OutboxMail.objects.filter(key__contains=self.stamp, status=DeliveryStatus.UNKNOWN).count()
        )
        too_late = SentReminder.objects.filter(
            community__in=self.created, status=DeliveryStatus.TOO_LATE
        ).count()
        return {
            "run": self.name,
            "expected": len(expected),
            "sent": len(got),
            "missing": len(expected - got),
            "duplicates": sum(n - 1 for (address, _subject), n in self._copies.items() if address in got),
            "late": late,
            "too_late_rows": too_late,
            "unknown": unknown,
            "restarts": self.restarts,
        }

    def clean_up(self) -> None:
        from django.contrib.auth import get_user_model

        from outbox.models import OutboxMail

        get_user_model().objects.filter(email__contains=self.stamp).delete()
        for community in self.created:
            community.delete()
        OutboxMail.objects.filter(to__contains=self.stamp).delete()


# -- the runs ----------------------------------------------------------------------------------


def start(run: Run, *, beats: int = 1, workers: int = 1, scan_workers: int = 1, **env) -> None:
    for n in range(scan_workers):
        run.worker(f"scan{n}", scans=True)
    for n in range(workers):
        run.worker(f"deliver{n}", **env)
    for worker in run.workers:
        worker.wait_ready(120)
    for n in range(beats):
        run.beat(f"beat{n}")


def baseline(run: Run, lead: int) -> None:
    start(run)
    run.standups(first_in=lead * 60 + 20, spread=2, lead=lead)
    run.wait(lead * 60 + 20 + 2 * run.communities + 60)


def two_of_everything(run: Run, lead: int) -> None:
    start(run, beats=2, workers=2, scan_workers=2)
    run.standups(first_in=lead * 60 + 20, spread=2, lead=lead)
    run.wait(lead * 60 + 20 + 2 * run.communities + 60)


def sigkills(run: Run, lead: int) -> None:
    start(run, workers=2)
    run.standups(first_in=lead * 60 + 20, spread=2, lead=lead)
    time.sleep(20)  # the first reminders fall due now
    kills = 0
    for round_ in range(5):
        time.sleep(4)
        for worker in [w for w in run.workers if "deliver" in w.name and w.process.poll() is None]:
            run.retire(worker)
            kills += 1
        if round_ == 2:
            scan = next(w for w in run.workers if "scan" in w.name and w.process.poll() is None)
            run.retire(scan)
            kills += 1
            run.worker(f"scan-again{round_}", scans=True).wait_ready(120)
        for n in range(2):
            run.worker(f"deliver-again{round_}-{n}").wait_ready(120)
    print(f"  {kills} SIGKILLs of worker process groups", flush=True)
    run.wait(lead * 60 + 2 * run.communities + 90)


def backlog(run: Run, lead: int, flood: int) -> None:
    start(run, EMAIL_BACKEND="bench.slow_mail.SlowBackend", BENCH_MAIL_SECONDS="1")
    run.standups(first_in=lead * 60 + 20, spread=2, lead=lead)
    time.sleep(15)
    run.flood(flood)  # queued ahead of the reminders, on the same delivery queue
    run.wait(lead * 60 + 2 * run.communities + flood + 90)


def broker_down(run: Run, lead: int) -> None:
    start(run)
    run.standups(first_in=lead * 60 + 15, spread=2, lead=lead)
    run.broker.stop()
    print("  broker stopped", flush=True)
    run.invitations_and_decisions(5)
    time.sleep(30)
    run.broker.start()
    print("  broker back after ~30 s", flush=True)
    run.wait(lead * 60 + 2 * run.communities + 120)


RUNS = {
    "baseline": lambda run, args: baseline(run, args.lead),
    "two beats, two workers": lambda run, args: two_of_everything(run, args.lead),
    "SIGKILLs": lambda run, args: sigkills(run, args.lead),
    "backlog": lambda run, args: backlog(run, 2, args.flood),
    "broker down": lambda run, args: broker_down(run, args.lead),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communities", type=int, default=8)
    parser.add_argument("--members", type=int, default=5)
    parser.add_argument("--lead", type=int, default=1, help="minutes (the backlog run uses 2)")
    parser.add_argument("--flood", type=int, default=60, help="other mails queued in the backlog run")
    parser.add_argument("--redis-port", type=int, default=6391)
    parser.add_argument("--only", action="append", choices=list(RUNS), help="run only these (repeatable)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    # The runs create and delete users and communities: only a database made for it (its name says "faults").
    if "postgres" not in url or "faults" not in url.rsplit("/", 1)[-1]:
        parser.error("set DATABASE_URL to a PostgreSQL database named *faults* (workers: separate processes)")
    with tempfile.TemporaryDirectory(prefix="lc-faults-") as tmp:
        work = Path(tmp)
        broker = Broker(args.redis_port, work)
        broker.start()
        configure(args.redis_port)
        results = []
        try:
            for name in args.only or list(RUNS):
                broker.flush()
                run = Run(name, work, broker, communities=args.communities, members=args.members)
                print(f"{name} ...", flush=True)
                try:
                    RUNS[name](run, args)
                    results.append(run.result())
                    print(f"  {results[-1]}", flush=True)
                finally:
                    run.stop()
                    run.clean_up()
                    if broker.process.poll() is not None:
                        broker.start()
        finally:
            broker.stop()
    print()
    print("| run | expected | sent | missing | duplicates | late | too late (rows) | unknown | restarts |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['run']} | {r['expected']} | {r['sent']} | {r['missing']} | {r['duplicates']} | "
            f"{r['late']} | {r['too_late_rows']} | {r['unknown']} | {r['restarts']} |"
        )
    return 1 if any(r["missing"] or r["duplicates"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
