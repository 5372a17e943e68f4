"""The writer of bench/run's "under writes" mode: the four kinds members make, through the services.

Each kind must write what a member's action writes and raise the table versions that action
raises; otherwise the mode would measure caches that a real write empties as if they held.
"""

import datetime
import threading

import pytest
from django.contrib.sessions.models import Session

from bench import writer as bench_writer
from communities.models import Standup, StandupAnswer, StandupSchedule
from core.contentversion import table_versions
from instruments.models import Review
from tests.factories import InstrumentFactory, UserFactory
from tests.scans.factories import make_community
from valuecreation.models import ValueEntry

MONDAY = datetime.date(2026, 3, 2)


def test_the_kinds_take_turns():
    assert [bench_writer.kind_of(n) for n in range(6)] == [
        "standup_answer",
        "value_entry",
        "review",
        "sign_in",
        "standup_answer",
        "value_entry",
    ]


@pytest.fixture
def writer(db, django_capture_on_commit_callbacks):
    # The set-up's own raises run here, so the test sees the raises of its one write.
    with django_capture_on_commit_callbacks(execute=True):
        community, facilitator, members = make_community(members=3)
        standup = bench_writer.open_standup(community, facilitator, MONDAY)
        instruments = [InstrumentFactory(), InstrumentFactory()]
        reviewers = [UserFactory(), UserFactory()]
    return bench_writer.Writer(
        community=community, members=members, instruments=instruments, reviewers=reviewers, standup=standup
    )


@pytest.mark.django_db
def test_the_stand_up_is_opened_on_the_schedule_through_the_services():
    community, facilitator, _members = make_community(members=1)
    standup = bench_writer.open_standup(community, facilitator, MONDAY)
    schedule = StandupSchedule.objects.get(community=community)
    assert schedule.weekday == MONDAY.weekday() and standup.date == MONDAY and standup.is_open
    # A second run reuses the open stand-up; a closed one makes it take the next scheduled day.
    assert bench_writer.open_standup(community, facilitator, MONDAY) == standup
    Standup.objects.filter(pk=standup.pk).update(status="closed")
    later = bench_writer.open_standup(community, facilitator, MONDAY + datetime.timedelta(days=2))
    assert later.date == MONDAY + datetime.timedelta(days=7) and later.is_open


# The table each kind's write must move (a sign-in moves none: the last login and the session
# are ignored, accounts/apps.py and core.contentversion).
MOVES = {
    "standup_answer": "communities_standupanswer",
    "value_entry": "valuecreation_valueentry",
    "review": "instruments_review",
    "sign_in": None,
}


@pytest.mark.parametrize("kind", bench_writer.WRITE_KINDS)
def test_each_kind_writes_what_a_member_writes_and_moves_its_table_versions(
    writer, kind, django_capture_on_commit_callbacks
):
    before = table_versions()
    answers, entries, reviews = (
        StandupAnswer.objects.count(),
        ValueEntry.objects.count(),
        Review.objects.count(),
    )
    sessions = Session.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        writer.write(kind)
    after = table_versions()
    if MOVES[kind] is None:
        assert after == before
    else:
        assert after[MOVES[kind]] > before.get(MOVES[kind], 0)
    assert writer.written == 1
    if kind == "standup_answer":
        answer = StandupAnswer.objects.get(standup=writer.standup)
        assert StandupAnswer.objects.count() == answers + 1 and answer.member in writer.members
    elif kind == "value_entry":
        entry = ValueEntry.objects.latest("pk")
        assert ValueEntry.objects.count() == entries + 1
        assert entry.community == writer.community and entry.date == MONDAY
    elif kind == "review":
        review = Review.objects.latest("pk")
        assert Review.objects.count() == reviews + 1
        review.instrument.refresh_from_db()
        assert review.instrument.rating_count == 1  # the service's recount, not a bare insert
    else:
        assert Session.objects.count() == sessions + 1
        signed_in = [user for user in writer.reviewers if (user.refresh_from_db() or user.last_login)]
        assert len(signed_in) == 1


def test_a_second_answer_of_the_same_member_edits_it(writer):
    writer.members = writer.members[:1]
    writer.write("standup_answer")
    writer.write("standup_answer")
    assert StandupAnswer.objects.filter(standup=writer.standup).count() == 1


class _FakeWriter:
    def __init__(self, stop, *, after: int, broken: str | None = None):
        self.stop, self.after, self.broken, self.kinds = stop, after, broken, []

    def write(self, kind):
        self.kinds.append(kind)
        if len(self.kinds) >= self.after:
            self.stop.set()
        if kind == self.broken:
            raise RuntimeError("database gone")


def test_run_keeps_the_timetable_counts_each_kind_and_goes_on_after_an_error():
    stop = threading.Event()
    fake = _FakeWriter(stop, after=9, broken="review")
    summary = bench_writer.run(fake, rate=1000.0, stop=stop)
    assert fake.kinds[:4] == list(bench_writer.WRITE_KINDS)
    assert summary["by_kind"] == {"standup_answer": 3, "value_entry": 2, "review": 0, "sign_in": 2}
    assert summary["writes"] == 7 and summary["failed"] == 2
    assert summary["errors"] == ["review: RuntimeError('database gone')"] * 2
    assert summary["rate_asked"] == 1000.0 and summary["seconds"] > 0


def test_run_writes_at_the_rate_asked():
    stop, now = threading.Event(), [0.0]

    class Clock:
        def __call__(self):
            return now[0]

    class Stop:
        def is_set(self):
            return now[0] >= 10.0

        def wait(self, seconds):
            now[0] += seconds  # time passes while the writer waits for its next slot
            return self.is_set()

    class Instant:
        def write(self, kind):
            pass

    summary = bench_writer.run(Instant(), rate=2.0, stop=Stop(), clock=Clock())
    assert summary["writes"] == 20 and summary["rate"] == pytest.approx(2.0)
    assert not stop.is_set()
