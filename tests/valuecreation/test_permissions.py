"""Who gets what from every value URL: role × URL × community visibility.

Members-only communities answer 404 to anonymous visitors and outsiders on
every value URL (their entries never leave the community); visible but
forbidden pages send anonymous visitors to log in and give everyone else 403.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse

from communities.models import Visibility

from .conftest import build_value_world

ROLES = ["anonymous", "outsider", "developer", "member", "facilitator", "coordinator", "admin"]
VISIBILITIES = [Visibility.PUBLIC, Visibility.MEMBERS_ONLY]

EVERYONE = set(ROLES)
INSIDERS = {"member", "facilitator", "coordinator", "admin"}
LOGGERS = {"member", "facilitator"}
AUTHOR = {"member"}
HIDERS = {"facilitator", "coordinator", "admin"}
COORDINATORS = {"coordinator", "admin"}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    allowed: frozenset  # roles that succeed when the community is visible to them
    target: str = ""  # "entry", "public_entry", or "" (no pk)
    missing: str = "forbidden"  # what a visible-but-not-allowed role gets: "forbidden" or "404"


CASES = [
    Case("dashboard", "get", frozenset(EVERYONE)),
    Case("codebook", "get", frozenset(EVERYONE)),
    Case("entry_create", "get", frozenset(LOGGERS)),
    # A community-only entry is 404 for outsiders even in a public community.
    Case("entry_detail", "get", frozenset(INSIDERS), "entry", missing="404"),
    Case("story", "get", frozenset(INSIDERS), "entry", missing="404"),
    Case("entry_detail", "get", frozenset(EVERYONE), "public_entry"),
    Case("story", "get", frozenset(EVERYONE), "public_entry"),
    Case("entry_edit", "get", frozenset(AUTHOR), "entry"),
    Case("entry_hide", "post", frozenset(HIDERS), "entry"),
    Case("export_csv", "get", frozenset(HIDERS)),
    Case("report", "get", frozenset(HIDERS)),
    Case("network", "get", frozenset(COORDINATORS)),
]

COVERED_URL_NAMES = {f"valuecreation:{case.name}" for case in CASES}


def expected_status(case: Case, role: str, visibility: str) -> int:
    success = 200 if case.method == "get" else 302
    if case.name == "network":
        if role in case.allowed:
            return 200
        return 302 if role == "anonymous" else 403
    if visibility == Visibility.MEMBERS_ONLY and role in ("anonymous", "outsider", "developer"):
        return 404
    if role in case.allowed:
        return success
    if case.missing == "404":
        return 404
    return 302 if role == "anonymous" else 403


def url_for(case: Case, world) -> str:
    if case.name == "network":
        return reverse("valuecreation:network")
    kwargs = {"slug": world.community.slug}
    if case.target:
        kwargs["pk"] = getattr(world, case.target).pk
    return reverse(f"valuecreation:{case.name}", kwargs=kwargs)


def _cases():
    for case in CASES:
        for visibility in VISIBILITIES:
            if case.target == "public_entry" and visibility == Visibility.MEMBERS_ONLY:
                continue  # members-only communities have no public entries
            yield pytest.param(case, visibility, id=f"{case.name}-{case.target or 'community'}-{visibility}")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("case", "visibility"), list(_cases()))
def test_permission_matrix(client, db, case, role, visibility):
    world = build_value_world(visibility)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = url_for(case, world)
    response = client.get(url) if case.method == "get" else client.post(url, {"action": "hide"})
    expected = expected_status(case, role, visibility)
    assert response.status_code == expected, f"{role} {case.method.upper()} {url} ({visibility})"
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    if expected == 404:
        assert world.community.name.encode() not in response.content


def test_matrix_covers_every_value_url():
    from django.urls import get_resolver

    names = {
        f"valuecreation:{name}"
        for name in get_resolver().namespace_dict["valuecreation"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == COVERED_URL_NAMES


@pytest.mark.parametrize("role", ["anonymous", "outsider", "developer"])
def test_outsiders_see_only_public_entries_of_a_public_community(client, public_world, role):
    user = public_world.users[role]
    if user:
        client.force_login(user)
    response = client.get(reverse("valuecreation:dashboard", kwargs={"slug": public_world.community.slug}))
    content = response.content.decode()
    assert public_world.public_entry.title in content
    assert public_world.entry.title not in content
    assert public_world.hidden_entry.title not in content
    # No member list leaks through the filter options.
    assert 'name="member"' not in content


def test_hidden_entry_is_visible_to_facilitator_and_author_only(client, public_world):
    url = public_world.hidden_entry.get_absolute_url()
    for role, status in [("facilitator", 200), ("member", 200), ("outsider", 404)]:
        client.force_login(public_world.users[role])
        assert client.get(url).status_code == status, role
    other_member = public_world.users["outsider"]
    public_world.community.memberships.create(user=other_member)
    client.force_login(other_member)
    assert client.get(url).status_code == 404
