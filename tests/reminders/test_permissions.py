"""Who gets what from every reminders URL: role × URL × community visibility.

Feeds are read by calendar apps without a session: the plain feed is for
public communities only, the token feed stands for the token's owner and
answers 404 unless that user sees the community's workspace. Unsubscribe
links are authenticated by their signature, so every role gets the same page.
"""

import pytest
from django.urls import reverse

from communities.models import Visibility
from reminders import services
from reminders.models import ReminderKind
from tests.communities.conftest import build_world

COVERED_URL_NAMES = {
    "reminders:preferences",
    "reminders:calendar_reset",
    "reminders:unsubscribe",
    "reminders:calendar",
    "reminders:calendar_private",
    "reminders:calendar_create",
    "reminders:calendar_revoke",
}

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator", "admin"]
VISIBILITIES = [Visibility.PUBLIC, Visibility.MEMBERS_ONLY]
WORKSPACE = {"member", "facilitator", "coordinator", "admin"}


def expected(name, role, visibility):
    if name == "preferences":
        return 302 if role == "anonymous" else 200
    if name == "calendar_reset":
        return 302  # to login for anonymous, back to the preferences for everyone else
    if name == "unsubscribe":
        return 200
    if name == "calendar":
        return 200 if visibility == Visibility.PUBLIC else 404
    if name == "calendar_private":
        return 200 if role in WORKSPACE else 404
    if name == "calendar_create":
        # Login for anonymous; a link only for those who see the workspace, 404 for the rest.
        return 302 if role == "anonymous" or role in WORKSPACE else 404
    if name == "calendar_revoke":
        # Each person revokes only their own links: the member's link is a 404 for everyone else.
        return 302 if role in ("anonymous", "member") else 404
    raise AssertionError(name)


@pytest.mark.django_db
@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(n.split(":")[1] for n in COVERED_URL_NAMES))
def test_matrix(name, role, visibility, client):
    world = build_world(visibility)
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    slug = world.community.slug
    owner = user or world.users["member"]
    method, kwargs, data = "get", {}, {}
    if name == "calendar_reset":
        method = "post"
    elif name == "calendar_create":
        method, kwargs = "post", {"slug": slug}
    elif name == "calendar_revoke":
        feed = services.calendar_feed_create(actor=world.users["member"], community=world.community)
        method, kwargs = "post", {"pk": feed.pk}
    elif name == "unsubscribe":
        kwargs = {"token": services.unsubscribe_token(owner, ReminderKind.STANDUP)}
    elif name == "calendar":
        kwargs = {"slug": slug}
    elif name == "calendar_private":
        token = services.calendar_token_for(user, world.community) if user else "not-a-token"
        kwargs = {"slug": slug, "token": token}
    response = getattr(client, method)(reverse(f"reminders:{name}", kwargs=kwargs), data)
    assert response.status_code == expected(name, role, visibility)
    if name == "calendar_reset":
        target = "/accounts/login/" if role == "anonymous" else "/profile/reminders/"
        assert response["Location"].startswith(target)
    if response.status_code == 404 and visibility == Visibility.MEMBERS_ONLY:
        assert world.community.name.encode() not in response.content


@pytest.mark.django_db
def test_community_panel_offers_the_right_feed(client_for):
    world = build_world(Visibility.PUBLIC)
    page = client_for(world.users["outsider"]).get(world.community.get_absolute_url()).content.decode()
    assert f"/communities/{world.community.slug}/calendar.ics" in page
    assert "/calendar/" not in page
    page = client_for(world.users["member"]).get(world.community.get_absolute_url()).content.decode()
    assert f'action="/communities/{world.community.slug}/calendar-link/"' in page
    token = services.calendar_token_for(world.users["member"], world.community)
    page = client_for(world.users["member"]).get(world.community.get_absolute_url()).content.decode()
    assert f"/communities/{world.community.slug}/calendar/{token}.ics" in page
