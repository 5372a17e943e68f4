"""Who may open the pages of issue 19 (privacy, accessibility, and the personal pages that follow).

``COVERED_URL_NAMES`` feeds tests/test_url_coverage.py.
"""

import pytest
from django.urls import reverse

ROLES = ["anonymous", "member", "facilitator", "developer", "coordinator", "admin"]

PUBLIC_PAGES = ["core:privacy", "core:accessibility"]

COVERED_URL_NAMES = set(PUBLIC_PAGES)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", PUBLIC_PAGES)
def test_statements_are_public(client, make_user, url_name, role):
    user = make_user(role)
    if user:
        client.force_login(user)
    assert client.get(reverse(url_name)).status_code == 200


LOGIN = 302
COORDINATORS = {"coordinator", "admin"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_roles_page_is_for_signed_in_people(client, make_user, role):
    user = make_user(role)
    if user:
        client.force_login(user)
    assert client.get(reverse("accounts:roles")).status_code == (LOGIN if user is None else 200)


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ROLES)
def test_role_request_decisions_are_for_coordinators(client, make_user, role, method):
    from accounts.models import RoleRequest

    request = RoleRequest.objects.create(
        user=make_user("member"), role="facilitator", motivation="Graag, ik begeleid."
    )
    user = make_user(role)
    if user:
        client.force_login(user)
    url = reverse("moderation:role_request", args=[request.pk])
    response = client.get(url) if method == "get" else client.post(url, {"action": "approve_role"})
    if user is None:
        assert response.status_code == LOGIN
    elif role in COORDINATORS:
        assert response.status_code == (200 if method == "get" else 302)
    else:
        assert response.status_code == 403
        request.refresh_from_db()
        assert request.is_pending


COVERED_URL_NAMES |= {"accounts:roles", "moderation:role_request"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_welcome_questions_are_for_signed_in_people(client, make_user, role):
    user = make_user(role)
    if user:
        client.force_login(user)
    assert client.get(reverse("accounts:onboarding")).status_code == (LOGIN if user is None else 200)


COVERED_URL_NAMES |= {"accounts:onboarding"}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["privacy:export", "privacy:delete"])
@pytest.mark.parametrize("role", ROLES)
def test_your_data_pages_are_your_own(client, make_user, role, url_name):
    user = make_user(role)
    if user:
        client.force_login(user)
    response = client.get(reverse(url_name))
    assert response.status_code == (LOGIN if user is None else 200)
    if url_name == "privacy:export" and user is not None:
        assert user.email in response.content.decode()


COVERED_URL_NAMES |= {"privacy:export", "privacy:delete"}
