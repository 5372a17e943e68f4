"""Who gets what from every discussion and request URL.

Roles × (a thread on a public challenge, a thread of a members-only community,
the user's own thread, a question to the developers of the owner's instrument)
for discussions; roles × (someone else's request, the
user's own) for requests. Invisible objects answer 404 so their existence does
not leak; visible but forbidden actions send visitors to log in and give
everyone else 403. Decided here: everyone reads public threads and requests,
signed-in people write; a members-only community's threads are its members'.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from accounts.roles import Role
from communities.models import Membership, MembershipRole, Visibility
from exchange import services
from exchange.models import ThreadKind
from instruments.models import Instrument
from tests.communities.factories import CommunityFactory
from tests.factories import InstrumentFactory, UserFactory

from .conftest import make_challenge

# No django_db mark: the tests reach the database through a world shared by the tests that read
# the same one (tests/shared.py), each test in a savepoint; the matrices are sorted by world.

ROLES = ["anonymous", "outsider", "member", "facilitator", "owner", "coordinator", "admin"]
MODERATORS = {"coordinator", "admin"}
INSIDERS = {"member", "facilitator"} | MODERATORS


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    target: str  # which object's pk or slug the URL takes


THREAD_CASES = [
    Case("thread_list", "get", "subject"),
    Case("thread_create", "get", "subject"),
    Case("thread_detail", "get", "thread"),
    Case("thread_reply", "post", "thread"),
    Case("thread_answer", "post", "thread"),
    Case("post_edit", "get", "first_post"),
    Case("post_history", "get", "first_post"),
    Case("post_review", "post", "pending_post"),
]
REQUEST_CASES = [
    Case("request_list", "get", "none"),
    Case("request_create", "get", "none"),
    Case("request_detail", "get", "request"),
    Case("request_support", "post", "request"),
    Case("request_suggest", "post", "request"),
    Case("request_fulfil", "post", "request"),
]
COVERED_URL_NAMES = {f"exchange:{c.name}" for c in THREAD_CASES + REQUEST_CASES}


def _users():
    users = {
        "anonymous": None,
        "outsider": UserFactory(name="Otto Buiten"),
        "member": UserFactory(name="Mo Lid"),
        "facilitator": UserFactory(role=Role.FACILITATOR, name="Fien Begeleider"),
        "owner": UserFactory(role=Role.INSTRUMENT_DEVELOPER, name="Dina Ontwikkelaar"),
        "coordinator": UserFactory(role=Role.NETWORK_COORDINATOR),
        "admin": UserFactory(is_staff=True, is_superuser=True),
    }
    InstrumentFactory(title="Warmtescan", owner=users["owner"])
    return users


@override_settings(EXCHANGE_HOLD_FIRST_POSTS=0)
def _thread_world(state, role):
    users = _users()
    community = CommunityFactory(
        name="Besloten Warmte", visibility=Visibility.MEMBERS_ONLY, facilitator=users["facilitator"]
    )
    Membership.objects.create(community=community, user=users["member"], role=MembershipRole.MEMBER)
    subject = {"private": community, "developers": Instrument.objects.get(title="Warmtescan")}.get(
        state
    ) or make_challenge()
    asker = users[role] if state == "own" else UserFactory()
    if state == "private":
        Membership.objects.create(community=community, user=asker, role=MembershipRole.MEMBER)
    thread = services.thread_start(
        actor=asker, subject=subject, title="Geheime vraag", body="Wat werkt?", kind=ThreadKind.QUESTION
    )
    replier = users["member"] if state == "private" else UserFactory()
    reply = services.post_reply(actor=replier, thread=thread, body="Dit werkt.")
    stranger = users["member"] if state == "private" else UserFactory()
    with override_settings(EXCHANGE_HOLD_FIRST_POSTS=50):
        pending = services.post_reply(actor=stranger, thread=thread, body="Wacht op review.")
    return users, subject, thread, reply, pending


def _visible(role, state):
    return state != "private" or role in INSIDERS


def expected_thread(case, role, state):
    if not _visible(role, state):
        return 404
    ok = 200 if case.method == "get" else 302
    if case.name in ("thread_list", "thread_detail"):
        return 200
    if role == "anonymous":
        return 302 if case.name != "post_review" else 404
    if case.name in ("thread_create", "thread_reply"):
        return ok
    if case.name == "thread_answer":
        developer = state == "developers" and role == "owner"
        return ok if state == "own" or developer or role in MODERATORS else 403
    if case.name == "post_edit":
        return ok if state == "own" else 403
    if case.name == "post_history":
        return ok if state == "own" or role in MODERATORS else 403
    if case.name == "post_review":
        # A waiting post is seen by its author and the coordinators only.
        if role in MODERATORS:
            return 302
        return 403 if state == "private" and role == "member" else 404
    raise AssertionError(case)


def _world_key(role, state):
    """The world a case reads: the same for every role, except the role's own thread or request."""
    return (state, role if state == "own" else None)


def _by_world(params):
    return sorted(params, key=lambda param: _world_key(*param.values[1:]))


THREAD_MATRIX = _by_world(
    pytest.param(case, role, state, id=f"{case.name}-{role}-{state}")
    for case in THREAD_CASES
    for role in ROLES
    for state in ("public", "private", "own", "developers")
    if not (role == "anonymous" and state == "own")
)


@pytest.fixture
def _thread_world_once(shared_rows, role, state):
    return shared_rows.get(("thread", *_world_key(role, state)), lambda: _thread_world(state, role))


@pytest.fixture
def thread_world(_thread_world_once, db):
    return _thread_world_once


@pytest.mark.parametrize(("case", "role", "state"), THREAD_MATRIX)
def test_thread_matrix(client, case, role, state, thread_world):
    users, subject, thread, reply, pending = thread_world
    if users[role] is not None:
        client.force_login(users[role])
    if case.target == "subject":
        subject_type = {"private": "community", "developers": "instrument"}.get(state, "challenge")
        kwargs = {"subject": subject_type, "slug": subject.slug}
    else:
        obj = {"thread": thread, "first_post": thread.posts.order_by("id").first(), "pending_post": pending}[
            case.target
        ]
        kwargs = {"pk": obj.pk}
    url = reverse(f"exchange:{case.name}", kwargs=kwargs)
    data = {
        "thread_reply": {"body": "Hallo"},
        "thread_answer": {"post": reply.pk},
        "post_review": {"decision": "approve"},
    }
    response = client.get(url) if case.method == "get" else client.post(url, data.get(case.name, {}))
    expected = expected_thread(case, role, state)
    assert response.status_code == expected, f"{role} {case.name} {state}"
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
    if expected == 404:
        assert b"Geheime vraag" not in response.content
        assert b"Besloten Warmte" not in response.content


def expected_request(case, role, state):
    ok = 200 if case.method == "get" else 302
    if case.name in ("request_list", "request_detail"):
        return 200
    if role == "anonymous":
        return 302
    if case.name == "request_fulfil":
        return ok if state == "own" or role in MODERATORS else 403
    return ok


REQUEST_MATRIX = _by_world(
    pytest.param(case, role, state, id=f"{case.name}-{role}-{state}")
    for case in REQUEST_CASES
    for role in ROLES
    for state in ("others", "own")
    if not (role == "anonymous" and state == "own")
)


def _request_world(state, role):
    users = _users()
    author = users[role] if state == "own" else UserFactory()
    instrument_request = services.request_create(
        actor=author, title="Een kaart van warmtenetten", description="Nodig."
    )
    instrument = InstrumentFactory(title="Warmtekaart")
    return users, instrument_request, instrument


@pytest.fixture
def _request_world_once(shared_rows, role, state):
    return shared_rows.get(("request", *_world_key(role, state)), lambda: _request_world(state, role))


@pytest.fixture
def request_world(_request_world_once, db):
    return _request_world_once


@pytest.mark.parametrize(("case", "role", "state"), REQUEST_MATRIX)
def test_request_matrix(client, case, role, state, request_world):
    users, instrument_request, instrument = request_world
    if users[role] is not None:
        client.force_login(users[role])
    kwargs = {"pk": instrument_request.pk} if case.target == "request" else None
    url = reverse(f"exchange:{case.name}", kwargs=kwargs)
    data = {
        "request_suggest": {"instrument": instrument.slug, "note": "Past goed."},
        "request_fulfil": {"action": "fulfil", "instrument": instrument.slug},
    }
    response = client.get(url) if case.method == "get" else client.post(url, data.get(case.name, {}))
    expected = expected_request(case, role, state)
    assert response.status_code == expected, f"{role} {case.name} {state}"
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
