"""The pages the benchmark loads, with their targets.

Each page rotates over a few URLs (several filters, search words,
instruments, communities) so the load is not one cached row. The targets
per page and mode are in bench/targets.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.seed import CHALLENGE_SLUG_PREFIX, MEMBER_EMAIL, SEARCH_QUERIES, THREAD_TITLE, VALUE_COMMUNITY

INSTRUMENT_SAMPLE = 40
# Public community pages rotated over (the big value community among them).
COMMUNITY_SAMPLE = 20
# Challenges rotated over (bench.seed makes ten, each with 100 linked communities).
CHALLENGE_SAMPLE = 10

FILTERS = [
    {"phase": "execute", "pillar": "culture", "audience": "facilitators"},
    {"phase": ["start", "design"], "level": "meso", "theme": "energy"},
    {"pillar": "process", "audience": ["participants", "steering_group"], "format": "canvas"},
    {"phase": "sustain", "theme": ["health", "safety"], "level": "micro", "sort": "rating"},
    {"audience": "initiators", "pillar": "goals", "phase": "execute", "level": "macro", "theme": "agri_food"},
    {"phase": "execute", "format": ["scan", "method"], "sort": "newest"},
]


@dataclass
class Page:
    key: str
    label: str
    paths: list[str]
    member: bool = False  # requested with the session cookie of a community member
    notes: list[str] = field(default_factory=list)
    # What only the signed-in view of the page contains (bench.perf checks it before measuring).
    member_marker: str = 'name="member"'


def build_pages() -> list[Page]:
    """Needs Django set up against the seeded database (instrument and community slugs come from it)."""
    from instruments.models import Instrument, InstrumentStatus

    listed = Instrument.objects.filter(status=InstrumentStatus.PUBLISHED, is_hidden=False)
    total = listed.count()
    step = max(1, total // INSTRUMENT_SAMPLE)
    slugs = list(listed.order_by("pk").values_list("slug", flat=True)[::step][:INSTRUMENT_SAMPLE])
    dashboard = f"/communities/{VALUE_COMMUNITY}/value/"
    threads = thread_paths()
    return [
        Page("trivial", "Trivial view (no database, no template)", ["/bench/trivial/"]),
        Page("catalogue", "Catalogue /instruments/", ["/instruments/"]),
        Page(
            "catalogue_filtered",
            "Catalogue, 2–5 facets",
            [f"/instruments/?{urlencode(f, doseq=True)}" for f in FILTERS],
        ),
        Page(
            "catalogue_search",
            "Catalogue search /instruments/?q=",
            [f"/instruments/?{urlencode({'q': q})}" for q in SEARCH_QUERIES],
        ),
        Page(
            "site_search",
            "Site search /search/?q=",
            [f"/search/?{urlencode({'q': q})}" for q in SEARCH_QUERIES],
        ),
        Page("instrument", "Instrument page /instruments/<slug>/", [f"/instruments/{s}/" for s in slugs]),
        Page("community", "Community page /communities/<slug>/", community_paths()),
        Page("dashboard", "Value dashboard, anonymous", [dashboard]),
        Page("dashboard_member", "Value dashboard, member", [dashboard], member=True),
        Page(
            "challenge",
            "Challenge page /challenges/<slug>/",
            [f"/challenges/{CHALLENGE_SLUG_PREFIX}{n}/" for n in range(CHALLENGE_SAMPLE)],
        ),
        Page("thread", "Thread, 200 replies, anonymous", threads),
        Page(
            "thread_member",
            "Thread, 200 replies, member",
            threads,
            member=True,
            member_marker='name="body"',  # the reply form
        ),
        Page(
            "home_member",
            "Personal home /, member",
            ["/"],
            member=True,
            member_marker='id="my-communities-heading"',
        ),
    ]


def community_paths() -> list[str]:
    """Public communities spread over the seeded ones, the big value community first."""
    from communities.models import Community, Visibility

    public = Community.objects.filter(visibility=Visibility.PUBLIC, is_hidden=False).exclude(
        slug=VALUE_COMMUNITY
    )
    slugs = list(public.order_by("pk").values_list("slug", flat=True))
    step = max(1, len(slugs) // (COMMUNITY_SAMPLE - 1))
    return [f"/communities/{slug}/" for slug in [VALUE_COMMUNITY, *slugs[::step][: COMMUNITY_SAMPLE - 1]]]


def thread_paths() -> list[str]:
    """The seeded thread's first page, a later page, and a jump to a reply (as notifications link)."""
    from exchange.models import Post, Thread

    thread = Thread.objects.get(title=THREAD_TITLE)
    base = thread.get_absolute_url()
    posts = list(Post.objects.filter(thread=thread).order_by("created_at", "id").values_list("pk", flat=True))
    jump = posts[len(posts) * 4 // 5]  # on page 4 of 5
    return [base, f"{base}?page=3", f"{base}?post={jump}"]


def member_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(email=MEMBER_EMAIL)


def member_cookies() -> str:
    """The Cookie header of the member's browser: a session and the CSRF cookie a first page sets."""
    from django.conf import settings
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.utils.crypto import get_random_string

    secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    session = member_session_key()
    return f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={secret}"


def member_session_key() -> str:
    """A logged-in session of the community member, stored like a real login stores it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    user = member_user()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key
