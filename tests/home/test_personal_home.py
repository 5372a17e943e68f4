"""The home of a signed-in person: my communities and what waits for me, in bounded queries."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from communities.models import JoinRequest, MembershipRole, StandupAnswer, Visibility
from exchange.models import Thread, ThreadKind
from instruments.models import Bookmark
from notifications import services as notification_services
from notifications.models import Delivery, Notification, NotificationKind
from scans import services as scan_services
from tests.communities.factories import (
    CommunityFactory,
    MembershipFactory,
    ScheduleFactory,
    SprintFactory,
    StandupFactory,
)
from tests.exchange.conftest import make_challenge
from tests.factories import InstrumentFactory, UserFactory
from tests.scans.factories import make_scan

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 18)  # a Wednesday


def _communities(person, n: int, *, facilitator=False):
    scan = make_scan(slug="home-scan")
    communities = []
    for i in range(n):
        lead = UserFactory()
        community = CommunityFactory(name=f"Community {i:02d}", facilitator=lead)
        MembershipFactory(
            community=community,
            user=person,
            role=MembershipRole.FACILITATOR if facilitator else MembershipRole.MEMBER,
        )
        ScheduleFactory(community=community, weekday=0)
        SprintFactory(
            community=community,
            number=1,
            starts_on=TODAY - datetime.timedelta(days=2),
            ends_on=TODAY + datetime.timedelta(days=12),
        )
        StandupFactory(community=community, date=TODAY - datetime.timedelta(days=2))
        StandupFactory(community=community, date=TODAY + datetime.timedelta(days=5))
        scan_services.round_open(actor=lead, community=community, scan=scan)
        JoinRequest.objects.create(community=community, user=UserFactory(), message="Graag")
        communities.append(community)
    return communities


@time_machine.travel(datetime.datetime(2026, 11, 18, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_home_shows_my_communities_and_what_waits(client):
    person = UserFactory(name="Sanne")
    (community,) = _communities(person, 1, facilitator=True)
    Bookmark.objects.create(user=person, instrument=InstrumentFactory(title="Cultuurscan"))
    client.force_login(person)
    html = client.get(reverse("home:home")).content.decode()
    assert "Welkom, Sanne" in html
    assert community.name in html
    assert "Sprint 1" in html
    assert "ma 23 nov" in html  # next stand-up: the Monday of the schedule, Dutch and lower case
    assert "1 stand-up wacht op je antwoord" in html
    assert "1 scanronde wacht op je antwoorden" in html
    assert "1 aanmelding voor" in html
    assert "Cultuurscan" in html
    # The visitor's front page is not shown to a signed-in person.
    assert "Vind het juiste instrument" not in html


def _exchange(person, communities):
    """Per community: an instrument of ``person`` with an open question, and a followed challenge and
    thread (every other one with an unread notification). Rows straight to the tables: the services'
    rate limits would stop one author at twenty threads."""
    from django.contrib.contenttypes.models import ContentType

    thread_type = ContentType.objects.get_for_model(Thread)
    for i, community in enumerate(communities):
        asker = UserFactory()
        instrument = InstrumentFactory(owner=person)
        Thread.objects.create(
            kind=ThreadKind.QUESTION, title=f"Vraag {i}", instrument=instrument, author=asker
        )
        challenge = make_challenge(f"Opgave {i:02d}")
        notification_services.follow(user=person, target=challenge)
        for subject in ({"challenge": challenge}, {"community": community}):
            thread = Thread.objects.create(title=f"Draad {i}", author=asker, reply_count=2, **subject)
            notification_services.follow(user=person, target=thread)
            if i % 2:
                Notification.objects.create(
                    recipient=person,
                    kind=NotificationKind.REPLY,
                    event_key=f"reply:{thread.pk}",
                    content_type=thread_type,
                    object_id=thread.pk,
                    delivery=Delivery.APP,
                )


@time_machine.travel(datetime.datetime(2026, 11, 18, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_answered_standups_no_longer_wait(client):
    person = UserFactory()
    (community,) = _communities(person, 1)
    standup = community.standups.get(date=TODAY - datetime.timedelta(days=2))
    StandupAnswer.objects.create(standup=standup, member=person, did="Gedaan", will_do="Meer")
    client.force_login(person)
    html = client.get(reverse("home:home")).content.decode()
    assert "stand-up wacht op je antwoord" not in html


def test_visitors_keep_the_catalogue_front_page(client):
    html = client.get(reverse("home:home")).content.decode()
    assert "Vind het juiste instrument" in html


def test_someone_elses_members_only_community_never_shows(client):
    person = UserFactory()
    CommunityFactory(name="Geheime kring", visibility=Visibility.MEMBERS_ONLY, facilitator=UserFactory())
    client.force_login(person)
    html = client.get(reverse("home:home")).content.decode()
    assert "Geheime kring" not in html


def test_coordinators_see_the_moderation_count(client, make_user):
    from accounts import services as account_services

    account_services.role_request_create(
        actor=UserFactory(), role="facilitator", motivation="Graag, ik begeleid."
    )
    client.force_login(make_user("coordinator"))
    assert "1 item in de moderatiewachtrij" in client.get(reverse("home:home")).content.decode()


@pytest.mark.parametrize("n", [1, 20])
@time_machine.travel(datetime.datetime(2026, 11, 18, 10, 0, tzinfo=datetime.UTC), tick=False)
def test_home_queries_do_not_grow_with_communities(client, django_assert_max_num_queries, n):
    person = UserFactory()
    communities = _communities(person, n, facilitator=True)
    _exchange(person, communities)
    for _ in range(3):
        Bookmark.objects.create(user=person, instrument=InstrumentFactory())
    client.force_login(person)
    client.get(reverse("home:home"))  # warm the session
    # Session, user, memberships (with the waiting join requests), stand-ups (next and unanswered in
    # one read), sprints, scan rounds, roles (groups and the moderation permission in one query),
    # bookmarks, route bookmarks, open questions (+ their COUNT once the list is full, at 5 or more),
    # followed threads, followed challenges, the bell's count: 13 at n=1, 14 at n=20.
    with django_assert_max_num_queries(15):
        response = client.get(reverse("home:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="card"') == n
    assert 'data-testid="home-open-questions"' in html and 'data-testid="home-following"' in html
    # The 8 most recent followed threads: at n=20 those of communities 19, 18, 17, 16; odd ones have news.
    assert html.count('data-testid="unread-thread"') == {1: 0, 20: 4}[n]
