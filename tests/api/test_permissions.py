"""Who may read what through the open API: everyone the same public data, nobody more.

The API has no notion of a logged-in user. Whoever calls (anonymous, a
member, a coordinator), the answer is the anonymous visitor's view: an
unpublished or hidden instrument is a 404 even for the coordinator, who can
see it on the website.
"""

import re

import pytest
from django.urls import reverse

from accounts.models import User

COVERED_URL_NAMES = {
    "api:docs",
    "api:index",
    "api:openapi",
    "api:vocabularies",
    "api:instrument_list",
    "api:instrument_detail",
    "api:instrument_experiences",
    "api:export_catalogue",
    "api:export_instruments_csv",
    "api:export_experiences_csv",
    "api:not_found",
}
ROLES = ["anonymous", "member", "coordinator"]
OBJECT_URLS = ["api:instrument_detail", "api:instrument_experiences"]
COLLECTION_URLS = sorted(COVERED_URL_NAMES - set(OBJECT_URLS) - {"api:not_found"})


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _without_volatile(body: bytes) -> bytes:
    # The export's generation time is the only part that differs between two calls.
    return re.sub(rb'"generated_at": "[^"]+"', b"", body)


@pytest.mark.parametrize("url_name", COLLECTION_URLS)
def test_every_role_gets_the_same_public_answer(client_for, make_user, catalogue, url_name):
    answers = []
    for role in ROLES:
        response = client_for(make_user(role)).get(reverse(url_name))
        assert response.status_code == 200, role
        answers.append(_without_volatile(body_of(response)))
    if url_name != "api:docs":  # the HTML page greets a logged-in user by name
        assert answers[0] == answers[1] == answers[2]
        for instrument in (catalogue.submitted, catalogue.hidden):
            assert instrument.title.encode() not in answers[0]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", OBJECT_URLS)
@pytest.mark.parametrize(("state", "status"), [("cultuurscan", 200), ("submitted", 404), ("hidden", 404)])
def test_object_matrix(client_for, make_user, catalogue, url_name, role, state, status):
    user = make_user(role)
    instrument = getattr(catalogue, state)
    if role == "member" and state == "submitted":
        instrument.owners.add(user)  # even its owner reads the public view here
    response = client_for(user).get(reverse(url_name, kwargs={"slug": instrument.slug}))
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("role", ROLES)
def test_hidden_experiences_stay_hidden_from_their_author_and_the_coordinator(
    client_for, make_user, catalogue, role
):
    # As a member: the author of the hidden experience, who sees it on the website.
    author = User.objects.get(email=catalogue.author_email)
    client = client_for(author if role == "member" else make_user(role))
    detail = client.get(reverse("api:instrument_detail", kwargs={"slug": catalogue.cultuurscan.slug})).json()
    assert [e["id"] for e in detail["experiences"]] == [catalogue.visible_experience.pk]


@pytest.mark.parametrize("role", ROLES)
def test_unknown_api_addresses_are_404_for_everyone(client_for, make_user, db, role):
    response = client_for(make_user(role)).get("/api/v1/geheim/")
    assert response.status_code == 404
