"""The notifications interface others code against: follow, notify, read, preferences."""

import pytest
from django.db import transaction

from communities.models import Visibility
from notifications import registry, selectors, services
from notifications.models import (
    DEFAULT_DELIVERY,
    Delivery,
    Follow,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from tests.communities.factories import CommunityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def public():
    return CommunityFactory(name="Warmtenet Deventer")


@pytest.fixture
def private():
    return CommunityFactory(name="Geheime werkplaats", visibility=Visibility.MEMBERS_ONLY)


def notify(**kwargs):
    kwargs.setdefault("kind", NotificationKind.JOIN_REQUEST)
    kwargs.setdefault("can_see", lambda user: True)
    return services.notify(**kwargs)


# -- follows ------------------------------------------------------------------------------


def test_follow_is_idempotent_and_unfollow_removes_it(public):
    user = UserFactory()
    services.follow(user=user, target=public)
    services.follow(user=user, target=public)
    assert Follow.objects.count() == 1
    assert selectors.is_following(user, public)
    assert list(selectors.followers_of(public)) == [user]
    services.unfollow(user=user, target=public)
    services.unfollow(user=user, target=public)
    assert not selectors.is_following(user, public)
    assert not selectors.followers_of(public).exists()


def test_followers_of_leaves_out_inactive_users_and_other_targets(public, private):
    active, inactive, elsewhere = UserFactory(), UserFactory(is_active=False), UserFactory()
    services.follow(user=active, target=public)
    services.follow(user=inactive, target=public)
    services.follow(user=elsewhere, target=private)
    assert list(selectors.followers_of(public)) == [active]


def test_anonymous_follows_nothing(public):
    from django.contrib.auth.models import AnonymousUser

    assert selectors.is_following(AnonymousUser(), public) is False
    assert selectors.unread_count(AnonymousUser()) == 0


# -- notify: exactly once ------------------------------------------------------------------


def test_notify_once_per_event_and_recipient(public):
    first, second = UserFactory(), UserFactory()
    assert notify(event_key="join:1", recipients=[first, second, first], target=public) == 2
    assert notify(event_key="join:1", recipients=[first, second], target=public) == 0
    assert Notification.objects.count() == 2
    assert notify(event_key="join:2", recipients=[first], target=public) == 1
    assert Notification.objects.filter(recipient=first).count() == 2


def test_notify_retry_after_a_partial_insert_adds_only_the_missing(public):
    first, second = UserFactory(), UserFactory()
    notify(event_key="join:1", recipients=[first], target=public)
    assert notify(event_key="join:1", recipients=[first, second], target=public) == 1
    assert Notification.objects.filter(event_key="join:1").count() == 2


def test_notify_rolls_back_with_the_event(public):
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(event_key="join:1", recipients=[user], target=public)
        raise RuntimeError("the event failed")
    assert not Notification.objects.exists()


def test_notify_skips_actor_inactive_and_those_who_cannot_see(public):
    actor, reader, blind, inactive = UserFactory(), UserFactory(), UserFactory(), UserFactory(is_active=False)
    created = notify(
        event_key="join:1",
        recipients=[actor, reader, blind, inactive],
        target=public,
        actor=actor,
        can_see=lambda user: user != blind,
    )
    assert created == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [reader.pk]


def test_notify_refuses_unknown_kinds_and_bad_keys(public):
    with pytest.raises(ValueError):
        notify(kind="gossip", event_key="x", recipients=[UserFactory()], target=public)
    with pytest.raises(ValueError):
        notify(event_key="", recipients=[UserFactory()], target=public)
    with pytest.raises(ValueError):
        notify(event_key="x" * 201, recipients=[UserFactory()], target=public)


def test_notify_stores_no_text(public):
    notify(event_key="join:1", recipients=[UserFactory()], target=public, actor=UserFactory())
    notification = Notification.objects.get()
    assert notification.data == {}
    assert public.name not in str(Notification.objects.values("kind", "event_key", "data", "delivery").get())


# -- leaks -----------------------------------------------------------------------------------


def test_registered_visibility_check_keeps_members_only_from_outsiders(private):
    member, outsider = UserFactory(), UserFactory()
    MembershipFactory(community=private, user=member)
    created = notify(
        event_key="scan:1",
        recipients=[member, outsider],
        target=private,
        can_see=registry.visibility_check(private),
    )
    assert created == 1
    assert Notification.objects.get().recipient == member


def test_a_notification_disappears_when_its_target_is_no_longer_visible(private):
    member = UserFactory()
    membership = MembershipFactory(community=private, user=member)
    notify(event_key="scan:1", recipients=[member], target=private)
    assert [item.title for item in selectors.items_for(member, selectors.notifications_of(member))]
    membership.delete()
    assert selectors.items_for(member, selectors.notifications_of(member)) == []


def test_unregistered_target_types_are_never_shown():
    user = UserFactory()
    other = UserFactory()
    # Users are not a registered target type: nobody may be told about them this way.
    notify(event_key="odd:1", recipients=[user], target=other)
    assert selectors.items_for(user, selectors.notifications_of(user)) == []
    assert registry.can_see(user, other) is False


# -- rendering -------------------------------------------------------------------------------


def test_title_is_rendered_in_the_readers_language(public):
    from django.utils import translation

    user, actor = UserFactory(), UserFactory(name="Fatima")
    notify(event_key="join:1", recipients=[user], target=public, actor=actor)
    with translation.override("en"):
        [item] = selectors.items_for(user, selectors.notifications_of(user))
    assert item.title == "Fatima asks to join “Warmtenet Deventer”"
    assert item.url == public.get_absolute_url()
    with translation.override("nl"):
        [item] = selectors.items_for(user, selectors.notifications_of(user))
    assert "Warmtenet Deventer" in item.title and "Fatima" in item.title


def test_a_registered_renderer_decides_title_and_url(public, monkeypatch):
    monkeypatch.setattr(registry, "_renderers", {})
    registry.register(
        NotificationKind.SCAN_ROUND,
        registry.Renderer(title=lambda n, t: f"Scan in {t.name}", url=lambda n, t: "/somewhere/"),
    )
    user = UserFactory()
    notify(kind=NotificationKind.SCAN_ROUND, event_key="scan:1", recipients=[user], target=public)
    [item] = selectors.items_for(user, selectors.notifications_of(user))
    assert (item.title, item.url) == ("Scan in Warmtenet Deventer", "/somewhere/")


def test_deleted_actor_reads_as_someone(public):
    user, actor = UserFactory(), UserFactory()
    notify(event_key="join:1", recipients=[user], target=public, actor=actor)
    actor.delete()
    from django.utils import translation

    with translation.override("en"):
        [item] = selectors.items_for(user, selectors.notifications_of(user))
    assert item.title.startswith("Someone ")


# -- preferences and delivery routing -----------------------------------------------------------


@pytest.mark.parametrize("delivery", list(Delivery))
def test_delivery_follows_the_recipients_preference(public, delivery):
    user = UserFactory()
    services.preferences_update(actor=user, choices={NotificationKind.JOIN_REQUEST: delivery})
    notify(event_key="join:1", recipients=[user], target=public)
    assert Notification.objects.get().delivery == delivery


def test_delivery_defaults_per_kind_and_is_per_kind(public):
    user = UserFactory()
    services.preferences_update(actor=user, choices={NotificationKind.REPLY: Delivery.MAIL})
    notify(kind=NotificationKind.JOIN_REQUEST, event_key="a", recipients=[user], target=public)
    notify(kind=NotificationKind.NEW_THREAD, event_key="b", recipients=[user], target=public)
    notify(kind=NotificationKind.REPLY, event_key="c", recipients=[user], target=public)
    deliveries = dict(Notification.objects.values_list("kind", "delivery"))
    assert deliveries == {
        "join_request": DEFAULT_DELIVERY[NotificationKind.JOIN_REQUEST],
        "new_thread": DEFAULT_DELIVERY[NotificationKind.NEW_THREAD],
        "reply": Delivery.MAIL,
    }


def test_every_kind_has_a_default_and_a_title():
    assert set(DEFAULT_DELIVERY) == set(NotificationKind)
    assert set(registry.DEFAULT_TITLES) == set(NotificationKind)


def test_preferences_update_refuses_unknown_values():
    user = UserFactory()
    with pytest.raises(ValueError):
        services.preferences_update(actor=user, choices={"gossip": Delivery.MAIL})
    with pytest.raises(ValueError):
        services.preferences_update(actor=user, choices={NotificationKind.REPLY: "pigeon"})
    assert not NotificationPreference.objects.exists()


def test_unsubscribe_token_round_trip_and_tampering():
    user = UserFactory()
    token = services.unsubscribe_token(user, NotificationKind.MENTION)
    assert services.read_unsubscribe_token(token) == (user, "mention")
    assert services.read_unsubscribe_token(token[:-2] + "xx") is None
    assert services.read_unsubscribe_token("") is None
    assert services.read_unsubscribe_token("x" * 1000) is None
    services.unsubscribe(user=user, kind=NotificationKind.MENTION)
    services.unsubscribe(user=user, kind=NotificationKind.MENTION)
    assert selectors.preferences_of(user)["mention"] == Delivery.APP


# -- read state --------------------------------------------------------------------------------


def test_unread_count_and_marking_read(public):
    user, other = UserFactory(), UserFactory()
    for n in range(3):
        notify(event_key=f"join:{n}", recipients=[user, other], target=public)
    assert selectors.unread_count(user) == 3
    first = Notification.objects.filter(recipient=user).first()
    theirs = Notification.objects.filter(recipient=other).first()
    assert services.mark_read(user=user, notification_ids=[first.pk, theirs.pk]) == 1
    assert selectors.unread_count(user) == 2
    assert selectors.unread_count(other) == 3  # someone else's id is ignored
    assert services.mark_all_read(user=user) == 2
    assert selectors.unread_count(user) == 0
    assert selectors.unread_count(other) == 3


def test_digest_items_are_those_chosen_for_the_digest(public):
    import datetime as dt

    from django.utils import timezone

    user = UserFactory()
    services.preferences_update(
        actor=user,
        choices={NotificationKind.JOIN_REQUEST: Delivery.DIGEST, NotificationKind.SCAN_ROUND: Delivery.APP},
    )
    notify(event_key="a", recipients=[user], target=public)
    notify(kind=NotificationKind.SCAN_ROUND, event_key="b", recipients=[user], target=public)
    now = timezone.now()
    items = selectors.digest_items(user, now - dt.timedelta(hours=1), now + dt.timedelta(seconds=1))
    assert [item.notification.event_key for item in items] == ["a"]
    assert selectors.digest_recipient_ids(now - dt.timedelta(hours=1), now + dt.timedelta(seconds=1)) == {
        user.pk
    }


@pytest.mark.parametrize("count", [3, 30])
def test_rendering_a_page_costs_the_same_for_3_and_30(public, private, count, django_assert_max_num_queries):
    user, actor = UserFactory(), UserFactory()
    MembershipFactory(community=private, user=user)
    for n in range(count):
        notify(event_key=f"p:{n}", recipients=[user], target=public if n % 2 else private, actor=actor)
    # page rows + one visibility query per target type (+ content type lookups, cached after the first)
    with django_assert_max_num_queries(4):
        items = selectors.items_for(user, selectors.notifications_of(user)[:count])
    assert len(items) == count


def test_a_mention_of_someone_who_cannot_see_the_thread_notifies_nobody(private):
    """As discussions call it: the mentioned outsider fails ``can_see``, so nothing is stored for anyone."""
    author, outsider = UserFactory(), UserFactory()
    MembershipFactory(community=private, user=author)
    created = services.notify(
        kind=NotificationKind.MENTION,
        event_key="mention:post:1",
        recipients=[outsider],
        target=private,
        actor=author,
        can_see=registry.visibility_check(private),
    )
    assert created == 0
    assert not Notification.objects.exists()
    assert selectors.unread_count(outsider) == 0


def test_the_bell_costs_one_query(django_assert_num_queries, public):
    user = UserFactory()
    notify(event_key="a", recipients=[user], target=public)
    with django_assert_num_queries(1):
        assert selectors.unread_count(user) == 1
