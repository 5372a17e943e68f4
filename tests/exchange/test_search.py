"""Challenges in site search: found by word start, visibility applied before ranking."""

import pytest
from django.urls import reverse

from communities.models import Visibility
from discovery.search import Kind, search
from exchange.models import ChallengeStatus
from tests.communities.factories import CommunityFactory
from tests.factories import UserFactory

from .conftest import link, make_challenge

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["aardgasvrij", "Aardgasvrije", "aardgasvrije wijken", "wijken"])
def test_aardgasvrij_finds_the_challenge(client, query):
    make_challenge()
    make_challenge("Zorg thuis in de wijk", description="Thuiszorg en mantelzorg.")
    response = client.get(reverse("discovery:search"), {"q": query})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-kind="challenges"' in html and "Aardgasvrije wijken" in html
    group = search(query, UserFactory(), kinds=(Kind.CHALLENGES,)).group(Kind.CHALLENGES)
    assert group.hits[0].title == "Aardgasvrije wijken"


def test_proposals_hidden_challenges_and_members_only_communities_are_not_found(client):
    proposer = UserFactory()
    make_challenge("Aardgasvrij voorstel", status=ChallengeStatus.PROPOSED, created_by=proposer)
    make_challenge("Aardgasvrij verborgen", is_hidden=True)
    challenge = make_challenge()
    link(CommunityFactory(name="Aardgasvrij geheim clubje", visibility=Visibility.MEMBERS_ONLY), challenge)
    html = client.get(reverse("discovery:search"), {"q": "aardgasvrij"}).content.decode()
    assert "Aardgasvrije wijken" in html
    for secret in ("Aardgasvrij voorstel", "Aardgasvrij verborgen", "Aardgasvrij geheim clubje"):
        assert secret not in html
    titles = [h.title for h in search("aardgasvrij", UserFactory(), kinds=(Kind.CHALLENGES,)).groups[0].hits]
    assert titles == ["Aardgasvrije wijken"]
