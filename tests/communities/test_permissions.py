"""Who gets what from every community URL: one matrix of role × URL × visibility.

Members-only communities answer 404 to anonymous visitors and outsiders on
every URL, so their existence does not leak; visible but forbidden pages send
anonymous visitors to log in and give everyone else 403.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse

from communities.models import Visibility

from .conftest import build_world
from .factories import next_weekday

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator", "admin"]
VISIBILITIES = [Visibility.PUBLIC, Visibility.MEMBERS_ONLY]

EDITORS = {"facilitator", "coordinator", "admin"}
INSIDERS = {"member", "facilitator", "coordinator", "admin"}
PARTICIPANTS = {"member", "facilitator"}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    kind: str  # who may: list, create, public, edit, workspace, participate, join, invitation
    kwargs: str = ""  # which object ids the URL needs
    data: tuple = ()


CASES = [
    Case("list", "get", "list"),
    Case("create", "get", "create"),
    Case("detail", "get", "public"),
    Case("edit", "get", "edit"),
    Case("partners", "get", "edit"),
    Case("partner_remove", "post", "edit", "partnership"),
    Case("members", "get", "workspace"),
    Case("invite", "get", "edit"),
    Case("member_remove", "post", "edit", "membership"),
    Case("member_handover", "post", "edit", "membership"),
    Case("join", "post", "join", data=(("message", "Ik doe graag mee."),)),
    Case("join_approve", "post", "edit", "join_request"),
    Case("join_decline", "post", "edit", "join_request"),
    Case("leave", "post", "participate"),
    Case("learning_goal", "get", "participate"),
    Case("building_blocks", "get", "edit"),
    Case("plan", "get", "edit"),
    Case("schedule", "get", "edit"),
    Case("sprint_create", "get", "edit"),
    Case("sprint_edit", "get", "edit", "sprint"),
    Case("timeline", "get", "workspace"),
    Case("standup_create", "post", "edit", data=(("date", "NEXT_MONDAY"),)),
    Case("standup_detail", "get", "workspace", "standup"),
    Case("standup_answer", "post", "participate", "standup", (("did", "Gemeten"), ("will_do", "Tekenen"))),
    Case("standup_park", "post", "edit", "standup", (("text", "Wie bestelt de laser?"),)),
    Case("standup_report", "post", "edit", "standup", (("report", "Voortgang goed; laser besteld."),)),
    Case("standup_close", "post", "edit", "standup"),
    Case("instrument_use", "get", "participate"),
    Case("invitation", "get", "invitation", "token"),
]

COVERED_URL_NAMES = {f"communities:{case.name}" for case in CASES}


def expected_status(case: Case, role: str, visibility: str) -> int:
    success = 200 if case.method == "get" else 302
    if case.kind == "list":
        return 200
    if case.kind == "create":
        return success if role in EDITORS else (302 if role == "anonymous" else 403)
    if case.kind == "invitation":
        # The token is the key: its holder may sign up; a logged-in stranger is told it is not theirs.
        return 200 if role == "anonymous" else 403
    if visibility == Visibility.MEMBERS_ONLY and role in ("anonymous", "outsider"):
        return 404
    allowed = {
        "public": set(ROLES),
        "edit": EDITORS,
        "workspace": INSIDERS,
        "participate": PARTICIPANTS,
        "join": {"outsider", "coordinator", "admin"} if visibility == Visibility.PUBLIC else set(),
    }[case.kind]
    if role in allowed:
        return success
    return 302 if role == "anonymous" else 403


def url_for(case: Case, world) -> str:
    if case.kind in ("list", "create"):
        return reverse(f"communities:{case.name}")
    if case.kwargs == "token":
        return reverse("communities:invitation", kwargs={"token": world.invitation.token})
    kwargs = {"slug": world.community.slug}
    if case.kwargs == "partnership":
        kwargs["pk"] = world.partnership.pk
    elif case.kwargs == "membership":
        kwargs["pk"] = world.member_membership.pk
    elif case.kwargs == "join_request":
        kwargs["pk"] = world.join_request.pk
    elif case.kwargs == "sprint":
        kwargs["number"] = world.sprint.number
    elif case.kwargs == "standup":
        kwargs["pk"] = world.standup.pk
    return reverse(f"communities:{case.name}", kwargs=kwargs)


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_permission_matrix(client, db, case, role, visibility):
    world = build_world(visibility)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = url_for(case, world)
    data = {
        key: (next_weekday(0).isoformat() if value == "NEXT_MONDAY" else value) for key, value in case.data
    }
    response = client.get(url) if case.method == "get" else client.post(url, data)
    expected = expected_status(case, role, visibility)
    assert response.status_code == expected, f"{role} {case.method.upper()} {url} ({visibility})"
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    if expected == 404:
        assert world.community.name.encode() not in response.content


def test_matrix_covers_every_community_url():
    from django.urls import get_resolver

    resolver = get_resolver()
    names = {
        f"communities:{name}"
        for name in resolver.namespace_dict["communities"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == COVERED_URL_NAMES
