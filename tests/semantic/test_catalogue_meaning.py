"""The catalogue's q: full text renders first, meaning through ``meaning=1`` (as the site search).

So a first query never waits for the model. The stand-in embedder relates "aardgasvrij" to
"aardgasloos" (shared stem), which full text does not match.
"""

import pytest
from django.urls import reverse

from instruments.models import Instrument, InstrumentStatus
from semantic import embedders
from semantic import services as semantic_services
from tests.factories import InstrumentFactory

pytestmark = pytest.mark.django_db

LIST = reverse("instruments:list")
PENDING = "search-meaning-pending"


@pytest.fixture
def heat(db):
    near = InstrumentFactory(
        title="Wijkkompas", summary="Buurten aardgasloos maken met bewoners.", goal="Wijken."
    )
    words = InstrumentFactory(title="Aardgasvrij plan", summary="Een plan.", goal="Plannen.")
    hidden = InstrumentFactory(title="Verborgen kaart", summary="Een aardgasloze wijk plannen.", goal="Wijk.")
    draft = InstrumentFactory(
        title="Conceptkaart", summary="Aardgasloos wonen.", goal="Wonen.", status=InstrumentStatus.DRAFT
    )
    semantic_services.embed_kind("instruments")
    Instrument.objects.filter(pk=hidden.pk).update(is_hidden=True)
    return near, words, hidden, draft


def titles(response):
    return [i.title for i in response.context["page"].object_list]


def refuse_the_model(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the first paint waited for the model")

    monkeypatch.setattr(embedders.get_embedder(), "query", refuse)


def test_a_first_query_renders_full_text_without_the_model_and_asks_for_meaning_after(
    client, heat, monkeypatch
):
    refuse_the_model(monkeypatch)
    response = client.get(LIST, {"q": "aardgasvrij"})
    assert response.status_code == 200
    assert titles(response) == ["Aardgasvrij plan"]
    html = response.content.decode()
    assert PENDING in html
    assert "meaning=1" in html and "search-meaning.js" in html
    assert 'id="search-results"' in html


def test_meaning_1_fuses_the_instruments_alike_in_meaning_visible_ones_only(client, heat):
    near, words, hidden, draft = heat
    response = client.get(LIST, {"q": "aardgasvrij", "meaning": "1"})
    assert set(titles(response)) == {"Aardgasvrij plan", "Wijkkompas"}
    # Not a hidden or draft instrument, not even in the count.
    assert response.context["page"].paginator.count == 2
    html = response.content.decode()
    assert PENDING not in html
    assert hidden.title not in html and draft.title not in html


def test_once_the_vector_is_cached_the_plain_query_has_meaning_at_once(client, heat, monkeypatch):
    client.get(LIST, {"q": "aardgasvrij", "meaning": "1"})
    refuse_the_model(monkeypatch)
    response = client.get(LIST, {"q": "aardgasvrij"})
    assert set(titles(response)) == {"Aardgasvrij plan", "Wijkkompas"}
    assert PENDING not in response.content.decode()


def test_without_search_words_or_vectors_nothing_is_pending(client, heat, settings):
    assert PENDING not in client.get(LIST).content.decode()
    assert PENDING not in client.get(LIST, {"q": "   "}).content.decode()
    settings.SEMANTIC_EMBEDDER = "off"
    embedders.reset()
    response = client.get(LIST, {"q": "aardgasvrij"})
    assert response.status_code == 200 and PENDING not in response.content.decode()
    assert titles(client.get(LIST, {"q": "aardgasvrij", "meaning": "1"})) == ["Aardgasvrij plan"]


@pytest.mark.parametrize(
    "query",
    [
        {"q": "a\x00b aardgasvrij", "meaning": "1"},
        {"q": "aardgasvrij " * 5_000, "meaning": "1"},
        {"q": '<script>alert("x")</script>', "meaning": "1"},
        {"q": "aardgasvrij", "meaning": ["1", "<script>"]},
        {"q": "aardgasvrij", "meaning": "\x00"},
    ],
)
def test_hostile_input_answers_cleanly(client, heat, query):
    response = client.get(LIST, query)
    assert response.status_code in (200, 400)
    assert b'<script>alert("x")</script>' not in response.content
