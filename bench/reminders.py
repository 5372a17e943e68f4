"""Measure reminder delivery with real Celery workers on Redis and PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lc_reminders \\
    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/reminders.py --members 500

Reports (1) how many reminders per second ONE worker (one process, solo pool)
hands to the mail sink (the file-based backend), and (2) the duplicate count
over a run with two workers, two simultaneous scans and every delivery task
delivered twice (a forced redelivery). The database must be migrated; the
script adds a throw-away community and its users and removes them afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lcplatform.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.utils import timezone  # noqa: E402

from communities.models import Community, Membership, StandupSchedule  # noqa: E402
from communities.services import community_create  # noqa: E402
from reminders import tasks  # noqa: E402
from reminders.models import SentReminder, SentStatus  # noqa: E402
from reminders.scanning import scan  # noqa: E402
from tests.reminders.workers import Worker, drop_queue, mails_in, new_queue, wait_for  # noqa: E402


def make_community(label: str, members: int) -> Community:
    User = get_user_model()
    stamp = f"{label}-{int(time.time() * 1000)}"
    community = community_create(
        actor=None,
        data={"name": f"Bench {stamp}", "challenge": "Benchmark", "level": "meso", "province": "utrecht"},
    )
    users = User.objects.bulk_create(
        [User(email=f"bench-{stamp}-{n}@example.org", name=f"Bench {n}") for n in range(members)]
    )
    Membership.objects.bulk_create([Membership(community=community, user=u) for u in users])
    starts = timezone.localtime() + dt.timedelta(minutes=10)
    StandupSchedule.objects.create(
        community=community,
        weekday=starts.weekday(),
        time=starts.time().replace(second=0, microsecond=0),
        place="Bench",
        reminder_lead_minutes=15,
    )
    return community


def clean_up(community: Community) -> None:
    user_ids = list(community.memberships.values_list("user_id", flat=True))
    community.delete()
    get_user_model().objects.filter(pk__in=user_ids).delete()


def sent_count(community) -> int:
    return SentReminder.objects.filter(community=community, status=SentStatus.SENT).count()


def throughput(members: int, work: Path) -> float:
    community = make_community("rate", members)
    queue, mail_dir = new_queue(), work / "rate-mail"
    mail_dir.mkdir()
    worker = Worker("rate", queue=queue, mail_dir=mail_dir, log_dir=work, pool="solo", concurrency=1)
    try:
        worker.wait_ready()
        scan()
        ids = list(SentReminder.objects.filter(community=community).values_list("pk", flat=True))
        started = time.monotonic()
        for reminder_id in ids:
            tasks.deliver_reminder.apply_async(args=[reminder_id], queue=queue)
        wait_for(lambda: sent_count(community) >= len(ids), timeout=600, interval=0.05)
        elapsed = time.monotonic() - started
        mails = len(mails_in(mail_dir))
        print(
            f"one worker (solo pool): {mails} mails in the sink in {elapsed:.1f}s "
            f"= {mails / elapsed:.1f} reminders/s"
        )
        return mails / elapsed
    finally:
        worker.stop()
        drop_queue(queue)
        clean_up(community)


def duplicates(members: int, work: Path) -> int:
    community = make_community("dup", members)
    queue, mail_dir = new_queue(), work / "dup-mail"
    mail_dir.mkdir()
    workers = [Worker(f"dup{n}", queue=queue, mail_dir=mail_dir, log_dir=work) for n in (1, 2)]
    try:
        for worker in workers:
            worker.wait_ready()
        # Two beats at once, through the broker ...
        tasks.scan_reminders.apply_async(queue=queue)
        tasks.scan_reminders.apply_async(queue=queue)
        wait_for(lambda: SentReminder.objects.filter(community=community).count() >= members, timeout=120)
        # ... and every delivery task delivered a second time with the same id (a forced redelivery).
        for reminder_id in SentReminder.objects.filter(community=community).values_list("pk", flat=True):
            tasks.deliver_reminder.apply_async(
                args=[reminder_id], queue=queue, task_id=f"redeliver-{reminder_id}"
            )
            tasks.deliver_reminder.apply_async(
                args=[reminder_id], queue=queue, task_id=f"redeliver-{reminder_id}"
            )
        wait_for(lambda: sent_count(community) >= members, timeout=600)
        time.sleep(3)  # let the redelivered copies run
        recipients = Counter(m["To"] for m in mails_in(mail_dir))
        dup = sum(n - 1 for n in recipients.values())
        missing = members - len(recipients)
        print(
            f"two workers, two scans, forced redelivery: {sum(recipients.values())} mails to "
            f"{len(recipients)} of {members} members, duplicates = {dup}, missing = {missing}"
        )
        return dup
    finally:
        for worker in workers:
            worker.stop()
        drop_queue(queue)
        clean_up(community)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=300)
    args = parser.parse_args()
    if not os.environ.get("REDIS_URL") or "postgres" not in os.environ.get("DATABASE_URL", ""):
        parser.error("set REDIS_URL and a PostgreSQL DATABASE_URL (workers are separate processes)")
    with tempfile.TemporaryDirectory(prefix="lc-bench-") as tmp:
        work = Path(tmp)
        throughput(args.members, work)
        dup = duplicates(args.members, work)
    return 1 if dup else 0


if __name__ == "__main__":
    sys.exit(main())
