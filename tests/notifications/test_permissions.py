"""Who may use which notifications URL, for every role; a guessed id of what one may not see is 404."""

import pytest
from django.urls import reverse

from communities.models import Visibility
from instruments.models import InstrumentStatus
from notifications import selectors, services
from notifications.models import Delivery, Notification, NotificationKind
from tests.communities.factories import CommunityFactory, UserFactory
from tests.factories import InstrumentFactory

pytestmark = pytest.mark.django_db

COVERED_URL_NAMES = {
    "notifications:list",
    "notifications:mark_read",
    "notifications:mark_all_read",
    "notifications:follow",
    "notifications:unsubscribe",
    "notifications:preferences",
}
ROLES = ["anonymous", "member", "facilitator", "developer", "coordinator", "admin"]
LOGGED_IN = ROLES[1:]
MODERATORS = {"coordinator", "admin"}
LOGIN = 302


def _notify(user, target, key="k"):
    services.notify(
        kind=NotificationKind.ROLE_DECISION,
        event_key=key,
        recipients=[user],
        target=target,
        can_see=lambda u: True,
    )
    return Notification.objects.get(event_key=key, recipient=user)


def _login(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["notifications:list", "notifications:preferences"])
def test_pages(client, make_user, role, name):
    user = make_user(role)
    response = _login(client, user).get(reverse(name))
    if role == "anonymous":
        assert response.status_code == LOGIN
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("whose", ["own", "other"])
def test_mark_read(client, make_user, role, whose):
    user = make_user(role)
    owner = user if (whose == "own" and user) else UserFactory()
    notification = _notify(owner, CommunityFactory())
    url = reverse("notifications:mark_read", kwargs={"pk": notification.pk})
    assert _login(client, user).get(url).status_code == (LOGIN if role == "anonymous" else 405)
    response = client.post(url)
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.is_read == (whose == "own" and role != "anonymous")


@pytest.mark.parametrize("role", ROLES)
def test_mark_all_read_touches_only_ones_own(client, make_user, role):
    user = make_user(role)
    other = UserFactory()
    _notify(other, CommunityFactory(), key="theirs")
    if user:
        _notify(user, CommunityFactory(), key="mine")
    response = _login(client, user).post(reverse("notifications:mark_all_read"))
    assert response.status_code == 302
    assert selectors.unread_count(other) == 1
    if user:
        assert selectors.unread_count(user) == 0


def _follow_status(role: str, state: str) -> int:
    if role == "anonymous":
        return LOGIN
    if state == "published" or role in MODERATORS or state == "own_submitted":
        return 302
    return 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", ["published", "own_submitted", "others_submitted"])
def test_follow_an_instrument(client, make_user, role, state):
    user = make_user(role)
    owner = user if (state == "own_submitted" and user) else make_user("developer")
    instrument = InstrumentFactory(
        owner=owner,
        status=InstrumentStatus.PUBLISHED if state == "published" else InstrumentStatus.SUBMITTED,
    )
    data = {"target_type": "instruments.instrument", "target_id": instrument.pk, "action": "follow"}
    response = _login(client, user).post(reverse("notifications:follow"), data)
    status = _follow_status(role, state)
    assert response.status_code == status
    if user:
        assert selectors.is_following(user, instrument) == (status == 302)
        client.post(reverse("notifications:follow"), {**data, "action": "unfollow"})
        assert not selectors.is_following(user, instrument)


@pytest.mark.parametrize(
    "target_type",
    ["communities.community", "accounts.user", "notifications.notification", "nonsense", ""],
)
def test_follow_answers_404_for_what_cannot_be_followed(client, target_type):
    user = UserFactory()
    community = CommunityFactory(visibility=Visibility.MEMBERS_ONLY)
    response = _login(client, user).post(
        reverse("notifications:follow"),
        {"target_type": target_type, "target_id": community.pk, "action": "follow"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("target_id", ["0", "-1", "abc", "99999999999999999999999", ""])
def test_follow_answers_404_for_bad_ids(client, target_id):
    response = _login(client, UserFactory()).post(
        reverse("notifications:follow"),
        {"target_type": "instruments.instrument", "target_id": target_id, "action": "follow"},
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_unsubscribe_works_for_anyone_holding_the_token(client, make_user, role):
    recipient = UserFactory()
    token = services.unsubscribe_token(recipient, NotificationKind.MENTION)
    url = reverse("notifications:unsubscribe", kwargs={"token": token})
    client = _login(client, make_user(role))
    assert client.get(url).status_code == 200
    assert selectors.preferences_of(recipient)["mention"] == Delivery.MAIL
    assert client.post(url).status_code == 200
    assert selectors.preferences_of(recipient)["mention"] == Delivery.APP


@pytest.mark.parametrize("token", ["nonsense", "x" * 500, "eyJ1IjoxfQ:1abc:def"])
def test_unsubscribe_with_a_bad_token_is_404(client, token):
    assert client.get(reverse("notifications:unsubscribe", kwargs={"token": token})).status_code == 404
    assert client.post(reverse("notifications:unsubscribe", kwargs={"token": token})).status_code == 404


def test_huge_notification_id_is_not_a_server_error(client):
    client.force_login(UserFactory())
    response = client.post(reverse("notifications:mark_read", kwargs={"pk": 10**30}))
    assert response.status_code == 302
