"""Real Celery workers against real Redis and PostgreSQL (CI sets REDIS_URL and DATABASE_URL).

Skipped without REDIS_URL or on SQLite: the workers are separate processes
and must see the test database.
"""

import datetime as dt
import os
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone

from reminders import tasks
from reminders.models import SentReminder, SentStatus
from reminders.scanning import scan

from .conftest import make_team, reset_broker_connections
from .workers import Worker, drop_queue, mails_in, new_queue, wait_for

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real Redis)"),
]


@pytest.fixture(autouse=True)
def _needs_postgres(db):
    if connection.vendor != "postgresql":
        pytest.skip("real workers need the test database on PostgreSQL")


@pytest.fixture
def real_broker(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    reset_broker_connections()
    queue = new_queue()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    workers = []

    def start(name, **kwargs):
        worker = Worker(name, queue=queue, mail_dir=mail_dir, log_dir=tmp_path, **kwargs)
        workers.append(worker)
        return worker

    yield queue, mail_dir, start
    for worker in workers:
        worker.stop()
    drop_queue(queue)
    reset_broker_connections()


def due_team(members=3):
    """A stand-up that starts in ten minutes with a fifteen-minute lead: due now."""
    starts = timezone.localtime() + dt.timedelta(minutes=10)
    return make_team(
        weekday=starts.weekday(),
        time=starts.time().replace(second=0, microsecond=0),
        lead=15,
        languages=("nl",) * (members - 1),
    )


def test_a_real_worker_sends_the_due_reminders_over_redis(real_broker):
    queue, mail_dir, start = real_broker
    team = due_team()
    worker = start("w1")
    worker.wait_ready()
    tasks.scan_reminders.apply_async(queue=queue)
    messages = wait_for(lambda: len(mails_in(mail_dir)) >= 3 and mails_in(mail_dir), timeout=60)
    assert sorted(m["To"] for m in messages) == sorted(u.email for u in team.everyone), worker.log()
    assert all(m["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for m in messages)
    assert wait_for(lambda: SentReminder.objects.filter(status=SentStatus.SENT).count() == 3, timeout=20)


def test_two_workers_two_scans_and_redelivered_tasks_send_each_reminder_once(real_broker):
    queue, mail_dir, start = real_broker
    team = due_team(members=12)
    w1, w2 = start("w1"), start("w2")
    w1.wait_ready()
    w2.wait_ready()
    # Two beats fire at once, and every delivery task is delivered twice (same task id).
    scan()
    for _ in range(2):
        tasks.scan_reminders.apply_async(queue=queue)
    for reminder_id in SentReminder.objects.values_list("pk", flat=True):
        for _ in range(2):
            tasks.deliver_reminder.apply_async(
                args=[reminder_id], queue=queue, task_id=f"deliver-{reminder_id}"
            )
    expected = len(team.everyone)
    wait_for(lambda: SentReminder.objects.filter(status=SentStatus.SENT).count() == expected, timeout=90)
    wait_for(lambda: False, timeout=3)  # let stragglers (the duplicates) finish
    recipients = Counter(m["To"] for m in mails_in(mail_dir))
    duplicates = sum(count - 1 for count in recipients.values())
    print(f"two workers, two scans, redelivery: {sum(recipients.values())} mails, {duplicates} duplicates")
    assert duplicates == 0
    assert set(recipients) == {u.email for u in team.everyone}, (w1.log(), w2.log())


def test_a_worker_killed_between_send_and_commit_does_not_cause_a_duplicate(real_broker, tmp_path):
    """A real redelivery: the worker dies after the mail left; Redis hands the task to another worker."""
    queue, mail_dir, start = real_broker
    team = due_team(members=1)
    scan()
    reminder = SentReminder.objects.get(recipient=team.facilitator)
    marker = tmp_path / "mail-left"
    crashing = start(
        "crashing",
        pool="solo",
        concurrency=1,
        env={
            "EMAIL_BACKEND": "tests.reminders.slow_backend.SlowAfterSendBackend",
            "SLOW_MAIL_SECONDS": "60",
            "SLOW_MAIL_MARKER": str(marker),
            "REDIS_VISIBILITY_TIMEOUT": "2",
        },
    )
    crashing.wait_ready()
    tasks.deliver_reminder.apply_async(args=[reminder.pk], queue=queue)
    assert wait_for(marker.exists, timeout=60), crashing.log()
    crashing.kill()  # the mail has left; the "sent" commit never happens
    rescuer = start(
        "rescuer",
        env={
            "REDIS_VISIBILITY_TIMEOUT": "2",
            "REDIS_UNACKED_RESTORE_INTERVAL": "1",
            "REDIS_UNACKED_RESTORE_THROTTLE": "1",
        },
    )
    rescuer.wait_ready()
    # Redis restores the unacknowledged message after the visibility timeout; the rescuer runs it.
    assert wait_for(
        lambda: "reminders.deliver" in rescuer.log() and "succeeded" in rescuer.log(), timeout=60
    ), rescuer.log()
    assert len(mails_in(mail_dir)) == 1
    reminder.refresh_from_db()
    assert reminder.status == SentStatus.SENDING  # outcome unknown to us; never resent automatically
