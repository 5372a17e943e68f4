"""The writer of bench/run's "under writes" mode: content writes of the kinds members make.

While the readers load a page, a separate process writes at a steady rate (2 a second by default),
in turn: a stand-up answer, a value entry, a review and a sign-in. Each goes through the project's
own services (and Django's ``login`` for the sign-in), so every cache, trigger and version that a real
write moves, moves here too; a bench that wrote with raw SQL would spare the caches it is meant to
test.

The writes land in the benchmark database: a run adds a few hundred answers, entries and reviews to
the seeded data set (a stand-up answer or review of the same person is edited, not added).
"""

from __future__ import annotations

import datetime
import random
import time
from dataclasses import dataclass, field

from django.utils import timezone

WRITE_KINDS = ("standup_answer", "value_entry", "review", "sign_in")
DEFAULT_RATE = 2.0
# How many writes of each kind the summary keeps the errors of (a broken kind fails fast and often).
KEPT_ERRORS = 10


def kind_of(n: int) -> str:
    """The n-th write's kind: the four kinds in turn, so every second of writes mixes them."""
    return WRITE_KINDS[n % len(WRITE_KINDS)]


@dataclass
class Writer:
    community: object  # the community whose members answer stand-ups and log value
    members: list  # users who are members of ``community``
    instruments: list  # listed instruments to review
    reviewers: list  # users who review and sign in
    standup: object  # an open stand-up of ``community``
    rng: random.Random = field(default_factory=lambda: random.Random(20))  # noqa: S311 (not security)
    written: int = 0

    @classmethod
    def for_bench(cls, *, today: datetime.date | None = None) -> Writer:
        """Actors from the seeded data set: the big value community, its members, listed instruments."""
        from django.contrib.auth import get_user_model

        from bench.seed import VALUE_COMMUNITY
        from communities.models import Community, Membership, MembershipRole
        from instruments.models import Instrument, InstrumentStatus

        community = Community.objects.get(slug=VALUE_COMMUNITY)
        memberships = Membership.objects.filter(community=community).select_related("user").order_by("pk")
        members = [m.user for m in memberships]
        facilitator = next(m.user for m in memberships if m.role == MembershipRole.FACILITATOR)
        listed = Instrument.objects.filter(status=InstrumentStatus.PUBLISHED, is_hidden=False).order_by("pk")
        instruments = list(listed[::97][:200])
        reviewers = list(get_user_model().objects.filter(is_active=True).order_by("pk")[:400])
        standup = open_standup(community, facilitator, today or timezone.localdate())
        return cls(community, members, instruments, reviewers, standup)

    def write(self, kind: str) -> None:
        getattr(self, f"_{kind}")()
        self.written += 1

    def _standup_answer(self) -> None:
        from communities.services import standup_answer_save

        n = self.written
        standup_answer_save(
            actor=self.rng.choice(self.members),
            standup=self.standup,
            did=f"Bench: werksessie {n} voorbereid",
            will_do=f"Bench: verslag {n} delen",
        )

    def _value_entry(self) -> None:
        from valuecreation.models import Cycle, EntryVisibility, ValueLevel
        from valuecreation.services import value_entry_create

        value_entry_create(
            actor=self.rng.choice(self.members),
            community=self.community,
            data={
                "cycle": Cycle.IMMEDIATE,
                "level": self.rng.choice(ValueLevel.values),
                "title": f"Bench: waarde {self.written}",
                "story": "Een gesprek met de wijkverpleging leverde een nieuwe afspraak op.",
                "date": self.standup.date,
                "visibility": self.rng.choice(EntryVisibility.values),
            },
        )

    def _review(self) -> None:
        from instruments.services import review_save

        review_save(
            actor=self.rng.choice(self.reviewers),
            instrument=self.rng.choice(self.instruments),
            rating=self.rng.randint(1, 5),
            text="Bench: bruikbaar in de tweede sprint.",
        )

    def _sign_in(self) -> None:
        sign_in(self.rng.choice(self.reviewers))


def sign_in(user) -> None:
    """As a login form does: Django's ``login`` (last_login, the signals) and a stored session."""
    from django.contrib.auth import login
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    request = RequestFactory().post("/accounts/login/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session.save()


def open_standup(community, facilitator, today: datetime.date):
    """An open stand-up of ``community`` on a scheduled day from ``today`` on, made through the services."""
    from communities.models import Standup, StandupSchedule
    from communities.services import schedule_save, standup_create

    schedule = StandupSchedule.objects.filter(community=community).first()
    if schedule is None:
        schedule = schedule_save(
            actor=facilitator,
            community=community,
            weekday=today.weekday(),
            time=datetime.time(9, 0),
            place="Buurthuis De Schakel",
        )
    day = today + datetime.timedelta(days=(schedule.weekday - today.weekday()) % 7)
    while True:
        standup = Standup.objects.filter(community=community, date=day).first()
        if standup is None:
            return standup_create(actor=facilitator, community=community, date=day)
        if standup.is_open:
            return standup
        day += datetime.timedelta(days=7)


def run(writer, *, rate: float, stop, clock=time.monotonic) -> dict:
    """Write at ``rate`` per second until ``stop`` (a threading or multiprocessing Event) is set.

    The writes keep to a fixed timetable (n / rate seconds after the start), so a slow write is not
    followed by a pause that lowers the rate; an error is counted and the next write goes on.
    """
    interval = 1.0 / rate
    started = clock()
    counts = dict.fromkeys(WRITE_KINDS, 0)
    errors: list[str] = []
    failed = 0
    n = 0
    while not stop.is_set():
        wait = started + n * interval - clock()
        if wait > 0 and stop.wait(wait):
            break
        kind = kind_of(n)
        n += 1
        try:
            writer.write(kind)
        except Exception as error:  # noqa: BLE001 (reported in the summary, the run goes on)
            failed += 1
            if len(errors) < KEPT_ERRORS:
                errors.append(f"{kind}: {error!r}")
            continue
        counts[kind] += 1
    seconds = clock() - started
    written = sum(counts.values())
    return {
        "rate_asked": rate,
        "writes": written,
        "seconds": seconds,
        "rate": written / seconds if seconds else 0.0,
        "by_kind": counts,
        "failed": failed,
        "errors": errors,
    }


def process_main(stop, ready, broken, results, rate: float) -> None:
    """The writer process (forked from bench/run after Django is set up, with no connection open)."""
    from django.db import connections

    try:
        writer = Writer.for_bench()
    except Exception as error:  # noqa: BLE001 (the parent reports it and stops)
        results.put({"setup_error": repr(error)})
        broken.value = 1
        ready.set()
        return
    ready.set()
    try:
        results.put(run(writer, rate=rate, stop=stop))
    finally:
        connections.close_all()


class WriterProcess:
    """Start the writer beside the readers, stop it and collect what it wrote."""

    def __init__(self, rate: float = DEFAULT_RATE):
        import multiprocessing

        self.context = multiprocessing.get_context("fork")
        self.rate = rate
        self.stop = self.context.Event()
        self.ready = self.context.Event()
        self.broken = self.context.Value("b", 0)
        self.results = self.context.Queue()
        self.process = None

    def start(self) -> None:
        from django.db import connections

        connections.close_all()  # a forked child must not share the parent's database socket
        self.process = self.context.Process(
            target=process_main,
            args=(self.stop, self.ready, self.broken, self.results, self.rate),
            daemon=True,
        )
        self.process.start()
        if not self.ready.wait(120):
            self.finish()
            raise SystemExit("The writer did not get ready within two minutes")
        if self.broken.value:
            summary = self.results.get(timeout=10)
            self.process.join(10)
            raise SystemExit(f"The writer could not start: {summary.get('setup_error')}")

    def finish(self) -> dict:
        self.stop.set()
        try:
            summary = self.results.get(timeout=60)
        except Exception:  # noqa: BLE001 (queue.Empty: the child died)
            summary = {"writes": 0, "failed": 0, "errors": ["the writer process did not report"]}
        self.process.join(30)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(5)
        return summary
