"""Item 4 of issue 21 on the request page: "Perhaps in the catalogue already".

Instruments nearest to the request's stored vector, with the deterministic stand-in embedder (word
stems): "aardgasvrij" in a request finds an instrument written with "aardgasloos".
"""

import pytest

from exchange import services
from exchange.models import RequestStatus
from instruments.models import InstrumentStatus
from semantic import embedders
from semantic import services as semantic_services
from tests.factories import InstrumentFactory, UserFactory

pytestmark = pytest.mark.django_db

PERHAPS = 'data-testid="perhaps-in-catalogue"'


def instrument(title, **kwargs):
    summary = kwargs.pop("summary", title)
    return InstrumentFactory(title=title, summary=summary, goal=summary, description=title, **kwargs)


@pytest.fixture
def heat_request():
    near = instrument("Aardgasloze buurt in kaart", summary="Welke woningen kunnen aardgasloos verwarmen.")
    suggested = instrument("Aardgasloze straatscan", summary="Aardgasloos per straat.")
    draft = instrument("Aardgasloze conceptkaart", status=InstrumentStatus.DRAFT)
    hidden = instrument("Aardgasloze verborgen gids")
    hidden.is_hidden = True
    hidden.save(update_fields=["is_hidden"])
    instrument("Robots in het magazijn", summary="Logistiek automatiseren.")
    request = services.request_create(
        actor=UserFactory(),
        title="Aardgasvrij wonen",
        description="Een aanpak om een wijk aardgasvrij te maken.",
    )
    services.request_suggest(actor=UserFactory(), request=request, instrument=suggested)
    for kind in ("instruments", "requests"):
        semantic_services.embed_kind(kind)
    return request, near, suggested, draft, hidden


def listed(html):
    return html.split(PERHAPS, 1)[1].split("</ul>", 1)[0] if PERHAPS in html else ""


@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_request_page_shows_listed_instruments_near_in_meaning_not_those_suggested(
    client, heat_request, role
):
    request, near, suggested, draft, hidden = heat_request
    if role == "member":
        client.force_login(UserFactory())
    html = client.get(request.get_absolute_url()).content.decode()
    perhaps = listed(html)
    assert "Misschien al in de catalogus" in html  # the heading, in the visitor's language
    assert near.title in perhaps
    # Suggested already: shown once, under the suggestions, not again as a guess.
    assert suggested.title not in perhaps
    # Never a draft or an instrument hidden by moderation, not even as a link.
    assert draft.title not in html
    assert hidden.title not in html
    assert "Robots in het magazijn" not in perhaps


def test_request_page_never_calls_the_model(client, heat_request, monkeypatch):
    request, near, *_rest = heat_request

    def refuse(*args, **kwargs):
        raise AssertionError("the request page called the model")

    embedder = embedders.get_embedder()
    monkeypatch.setattr(embedder, "query", refuse)
    monkeypatch.setattr(embedder, "passages", refuse)
    response = client.get(request.get_absolute_url())
    assert response.status_code == 200
    assert near.title in listed(response.content.decode())


def test_request_without_a_stored_vector_shows_no_guesses(client):
    instrument("Aardgasloze buurt in kaart")
    semantic_services.embed_kind("instruments")
    request = services.request_create(
        actor=UserFactory(), title="Aardgasvrij wonen", description="Aardgasvrij."
    )
    html = client.get(request.get_absolute_url()).content.decode()
    assert PERHAPS not in html
    assert "Misschien al in de catalogus" not in html


def test_closed_request_shows_no_guesses(client, heat_request):
    request, near, *_rest = heat_request
    request.status = RequestStatus.FULFILLED
    request.save(update_fields=["status"])
    assert PERHAPS not in client.get(request.get_absolute_url()).content.decode()


def test_hidden_request_stays_404_for_an_outsider_with_its_vector_stored(client, heat_request):
    request, *_rest = heat_request
    request.is_hidden = True
    request.save(update_fields=["is_hidden"])
    client.force_login(UserFactory())
    assert client.get(request.get_absolute_url()).status_code == 404


def test_semantic_search_off_leaves_the_request_page_as_it_was(client, heat_request, settings):
    request, *_rest = heat_request
    settings.SEMANTIC_EMBEDDER = "off"
    embedders.reset()
    response = client.get(request.get_absolute_url())
    assert response.status_code == 200
    assert PERHAPS not in response.content.decode()
