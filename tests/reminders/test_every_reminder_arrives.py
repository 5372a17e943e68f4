"""Issue 23: no reminder depends on a scan landing in a window; late scans catch up; nothing is silently lost.

Monday 2026-11-23: stand-ups at 09:00 CET (08:00 UTC). Scans every five minutes
(REMINDER_SCAN_SECONDS = 300), on the minute.
"""

import datetime as dt
import logging
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from core.heartbeats import last_success
from outbox import tasks as outbox_tasks
from reminders import tasks, timing
from reminders.delivery import SOURCE
from reminders.models import ReminderKind, SentReminder, SentStatus
from reminders.scanning import SCAN_HEARTBEAT, scan

from .conftest import make_team, utc

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
MONDAY = dt.date(2026, 11, 23)


def beat(capture, now):
    """One scan as beat runs it, with the worker's clock at the scan's moment."""
    with time_machine.travel(now, tick=False), capture(execute=True):
        scan(now)
        tasks.queue_pending(now)


@pytest.fixture
def published(monkeypatch):
    """Delivery tasks put on the broker, with their ETA (instead of running them eagerly)."""
    calls = []
    monkeypatch.setattr(
        outbox_tasks.deliver_mail, "apply_async", lambda args, eta=None: calls.append((tuple(args), eta))
    )
    return calls


@pytest.mark.parametrize("lead", [1, 2, 4])
def test_leads_shorter_than_the_scan_interval_are_sent_exactly_on_time(
    lead, published, django_capture_on_commit_callbacks
):
    team = make_team(weekday=0, time=dt.time(9, 0), lead=lead)
    remind_at = utc(2026, 11, 23, 8, 0) - dt.timedelta(minutes=lead)
    for minute in range(30, 60, 5):  # scans at 08:30, 08:35 ... 08:55 UTC
        beat(django_capture_on_commit_callbacks, utc(2026, 11, 23, 7, minute))
    rows = SentReminder.objects.filter(kind=ReminderKind.STANDUP)
    assert rows.count() == len(team.everyone)
    assert set(rows.values_list("next_attempt_at", flat=True)) == {remind_at}
    # Queued once each, with the reminder time as ETA, by the last scan before it.
    assert sorted(args[1] for args, _eta in published) == sorted(rows.values_list("pk", flat=True))
    assert {eta for _args, eta in published} == {remind_at}
    # The broker hands them to the worker at the ETA: sent then, before the stand-up.
    with time_machine.travel(remind_at, tick=False):
        for args, _eta in published:
            outbox_tasks.deliver_mail.apply(args=args)
    assert set(rows.values_list("status", flat=True)) == {SentStatus.SENT}
    assert set(rows.values_list("sent_at", flat=True)) == {remind_at}
    assert len(mail.outbox) == len(team.everyone)


def test_a_task_delivered_before_its_eta_does_not_send_early(published, django_capture_on_commit_callbacks):
    make_team(weekday=0, time=dt.time(9, 0), lead=2)
    beat(django_capture_on_commit_callbacks, utc(2026, 11, 23, 7, 55))
    (args, _eta), *_rest = published
    with time_machine.travel(utc(2026, 11, 23, 7, 56), tick=False):
        from outbox import delivery

        assert delivery.deliver(*args) == 120  # wait until 07:58
    assert mail.outbox == []


def test_a_lead_of_zero_is_refused_with_a_clear_message(client_for, team):
    response = client_for(team.facilitator).post(
        f"/communities/{team.community.slug}/schedule/",
        {"weekday": 0, "time": "09:00", "place": "Keet", "reminder_lead_minutes": "0"},
    )
    assert response.status_code == 400  # the form again, with its errors
    assert "at least 1 minute before the stand-up" in response.content.decode()
    team.schedule.refresh_from_db()
    assert team.schedule.reminder_lead_minutes is None


def test_a_late_scan_catches_up_and_records_what_it_can_no_longer_send_as_too_late(
    django_capture_on_commit_callbacks, caplog, client
):
    """A simulated backlog: no scan ran from 07:50 to 08:05 UTC; stand-ups at 09:00, 09:03 and 09:06 CET."""
    early = make_team(weekday=0, time=dt.time(9, 0), lead=2)
    middle = make_team(weekday=0, time=dt.time(9, 3), lead=2)
    late = make_team(weekday=0, time=dt.time(9, 6), lead=2)
    beat(django_capture_on_commit_callbacks, utc(2026, 11, 23, 7, 50))
    assert not SentReminder.objects.exists()
    with caplog.at_level(logging.ERROR):
        beat(django_capture_on_commit_callbacks, utc(2026, 11, 23, 8, 5))
    # Still before its stand-up: sent now.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in late.everyone)
    # Started already: recorded as too late, with the reason, never silently dropped.
    too_late = SentReminder.objects.filter(status=SentStatus.TOO_LATE)
    assert set(too_late.values_list("community_id", flat=True)) == {early.community.pk, middle.community.pk}
    assert too_late.count() == len(early.everyone) + len(middle.everyone)
    assert all("No scan ran between" in row.last_error for row in too_late)
    # The gap and the loss are logged as errors.
    assert "no successful run between" in caplog.text
    assert "recorded too late" in caplog.text
    # ... and visible in admin.
    client.force_login(early.facilitator.__class__.objects.create_superuser("root@example.org", "x" * 12))
    page = client.get("/admin/reminders/sentreminder/?status__exact=too_late")
    assert page.status_code == 200 and "Too late" in page.content.decode()


def test_the_last_successful_scan_is_in_healthz_and_late_after_two_intervals(client, db):
    with time_machine.travel(utc(2026, 11, 23, 7, 50), tick=False):
        scan()
        body = client.get("/healthz/").json()
    assert body["periodic"][SCAN_HEARTBEAT] == {"last_success": "2026-11-23T07:50:00+00:00", "late": False}
    assert last_success(SCAN_HEARTBEAT) == utc(2026, 11, 23, 7, 50)
    with time_machine.travel(utc(2026, 11, 23, 8, 1), tick=False):
        assert client.get("/healthz/").json()["periodic"][SCAN_HEARTBEAT]["late"] is True


def test_scans_have_their_own_queue_and_worker():
    from lcplatform.celery import app

    scan_queue = settings.CELERY_SCAN_QUEUE
    assert scan_queue != settings.CELERY_TASK_DEFAULT_QUEUE
    for task in ("reminders.scan", "outbox.sweep"):
        assert app.amqp.router.route({}, task)["queue"].name == scan_queue
    assert app.amqp.router.route({}, "outbox.deliver")["queue"].name == settings.CELERY_TASK_DEFAULT_QUEUE
    # Both ways of running the platform start a worker that consumes it.
    assert "--queues=scans" in (ROOT / "docker-compose.yml").read_text()
    assert '--queues="${CELERY_SCAN_QUEUE:-scans}"' in (ROOT / "bin" / "run-dev").read_text()


@pytest.mark.parametrize(
    "day, remind_at",
    [
        # Monday after the October switch: Saturday 09:00 CEST = 07:00 UTC (elapsed time would give 10:00).
        (dt.date(2026, 10, 26), utc(2026, 10, 24, 7, 0)),
        # Monday after the March switch: Saturday 09:00 CET = 08:00 UTC (elapsed time: 08:00 CET).
        (dt.date(2026, 3, 30), utc(2026, 3, 28, 8, 0)),
    ],
)
def test_a_lead_of_48_hours_keeps_the_wall_clock_time_across_daylight_saving(day, remind_at, db):
    team = make_team(weekday=0, time=dt.time(9, 0), lead=48 * 60)
    occurrence = timing.standup_occurrence(team.schedule, day)
    assert occurrence.remind_at == remind_at
    assert occurrence.remind_at.astimezone(timing.local_zone()).time() == dt.time(9, 0)


def test_a_lead_under_a_day_stays_elapsed_time_across_the_switch(db):
    # 12 hours before 09:00 CET on the October switch day is 20:00 UTC (22:00 CEST), as before.
    team = make_team(weekday=6, time=dt.time(9, 0), lead=12 * 60)
    assert timing.standup_occurrence(team.schedule, dt.date(2026, 10, 25)).remind_at == utc(
        2026, 10, 24, 20, 0
    )


def test_the_outbox_source_of_reminders_is_registered():
    from outbox import registry

    assert registry.source(SOURCE).model is SentReminder
