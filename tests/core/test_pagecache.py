"""Whole-page caching for visitors and the content version that keeps it correct."""

import pytest
from django.db import transaction
from django.urls import reverse

from core.contentversion import current_version, writes_content
from instruments.models import InstrumentViewDay
from instruments.services import review_save
from tests.factories import InstrumentFactory, UserFactory

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ('INSERT INTO "instruments_review" ("x") VALUES (%s)', True),
        ('UPDATE "valuecreation_valueentry" SET "is_hidden" = true', True),
        ('DELETE FROM "taggit_taggeditem" WHERE id = 1', True),
        ('TRUNCATE "communities_community"', True),
        ('SELECT * FROM "instruments_instrument"', False),
        ('UPDATE "django_session" SET "session_data" = %s', False),
        ('INSERT INTO "lc_cache" VALUES (%s)', False),
        ('UPDATE "instruments_instrumentviewday" SET "views" = "views" + 1', False),
        ('UPDATE "core_contentversion" SET "number" = "number" + 1', False),
    ],
)
def test_writes_to_content_tables_are_recognised(sql, expected):
    assert writes_content(sql) is expected


@pytest.mark.django_db
def test_a_committed_write_raises_the_version_once(django_capture_on_commit_callbacks):
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        InstrumentFactory(title="Eerste", tags=["a", "b"])
        InstrumentFactory(title="Tweede")
    assert len([c for c in callbacks if getattr(c, "raises_version", False)]) == 1
    assert current_version() == before + 1


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_the_version_alone(django_capture_on_commit_callbacks):
    before = current_version()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                InstrumentFactory(title="Teruggedraaid")
                raise RuntimeError
        except RuntimeError:
            pass
    assert current_version() == before


@pytest.mark.django_db
def test_visitors_get_the_cached_catalogue_until_a_write_commits(
    client, page_cache, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    # Test transactions never commit: every write runs its after-commit work explicitly.
    with django_capture_on_commit_callbacks(execute=True):
        InstrumentFactory(title="Cultuurscan")
    first = client.get(reverse("instruments:list"))
    assert "Cultuurscan" in first.content.decode()
    # Served from the cache: the version lookup is the only query.
    with django_assert_max_num_queries(1):
        cached = client.get(reverse("instruments:list"))
    assert cached.content == first.content
    assert "Content-Security-Policy" in cached.headers
    with django_capture_on_commit_callbacks(execute=True):
        InstrumentFactory(title="Waardecreatiescan")
    assert "Waardecreatiescan" in client.get(reverse("instruments:list")).content.decode()


@pytest.mark.django_db
def test_moderation_bulk_updates_invalidate_cached_pages(
    client, page_cache, make_user, django_capture_on_commit_callbacks
):
    from moderation import services as moderation_services

    # Everything inside the capture: a write outside it would queue the raise the
    # (never committed) test transaction keeps, and later writes would join that one.
    with django_capture_on_commit_callbacks(execute=True):
        coordinator = make_user("coordinator")
        reviewer = UserFactory()
        instrument = InstrumentFactory(title="Cultuurscan")
        review_save(actor=reviewer, instrument=instrument, rating=2, text="Spamtekst hier")
    url = reverse("instruments:detail", args=[instrument.slug])
    assert "Spamtekst hier" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        moderation_services.user_suspend(actor=coordinator, user=reviewer, reason="spam")
    assert "Spamtekst hier" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_signed_in_people_never_get_a_visitors_page(client, page_cache, user):
    InstrumentFactory(title="Cultuurscan")
    anonymous = client.get(reverse("instruments:list")).content.decode()
    client.force_login(user)
    personal = client.get(reverse("instruments:list")).content.decode()
    assert personal != anonymous
    assert reverse("account_logout") in personal


@pytest.mark.django_db
def test_a_pending_message_bypasses_the_cache(client, page_cache):
    InstrumentFactory(title="Cultuurscan")
    client.get(reverse("instruments:list"))
    client.cookies["messages"] = "anything"
    # The page is rendered (not served from the cache): the view's queries run.
    response = client.get(reverse("instruments:list"))
    assert response.status_code == 200
    assert "filterset" in response.context


@pytest.mark.django_db
def test_each_language_has_its_own_cached_page(client, page_cache):
    InstrumentFactory(title="Cultuurscan")
    dutch = client.get(reverse("instruments:list")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("instruments:list")).content.decode()
    assert '<html lang="nl"' in dutch and '<html lang="en"' in english


@pytest.mark.django_db
def test_pages_with_a_csrf_token_are_not_stored(rf, page_cache):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    from core.pagecache import cache_for_visitors

    rendered = []

    @cache_for_visitors
    def view(request):
        rendered.append(1)
        return HttpResponse(get_token(request))

    for _ in range(2):
        view(rf.get("/form/"))
    assert len(rendered) == 2


@pytest.mark.django_db
def test_instrument_views_are_counted_on_cached_pages_too(client, page_cache):
    instrument = InstrumentFactory(title="Cultuurscan")
    url = reverse("instruments:detail", args=[instrument.slug])
    for _ in range(3):
        assert client.get(url, **BROWSER).status_code == 200
    assert InstrumentViewDay.objects.get(instrument=instrument).views == 3


@pytest.mark.django_db
def test_the_language_switch_carries_no_csrf_token(client):
    page = client.get(reverse("instruments:list")).content.decode()
    assert "csrfmiddlewaretoken" not in page
    assert client.cookies.get("csrftoken") is None
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/instruments/"})
    assert response.status_code == 302
