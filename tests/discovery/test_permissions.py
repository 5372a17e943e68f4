"""Who gets what from every discovery URL: role × URL × route visibility (published / draft)."""

import pytest
from django.urls import reverse

from tests.conftest import ROLES

from .factories import RouteFactory, RouteStepFactory

COVERED_URL_NAMES = {
    "discovery:search",
    "discovery:finder",
    "discovery:route_list",
    "discovery:route_create",
    "discovery:route_detail",
    "discovery:route_edit",
    "discovery:route_delete",
    "discovery:route_bookmark",
}
CURATORS = {"coordinator", "admin"}

# (url name, method, needs a route, who may: public | detail | curate | bookmark)
CASES = [
    ("search", "get", False, "public"),
    ("finder", "get", False, "public"),
    ("route_list", "get", False, "public"),
    ("route_create", "get", False, "curate"),
    ("route_detail", "get", True, "detail"),
    ("route_edit", "get", True, "curate"),
    ("route_delete", "post", True, "curate"),
    ("route_bookmark", "post", True, "bookmark"),
]


def expected(kind: str, method: str, role: str, published: bool, needs_route: bool = True) -> int:
    ok = 200 if method == "get" else 302
    if kind == "public":
        return 200
    if kind == "detail":
        return 200 if published or role in CURATORS else 404
    if role == "anonymous":
        return 302  # to the login page
    if kind == "bookmark":
        return 302 if published or role in CURATORS else 404
    # curate
    if role in CURATORS:
        return ok
    # A draft route is invisible (404) to non-curators; a page without a route is just forbidden.
    return 403 if published or not needs_route else 404


@pytest.mark.django_db
@pytest.mark.parametrize("published", [True, False], ids=["published", "draft"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_permission_matrix(client_for, make_user, case, role, published):
    name, method, needs_route, kind = case
    route = RouteFactory(is_published=published)
    RouteStepFactory(route=route)
    kwargs = {"slug": route.slug} if needs_route else {}
    client = client_for(make_user(role))
    url = reverse(f"discovery:{name}", kwargs=kwargs)
    response = client.get(url, {"q": "x"}) if method == "get" else client.post(url)
    assert response.status_code == expected(kind, method, role, published, needs_route), (
        name,
        role,
        published,
    )
    if role == "anonymous" and response.status_code == 302 and kind != "public":
        assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["route_delete", "route_bookmark"])
def test_state_changing_urls_refuse_get(client_for, make_user, name):
    route = RouteFactory()
    response = client_for(make_user("coordinator")).get(
        reverse(f"discovery:{name}", kwargs={"slug": route.slug})
    )
    assert response.status_code == 405


def test_every_url_is_covered():
    from tests.test_url_coverage import project_url_names

    assert {n for n in project_url_names() if n.startswith("discovery:")} == COVERED_URL_NAMES
