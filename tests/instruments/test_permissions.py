"""Who may reach which catalogue view, for every role and instrument state.

One row per (URL name, object state, role). ``COVERED_URL_NAMES`` feeds the
meta-test in tests/test_url_coverage.py: every project URL must appear in some
matrix, so each new view has to declare who may see it.
"""

import pytest
from django.urls import reverse

from instruments.models import Bookmark, Experience, InstrumentStatus, Review
from tests.factories import InstrumentFactory

ROLES = ["anonymous", "member", "facilitator", "developer", "coordinator", "admin"]
LOGGED_IN = ROLES[1:]
NON_MODERATORS = ["member", "facilitator", "developer"]
MODERATORS = ["coordinator", "admin"]
LOGIN = 302  # anonymous users are sent to the login page

# url name -> (method, post data)
OBJECT_VIEWS = {
    "instruments:detail": ("get", None),
    "instruments:edit": ("get", None),
    "instruments:review": ("post", {"rating": "4", "text": "Goed"}),
    "instruments:experience": ("post", {"what_worked": "Werkte", "would_use_again": "yes"}),
    "instruments:bookmark": ("post", {}),
}


def expected(url_name: str, state: str, role: str) -> int:
    if role == "anonymous":
        if url_name == "instruments:detail":
            return 200 if state == "published" else 404
        return LOGIN
    visible = state in ("published", "own_submitted") or role in MODERATORS
    if not visible:
        return 404
    if url_name == "instruments:detail":
        return 200
    if url_name == "instruments:edit":
        if role in MODERATORS or state == "own_submitted":
            return 200
        return 302  # back to the page with "you cannot edit this instrument"
    return 302  # POST actions redirect (with a success or an explanation)


MATRIX = [
    pytest.param(url_name, state, role, expected(url_name, state, role), id=f"{url_name}-{state}-{role}")
    for url_name in OBJECT_VIEWS
    for state in ("published", "own_submitted", "others_submitted")
    for role in ROLES
    if not (role == "anonymous" and state == "own_submitted")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "state", "role", "status"), MATRIX)
def test_instrument_object_views(client, make_user, url_name, state, role, status):
    user = make_user(role)
    owner = user if state == "own_submitted" else make_user("developer")
    instrument = InstrumentFactory(
        owner=owner,
        status=InstrumentStatus.PUBLISHED if state == "published" else InstrumentStatus.SUBMITTED,
    )
    if user:
        client.force_login(user)
    method, data = OBJECT_VIEWS[url_name]
    url = reverse(url_name, kwargs={"slug": instrument.slug})
    response = client.get(url) if method == "get" else client.post(url, data)
    assert response.status_code == status
    if role == "anonymous" and status == LOGIN:
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", LOGGED_IN)
@pytest.mark.parametrize("state", ["own_submitted", "others_submitted"])
def test_unpublished_instruments_collect_no_reviews_or_experiences(client, make_user, role, state):
    user = make_user(role)
    owner = user if state == "own_submitted" else make_user("developer")
    instrument = InstrumentFactory(owner=owner, status=InstrumentStatus.SUBMITTED)
    client.force_login(user)
    client.post(reverse("instruments:review", args=[instrument.slug]), {"rating": "5"})
    client.post(
        reverse("instruments:experience", args=[instrument.slug]),
        {"what_worked": "x", "would_use_again": "yes"},
    )
    assert not Review.objects.exists()
    assert not Experience.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_bookmark_of_a_hidden_instrument_is_not_created(client, make_user, role):
    user = make_user(role)
    instrument = InstrumentFactory(owner=make_user("developer"), status=InstrumentStatus.SUBMITTED)
    if user:
        client.force_login(user)
    client.post(reverse("instruments:bookmark", args=[instrument.slug]))
    assert Bookmark.objects.exists() == (role in MODERATORS)


PAGE_VIEWS = [
    "home:home",
    "core:healthz",
    "instruments:list",
    "instruments:submit",
    "instruments:mine",
    "instruments:toolbox",
    "accounts:profile",
]
PUBLIC_PAGES = {"home:home", "core:healthz", "instruments:list"}

PAGE_MATRIX = [
    pytest.param(
        name, role, 200 if (name in PUBLIC_PAGES or role != "anonymous") else LOGIN, id=f"{name}-{role}"
    )
    for name in PAGE_VIEWS
    for role in ROLES
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "role", "status"), PAGE_MATRIX)
def test_pages(client, make_user, url_name, role, status):
    user = make_user(role)
    if user:
        client.force_login(user)
    assert client.get(reverse(url_name)).status_code == status


# --- Supply side: history, revert, insights, co-owners (owners and coordinators only) ---

SUPPLY_VIEWS = {
    "instruments:history": "get",
    "instruments:insights": "get",
    "instruments:owners": "get",
    "instruments:revert": "post",
    "instruments:owner_remove": "post",
}


def expected_supply(url_name: str, state: str, role: str) -> int:
    if role == "anonymous":
        return LOGIN
    manages = role in MODERATORS or state == "own_submitted"
    if not manages:
        return 404  # never tells outsiders more than the public page does
    if url_name == "instruments:revert":
        return 302 if role in MODERATORS else 403
    return 302 if url_name == "instruments:owner_remove" else 200


SUPPLY_MATRIX = [
    pytest.param(
        url_name, state, role, expected_supply(url_name, state, role), id=f"{url_name}-{state}-{role}"
    )
    for url_name in SUPPLY_VIEWS
    for state in ("published", "own_submitted", "others_submitted")
    for role in ROLES
    if not (role == "anonymous" and state == "own_submitted")
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "state", "role", "status"), SUPPLY_MATRIX)
def test_supply_side_views(client, make_user, url_name, state, role, status):
    from instruments import services
    from instruments.models import ChangeAction, InstrumentChange

    user = make_user(role)
    owner = user if state == "own_submitted" else make_user("developer")
    instrument = InstrumentFactory(
        owner=owner,
        status=InstrumentStatus.PUBLISHED if state == "published" else InstrumentStatus.SUBMITTED,
    )
    co_owner = make_user("developer")
    instrument.owners.add(co_owner)
    services.instrument_update(actor=owner, instrument=instrument, data={"summary": "Gewijzigd"})
    change = InstrumentChange.objects.get(instrument=instrument, action=ChangeAction.EDITED)
    if user:
        client.force_login(user)
    kwargs = {"slug": instrument.slug}
    if url_name == "instruments:revert":
        kwargs["pk"] = change.pk
    if url_name == "instruments:owner_remove":
        kwargs["user_id"] = co_owner.pk
    url = reverse(url_name, kwargs=kwargs)
    response = client.get(url) if SUPPLY_VIEWS[url_name] == "get" else client.post(url, {})
    assert response.status_code == status
    instrument.refresh_from_db()
    acted = status == 302 and role != "anonymous"
    if url_name == "instruments:revert":
        assert (instrument.summary == "Een korte samenvatting.") == acted
    if url_name == "instruments:owner_remove":
        assert instrument.owners.filter(pk=co_owner.pk).exists() == (not acted)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_owner_invitation_link(client, make_user, role):
    from instruments import services

    owner = make_user("developer")
    instrument = InstrumentFactory(owner=owner)
    invitation = services.owner_invite(actor=owner, instrument=instrument, email="someone@example.org")
    user = make_user(role)
    if user:
        client.force_login(user)
    url = reverse("instruments:owner_invitation", args=[invitation.token])
    response = client.get(url)
    assert response.status_code == (LOGIN if role == "anonymous" else 200)
    client.post(url)
    # Nobody but the invited address can accept, whatever their role.
    assert list(instrument.owners.all()) == [owner]
    if user:
        assert client.get(reverse("instruments:owner_invitation", args=["not-a-token"])).status_code == 404


COVERED_URL_NAMES = set(OBJECT_VIEWS) | set(PAGE_VIEWS) | set(SUPPLY_VIEWS) | {"instruments:owner_invitation"}
