"""Who gets what from every exchange URL: role × URL × public/members-only × own/other's.

Challenge URLs are checked for an active challenge, the user's own proposal
and someone else's proposal; community URLs (links and steps) for a public
and a members-only community. Invisible objects answer 404 so their existence
does not leak; visible but forbidden pages send anonymous visitors to log in
and give everyone else 403.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse

from communities.models import Visibility
from exchange import services

from .conftest import ROLES, build_world

EDITORS = {"facilitator", "coordinator", "admin"}
MODERATORS = {"coordinator", "admin"}
SIGNED_IN = set(ROLES) - {"anonymous"}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    kind: str
    data: tuple = ()


CHALLENGE_CASES = [
    Case("challenge_detail", "get", "view"),
    Case("challenge_edit", "get", "manage"),
    Case("challenge_status", "post", "manage", (("status", "archived"),)),
]
COMMUNITY_CASES = [
    Case("community_challenges", "get", "edit"),
    Case("step_create", "get", "edit"),
    Case("step_detail", "get", "step"),
    Case("step_edit", "get", "edit"),
    Case("step_delete", "post", "edit"),
]
LIST_CASES = [
    Case("challenge_list", "get", "everyone"),
    Case("challenge_propose", "get", "signed_in"),
    Case("challenge_create", "get", "manage"),
]
COVERED_URL_NAMES = {f"exchange:{c.name}" for c in CHALLENGE_CASES + COMMUNITY_CASES + LIST_CASES}


def _denied(role):
    return 302 if role == "anonymous" else 403


def expected_list(case, role):
    success = 200
    allowed = {"everyone": set(ROLES), "signed_in": SIGNED_IN, "manage": MODERATORS}[case.kind]
    return success if role in allowed else _denied(role)


def expected_challenge(case, role, state):
    success = 200 if case.method == "get" else 302
    if state == "own_proposal" and role in MODERATORS:
        state = "active"  # a coordinator's proposal is active at once
    visible = state == "active" or role in MODERATORS or (state == "own_proposal" and role != "anonymous")
    if not visible:
        return 404
    if case.kind == "view":
        return success
    # manage
    return success if role in MODERATORS else _denied(role)


def expected_community(case, role, visibility):
    success = 200 if case.method == "get" else 302
    if visibility == Visibility.MEMBERS_ONLY and role in ("anonymous", "outsider"):
        return 404
    if case.kind == "step":
        # Steps are public logbook entries: gone once the community is members-only (coordinators moderate).
        return 200 if visibility == Visibility.PUBLIC or role in MODERATORS else 404
    return success if role in EDITORS else _denied(role)


def _login(client, user):
    if user is not None:
        client.force_login(user)


def _request(client, case, url):
    return client.get(url) if case.method == "get" else client.post(url, dict(case.data))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", LIST_CASES, ids=lambda c: c.name)
def test_list_pages(client, public_world, case, role):
    _login(client, public_world.users[role])
    response = _request(client, case, reverse(f"exchange:{case.name}"))
    expected = expected_list(case, role)
    assert response.status_code == expected, f"{role} {case.name}"
    if expected == 302:
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))


CHALLENGE_MATRIX = [
    pytest.param(case, role, state, id=f"{case.name}-{role}-{state}")
    for case in CHALLENGE_CASES
    for role in ROLES
    for state in ("active", "own_proposal", "others_proposal")
    if not (role == "anonymous" and state == "own_proposal")  # a visitor proposes nothing
]


@pytest.mark.parametrize(("case", "role", "state"), CHALLENGE_MATRIX)
def test_challenge_matrix(client, public_world, case, role, state):
    user = public_world.users[role]
    challenge = {
        "active": public_world.challenge,
        "others_proposal": public_world.others_proposal,
    }.get(state)
    if state == "own_proposal":
        challenge = services.challenge_propose(actor=user, title=f"Voorstel van {role}", description="Idee.")
    _login(client, user)
    response = _request(client, case, reverse(f"exchange:{case.name}", kwargs={"slug": challenge.slug}))
    expected = expected_challenge(case, role, state)
    assert response.status_code == expected, f"{role} {case.name} {state}"
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    if expected == 404:
        assert challenge.title.encode() not in response.content


# Sorted by visibility: the tests of one world run one after the other (tests/shared.py).
COMMUNITY_MATRIX = [
    pytest.param(case, role, visibility, id=f"{case.name}-{role}-{visibility}")
    for visibility in (Visibility.PUBLIC, Visibility.MEMBERS_ONLY)
    for case in COMMUNITY_CASES
    for role in ROLES
]


@pytest.fixture
def _world_once(shared_rows, visibility):
    return shared_rows.get(("exchange", visibility), lambda: build_world(visibility))


@pytest.fixture
def world(_world_once, db):
    return _world_once


@pytest.mark.parametrize(("case", "role", "visibility"), COMMUNITY_MATRIX)
def test_community_matrix(client, world, case, role, visibility):
    _login(client, world.users[role])
    kwargs = {"slug": world.community.slug}
    if case.name.startswith("step_") and case.name != "step_create":
        kwargs["pk"] = world.step.pk
    response = _request(client, case, reverse(f"exchange:{case.name}", kwargs=kwargs))
    expected = expected_community(case, role, visibility)
    assert response.status_code == expected, f"{role} {case.name} {visibility}"
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    if expected == 404:
        assert world.community.name.encode() not in response.content
        assert world.step.title.encode() not in response.content
