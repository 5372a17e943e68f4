"""Whole-page caching for visitors and the table versions that keep it correct."""

import importlib

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.urls import reverse

from core import contentversion
from core.contentversion import read_tables, table_versions, written_tables
from instruments.apps import CATALOGUE_VERSION_SOURCES
from instruments.models import Instrument, InstrumentViewDay
from instruments.services import review_save
from tests.factories import InstrumentFactory, UserFactory

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ('INSERT INTO "instruments_review" ("x") VALUES (%s)', {"instruments_review"}),
        (
            'UPDATE "valuecreation_valueentry" SET "is_hidden" = true',
            {"valuecreation_valueentry", "lc_value_log_version"},
        ),
        ('DELETE FROM "taggit_taggeditem" WHERE id = 1', {"taggit_taggeditem", "lc_catalogue_version"}),
        (
            'TRUNCATE "communities_community", "communities_membership" CASCADE',
            {"communities_community", "communities_membership"},
        ),
        (
            'UPDATE "instruments_review" SET "text" = "b"."x" FROM "accounts_user" "b" WHERE 1',
            {"instruments_review"},
        ),
        (
            'WITH gone AS (DELETE FROM "instruments_review" RETURNING "id") '
            'INSERT INTO "moderation_report" SELECT 1',
            {"instruments_review", "moderation_report"},
        ),
        (
            'INSERT INTO "instruments_bookmark" ("x") VALUES (%s) '
            'ON CONFLICT ("x") DO UPDATE SET "x" = EXCLUDED."x"',
            {"instruments_bookmark"},
        ),
        ('SELECT * FROM "instruments_instrument" FOR UPDATE OF "instruments_instrument"', set()),
        ('SELECT * FROM "instruments_instrument"', set()),
        ('UPDATE "django_session" SET "session_data" = %s', set()),
        ('INSERT INTO "lc_cache" VALUES (%s)', set()),
        ('UPDATE "instruments_instrumentviewday" SET "views" = "views" + 1', set()),
        ('INSERT INTO "core_tableversion" ("name", "version") VALUES (%s, 1)', set()),
        # accounts ignores the last login, in exactly the shape Django sends it, and nothing else.
        ('UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = %s', set()),
        (
            'UPDATE "accounts_user" SET "last_login" = %s, "name" = %s WHERE "accounts_user"."id" = %s',
            {"accounts_user"},
        ),
        ('UPDATE "accounts_user" SET "is_active" = %s WHERE "accounts_user"."id" = %s', {"accounts_user"}),
    ],
)
def test_the_tables_a_write_writes_are_recognised(sql, expected):
    assert written_tables(sql) == expected


def test_a_statement_names_the_tables_it_reads():
    known = frozenset({"instruments_instrument", "taggit_tag", "accounts_user"})
    sql = (
        'SELECT "instruments_instrument"."id" FROM "instruments_instrument" '
        'INNER JOIN taggit_tag ON 1 WHERE "x" = %s'
    )
    assert read_tables(sql, known) == {"instruments_instrument", "taggit_tag"}


def test_the_derived_tables_follow_their_triggers():
    """The sources apps declare are the tables the trigger migrations put triggers on."""
    catalogue = importlib.import_module("instruments.migrations.0003_catalogue_version")
    value_log = importlib.import_module("valuecreation.migrations.0002_value_log_version")
    assert set(CATALOGUE_VERSION_SOURCES) == {table for table, _events in catalogue.STATEMENT_TRIGGERS}
    for source in CATALOGUE_VERSION_SOURCES:
        assert catalogue.TABLE in written_tables(f'DELETE FROM "{source}"')  # noqa: S608 (no input)
    assert value_log.TABLE in written_tables(f'DELETE FROM "{value_log.ENTRIES}"')  # noqa: S608


@pytest.fixture
def raises(monkeypatch):
    """Every table raise_tables() was asked to raise, one list per call."""
    calls = []
    original = contentversion.raise_tables

    def recording_raise(tables, using="default"):
        tables = sorted(tables)
        if tables:
            calls.append(tables)
        original(tables, using)

    monkeypatch.setattr(contentversion, "raise_tables", recording_raise)
    return calls


@pytest.mark.django_db
def test_a_committed_transaction_raises_each_table_it_wrote_once(raises, django_capture_on_commit_callbacks):
    before = table_versions()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        InstrumentFactory(title="Eerste", tags=["a", "b"])
        # A nested service's savepoint that commits: its tables count, still once.
        with transaction.atomic():
            InstrumentFactory(title="Tweede", tags=["c"])
        Instrument.objects.update(title="Derde")
    raised = [table for call in raises for table in call]
    assert len(raised) == len(set(raised))
    assert {"instruments_instrument", "taggit_taggeditem", "taggit_tag", "lc_catalogue_version"} <= set(
        raised
    )
    after = table_versions()
    assert after["instruments_instrument"] == before.get("instruments_instrument", 0) + 1
    assert after["lc_catalogue_version"] == before.get("lc_catalogue_version", 0) + 1


@pytest.mark.django_db
def test_a_rolled_back_transaction_raises_nothing(raises, django_capture_on_commit_callbacks):
    before = table_versions()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                InstrumentFactory(title="Teruggedraaid")
                raise RuntimeError
        except RuntimeError:
            pass
    assert raises == []
    assert table_versions() == before


@pytest.mark.django_db
def test_a_rolled_back_savepoint_raises_nothing_of_its_own(raises, django_capture_on_commit_callbacks):
    instrument = InstrumentFactory(title="Cultuurscan")
    reviewer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Instrument.objects.filter(pk=instrument.pk).update(summary="Bijgewerkt")
        try:
            with transaction.atomic():
                review_save(actor=reviewer, instrument=instrument, rating=4, text="Teruggedraaid")
                raise RuntimeError
        except RuntimeError:
            pass
    assert raises == [["instruments_instrument", "lc_catalogue_version"]]


@pytest.mark.django_db(transaction=True)
def test_an_autocommitted_bulk_update_raises_at_once(raises):
    instrument = InstrumentFactory(title="Cultuurscan")
    before = table_versions(["instruments_instrument"]).get("instruments_instrument", 0)
    raises.clear()
    Instrument.objects.filter(pk=instrument.pk).update(summary="Bijgewerkt")
    assert raises == [["instruments_instrument", "lc_catalogue_version"]]
    assert table_versions(["instruments_instrument"])["instruments_instrument"] == before + 1


def test_the_watcher_outlives_an_execute_wrapper_block_that_opened_the_connection():
    """bench/middleware.py counts queries in a ``connection.execute_wrapper()`` block; the block pops
    the LAST wrapper when it ends, which was the watcher when the request opened the connection."""
    from bench.middleware import _Counter

    saved = list(connection.execute_wrappers)
    try:
        connection.execute_wrappers[:] = [w for w in saved if not isinstance(w, contentversion._Watcher)]
        counter = _Counter()
        with connection.execute_wrapper(counter):
            # What connection_created does when the first query in the block connects.
            contentversion.watch_connection(sender=None, connection=connection)
        watchers = [w for w in connection.execute_wrappers if isinstance(w, contentversion._Watcher)]
        assert len(watchers) == 1 and connection.execute_wrappers[0] is watchers[0]
        assert counter not in connection.execute_wrappers
        contentversion.watch_connection(sender=None, connection=connection)
        assert len([w for w in connection.execute_wrappers if isinstance(w, contentversion._Watcher)]) == 1
    finally:
        connection.execute_wrappers[:] = saved


@pytest.mark.django_db
def test_writes_under_the_bench_query_counter_still_raise(rf, raises, django_capture_on_commit_callbacks):
    from bench.middleware import BenchHeadersMiddleware

    instrument = InstrumentFactory(title="Cultuurscan")

    def write(request):
        Instrument.objects.filter(pk=instrument.pk).update(summary="Bijgewerkt")
        return HttpResponse("ok")

    with django_capture_on_commit_callbacks(execute=True):
        response = BenchHeadersMiddleware(write)(rf.get("/"))
    assert response["X-Bench-Queries"] == "1"
    assert raises == [["instruments_instrument", "lc_catalogue_version"]]
    assert isinstance(connection.execute_wrappers[0], contentversion._Watcher)


@pytest.mark.django_db
def test_visitors_get_the_cached_catalogue_until_a_write_commits(
    client, page_cache, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    # Test transactions never commit: every write runs its after-commit work explicitly.
    with django_capture_on_commit_callbacks(execute=True):
        InstrumentFactory(title="Cultuurscan")
    first = client.get(reverse("instruments:list"))
    assert "Cultuurscan" in first.content.decode()
    # Served from the cache: the lookup of its tables' versions is the only query.
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


def served_from_cache(response) -> bool:
    # A rendered page carries its template context; a stored one was not rendered.
    return response.context is None


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs a block's after-commit work, as the commit of a real transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def cultuurscan(committed):
    with committed():
        return InstrumentFactory(title="Cultuurscan", tags=["dialoog"])


def detail_url(instrument) -> str:
    return reverse("instruments:detail", args=[instrument.slug])


def cached_then(client, url, write, committed):
    """The page, cached; ``write()`` committed; the next response."""
    client.get(url)
    assert served_from_cache(client.get(url))
    with committed():
        write()
    return client.get(url)


@pytest.mark.django_db
def test_a_new_instrument_misses_the_catalogue(client, page_cache, cultuurscan, committed):
    response = cached_then(
        client, reverse("instruments:list"), lambda: InstrumentFactory(title="Waardecreatiescan"), committed
    )
    assert not served_from_cache(response) and "Waardecreatiescan" in response.content.decode()


@pytest.mark.django_db
def test_a_review_misses_the_instrument_page(client, page_cache, cultuurscan, committed):
    reviewer = UserFactory()
    response = cached_then(
        client,
        detail_url(cultuurscan),
        lambda: review_save(actor=reviewer, instrument=cultuurscan, rating=5, text="Werkte prima voor ons"),
        committed,
    )
    assert not served_from_cache(response) and "Werkte prima voor ons" in response.content.decode()


@pytest.mark.django_db
def test_a_bulk_update_misses_the_instrument_page(client, page_cache, cultuurscan, committed):
    response = cached_then(
        client,
        detail_url(cultuurscan),
        lambda: Instrument.objects.filter(pk=cultuurscan.pk).update(summary="Een heel nieuwe samenvatting"),
        committed,
    )
    assert not served_from_cache(response) and "Een heel nieuwe samenvatting" in response.content.decode()


@pytest.mark.django_db
def test_a_new_tag_misses_the_catalogue_and_the_instrument_page(client, page_cache, cultuurscan, committed):
    client.get(reverse("instruments:list"))
    response = cached_then(
        client, detail_url(cultuurscan), lambda: cultuurscan.tags.add("warmtenet"), committed
    )
    assert not served_from_cache(response) and "warmtenet" in response.content.decode()
    assert not served_from_cache(client.get(reverse("instruments:list")))


@pytest.mark.django_db
def test_a_deleted_instrument_leaves_the_catalogue(client, page_cache, cultuurscan, committed):
    with committed():
        other = InstrumentFactory(title="Waardecreatiescan")
    response = cached_then(client, reverse("instruments:list"), other.delete, committed)
    assert not served_from_cache(response) and "Waardecreatiescan" not in response.content.decode()


@pytest.mark.django_db
def test_an_admin_action_misses_the_catalogue(client, page_cache, cultuurscan, make_user, committed):
    from django.test import Client

    admin = Client()
    with committed():
        admin.force_login(make_user("admin"))

    def archive():
        response = admin.post(
            reverse("admin:instruments_instrument_changelist"),
            {"action": "archive", "_selected_action": [cultuurscan.pk]},
        )
        assert response.status_code == 302

    response = cached_then(client, reverse("instruments:list"), archive, committed)
    assert not served_from_cache(response) and "Cultuurscan" not in response.content.decode()


@pytest.mark.django_db
def test_a_write_committed_during_the_render_misses_the_next_request(rf, page_cache, cultuurscan, committed):
    from core.pagecache import cached_page

    renders = []

    def render():
        renders.append(1)
        titles = list(Instrument.objects.values_list("title", flat=True))
        if len(renders) == 1:
            # Another request's write, committed after this render read the instruments.
            with committed():
                Instrument.objects.filter(pk=cultuurscan.pk).update(title="Hernoemd")
        return HttpResponse(", ".join(titles))

    first = cached_page(rf.get("/page/"), render)
    assert first.content == b"Cultuurscan"
    second = cached_page(rf.get("/page/"), render)
    assert second.content == b"Hernoemd" and len(renders) == 2
    cached_page(rf.get("/page/"), render)
    assert len(renders) == 2


@pytest.mark.django_db(transaction=True)
def test_an_autocommitted_bulk_update_misses_the_instrument_page(client, page_cache):
    instrument = InstrumentFactory(title="Cultuurscan")
    url = detail_url(instrument)
    client.get(url)
    assert served_from_cache(client.get(url))
    Instrument.objects.filter(pk=instrument.pk).update(summary="Een heel nieuwe samenvatting")
    response = client.get(url)
    assert not served_from_cache(response) and "Een heel nieuwe samenvatting" in response.content.decode()


@pytest.fixture
def member_writer(committed):
    """bench/run's writer: the writes members make all day, through the services."""
    import datetime

    from bench import writer as bench_writer
    from tests.scans.factories import make_community

    with committed():
        community, facilitator, members = make_community(members=3)
        standup = bench_writer.open_standup(community, facilitator, datetime.date(2026, 3, 2))
        reviewers = [UserFactory(), UserFactory()]
    return bench_writer.Writer(
        community=community, members=members, instruments=[], reviewers=reviewers, standup=standup
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["standup_answer", "value_entry", "sign_in"])
def test_the_catalogue_and_the_instrument_page_stay_cached_after_a_members_write(
    client, page_cache, cultuurscan, committed, member_writer, kind
):
    pages = [reverse("instruments:list"), detail_url(cultuurscan)]
    for url in pages:
        client.get(url)
    with committed():
        member_writer.write(kind)
    assert member_writer.written == 1
    for url in pages:
        assert served_from_cache(client.get(url)), url
    # And they still miss after a write that they show.
    with committed():
        Instrument.objects.filter(pk=cultuurscan.pk).update(summary="Een heel nieuwe samenvatting")
    for url in pages:
        response = client.get(url)
        assert not served_from_cache(response) and "Een heel nieuwe samenvatting" in response.content.decode()
