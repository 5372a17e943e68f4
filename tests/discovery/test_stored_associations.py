"""Associations are computed off the request path, stored, and read with one query per list."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.models import Community, Visibility
from discovery import associations, services, tasks
from discovery.associations import Reason
from discovery.models import Association, AssociationKind, StaleAssociation
from discovery.services import AssociationRow
from instruments.models import Instrument, InstrumentStatus
from tests.communities.factories import CommunityFactory, InstrumentUseFactory, MembershipFactory
from tests.factories import InstrumentFactory, UserFactory


def related_titles(instrument):
    return [
        row.target_instrument.title
        for row in Association.objects.filter(
            instrument=instrument, kind=AssociationKind.RELATED_INSTRUMENT, rank__gt=0
        ).select_related("target_instrument")
    ]


def related_section(html):
    start = html.find('class="section discovery-related"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


@pytest.fixture
def pair(db):
    base = InstrumentFactory(title="Stand-up", summary="Kort overleg.")
    other = InstrumentFactory(title="Sprintplanning", summary="Plannen.")
    community = CommunityFactory(name="Open kring")
    InstrumentUseFactory(community=community, instrument=base)
    InstrumentUseFactory(community=community, instrument=other)
    return base, other, community


def _no_live_compute(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("computed on the request path")

    for name in ("related_instruments", "comparable_communities", "instruments_that_worked"):
        monkeypatch.setattr(associations, name, fail)


def test_instrument_page_reads_the_stored_rows_and_never_recomputes(client, pair, monkeypatch):
    base, _other, _community = pair
    call_command("refresh_associations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert related_titles(base) == ["Sprintplanning"]
    _no_live_compute(monkeypatch)
    html = client.get(base.get_absolute_url()).content.decode()
    assert "Sprintplanning" in html and 'data-reason="co_use"' in html


def test_community_page_reads_the_stored_rows_and_never_recomputes(client, db, monkeypatch):
    me = CommunityFactory(name="Mijn LC", level="micro", themes=["energy"])
    twin = CommunityFactory(name="Tweeling", level="micro", themes=["energy"])
    InstrumentUseFactory(community=twin, instrument=InstrumentFactory(title="Werkte daar"))
    services.associations_refresh(community_ids=[me.pk])
    _no_live_compute(monkeypatch)
    html = client.get(me.get_absolute_url()).content.decode()
    assert "Tweeling" in html and "Werkte daar" in html


def test_first_view_of_a_subject_nobody_computed_stores_it_once(client, pair, monkeypatch):
    """The fall-back: computed once on the first view, then read from the table."""
    base, _other, _community = pair
    assert not Association.objects.filter(instrument=base).exists()
    assert "Sprintplanning" in client.get(base.get_absolute_url()).content.decode()
    assert related_titles(base) == ["Sprintplanning"]
    _no_live_compute(monkeypatch)
    assert "Sprintplanning" in client.get(base.get_absolute_url()).content.decode()


def test_an_empty_result_is_stored_too_and_not_recomputed(client, db, monkeypatch):
    lonely = InstrumentFactory(title="Alleen", summary="Zeilboot.", tags=[], facets={})
    client.get(lonely.get_absolute_url())
    header = Association.objects.get(instrument=lonely, kind=AssociationKind.RELATED_INSTRUMENT)
    assert header.rank == 0 and header.target_instrument is None
    _no_live_compute(monkeypatch)
    assert client.get(lonely.get_absolute_url()).status_code == 200


def test_members_only_co_use_is_never_stored_nor_shown_even_to_members(client, db):
    base = InstrumentFactory(title="Stand-up", summary="Kort overleg.", tags=[], facets={})
    secret = CommunityFactory(name="Geheime kring", visibility=Visibility.MEMBERS_ONLY)
    only_secret = InstrumentFactory(title="Geheim gebruikt", summary="Zeilboot.", tags=[], facets={})
    InstrumentUseFactory(community=secret, instrument=base)
    InstrumentUseFactory(community=secret, instrument=only_secret)
    services.associations_refresh(instrument_ids=[base.pk], community_ids=[secret.pk])
    assert "Geheim gebruikt" not in related_titles(base)
    assert not Association.objects.filter(target_community=secret).exists()
    member = UserFactory()
    MembershipFactory(community=secret, user=member)
    client.force_login(member)
    html = client.get(base.get_absolute_url()).content.decode()
    # The member sees the community's own use in its panel; the related instruments are public ones.
    assert "Geheime kring" in html
    assert 'data-reason="co_use"' not in html
    assert "Geheim gebruikt" not in related_section(html)


def test_a_community_that_turned_members_only_since_is_filtered_when_read(client, db):
    me = CommunityFactory(name="Mijn LC", level="micro", themes=["energy"])
    twin = CommunityFactory(name="Tweeling", level="micro", themes=["energy"])
    InstrumentUseFactory(community=twin, instrument=InstrumentFactory(title="Werkte daar"))
    services.associations_refresh(community_ids=[me.pk])
    # Behind the signals' back: the stored rows still name it, the read must not.
    Community.objects.filter(pk=twin.pk).update(visibility=Visibility.MEMBERS_ONLY)
    html = client.get(me.get_absolute_url()).content.decode()
    assert "Tweeling" not in html
    assert "Werkte daar" in html  # the instrument is public; who used it is not named
    member = UserFactory()
    MembershipFactory(community=twin, user=member)
    client.force_login(member)
    assert "Tweeling" in client.get(me.get_absolute_url()).content.decode()


def test_an_instrument_unpublished_since_is_filtered_when_read(client, pair):
    base, other, _community = pair
    services.associations_refresh(instrument_ids=[base.pk])
    Instrument.objects.filter(pk=other.pk).update(status=InstrumentStatus.ARCHIVED)
    assert "Sprintplanning" not in client.get(base.get_absolute_url()).content.decode()


def test_a_new_co_use_marks_the_subjects_stale_and_one_refresh_is_queued(
    pair, monkeypatch, settings, django_capture_on_commit_callbacks
):
    settings.ASSOCIATION_REFRESH_DEBOUNCE_SECONDS = 10
    base, other, community = pair
    services.associations_refresh(instrument_ids=[base.pk, other.pk])
    StaleAssociation.objects.all().delete()
    queued = []
    monkeypatch.setattr(tasks.refresh_stale, "apply_async", lambda **kw: queued.append(kw))
    cache.delete(tasks.QUEUED_KEY)
    third = InstrumentFactory(title="Retrospectief", summary="Terugblik.", tags=[], facets={})
    with django_capture_on_commit_callbacks(execute=True):
        InstrumentUseFactory(community=community, instrument=third)
    with django_capture_on_commit_callbacks(execute=True):
        InstrumentUseFactory(community=CommunityFactory(), instrument=third)
    assert len(queued) == 1  # debounced: one refresh for both commits
    stale = set(StaleAssociation.objects.values_list("instrument_pk", flat=True))
    assert {base.pk, other.pk, third.pk} <= stale
    assert "Retrospectief" not in related_titles(base)
    tasks.refresh_stale()
    assert "Retrospectief" in related_titles(base)
    assert not StaleAssociation.objects.exists()


def test_queueing_fails_open_when_the_broker_is_down(pair, monkeypatch, django_capture_on_commit_callbacks):
    _base, _other, community = pair

    def refuse(**kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.refresh_stale, "apply_async", refuse)
    cache.delete(tasks.QUEUED_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        InstrumentUseFactory(community=community, instrument=InstrumentFactory())
    # The write went through and the marks wait for beat's refresh_stale.
    assert StaleAssociation.objects.filter(community_pk=community.pk).exists()


def test_deleting_a_community_with_uses_commits(db, django_capture_on_commit_callbacks):
    """Marks are plain ids: marking a community its own delete removes cannot break the commit."""
    community = CommunityFactory()
    InstrumentUseFactory(community=community, instrument=InstrumentFactory())
    services.associations_refresh(community_ids=[community.pk])
    pk = community.pk
    with django_capture_on_commit_callbacks(execute=False):
        community.delete()
    assert StaleAssociation.objects.exists()
    services.associations_refresh_stale()
    assert not Association.objects.filter(community_id=pk).exists()


def test_replacing_one_kind_leaves_the_others_and_shows_reasons_in_the_viewers_language(client, pair):
    """The call another app (semantic similarity) uses to store its rows."""
    base, other, _community = pair
    services.associations_refresh(instrument_ids=[base.pk])
    services.association_rows_replace(
        subject=base, kind=AssociationKind.MEANING, rows=[AssociationRow(other, 0.8, [Reason("meaning")])]
    )
    services.association_rows_replace(
        subject=base, kind=AssociationKind.MEANING, rows=[AssociationRow(other, 0.9, [Reason("meaning")])]
    )
    meaning = Association.objects.get(instrument=base, kind=AssociationKind.MEANING, rank=1)
    assert meaning.score == 0.9 and meaning.reasons == [{"code": "meaning"}]
    assert related_titles(base) == ["Sprintplanning"]
    stored = Association.objects.get(instrument=base, kind=AssociationKind.RELATED_INSTRUMENT, rank=1)
    assert stored.reasons == [{"code": "co_use", "count": 1}]
    dutch = related_section(client.get(base.get_absolute_url()).content.decode())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = related_section(client.get(base.get_absolute_url()).content.decode())
    assert "often used together" in english
    assert "often used together" not in dutch and 'data-reason="co_use"' in dutch


def test_the_command_computes_every_listed_instrument_and_community(pair):
    base, other, community = pair
    call_command("refresh_associations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Association.objects.filter(instrument=other, rank=0).exists()
    assert Association.objects.filter(community=community, rank=0).count() == 2  # comparable, worked for
    assert related_titles(other) == ["Stand-up"]
    assert base.pk in {r.target_instrument_id for r in Association.objects.filter(instrument=other)}


@pytest.mark.parametrize("page", ["instrument", "community"])
def test_reading_the_stored_lists_is_one_query_each(client, pair, page):
    base, _other, community = pair
    call_command("refresh_associations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    url = base.get_absolute_url() if page == "instrument" else community.get_absolute_url()
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    association_reads = [q for q in captured.captured_queries if "discovery_association" in q["sql"]]
    assert len(association_reads) == (1 if page == "instrument" else 2)
