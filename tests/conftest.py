import datetime as dt
import os

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.utils import timezone

from accounts.roles import Role
from instruments import viewcounts
from semantic import embedders as semantic_embedders
from semantic import index as semantic_index
from tests import hypothesis_profiles  # noqa: F401  (registers and loads the hypothesis profile)
from tests.factories import InstrumentFactory, UserFactory

# The run has DEBUG off like production, so lcplatform/startup.py would refuse the
# development key (tests/api imports the WSGI application); tests sign with their own.
django_settings.SECRET_KEY = "tests-only-secret-key-" + "t" * 40

ROLES = ["anonymous", "member", "facilitator", "developer", "coordinator", "admin"]


# -- the clock -----------------------------------------------------------------------------------------
# Tests never depend on the day they run: they pin the clock (time_machine) or pass ``now``.
# To prove it, `make test-future` runs the date-sensitive modules with the whole process's clock
# moved ahead (LC_CLOCK_OFFSET_DAYS=400), or set to one instant (LC_CLOCK_AT=2028-03-26T23:30:00+00:00,
# handy for day, week and daylight-saving boundaries). The clock keeps ticking from there; tests that
# travel themselves still land where they ask. A fixed date that a test takes for "the future" or
# "the past" fails there on the day it is written, not a year later on main.


def _moved_clock_destination() -> dt.datetime | None:
    at = os.environ.get("LC_CLOCK_AT", "").strip()
    if at:
        moment = dt.datetime.fromisoformat(at)
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    days = os.environ.get("LC_CLOCK_OFFSET_DAYS", "").strip()
    if not (days and float(days)):
        return None
    moved = dt.datetime.now(dt.UTC) + dt.timedelta(days=float(days))
    # LC_CLOCK_LOCAL_TIME=00:20 lands on that day at 00:20 in Amsterdam, where the machine's (UTC)
    # date and the platform's date differ: a test that takes "today" from date.today() fails there.
    local_time = os.environ.get("LC_CLOCK_LOCAL_TIME", "").strip()
    if local_time:
        amsterdam = timezone.get_default_timezone()
        day = moved.astimezone(amsterdam).date()
        moved = dt.datetime.combine(day, dt.time.fromisoformat(local_time), tzinfo=amsterdam)
    return moved


_clock_key = pytest.StashKey[time_machine.travel]()


def pytest_configure(config):
    # At configure time, not in a fixture: dates computed while collecting move too.
    destination = _moved_clock_destination()
    if destination is not None:
        traveller = time_machine.travel(destination, tick=True)
        traveller.start()
        config.stash[_clock_key] = traveller


def pytest_unconfigure(config):
    traveller = config.stash.get(_clock_key, None)
    if traveller is not None:
        traveller.stop()


@pytest.fixture(autouse=True)
def _clock_marker(request):
    """``@pytest.mark.clock(moment)`` runs the whole test, its fixtures included, at ``moment``.

    A ``time_machine.travel`` decorator starts only after the fixtures ran at the real time: a
    session logged in by ``admin_client`` a day "later" than the test's moment has then expired.
    Autouse, so it is set up before the test's other function fixtures.
    """
    marker = request.node.get_closest_marker("clock")
    if marker is None:
        yield
        return
    with time_machine.travel(marker.args[0], tick=marker.kwargs.get("tick", True)):
        yield


def pytest_report_header(config):
    if _clock_key in config.stash:
        return f"clock moved: tests run as if it were {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    return None


# -- the order of the run ---------------------------------------------------------------------------
# The modules that take longest (the browser tests, the security sweeps: each tens of seconds) run
# first within their kind. pytest-django then sorts by kind (database tests, transactional tests,
# the rest) keeping this order, and xdist's workers start on the long ones, so a run does not end
# with one worker in a long test while the other has nothing left to do.
LONG_MODULES = ("tests/browser/", "tests/security/", "tests/reminders/test_celery_redis.py")


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config, items):
    # A wrapper's first half runs before every plain implementation, pytest-django's sort included.
    items.sort(key=lambda item: not item.nodeid.startswith(LONG_MODULES))
    return (yield)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    # Eager tasks run at once, so a debounce window only drops the refreshes of a test's later
    # commits (core.queue.send_debounced): a page then showed lists from before them. The tests
    # of the debounce itself set a window.
    settings.ASSOCIATION_REFRESH_DEBOUNCE_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    # PBKDF2 is deliberately slow; tests hash hundreds of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Per-test memory cache: rate-limit counters must not leak between tests.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
    }
    cache.clear()
    caches["pages"].clear()
    # Test transactions never commit, so the table versions never move inside a
    # test: whole-page caching is switched on only by the tests of it.
    settings.PAGE_CACHE_SECONDS = 0
    # Views written at once, so a test sees them; tests/instruments/test_viewcounts.py batches.
    settings.VIEW_COUNT_FLUSH_SECONDS = 0
    viewcounts.buffer.clear()
    # The deterministic stand-in embedder: only tests/semantic's model test loads the real one.
    settings.SEMANTIC_EMBEDDER = "hashing"
    semantic_embedders.reset()
    semantic_index.forget()
    yield


@pytest.fixture(autouse=True)
def _municipalities_after_flush(request):
    """Give transactional tests (every browser test) the shipped municipalities.

    The data migration loads them once per test database, but a transactional test
    flushes all tables when it ends, so the next one would start with none.
    """
    names = set(request.fixturenames)
    # A committed world (tests/browser/conftest.py) loads them itself, once per module.
    if not {"transactional_db", "live_server"} & names or "committed_db" in names:
        return
    request.getfixturevalue("transactional_db")
    from places.services import ensure_municipalities

    ensure_municipalities()


@pytest.fixture(scope="module")
def shared_rows(django_db_setup, django_db_blocker):
    """Worlds built once per module and shared by its tests, each test in a savepoint (tests/shared.py)."""
    from tests.shared import SharedRows

    rows = SharedRows(django_db_blocker)
    yield rows
    rows.drop()


@pytest.fixture(autouse=True)
def _outside_shared_worlds(request):
    """A test that uses the database but no shared world never sees one left open (tests/shared.py)."""
    if "shared_rows" in request.fixturenames:
        return
    uses_db = {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if uses_db or request.node.get_closest_marker("django_db"):
        from tests.shared import SharedRows

        SharedRows.leave_all()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def make_user(db):
    def make(role: str = "member", **kwargs):
        if role == "anonymous":
            return None
        if role == "admin":
            return UserFactory(is_staff=True, is_superuser=True, **kwargs)
        mapping = {
            "facilitator": Role.FACILITATOR,
            "developer": Role.INSTRUMENT_DEVELOPER,
            "coordinator": Role.NETWORK_COORDINATOR,
        }
        return UserFactory(role=mapping.get(role), **kwargs)

    return make


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


@pytest.fixture
def instrument(db):
    return InstrumentFactory(
        title="Cultuurscan",
        facets={"phase": ["execute"], "audience": ["facilitators"], "pillar": ["culture"]},
        tags=["dialoog"],
    )


@pytest.fixture
def client_for(client):
    """A test client logged in as ``user`` (or anonymous for None)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def english_copy(monkeypatch):
    """Serve pages in English for tests that read the English copy.

    The interface is Dutch first; tests/core/test_i18n.py checks that the Dutch
    catalogue is complete, so behaviour tests may read the source strings.
    """
    from django.utils import translation

    from core.middleware import DutchFirstLocaleMiddleware

    monkeypatch.setattr(DutchFirstLocaleMiddleware, "_language_for", lambda self, request: "en")
    with translation.override("en"):
        yield
