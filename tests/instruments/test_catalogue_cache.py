"""The catalogue's cached facet counts follow every write that changes them, whichever path makes it.

The counts (without search words) are cached under the catalogue version that
database triggers raise (migration instruments/0003). Each test fills the
cache with one request, changes the data, and expects the next request to
count again; without the triggers every one of them would show the old figure.
"""

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse
from taggit.models import Tag

from core.sqlite import ensure_triggers
from instruments import services
from instruments.catalogue import catalogue_version
from instruments.models import Classification, Instrument, InstrumentStatus
from moderation import services as moderation_services
from tests.factories import InstrumentFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("instruments:list")


@pytest.fixture
def catalogue(db):
    owner = UserFactory()
    return {
        "owner": owner,
        "dialoog": InstrumentFactory(
            title="Dialoogkaart",
            owner=owner,
            format="reflection",
            facets={"phase": ["execute"], "audience": ["facilitators"]},
            tags=["dialoog"],
        ),
        "actie": InstrumentFactory(
            title="Actiescan",
            facets={"phase": ["execute"], "audience": ["participants"]},
            tags=["actie"],
        ),
        "draft": InstrumentFactory(
            title="Concept",
            status=InstrumentStatus.SUBMITTED,
            facets={"phase": ["execute"], "audience": ["facilitators"]},
            tags=["dialoog"],
        ),
    }


def counts(client, name, **params):
    response = client.get(LIST, params)
    group = next(g for g in response.context["groups"] if g.name == name)
    return {o.value: o.count for o in group.options}


def total(client, **params):
    return client.get(LIST, params).context["page"].paginator.count


def test_counts_are_served_from_the_cache_until_the_catalogue_changes(
    client, catalogue, django_assert_max_num_queries
):
    assert counts(client, "phase")["execute"] == 2
    # The second request reads the version and the page; it counts nothing.
    with django_assert_max_num_queries(4) as queries:
        client.get(LIST)
    assert not any("COUNT(" in query["sql"] for query in queries.captured_queries)


def test_a_publication_is_counted_at_once(client, catalogue):
    assert counts(client, "phase")["execute"] == 2
    assert total(client) == 2
    services.instrument_set_status(
        actor=None, instrument=catalogue["draft"], status=InstrumentStatus.PUBLISHED
    )
    assert counts(client, "phase")["execute"] == 3
    assert total(client) == 3
    assert counts(client, "tag")["dialoog"] == 2


def test_hiding_by_moderation_and_by_suspension_is_counted(client, catalogue, coordinator):
    assert counts(client, "audience") == {
        "facilitators": 1,
        "participants": 1,
        "initiators": 0,
        "steering_group": 0,
        "researchers": 0,
    }
    services.instrument_set_hidden(actor=coordinator, instrument=catalogue["actie"], hidden=True)
    assert counts(client, "audience")["participants"] == 0
    # A suspension hides the instruments only the suspended person owns, in one bulk update.
    moderation_services.user_suspend(actor=coordinator, user=catalogue["owner"], reason="Spam")
    assert Instrument.objects.get(pk=catalogue["dialoog"].pk).is_hidden
    assert counts(client, "audience")["facilitators"] == 0
    assert total(client) == 0


def test_a_changed_classification_or_format_is_counted(client, catalogue):
    assert counts(client, "pillar", phase="execute")["culture"] == 0
    assert counts(client, "format")["reflection"] == 1
    services.instrument_update(
        actor=None,
        instrument=catalogue["actie"],
        data={"format": "canvas"},
        facets={"pillar": ["culture"]},
    )
    assert counts(client, "pillar", phase="execute")["culture"] == 1
    assert counts(client, "format")["canvas"] == 1


def test_tags_added_removed_and_renamed_are_counted(client, catalogue):
    assert counts(client, "tag") == {"actie": 1, "dialoog": 1}
    catalogue["actie"].tags.add("dialoog")
    assert counts(client, "tag") == {"actie": 1, "dialoog": 2}
    catalogue["actie"].tags.remove("actie")
    assert counts(client, "tag") == {"dialoog": 2}
    Tag.objects.filter(slug="dialoog").update(name="gesprek")
    response = client.get(LIST)
    labels = {o.value: o.label for g in response.context["groups"] if g.name == "tag" for o in g.options}
    assert labels == {"dialoog": "gesprek"}


def test_writes_outside_the_services_are_counted_too(client, catalogue):
    assert total(client, phase="execute") == 2
    Instrument.objects.filter(pk=catalogue["draft"].pk).update(status=InstrumentStatus.PUBLISHED)
    assert total(client, phase="execute") == 3
    Classification.objects.filter(instrument=catalogue["actie"], facet="phase").delete()
    assert total(client, phase="execute") == 2
    catalogue["dialoog"].delete()
    assert total(client) == 2


def test_ratings_and_texts_leave_the_counts_cached(catalogue):
    # Reviews change rating columns on every instrument page; they must not empty the cache.
    before = catalogue_version()
    services.review_save(actor=UserFactory(), instrument=catalogue["actie"], rating=4)
    Instrument.objects.filter(pk=catalogue["actie"].pk).update(title=F("title"), summary="Nieuw")
    assert catalogue_version() == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL keeps triggers when a table is altered")
def test_sqlite_triggers_come_back_after_a_table_rebuild(catalogue):
    # SQLite rebuilds a table to alter a column, and drops its triggers with it.
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'lc_%'")
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP TRIGGER {name}")
    before = catalogue_version()
    Instrument.objects.filter(pk=catalogue["draft"].pk).update(status=InstrumentStatus.PUBLISHED)
    assert catalogue_version() == before
    ensure_triggers(using=connection.alias)  # what every migrate ends with (post_migrate)
    Instrument.objects.filter(pk=catalogue["draft"].pk).update(status=InstrumentStatus.ARCHIVED)
    assert catalogue_version() == before + 1
