"""Benchmark discovery on a large catalogue in PostgreSQL.

Generates 20 000 instruments, 50 000 experiences and 1 000 communities (bulk
inserts, in a database of its own) and reports the median and p95 server time
of search, related instruments and comparable communities: the selector
alone and the whole page through Django's test client (view, template, every
query). Target: search p95 under 50 ms.

    .venv/bin/python bench/discovery.py                 # uses lc_discovery_bench, created if missing
    .venv/bin/python bench/discovery.py --fresh         # drop and regenerate the data
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/other .venv/bin/python bench/discovery.py

The data is deterministic (seeded random) so runs are comparable.
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lc_discovery_bench"

N_INSTRUMENTS = 20_000
N_EXPERIENCES = 50_000
N_COMMUNITIES = 1_000
N_USERS = 500
N_REVIEWS = 30_000
USES_PER_COMMUNITY = 12

_WORDS_TEXT = (
    "vertrouwen dialoog samenwerking leren innoveren werken reflectie partnerschap cultuur structuur proces "
    "doelstelling facilitator deelnemers stuurgroep opgave wijk energietransitie warmtepomp installateur "
    "zorg wijkverpleging dementie logistiek warehouse robotisering onderwijs mbo hogeschool student docent "
    "bedrijf gemeente bewoners coöperatie sprint stand-up werksessie evaluatie oriëntatie actie opbrengsten "
    "waarde waardecreatie kennisdeling patronen netwerk monitoring verduurzamen ontwerpen starten uitvoeren "
    "canvas scan kaart model methode gesprek interactie veiligheid openheid experiment ruimte talent "
    "vakmanschap technologie digitalisering data kunstmatige intelligentie regio provincie consortium "
    "mandaat "
    "actiebereidheid businessmodel financiering subsidie impact interview observatie werkvloer praktijk "
    "leerdoel leervraag voortgang blokkade planning rolverdeling begeleiding coaching inspiratie bouwstenen"
)
WORDS = _WORDS_TEXT.split()
_NOUNS_TEXT = (
    "scan kaart canvas wiel barometer kompas werkblad spel model raamwerk methode matrix monitor spiegel "
    "ladder route gids toolkit"
)
TITLE_NOUNS = _NOUNS_TEXT.split()
QUERIES = [
    "vertrouwen",
    "dialoog verbeteren",
    "partnerschap",
    "warmtepomp installateur",
    "sprint evaluatie",
    "kennisdeling patronen",
    "dementie zorg",
    "robotisering",
    "vertrouwn",  # typo
    "partnerschapkaart",  # typo
    "co creatie wiel",  # spaced compound
    "leerdoel",
    "waardecreatie opbrengsten",
    "stuurgroep mandaat",
    "digitalisering",
]


def setup_django(url: str):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lcplatform.settings")
    os.environ.setdefault("LC_VAR_DIR", str(Path(tempfile.gettempdir()) / "lc-discovery-bench-var"))
    import django

    django.setup()


def ensure_database(url: str, fresh: bool):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


_SYLLABLES_TEXT = (
    "ver wer ken ling heid baar aan be ge on de stan pla ne vo ra ti ma lo ku ste kra bo mi del sa "
    "ter pen hof land berg ring wijk zorg bouw team plan werk"
)
SYLLABLES = _SYLLABLES_TEXT.split()
FILLER_WORDS = 4000


class Vocabulary:
    """Words with a Zipf-like frequency, as in real text.

    A few thousand generated filler words carry most of the text; the domain
    words sit between rank 100 and 2000, so a word like "vertrouwen" occurs in
    a few percent of the documents instead of in most of them.
    """

    def __init__(self, rng):
        fillers = set()
        while len(fillers) < FILLER_WORDS:
            fillers.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
        ranked = sorted(fillers)
        rng.shuffle(ranked)
        for word in WORDS:
            ranked.insert(rng.randint(100, 2000), word)
        self.words = ranked
        self.cum_weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(ranked))))

    def sentence(self, rng, n):
        return " ".join(rng.choices(self.words, cum_weights=self.cum_weights, k=n)).capitalize() + "."


def title(rng, i):
    return f"{rng.choice(WORDS).capitalize()}{rng.choice(TITLE_NOUNS)} {rng.choice(WORDS)} {i}"


def generate(rng):
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from accounts.models import User
    from communities.models import Community, CommunityInstrumentUse, CommunityTheme
    from core.vocabularies import Audience, InstrumentFormat, Level, Phase, Pillar, Province, Theme
    from instruments.models import Classification, Experience, Instrument, InstrumentStatus, Review

    now = timezone.now()
    started = time.perf_counter()
    words = Vocabulary(rng)

    def sentence(rng, n):
        return words.sentence(rng, n)

    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                User(email=f"bench{i}@example.org", name=f"Gebruiker {i}", password=make_password(None))
                for i in range(N_USERS)
            ]
        )
        instruments = Instrument.objects.bulk_create(
            [
                Instrument(
                    title=title(rng, i),
                    slug=f"bench-instrument-{i}",
                    summary=sentence(rng, 14),
                    goal=sentence(rng, 18),
                    description=sentence(rng, 60),
                    format=rng.choice(InstrumentFormat.values),
                    status=InstrumentStatus.PUBLISHED if i % 20 else InstrumentStatus.SUBMITTED,
                    published_at=now,
                )
                for i in range(N_INSTRUMENTS)
            ],
            batch_size=2000,
        )
        classifications = []
        for instrument in instruments:
            for facet, vocabulary, k in (
                ("phase", Phase, 2),
                ("pillar", Pillar, 2),
                ("audience", Audience, 2),
                ("level", Level, 1),
                ("theme", Theme, 1),
            ):
                for value in rng.sample(vocabulary.values, k):
                    classifications.append(Classification(instrument=instrument, facet=facet, value=value))
        Classification.objects.bulk_create(classifications, batch_size=5000)
        tags = Tag.objects.bulk_create(
            [Tag(name=f"tag {w} {i}", slug=f"tag-{i}") for i, w in enumerate(WORDS * 3)]
        )
        from django.contrib.contenttypes.models import ContentType

        content_type = ContentType.objects.get_for_model(Instrument)
        TaggedItem.objects.bulk_create(
            [
                TaggedItem(tag=tag, content_type=content_type, object_id=instrument.pk)
                for instrument in instruments
                for tag in rng.sample(tags, 3)
            ],
            batch_size=5000,
        )
        published = [i for i in instruments if i.status == InstrumentStatus.PUBLISHED]
        Experience.objects.bulk_create(
            [
                Experience(
                    instrument=rng.choice(published),
                    author=rng.choice(users),
                    theme=rng.choice(Theme.values),
                    sector=rng.choice(WORDS),
                    level=rng.choice(Level.values),
                    phase=rng.choice(Phase.values),
                    what_worked=sentence(rng, 30),
                    what_did_not_work=sentence(rng, 15),
                    tips=sentence(rng, 12),
                    would_use_again=rng.random() > 0.2,
                )
                for _ in range(N_EXPERIENCES)
            ],
            batch_size=2000,
        )
        seen = set()
        reviews = []
        while len(reviews) < N_REVIEWS:
            instrument, author = rng.choice(published), rng.choice(users)
            if (instrument.pk, author.pk) in seen:
                continue
            seen.add((instrument.pk, author.pk))
            reviews.append(
                Review(
                    instrument=instrument,
                    author=author,
                    rating=rng.randint(1, 5),
                    context_level=rng.choice(Level.values),
                    context_phase=rng.choice(Phase.values),
                    context_theme=rng.choice(Theme.values),
                )
            )
        Review.objects.bulk_create(reviews, batch_size=5000)
        communities = Community.objects.bulk_create(
            [
                Community(
                    name=f"Learning community {rng.choice(WORDS)} {i}",
                    slug=f"bench-community-{i}",
                    challenge=sentence(rng, 40),
                    shared_learning_goal=sentence(rng, 20),
                    level=rng.choice(Level.values),
                    province=rng.choice(Province.values),
                    phase=rng.choice(Phase.values),
                    visibility="members_only" if i % 5 == 0 else "public",
                )
                for i in range(N_COMMUNITIES)
            ],
            batch_size=1000,
        )
        CommunityTheme.objects.bulk_create(
            [
                CommunityTheme(community=community, theme=theme)
                for community in communities
                for theme in rng.sample(Theme.values, 2)
            ]
        )
        # Uses cluster around "toolkits" so co-use is a real signal, as in practice.
        kits = [rng.sample(published, 8) for _ in range(200)]
        uses = []
        for community in communities:
            chosen = {i.pk: i for i in rng.choice(kits)[:6] + rng.sample(published, USES_PER_COMMUNITY - 6)}
            uses += [
                CommunityInstrumentUse(community=community, instrument=i, phase=rng.choice(Phase.values))
                for i in chosen.values()
            ]
        CommunityInstrumentUse.objects.bulk_create(uses, batch_size=5000)
    print(f"Generated the data in {time.perf_counter() - started:.1f} s")


def measure(label, fn, runs):
    fn()  # warm up caches and connections
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * len(samples))) - 1)]
    print(f"{label:<44} median {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms   (n={len(samples)})")
    return statistics.median(samples), p95


def run(runs: int):
    from django.contrib.auth.models import AnonymousUser
    from django.test import Client

    from accounts.models import User
    from communities.models import Community
    from discovery import associations
    from discovery.search import search
    from instruments.models import Instrument, InstrumentStatus

    anonymous = AnonymousUser()
    member = User.objects.filter(email__startswith="bench").first()
    instruments = list(
        Instrument.objects.filter(status=InstrumentStatus.PUBLISHED, community_uses__isnull=False)
        .distinct()
        .prefetch_related("classifications", "tags")[:200]
    )
    communities = list(
        Community.objects.filter(visibility="public").prefetch_related("themes", "sectors")[:200]
    )
    client = Client()

    def cycle(items):
        while True:
            yield from items

    queries, some_instruments, some_communities = cycle(QUERIES), cycle(instruments), cycle(communities)
    print(
        f"Data: {Instrument.objects.count()} instruments, "
        f"{Instrument.objects.model.experiences.rel.related_model.objects.count()} experiences, "
        f"{Community.objects.count()} communities\n"
    )
    figures = {}
    figures["search"] = measure("search() anonymous, 3 kinds", lambda: search(next(queries), anonymous), runs)
    measure("search() logged-in member, 3 kinds", lambda: search(next(queries), member), runs)
    measure("GET /search/?q=...", lambda: client.get("/search/", {"q": next(queries)}), runs)
    measure(
        "GET /instruments/?q=... (catalogue + facets)",
        lambda: client.get("/instruments/", {"q": next(queries)}),
        runs,
    )
    figures["related"] = measure(
        "related_instruments()",
        lambda: associations.related_instruments(next(some_instruments), anonymous),
        runs,
    )

    def comparable():
        community = next(some_communities)
        found = associations.comparable_communities(community, anonymous)
        associations.instruments_that_worked(community, found, anonymous)

    figures["comparable"] = measure("comparable_communities() + worked for them", comparable, runs)
    measure("GET instrument page", lambda: client.get(next(some_instruments).get_absolute_url()), runs // 2)
    measure("GET community page", lambda: client.get(next(some_communities).get_absolute_url()), runs // 2)
    verdict = "meets" if figures["search"][1] < 50 else "MISSES"
    print(f"\nSearch p95 {figures['search'][1]:.1f} ms {verdict} the 50 ms target.")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fresh", action="store_true", help="drop the database and generate the data again")
    parser.add_argument("--runs", type=int, default=200, help="timed runs per measurement")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    ensure_database(url, args.fresh)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from instruments.models import Instrument

    if Instrument.objects.count() < N_INSTRUMENTS:
        generate(random.Random(42))
    from django.db import connection

    # The steady state autovacuum keeps a live database in: fresh statistics, no index pending lists.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    run(args.runs)


if __name__ == "__main__":
    main()
