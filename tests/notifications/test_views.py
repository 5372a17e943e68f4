"""The bell, the list, the settings page and the follow button, as a person sees them."""

import re

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from communities.models import Visibility
from notifications import selectors, services
from notifications.models import Delivery, Notification, NotificationKind
from tests.communities.factories import CommunityFactory, MembershipFactory, UserFactory
from tests.factories import InstrumentFactory

pytestmark = pytest.mark.django_db


def _notify(user, target, key, kind=NotificationKind.ROLE_DECISION, actor=None):
    return services.notify(
        kind=kind, event_key=key, recipients=[user], target=target, actor=actor, can_see=lambda u: True
    )


def test_bell_shows_the_unread_count_in_the_header(client):
    user = UserFactory()
    community = CommunityFactory()
    for n in range(2):
        _notify(user, community, f"k{n}")
    client.force_login(user)
    html = client.get(reverse("home:home")).content.decode()
    assert 'class="notification-bell"' in html
    assert '<span class="badge">2</span>' in html
    services.mark_all_read(user=user)
    html = client.get(reverse("home:home")).content.decode()
    assert (
        'class="notification-bell"' in html
        and '<span class="badge">' not in html.split("notification-bell")[1][:200]
    )


def test_no_bell_for_visitors(client):
    assert "notification-bell" not in client.get(reverse("home:home")).content.decode()


def test_list_shows_titles_and_leaves_out_what_the_reader_lost(client):
    user = UserFactory(language="en")
    public = CommunityFactory(name="Open Huis")
    private = CommunityFactory(name="Besloten Kring", visibility=Visibility.MEMBERS_ONLY)
    membership = MembershipFactory(community=private, user=user)
    _notify(user, public, "a")
    _notify(user, private, "b")
    client.force_login(user)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Open Huis" in html and "Besloten Kring" in html
    membership.delete()
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Open Huis" in html and "Besloten Kring" not in html
    # The bell no longer counts what cannot be shown.
    assert selectors.unread_count(user) == 1


def test_mark_read_returns_to_a_safe_next_only(client):
    user = UserFactory()
    _notify(user, CommunityFactory(), "a")
    notification = Notification.objects.get()
    client.force_login(user)
    url = reverse("notifications:mark_read", kwargs={"pk": notification.pk})
    assert client.post(url, {"next": "https://evil.example/"})["Location"] == reverse("notifications:list")
    assert client.post(url, {"next": "/instruments/"})["Location"] == "/instruments/"


@pytest.mark.parametrize("count", [3, 30])
def test_list_page_queries_are_bounded(client, count, django_assert_max_num_queries):
    user, actor = UserFactory(), UserFactory()
    public = CommunityFactory()
    instrument = InstrumentFactory()
    for n in range(count):
        _notify(user, public if n % 2 else instrument, f"k{n}", actor=actor)
    client.force_login(user)
    client.get(reverse("notifications:list"))  # warm the content-type cache
    # session, user, bell count, page count, page rows, one visibility query per target type, chrome
    with django_assert_max_num_queries(14):
        response = client.get(reverse("notifications:list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="notification') >= min(count, 30)


def test_list_is_paginated():
    user = UserFactory()
    community = CommunityFactory()
    for n in range(35):
        _notify(user, community, f"k{n}")
    from django.test import Client

    client = Client()
    client.force_login(user)
    first = client.get(reverse("notifications:list"))
    second = client.get(reverse("notifications:list") + "?page=2")
    assert len(first.context["items"]) == 30
    assert len(second.context["items"]) == 5
    assert client.get(reverse("notifications:list") + "?page=999").status_code == 200


def test_preferences_page_saves_choices(client):
    user = UserFactory()
    client.force_login(user)
    data = {kind.value: Delivery.APP for kind in NotificationKind}
    data["mention"] = Delivery.DIGEST
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    assert selectors.preferences_of(user)["mention"] == Delivery.DIGEST
    assert selectors.preferences_of(user)["answer"] == Delivery.APP


def test_preferences_page_refuses_unknown_values_and_keeps_the_rest(client):
    user = UserFactory()
    client.force_login(user)
    data = {kind.value: Delivery.APP for kind in NotificationKind}
    data["mention"] = "pigeon"
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 400
    # What was typed is kept: the valid choices come back checked.
    assert re.search(r'name="reply" value="app"[^>]*checked', response.content.decode())
    assert selectors.preferences_of(user)["answer"] == Delivery.MAIL  # nothing saved


def _render_button(user, target):
    request = RequestFactory().get("/somewhere/")
    request.user = user
    template = Template('{% include "notifications/follow_button.html" with target=target %}')
    return template.render(Context({"request": request, "target": target, "csrf_token": "x"}))


def test_follow_button_shows_state_for_followable_targets():
    from django.contrib.auth.models import AnonymousUser

    user = UserFactory()
    instrument = InstrumentFactory()
    html = _render_button(user, instrument)
    assert 'name="target_type" value="instruments.instrument"' in html
    assert 'value="follow"' in html
    services.follow(user=user, target=instrument)
    assert 'value="unfollow"' in _render_button(user, instrument)
    # Not followable, or nobody signed in: no button.
    assert "<form" not in _render_button(user, CommunityFactory())
    assert "<form" not in _render_button(AnonymousUser(), instrument)


def test_follow_view_returns_to_the_target(client):
    user = UserFactory()
    instrument = InstrumentFactory()
    client.force_login(user)
    response = client.post(
        reverse("notifications:follow"),
        {"target_type": "instruments.instrument", "target_id": instrument.pk, "action": "follow"},
    )
    assert response["Location"] == instrument.get_absolute_url()
    assert selectors.is_following(user, instrument)
