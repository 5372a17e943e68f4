"""Who may reach which moderation view, for every role and object visibility.

``COVERED_URL_NAMES`` feeds tests/test_url_coverage.py.
"""

import pytest
from django.urls import reverse

from communities.models import Visibility
from instruments import services as instrument_services
from instruments.models import InstrumentStatus
from moderation import services
from moderation.models import FlaggedItem
from moderation.registry import KINDS
from tests.communities.factories import CommunityFactory
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

ROLES = ["anonymous", "member", "facilitator", "developer", "coordinator", "admin"]
MODERATORS = {"coordinator", "admin"}
LOGIN = 302

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_user):
    developer = make_user("developer")
    submitted = InstrumentFactory(title="Wacht", owner=developer, status=InstrumentStatus.SUBMITTED)
    live = InstrumentFactory(title="Live", owner=developer)
    revision = instrument_services.revision_propose(actor=developer, instrument=live, data={"title": "Nieuw"})
    review = instrument_services.review_save(actor=UserFactory(), instrument=live, rating=1, text="spam")
    services.report_create(actor=UserFactory(), kind=KINDS["review"], obj=review, reason="spam")
    return {
        "submitted": submitted,
        "revision": revision,
        "item": FlaggedItem.objects.get(),
        "person": UserFactory(),
    }


# url name -> (kwargs from world, GET ok, POST data)
COORDINATOR_VIEWS = {
    "moderation:queue": (lambda w: {}, None),
    "moderation:log": (lambda w: {}, None),
    "moderation:instrument": (lambda w: {"slug": w["submitted"].slug}, {"action": "approve"}),
    "moderation:revision": (lambda w: {"pk": w["revision"].pk}, {"action": "approve_revision"}),
    "moderation:item": (lambda w: {"pk": w["item"].pk}, {"action": "keep"}),
    "moderation:account": (lambda w: {"pk": w["person"].pk}, {"action": "suspend", "reason": "Test"}),
}


def _expected(role: str, success: int) -> int:
    if role == "anonymous":
        return LOGIN
    return success if role in MODERATORS else 403


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", list(COORDINATOR_VIEWS))
def test_coordinator_pages(client, make_user, world, url_name, role):
    user = make_user(role)
    if user:
        client.force_login(user)
    kwargs, _data = COORDINATOR_VIEWS[url_name]
    response = client.get(reverse(url_name, kwargs=kwargs(world)))
    assert response.status_code == _expected(role, 200)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url_name", [name for name, (_kw, data) in COORDINATOR_VIEWS.items() if data])
def test_coordinator_actions(client, make_user, world, url_name, role):
    user = make_user(role)
    if user:
        client.force_login(user)
    kwargs, data = COORDINATOR_VIEWS[url_name]
    response = client.post(reverse(url_name, kwargs=kwargs(world)), data)
    assert response.status_code == _expected(role, 302)
    world["submitted"].refresh_from_db()
    world["person"].refresh_from_db()
    changed = {
        "moderation:instrument": world["submitted"].status == InstrumentStatus.PUBLISHED,
        "moderation:account": not world["person"].is_active,
        "moderation:item": FlaggedItem.objects.get().state == "kept",
        "moderation:revision": world["revision"]
        .instrument.__class__.objects.get(pk=world["revision"].instrument_id)
        .title
        == "Nieuw",
    }[url_name]
    assert changed == (role in MODERATORS)


def test_moderation_posts_need_csrf(make_user, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("coordinator"))
    response = client.post(
        reverse("moderation:instrument", args=[world["submitted"].slug]), {"action": "approve"}
    )
    assert response.status_code == 403


# --- Reporting: any logged-in user, on what they can see, not their own ----------------


def _targets(make_user, state):
    facilitator = make_user("facilitator")
    developer = make_user("developer")
    if state == "visible":
        live = InstrumentFactory(owner=developer)
        return {
            "review": instrument_services.review_save(actor=UserFactory(), instrument=live, rating=3),
            "experience": ExperienceFactory(instrument=live, author=UserFactory()),
            "instrument": live,
            "community": CommunityFactory(facilitator=facilitator),
        }
    hidden = InstrumentFactory(owner=developer, status=InstrumentStatus.SUBMITTED)
    return {
        "instrument": hidden,
        "community": CommunityFactory(facilitator=facilitator, visibility=Visibility.MEMBERS_ONLY),
    }


REPORT_CASES = [
    pytest.param(kind, state, role, id=f"{kind}-{state}-{role}")
    for state, kinds in (
        ("visible", ["review", "experience", "instrument", "community"]),
        ("invisible", ["instrument", "community"]),
    )
    for kind in kinds
    for role in ROLES
]


@pytest.mark.parametrize(("kind", "state", "role"), REPORT_CASES)
def test_report_form(client, make_user, kind, state, role):
    user = make_user(role)
    target = _targets(make_user, state)[kind]
    if user:
        client.force_login(user)
    url = reverse("moderation:report", kwargs={"kind": kind, "pk": target.pk})
    get = client.get(url)
    post = client.post(url, {"reason": "spam"})
    if role == "anonymous":
        assert get.status_code == post.status_code == LOGIN
    elif state == "invisible" and role not in MODERATORS:
        assert get.status_code == post.status_code == 404  # never confirms it exists
    else:
        assert get.status_code == 200 and post.status_code == 302


def test_report_of_own_contribution_is_refused(client, make_user):
    author = make_user("member")
    review = instrument_services.review_save(actor=author, instrument=InstrumentFactory(), rating=3)
    client.force_login(author)
    response = client.post(reverse("moderation:report", args=["review", review.pk]), {"reason": "spam"})
    assert response.status_code == 302
    assert not FlaggedItem.objects.exists()


def test_report_of_a_value_entry_follows_its_visibility(client, make_user):
    pytest.importorskip("valuecreation.models")
    from tests.communities.factories import MembershipFactory
    from tests.valuecreation.factories import ValueEntryFactory

    community = CommunityFactory(facilitator=make_user("facilitator"))
    author = UserFactory()
    MembershipFactory(community=community, user=author)
    public = ValueEntryFactory(community=community, author=author, visibility="public")
    internal = ValueEntryFactory(community=community, author=author, visibility="community")
    client.force_login(UserFactory())
    assert client.get(reverse("moderation:report", args=["valueentry", public.pk])).status_code == 200
    assert client.get(reverse("moderation:report", args=["valueentry", internal.pk])).status_code == 404


COVERED_URL_NAMES = set(COORDINATOR_VIEWS) | {"moderation:report"}
