"""Daylight saving: a stand-up keeps its wall-clock time and is reminded exactly once.

2026-03-29 and 2026-10-25 are the last Sundays of March and October; the
clocks jump at 01:00 UTC. The scan runs every five minutes across the switch.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from reminders import tasks, timing
from reminders.models import SentReminder
from reminders.scanning import scan

from .conftest import make_team, utc

pytestmark = pytest.mark.django_db

SUNDAY = 6


def run_scans(start: dt.datetime, end: dt.datetime, capture, *, dense=()):
    """Scan (and deliver) like beat would; returns {occurrence: first scan time that recorded it}.

    Every five minutes inside the ``dense`` (start, end) windows and around the
    switch itself (00:00-03:00 UTC), every half hour elsewhere to keep the test quick.
    """
    dense = [*dense, (start.replace(hour=0, minute=0), start.replace(hour=3, minute=0))]
    dense += [(end.replace(hour=0, minute=0), end.replace(hour=3, minute=0))]
    first_seen = {}
    now = start
    while now <= end:
        # The worker's clock is the scan's: delivery checks due time and cut-off against it.
        with time_machine.travel(now, tick=False), capture(execute=True):
            scan(now)
            tasks.queue_pending(now)
        for occurrence in SentReminder.objects.values_list("occurrence", flat=True):
            first_seen.setdefault(occurrence, now)
        step = 5 if any(a <= now < b for a, b in dense) else 30
        now += dt.timedelta(minutes=step)
    return first_seen


@pytest.mark.parametrize(
    "day, lead, expected_remind_at, expected_start",
    [
        # Spring forward. 09:00 CEST = 07:00 UTC; 12 elapsed hours earlier is 19:00 UTC (20:00 CET).
        (dt.date(2026, 3, 29), 12 * 60, utc(2026, 3, 28, 19, 0), utc(2026, 3, 29, 7, 0)),
        # Afternoon before (default): 16:00 CET on Saturday = 15:00 UTC.
        (dt.date(2026, 3, 29), None, utc(2026, 3, 28, 15, 0), utc(2026, 3, 29, 7, 0)),
        # Fall back. 09:00 CET = 08:00 UTC; 12 hours earlier is 20:00 UTC (22:00 CEST).
        (dt.date(2026, 10, 25), 12 * 60, utc(2026, 10, 24, 20, 0), utc(2026, 10, 25, 8, 0)),
        # Afternoon before: 16:00 CEST on Saturday = 14:00 UTC.
        (dt.date(2026, 10, 25), None, utc(2026, 10, 24, 14, 0), utc(2026, 10, 25, 8, 0)),
    ],
)
def test_standup_across_the_switch_is_reminded_once_at_the_right_moment(
    day, lead, expected_remind_at, expected_start, django_capture_on_commit_callbacks
):
    team = make_team(weekday=SUNDAY, time=dt.time(9, 0), lead=lead)
    occurrence = timing.standup_occurrence(team.schedule, day)
    assert occurrence.starts_at == expected_start  # 09:00 on the clock, not shifted
    assert occurrence.remind_at == expected_remind_at

    window = (expected_remind_at - dt.timedelta(minutes=30), expected_remind_at + dt.timedelta(minutes=30))
    seen = run_scans(
        expected_remind_at - dt.timedelta(hours=2),
        expected_start + dt.timedelta(hours=1),
        django_capture_on_commit_callbacks,
        dense=[window],
    )
    key = f"standup:{team.community.pk}:{day.isoformat()}"
    assert list(seen) == [key]
    # The scan before the due moment recorded it (it looks one interval ahead) and it went out on time.
    assert expected_remind_at - dt.timedelta(minutes=5) <= seen[key] <= expected_remind_at
    sent_at = set(SentReminder.objects.filter(occurrence=key).values_list("sent_at", flat=True))
    assert sent_at == {expected_remind_at}
    assert SentReminder.objects.filter(occurrence=key).count() == len(team.everyone)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in team.everyone)
    # The mail states the wall-clock time in Amsterdam.
    assert all("09:00" in m.body for m in mail.outbox)


def test_standup_in_the_repeated_hour_of_october_is_not_doubled(django_capture_on_commit_callbacks):
    # 02:30 happens twice on 2026-10-25; the stand-up is the first 02:30 (CEST, 00:30 UTC).
    team = make_team(weekday=SUNDAY, time=dt.time(2, 30), lead=5)
    occurrence = timing.standup_occurrence(team.schedule, dt.date(2026, 10, 25))
    assert occurrence.starts_at == utc(2026, 10, 25, 0, 30)
    run_scans(utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 2, 30), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == len(team.everyone)


def test_standup_in_the_missing_hour_of_march_still_gets_a_reminder(django_capture_on_commit_callbacks):
    # 02:30 does not exist on 2026-03-29; it is read with the winter offset (= 03:30 CEST).
    team = make_team(weekday=SUNDAY, time=dt.time(2, 30), lead=5)
    occurrence = timing.standup_occurrence(team.schedule, dt.date(2026, 3, 29))
    assert occurrence.starts_at == utc(2026, 3, 29, 1, 30)
    run_scans(utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 3, 0), django_capture_on_commit_callbacks)
    assert len(mail.outbox) == len(team.everyone)


def test_naive_wall_clock_subtraction_would_be_an_hour_off():
    """Documents the trap the code avoids: ZoneInfo arithmetic is wall-clock arithmetic."""
    start_local = dt.datetime(2026, 3, 29, 9, 0, tzinfo=timing.local_zone())
    wall_clock = (start_local - dt.timedelta(hours=12)).astimezone(dt.UTC)
    elapsed = start_local.astimezone(dt.UTC) - dt.timedelta(hours=12)
    assert wall_clock - elapsed == dt.timedelta(hours=1)
