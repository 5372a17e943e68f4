"""Challenges in the open API: the visitor's view for everyone, nothing of members-only communities."""

import pytest
from django.urls import reverse

from communities.models import Visibility
from exchange.models import ChallengeStatus
from tests.communities.factories import CommunityFactory
from tests.factories import UserFactory

from .conftest import link, make_challenge, make_step, municipality

COVERED_URL_NAMES = {"api:challenge_list", "api:challenge_detail", "api:challenge_steps"}
ROLES = ["anonymous", "member", "coordinator"]


@pytest.fixture
def api_world(db):
    challenge = make_challenge()
    public = CommunityFactory(name="Warm Noord", municipality=municipality("GM0014"), province="groningen")
    secret = CommunityFactory(name="Geheime Buurt", visibility=Visibility.MEMBERS_ONLY)
    for community in (public, secret):
        link(community, challenge)
    make_step(public, title="Openbare stap")
    make_step(secret, title="Geheime stap")
    proposal = make_challenge(
        "Voorstel in de wacht", status=ChallengeStatus.PROPOSED, created_by=UserFactory()
    )
    hidden = make_challenge("Verborgen opgave", is_hidden=True)
    return {"challenge": challenge, "proposal": proposal, "hidden": hidden}


@pytest.mark.parametrize("role", ROLES)
def test_list_is_the_same_public_answer_for_everyone(client_for, make_user, api_world, role):
    response = client_for(make_user(role)).get(reverse("api:challenge_list"))
    assert response.status_code == 200
    data = response.json()
    assert [c["slug"] for c in data["results"]] == [api_world["challenge"].slug]
    assert data["results"][0]["public_community_count"] == 1
    body = response.content.decode()
    assert "Voorstel in de wacht" not in body and "Verborgen opgave" not in body


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("state", "status"), [("challenge", 200), ("proposal", 404), ("hidden", 404)])
@pytest.mark.parametrize("url_name", ["api:challenge_detail", "api:challenge_steps"])
def test_object_matrix(client_for, make_user, api_world, url_name, role, state, status):
    response = client_for(make_user(role)).get(reverse(url_name, kwargs={"slug": api_world[state].slug}))
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("url_name", ["api:challenge_detail", "api:challenge_steps"])
def test_members_only_communities_and_their_steps_never_reach_the_api(client, api_world, url_name):
    response = client.get(reverse(url_name, kwargs={"slug": api_world["challenge"].slug}))
    body = response.content.decode()
    assert "Openbare stap" in body
    assert "Geheime Buurt" not in body and "Geheime stap" not in body
    if url_name == "api:challenge_detail":
        data = response.json()
        assert [c["name"] for c in data["communities"]] == ["Warm Noord"]
        assert data["communities"][0]["municipality"] == {"code": "GM0014", "name": "Groningen"}
