"""The benchmark data set: a large, deterministic PostgreSQL database of its own.

20 000 listed instruments (classified on every facet, tagged, rated) plus a
few unlisted ones, 50 000 experiences, 60 000 reviews, 1 000 communities with
members, sprints and instrument uses, and 200 000 value entries, a quarter of
them in one public community (``bench-value``) so its dashboard has a long
value log. Rows go in with ``bulk_create`` in batches; the denormalised
counters (rating figures, experience counts) are then set in one SQL update
each, exactly as ``instruments.services`` computes them, and the search
vectors come from the triggers of migrations instruments/0007 and communities/0010.

A marker table records that a data set of this version and scale is complete;
``ensure_data`` reseeds only when it is missing (or when asked to).
"""

from __future__ import annotations

import datetime
import itertools
import random
import time

# v2: challenges with linked communities and shared development steps (exchange).
# v3: a question thread with 200 replies on the first challenge (the thread page).
CHALLENGE_SLUG_PREFIX = "bench-challenge-"
DATASET_VERSION = "lc-bench-v3"
THREAD_TITLE = "Bench: wie heeft ervaring met een warmtescan in de wijk?"
MARKER_TABLE = "lc_bench_marker"
VALUE_COMMUNITY = "bench-value"
MEMBER_EMAIL = "bench-member@example.org"

BASE_SIZES = {
    "users": 5_000,
    "instruments": 20_000,
    "unlisted_instruments": 600,
    "reviews": 60_000,
    "experiences": 50_000,
    "communities": 1_000,
    "value_entries": 200_000,
    "big_community_entries": 50_000,
    "members_per_community": 8,
    "big_community_members": 60,
    "uses_per_community": 12,
    "challenges": 10,
    "tags": 400,
    "thread_replies": 200,
}
BATCH = 5_000

_DOMAIN_TEXT = (
    "vertrouwen dialoog samenwerking leren innoveren werken reflectie partnerschap cultuur structuur proces "
    "doelstelling facilitator deelnemers stuurgroep opgave wijk energietransitie warmtepomp installateur "
    "zorg wijkverpleging dementie logistiek warehouse robotisering onderwijs mbo hogeschool student docent "
    "bedrijf gemeente bewoners coöperatie sprint werksessie evaluatie oriëntatie actie opbrengsten "
    "waarde waardecreatie kennisdeling patronen netwerk monitoring verduurzamen ontwerpen starten uitvoeren "
    "canvas scan kaart model methode gesprek interactie veiligheid openheid experiment ruimte talent "
    "vakmanschap technologie digitalisering data intelligentie regio provincie consortium mandaat "
    "actiebereidheid businessmodel financiering subsidie impact interview observatie werkvloer praktijk "
    "leerdoel leervraag voortgang blokkade planning rolverdeling begeleiding coaching inspiratie bouwstenen"
)
DOMAIN_WORDS = _DOMAIN_TEXT.split()
_NOUNS_TEXT = (
    "scan kaart canvas wiel barometer kompas werkblad spel model raamwerk methode matrix monitor "
    "spiegel ladder route gids toolkit"
)
TITLE_NOUNS = _NOUNS_TEXT.split()
_SYLLABLES_TEXT = (
    "ver wer ken ling heid baar aan be ge on de stan pla ne vo ra ti ma lo ku ste kra bo mi del sa "
    "ter pen hof land berg ring wijk zorg bouw team plan werk"
)
SYLLABLES = _SYLLABLES_TEXT.split()

# Search words the load test uses: common, rarer and two-word queries.
SEARCH_QUERIES = [
    "vertrouwen",
    "dialoog samenwerking",
    "partnerschap",
    "warmtepomp installateur",
    "kennisdeling",
    "dementie zorg",
    "reflectie",
    "waardecreatie opbrengsten",
]


def sizes_for(scale: float) -> dict[str, int]:
    sizes = {key: max(1, int(round(value * scale))) for key, value in BASE_SIZES.items()}
    # Per-community figures (and the challenges bench.pages rotates over) do not shrink with the scale.
    for key in (
        "members_per_community",
        "big_community_members",
        "uses_per_community",
        "challenges",
        "thread_replies",
    ):
        sizes[key] = BASE_SIZES[key]
    return sizes


class Vocabulary:
    """Words with a Zipf-like frequency, as in real text.

    A few thousand generated filler words carry most of the text; the domain
    words sit between rank 100 and 2000, so "vertrouwen" occurs in a few
    percent of the documents instead of in nearly all of them.
    """

    def __init__(self, rng: random.Random, fillers: int = 4000):
        words: set[str] = set()
        while len(words) < fillers:
            words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
        ranked = sorted(words)
        rng.shuffle(ranked)
        for word in DOMAIN_WORDS:
            ranked.insert(rng.randint(100, 2000), word)
        self.words = ranked
        self.cum_weights = list(itertools.accumulate(1 / (rank + 10) for rank in range(len(ranked))))

    def sentence(self, rng: random.Random, n: int) -> str:
        return " ".join(rng.choices(self.words, cum_weights=self.cum_weights, k=n)).capitalize() + "."


# -- database ------------------------------------------------------------------------------------


def admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def database_name(url: str) -> str:
    return url.rsplit("/", 1)[1].split("?", 1)[0]


def ensure_database(url: str, *, drop: bool = False) -> None:
    """Create the benchmark database (dropping it first when ``drop``); never touches another one."""
    import psycopg
    from psycopg import sql

    name = database_name(url)
    with psycopg.connect(admin_url(url), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            )
            conn.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def marker_key(scale: float) -> str:
    return f"{DATASET_VERSION} scale={scale:g}"


def write_marker(scale: float, seconds: float) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} "
            "(dataset text PRIMARY KEY, seeded_at timestamptz NOT NULL, seconds real NOT NULL)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} VALUES (%s, now(), %s)",  # noqa: S608
            [marker_key(scale), seconds],
        )


def vacuum_analyze() -> float:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.perf_counter() - started


# -- generation ------------------------------------------------------------------------------------


def _bulk(model, rows, *, batch: int = BATCH):
    """bulk_create in batches from an iterable, without holding every object at once."""
    created = []
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, batch)):
        created += model.objects.bulk_create(chunk, batch_size=batch)
    return created


def seed(scale: float = 1.0, *, log=print) -> dict[str, int]:
    """Fill an empty, migrated database. Deterministic: the same scale gives the same data."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from taggit.models import Tag, TaggedItem

    from accounts.models import User
    from communities.models import (
        Community,
        CommunityInstrumentUse,
        CommunityTheme,
        Membership,
        MembershipRole,
        Sprint,
        Visibility,
    )
    from core.markdown import render_markdown
    from core.vocabularies import Audience, InstrumentFormat, Level, Phase, Pillar, Province, Theme
    from exchange.models import (
        Challenge,
        ChallengeStatus,
        CommunityChallenge,
        DevelopmentStep,
        Post,
        StepKind,
        Thread,
        ThreadKind,
    )
    from instruments.models import Classification, Experience, Instrument, InstrumentStatus, Review
    from valuecreation.models import Capital, Cycle, EntryVisibility, ValueEntry, ValueLevel

    sizes = sizes_for(scale)
    rng = random.Random(20260101)
    words = Vocabulary(rng)
    now = timezone.now()
    today = timezone.localdate()
    started = time.perf_counter()

    def step(label, since):
        log(f"  {label:<34} {time.perf_counter() - since:6.1f} s")
        return time.perf_counter()

    mark = time.perf_counter()
    with transaction.atomic():
        unusable = make_password(None)
        users = _bulk(
            User,
            (
                User(email=f"bench-user-{i}@example.org", name=f"Deelnemer {i}", password=unusable)
                for i in range(sizes["users"])
            ),
        )
        member = User.objects.create(email=MEMBER_EMAIL, name="Bench Lid", password=unusable)
        mark = step(f"{len(users) + 1} users", mark)

        n_listed, n_unlisted = sizes["instruments"], sizes["unlisted_instruments"]
        other_statuses = [
            InstrumentStatus.DRAFT,
            InstrumentStatus.SUBMITTED,
            InstrumentStatus.CHANGES_REQUESTED,
            InstrumentStatus.ARCHIVED,
        ]

        # Reviews and experiences are planned first, so the instruments go in with their
        # counters already right (updating 20 000 rows afterwards rewrites every index).
        seen: set[tuple[int, int]] = set()
        review_plan = []
        while len(review_plan) < sizes["reviews"]:
            index, author = rng.randrange(n_listed), rng.randrange(len(users))
            if (index, author) in seen:
                continue
            seen.add((index, author))
            fields = {
                "rating": rng.choices((1, 2, 3, 4, 5), weights=(1, 2, 4, 6, 4))[0],
                "text": words.sentence(rng, 25) if rng.random() < 0.6 else "",
                "context_level": rng.choice(Level.values),
                "context_phase": rng.choice(Phase.values),
                "context_theme": rng.choice(Theme.values),
                "is_hidden": rng.random() < 0.02,
            }
            review_plan.append((index, author, fields))
        experience_plan = [
            (
                rng.randrange(n_listed),
                rng.randrange(len(users)),
                {
                    "theme": rng.choice(Theme.values),
                    "sector": rng.choice(DOMAIN_WORDS),
                    "level": rng.choice(Level.values),
                    "phase": rng.choice(Phase.values),
                    "what_worked": words.sentence(rng, 30),
                    "what_did_not_work": words.sentence(rng, 15),
                    "tips": words.sentence(rng, 12),
                    "would_use_again": rng.random() > 0.2,
                    "is_hidden": rng.random() < 0.02,
                },
            )
            for _ in range(sizes["experiences"])
        ]
        # As instruments.services computes them: hidden reviews and experiences do not count.
        rating_count = [0] * n_listed
        rating_sum = [0] * n_listed
        experience_count = [0] * n_listed
        for index, _author, fields in review_plan:
            if not fields["is_hidden"]:
                rating_count[index] += 1
                rating_sum[index] += fields["rating"]
        for index, _author, fields in experience_plan:
            if not fields["is_hidden"]:
                experience_count[index] += 1

        def instrument(i):
            listed = i < n_listed
            hidden = not listed and i % 2 == 0
            description = words.sentence(rng, 60)
            first, noun, last = rng.choice(DOMAIN_WORDS), rng.choice(TITLE_NOUNS), rng.choice(DOMAIN_WORDS)
            return Instrument(
                title=f"{first.capitalize()}{noun} {last} {i}",
                slug=f"bench-instrument-{i}",
                summary=words.sentence(rng, 14)[:300],
                goal=words.sentence(rng, 18),
                description=description,
                description_html=f"<p>{description}</p>",
                format=rng.choice(InstrumentFormat.values),
                origin_organisation=f"Organisatie {i % 300}",
                year=2010 + i % 16,
                status=InstrumentStatus.PUBLISHED if listed or hidden else rng.choice(other_statuses),
                is_hidden=hidden,
                published_at=now - datetime.timedelta(minutes=i) if listed or hidden else None,
                rating_count=rating_count[i] if listed else 0,
                rating_sum=rating_sum[i] if listed else 0,
                rating_avg=(rating_sum[i] / rating_count[i]) if listed and rating_count[i] else None,
                experience_count=experience_count[i] if listed else 0,
            )

        instruments = _bulk(Instrument, (instrument(i) for i in range(n_listed + n_unlisted)), batch=2000)
        listed = instruments[:n_listed]
        mark = step(f"{len(instruments)} instruments", mark)

        owners = Instrument.owners.through
        _bulk(
            owners,
            (
                owners(instrument_id=inst.pk, user_id=users[i % len(users)].pk)
                for i, inst in enumerate(instruments)
            ),
        )

        facets = (
            ("phase", Phase.values, (1, 2)),
            ("pillar", Pillar.values, (1, 2)),
            ("audience", Audience.values, (1, 3)),
            ("level", Level.values, (1, 2)),
            ("theme", Theme.values, (1, 2)),
        )
        _bulk(
            Classification,
            (
                Classification(instrument_id=inst.pk, facet=facet, value=value)
                for inst in instruments
                for facet, values, (low, high) in facets
                for value in rng.sample(values, rng.randint(low, high))
            ),
        )
        mark = step("classifications", mark)

        tag_words = [
            f"{a}-{b}" for a, b in itertools.product(DOMAIN_WORDS, ("praktijk", "team", "regio", "mbo"))
        ]
        tags = Tag.objects.bulk_create(
            [
                Tag(name=name.replace("-", " "), slug=name)
                for name in rng.sample(tag_words, min(sizes["tags"], len(tag_words)))
            ]
        )
        # Tags are Zipf-like too: a few are on many instruments, most on a few.
        tag_weights = list(itertools.accumulate(1 / (rank + 3) for rank in range(len(tags))))
        content_type = ContentType.objects.get_for_model(Instrument)

        def tagged_items():
            for inst in instruments:
                picked = rng.choices(tags, cum_weights=tag_weights, k=rng.randint(2, 5))
                for tag in {t.pk: t for t in picked}.values():
                    yield TaggedItem(tag_id=tag.pk, content_type_id=content_type.pk, object_id=inst.pk)

        _bulk(TaggedItem, tagged_items())
        mark = step("tags", mark)

        review_rows = [
            Review(instrument_id=listed[index].pk, author_id=users[author].pk, **fields)
            for index, author, fields in review_plan
        ]
        _bulk(Review, review_rows)
        mark = step(f"{len(review_rows)} reviews", mark)
        _bulk(
            Experience,
            (
                Experience(instrument_id=listed[index].pk, author_id=users[author].pk, **fields)
                for index, author, fields in experience_plan
            ),
            batch=2000,
        )
        mark = step(f"{len(experience_plan)} experiences", mark)

        def community(i):
            big = i == 0
            return Community(
                name="Value benchmark community"
                if big
                else f"Leergemeenschap {rng.choice(DOMAIN_WORDS)} {i}",
                slug=VALUE_COMMUNITY if big else f"bench-community-{i}",
                challenge=words.sentence(rng, 40),
                shared_learning_goal=words.sentence(rng, 20),
                level=rng.choice(Level.values),
                province=rng.choice(Province.values),
                phase=rng.choice(Phase.values),
                visibility=Visibility.MEMBERS_ONLY if (i % 5 == 4) else Visibility.PUBLIC,
            )

        communities = _bulk(Community, (community(i) for i in range(sizes["communities"])), batch=1000)
        big = communities[0]
        _bulk(
            CommunityTheme,
            (
                CommunityTheme(community_id=c.pk, theme=t)
                for c in communities
                for t in rng.sample(Theme.values, 2)
            ),
        )
        members_of: dict[int, list[int]] = {}
        memberships = []
        for index, c in enumerate(communities):
            count = sizes["big_community_members"] if index == 0 else sizes["members_per_community"]
            chosen = rng.sample(users, count)
            members_of[c.pk] = [u.pk for u in chosen]
            memberships += [
                Membership(
                    community_id=c.pk,
                    user_id=u.pk,
                    role=MembershipRole.FACILITATOR if n == 0 else MembershipRole.MEMBER,
                )
                for n, u in enumerate(chosen)
            ]
        memberships.append(Membership(community_id=big.pk, user_id=member.pk, role=MembershipRole.MEMBER))
        members_of[big.pk].append(member.pk)
        _bulk(Membership, memberships)

        sprints_of: dict[int, list[int]] = {}
        sprint_rows = []
        for index, c in enumerate(communities):
            for n in range(1, (13 if index == 0 else 4)):
                start = today - datetime.timedelta(days=30 * n)
                sprint_rows.append(
                    Sprint(
                        community_id=c.pk,
                        number=n,
                        goal=words.sentence(rng, 10),
                        starts_on=start,
                        ends_on=start + datetime.timedelta(days=20),
                    )
                )
        for sprint in _bulk(Sprint, sprint_rows):
            sprints_of.setdefault(sprint.community_id, []).append(sprint.pk)

        # Uses cluster around "toolkits", so co-use is a real signal as in practice.
        kits = [rng.sample(listed, 8) for _ in range(200)]
        uses = []
        for c in communities:
            picked = rng.choice(kits)[:6] + rng.sample(listed, sizes["uses_per_community"] - 6)
            uses += [
                CommunityInstrumentUse(
                    community_id=c.pk,
                    instrument_id=i.pk,
                    phase=rng.choice(Phase.values),
                    used_on=today - datetime.timedelta(days=rng.randrange(0, 700)),
                    recorded_by_id=rng.choice(members_of[c.pk]),
                )
                for i in {i.pk: i for i in picked}.values()
            ]
        _bulk(CommunityInstrumentUse, uses)
        mark = step(f"{len(communities)} communities", mark)

        public = {c.pk for c in communities if c.visibility == Visibility.PUBLIC}
        others = communities[1:]

        def value_entry(n):
            c = big if n < sizes["big_community_entries"] else others[n % len(others)]
            cycle = rng.choice(Cycle.values)
            sprints = sprints_of.get(c.pk, [])
            return ValueEntry(
                community_id=c.pk,
                author_id=rng.choice(members_of[c.pk]),
                cycle=cycle,
                capital=rng.choice(Capital.values) if cycle == Cycle.POTENTIAL else "",
                level=rng.choice(ValueLevel.values),
                title=f"Waarde {n}: {rng.choice(DOMAIN_WORDS)}",
                story=words.sentence(rng, 25),
                date=today - datetime.timedelta(days=rng.randrange(0, 3 * 365)),
                sprint_id=rng.choice(sprints) if sprints and rng.random() < 0.3 else None,
                visibility=(
                    EntryVisibility.PUBLIC
                    if c.pk in public and rng.random() < 0.3
                    else EntryVisibility.COMMUNITY
                ),
                is_hidden=rng.random() < 0.01,
            )

        _bulk(ValueEntry, (value_entry(n) for n in range(sizes["value_entries"])))
        mark = step(f"{sizes['value_entries']} value entries", mark)

        # Challenges: each linked to a slice of the communities (members-only ones too, which the
        # page only counts), with three shared steps per public community.
        challenges = _bulk(
            Challenge,
            (
                Challenge(
                    title=f"Opgave {n}: {rng.choice(DOMAIN_WORDS)}",
                    slug=f"{CHALLENGE_SLUG_PREFIX}{n}",
                    description=words.sentence(rng, 60),
                    description_html=f"<p>{words.sentence(rng, 60)}</p>",
                    status=ChallengeStatus.ACTIVE,
                )
                for n in range(sizes["challenges"])
            ),
        )
        links, steps = [], []
        for index, c in enumerate(communities):
            challenge = challenges[index % len(challenges)]
            links.append(CommunityChallenge(community_id=c.pk, challenge_id=challenge.pk))
            if c.pk in public:
                steps += [
                    DevelopmentStep(
                        community_id=c.pk,
                        author_id=rng.choice(members_of[c.pk]),
                        kind=rng.choice(StepKind.values),
                        title=f"Stap {k}: {rng.choice(DOMAIN_WORDS)}",
                        what_we_did=words.sentence(rng, 30),
                        what_we_did_html=f"<p>{words.sentence(rng, 30)}</p>",
                        what_we_learned=words.sentence(rng, 20),
                        what_we_learned_html=f"<p>{words.sentence(rng, 20)}</p>",
                        published_at=now - datetime.timedelta(days=rng.randrange(0, 700)),
                    )
                    for k in range(3)
                ]
        _bulk(CommunityChallenge, links)
        _bulk(DevelopmentStep, steps)
        mark = step(f"{len(challenges)} challenges, {len(steps)} steps", mark)

        # One question thread with 200 replies on the first challenge (public: everyone reads it), as
        # exchange.services writes them: Markdown rendered on write, some replies quoting an earlier
        # one, a few edited, some by the benchmark member (so the member sees "Edit" links), one answer.
        replies = sizes["thread_replies"]
        opened = now - datetime.timedelta(days=30)
        asker = users[0]
        thread = Thread.objects.create(
            kind=ThreadKind.QUESTION,
            title=THREAD_TITLE,
            challenge=challenges[0],
            author=asker,
            reply_count=replies,
            last_activity_at=opened + datetime.timedelta(hours=replies),
        )

        def post_body(n):
            text = words.sentence(rng, rng.randint(20, 60))
            if n % 4 == 0:
                word = rng.choice(DOMAIN_WORDS)
                text += f"\n\n- **{word}**: {words.sentence(rng, 8)}\n- {words.sentence(rng, 8)}"
            if n % 7 == 0:
                text += f"\n\nZie [de {rng.choice(TITLE_NOUNS)}](https://example.org/{n}) voor _meer_."
            return text

        bodies = [post_body(n) for n in range(replies + 1)]
        posts = _bulk(
            Post,
            (
                Post(
                    thread_id=thread.pk,
                    author_id=(asker.pk if n == 0 else member.pk if n % 10 == 3 else rng.choice(users).pk),
                    body=body,
                    body_html=render_markdown(body),
                    created_at=opened + datetime.timedelta(hours=n),
                    edited_at=opened + datetime.timedelta(hours=n, minutes=30) if n % 15 == 5 else None,
                )
                for n, body in enumerate(bodies)
            ),
        )
        quoting = [p for n, p in enumerate(posts) if n > 1 and n % 3 == 0]
        for p in quoting:
            p.reply_to_id = posts[rng.randrange(1, posts.index(p))].pk
        Post.objects.bulk_update(quoting, ["reply_to"], batch_size=BATCH)
        thread.answer_id = posts[replies // 2].pk
        thread.save(update_fields=["answer"])
        mark = step(f"1 thread, {len(posts)} posts", mark)

    counts = {
        "users": User.objects.count(),
        "instruments": Instrument.objects.count(),
        "listed instruments": Instrument.objects.filter(
            status=InstrumentStatus.PUBLISHED, is_hidden=False
        ).count(),
        "classifications": Classification.objects.count(),
        "tagged items": TaggedItem.objects.count(),
        "reviews": Review.objects.count(),
        "experiences": Experience.objects.count(),
        "communities": Community.objects.count(),
        "memberships": Membership.objects.count(),
        "value entries": ValueEntry.objects.count(),
        "challenges": Challenge.objects.count(),
        "development steps": DevelopmentStep.objects.count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
    }
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    log(f"  seeded in {time.perf_counter() - started:.1f} s: {summary}")
    return counts


def check_integrity() -> list[str]:
    """Problems with the denormalised columns, if any (the seeding is supposed to leave none)."""
    from django.db import connection

    problems = []
    checks = {
        "rating counters": """
            SELECT count(*) FROM instruments_instrument i
              LEFT JOIN (SELECT instrument_id, count(*) n, sum(rating) total FROM instruments_review
                          WHERE NOT is_hidden GROUP BY instrument_id) s ON s.instrument_id = i.id
             WHERE i.rating_count <> coalesce(s.n, 0) OR i.rating_sum <> coalesce(s.total, 0)
                OR i.rating_avg IS DISTINCT FROM (s.total::float / nullif(s.n, 0))""",
        "experience counters": """
            SELECT count(*) FROM instruments_instrument i
              LEFT JOIN (SELECT instrument_id, count(*) n FROM instruments_experience
                          WHERE NOT is_hidden GROUP BY instrument_id) s ON s.instrument_id = i.id
             WHERE i.experience_count <> coalesce(s.n, 0)""",
        **{
            f"{table} search vectors": f"SELECT count(*) FROM {table} WHERE search_vector IS NULL"  # noqa: S608
            for table in ("instruments_instrument", "instruments_experience", "communities_community")
        },
    }
    with connection.cursor() as cursor:
        for label, query in checks.items():
            cursor.execute(query)
            wrong = cursor.fetchone()[0]
            if wrong:
                problems.append(f"{label}: {wrong} rows wrong")
    return problems


def ensure_data(url: str, *, scale: float = 1.0, reseed: bool = False, log=print) -> bool:
    """Create, migrate and (if needed) seed the database; returns whether it seeded.

    Django must already be set up with ``DATABASE_URL=url``. ``reseed`` drops
    and recreates the database first. A database that holds data but no
    marker (another data set, or not a benchmark database at all) is left
    alone: the run stops and asks for ``--reseed``.
    """
    from django.core.management import call_command
    from django.db import connection

    from instruments.models import Instrument

    if reseed:
        connection.close()
    ensure_database(url, drop=reseed)
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if _marker_present(url, scale):
        log(f"Data set {marker_key(scale)} already in {database_name(url)} (--reseed rebuilds it).")
        refresh_derived(log)
        return False
    if Instrument.objects.exists():
        raise SystemExit(
            f"{database_name(url)} holds data but no benchmark marker for {marker_key(scale)}; "
            "run with --reseed to drop and rebuild it."
        )
    log(f"Seeding {marker_key(scale)} into {database_name(url)} ...")
    started = time.perf_counter()
    seed(scale, log=log)
    problems = check_integrity()
    if problems:
        raise SystemExit("Seeding left inconsistent data: " + "; ".join(problems))
    log(f"  VACUUM ANALYZE                     {vacuum_analyze():6.1f} s")
    write_marker(scale, time.perf_counter() - started)
    refresh_derived(log)
    return True


def refresh_derived(log=print) -> None:
    """What the Celery worker computes after writes, done here because the seed writes in bulk.

    Also run on an existing data set: a migration that adds a stored result leaves it to compute.
    """
    from exchange import services as exchange

    started = time.perf_counter()
    done = exchange.challenge_rankings_refresh()
    if done:
        log(f"  {done} challenge rankings             {time.perf_counter() - started:6.1f} s")


def _marker_present(url: str, scale: float) -> bool:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
        if cursor.fetchone()[0] is None:
            return False
        cursor.execute(f"SELECT 1 FROM {MARKER_TABLE} WHERE dataset = %s", [marker_key(scale)])  # noqa: S608
        return cursor.fetchone() is not None
