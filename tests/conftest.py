import pytest
from django.conf import settings as django_settings
from django.core.cache import cache, caches

from accounts.roles import Role
from instruments import viewcounts
from tests.factories import InstrumentFactory, UserFactory

# The run has DEBUG off like production, so lcplatform/startup.py would refuse the
# development key (tests/api imports the WSGI application); tests sign with their own.
django_settings.SECRET_KEY = "tests-only-secret-key-" + "t" * 40

ROLES = ["anonymous", "member", "facilitator", "developer", "coordinator", "admin"]


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.CELERY_TASK_ALWAYS_EAGER = True
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
    # Test transactions never commit, so the content version never moves inside a
    # test: whole-page caching is switched on only by the tests of it.
    settings.PAGE_CACHE_SECONDS = 0
    # Views written at once, so a test sees them; tests/instruments/test_viewcounts.py batches.
    settings.VIEW_COUNT_FLUSH_SECONDS = 0
    viewcounts.buffer.clear()
    yield


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
