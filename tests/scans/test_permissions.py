"""Who gets what from every scans URL: role × URL × community visibility.

Members-only communities answer 404 to anonymous visitors and outsiders on
every URL. Also in a public community, scans and canvases are for the
community itself (and coordinators): outsiders get 403, anonymous visitors
are sent to log in. Only members answer and edit canvases; only the
community's facilitators open and close rounds and export results.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import reverse

from communities.models import Visibility

from .conftest import build_world

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator", "admin"]
VISIBILITIES = [Visibility.PUBLIC, Visibility.MEMBERS_ONLY]

INSIDERS = {"member", "facilitator", "coordinator", "admin"}
PARTICIPANTS = {"member", "facilitator"}
FACILITATORS = {"facilitator"}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    allowed: frozenset
    target: str = ""  # which object the URL needs
    data: tuple = ()
    success: int | None = None


CASES = [
    Case("community_scans", "get", INSIDERS),
    Case("round_open", "get", FACILITATORS),
    Case("round_detail", "get", INSIDERS, "closed_round"),
    Case("round_answer", "post", PARTICIPANTS, "open_round", (("ANSWERS", "3"),)),
    Case("round_close", "post", FACILITATORS, "open_round"),
    Case("scan_results", "get", INSIDERS, "scan"),
    Case("scan_print", "get", INSIDERS, "scan"),
    Case("scan_export", "get", FACILITATORS, "scan"),
    Case("canvas_create", "get", PARTICIPANTS),
    Case("canvas_detail", "get", INSIDERS, "sheet"),
    Case("canvas_edit", "get", PARTICIPANTS, "sheet"),
    Case("canvas_version", "get", INSIDERS, "version"),
    Case("canvas_print", "get", INSIDERS, "sheet"),
    Case("scan_start", "get", FACILITATORS, "start_scan", success=302),
    Case("canvas_start", "get", PARTICIPANTS, "start_canvas", success=302),
]

COVERED_URL_NAMES = {f"scans:{case.name}" for case in CASES}


def expected_status(case: Case, role: str, visibility: str) -> int:
    success = case.success or (200 if case.method == "get" else 302)
    if case.target.startswith("start_"):
        # Starting from the instrument page: the community must be one of the user's own.
        if role == "anonymous":
            return 302
        return success if role in case.allowed else 404
    if visibility == Visibility.MEMBERS_ONLY and role in ("anonymous", "outsider"):
        return 404
    if role in case.allowed:
        return success
    return 302 if role == "anonymous" else 403


def url_for(case: Case, world) -> str:
    slug = world.community.slug
    if case.target == "start_scan":
        return reverse("scans:scan_start", kwargs={"scan_slug": world.scan.slug}) + f"?community={slug}"
    if case.target == "start_canvas":
        return (
            reverse("scans:canvas_start", kwargs={"canvas_slug": world.sheet.canvas.slug})
            + f"?community={slug}"
        )
    kwargs = {"slug": slug}
    if case.target in ("open_round", "closed_round"):
        kwargs["pk"] = getattr(world, case.target).pk
    elif case.target == "scan":
        kwargs["scan_slug"] = world.scan.slug
    elif case.target == "sheet":
        kwargs["pk"] = world.sheet.pk
    elif case.target == "version":
        kwargs.update(pk=world.sheet.pk, number=1)
    return reverse(f"scans:{case.name}", kwargs=kwargs)


def post_data(case: Case, world) -> dict:
    if dict(case.data).get("ANSWERS"):
        items = [i for d in world.open_round.scan.dimensions.all() for i in d.items.all()]
        return {f"item_{item.pk}": "3" for item in items}
    return dict(case.data)


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_permission_matrix(client, db, case, role, visibility):
    world = build_world(visibility)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = url_for(case, world)
    response = client.get(url) if case.method == "get" else client.post(url, post_data(case, world))
    expected = expected_status(case, role, visibility)
    assert response.status_code == expected, f"{role} {case.method.upper()} {url} ({visibility})"
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    if expected in (403, 404):
        assert world.community.name.encode() not in response.content
        assert b"Vertrouwelijk antwoord" not in response.content


def test_matrix_covers_every_scans_url():
    from django.urls import get_resolver

    resolver = get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) == "scans":
            names |= {f"scans:{p.name}" for p in pattern.url_patterns}
    assert names == COVERED_URL_NAMES
