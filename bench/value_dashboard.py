"""Benchmark the value dashboard with 100 000 entries in one community.

Run against a database of its own, for example PostgreSQL:

    createdb -h 127.0.0.1 -U postgres lc_value_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lc_value_bench .venv/bin/python bench/value_dashboard.py

It migrates that database, creates (once) a community with ENTRIES entries
through ``bulk_create`` and then requests the dashboard RUNS times through the
Django test client, as a member and as an anonymous visitor, with and without
filters. It prints median and p95 response times and the number of queries.
"""

import os
import statistics
import sys
import time
from pathlib import Path

from django.utils import timezone

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lcplatform.settings")
# Keep the benchmark's SQLite file and media away from the developer's own var/.
os.environ.setdefault("LC_VAR_DIR", str(ROOT / "var" / "bench"))

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
import random  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

ENTRIES = int(os.environ.get("BENCH_ENTRIES", "100000"))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
SLUG = "value-bench"
BATCH = 5000


def setup_data():
    from accounts.models import User
    from communities.models import Community, Membership, MembershipRole, Sprint, Visibility
    from valuecreation.models import Cycle, EntryVisibility, ValueEntry, ValueLevel

    community = Community.objects.filter(slug=SLUG).first()
    if community is None:
        community = Community.objects.create(
            name="Benchmark community",
            slug=SLUG,
            challenge="Benchmark.",
            level="meso",
            province="utrecht",
            visibility=Visibility.PUBLIC,
        )
    members = []
    for i in range(20):
        user, _ = User.objects.get_or_create(email=f"bench{i}@example.org", defaults={"name": f"Bench {i}"})
        Membership.objects.get_or_create(
            community=community,
            user=user,
            defaults={"role": MembershipRole.FACILITATOR if i == 0 else "member"},
        )
        members.append(user)
    today = timezone.localdate()
    sprints = []
    for n in range(1, 13):
        start = today - datetime.timedelta(days=30 * n)
        sprint, _ = Sprint.objects.get_or_create(
            community=community,
            number=n,
            defaults={"goal": "Bench", "starts_on": start, "ends_on": start + datetime.timedelta(days=20)},
        )
        sprints.append(sprint)
    existing = ValueEntry.objects.filter(community=community).count()
    missing = ENTRIES - existing
    rng = random.Random(42)
    started = time.perf_counter()
    while missing > 0:
        size = min(BATCH, missing)
        ValueEntry.objects.bulk_create(
            [
                ValueEntry(
                    community=community,
                    author=rng.choice(members),
                    cycle=(cycle := rng.choice(Cycle.values)),
                    capital=rng.choice(["human", "social", "tangible"]) if cycle == Cycle.POTENTIAL else "",
                    level=rng.choice(ValueLevel.values),
                    title=f"Bench entry {existing + i}",
                    story="Een verhaal over wat de community opleverde.",
                    date=today - datetime.timedelta(days=rng.randrange(0, 3 * 365)),
                    sprint=rng.choice(sprints) if rng.random() < 0.3 else None,
                    visibility=EntryVisibility.PUBLIC if rng.random() < 0.2 else EntryVisibility.COMMUNITY,
                    is_hidden=rng.random() < 0.01,
                )
                for i in range(size)
            ],
            batch_size=BATCH,
        )
        existing += size
        missing -= size
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE valuecreation_valueentry")
    print(
        f"entries in community: {ValueEntry.objects.filter(community=community).count()} "
        f"(generated in {time.perf_counter() - started:.1f}s)"
    )
    return community, members[1]


def measure(client, url, params=None):
    for _ in range(3):  # warm up caches and connections
        client.get(url, params or {})
    timings = []
    for _ in range(RUNS):
        start = time.perf_counter()
        response = client.get(url, params or {})
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url, params or {})
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(round(0.95 * len(timings))) - 1)]
    return statistics.median(timings), p95, len(queries)


def main():
    print(f"database: {connection.vendor} {settings.DATABASES['default'].get('NAME')}")
    call_command("migrate", verbosity=0)
    setup_test_environment()
    community, member = setup_data()
    url = reverse("valuecreation:dashboard", kwargs={"slug": community.slug})
    scenarios = [
        ("member, no filter", member, None),
        ("member, cycle=applied&level=society", member, {"cycle": "applied", "level": "society"}),
        ("member, member filter, page 40", member, {"member": member.pk, "page": 40}),
        ("anonymous (public entries only)", None, None),
    ]
    print(f"{'scenario':40} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    for label, user, params in scenarios:
        client = Client()
        if user is not None:
            client.force_login(user)
        median, p95, queries = measure(client, url, params)
        print(f"{label:40} {median:10.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
