"""The signed-in home and the exchange: questions on my instruments, the threads and challenges I follow."""

import pytest
from django.urls import reverse

from communities import services as community_services
from communities.models import Membership, MembershipRole, Visibility
from exchange import services
from exchange.models import ThreadKind
from notifications import services as notifications
from tests.communities.factories import CommunityFactory
from tests.exchange.conftest import make_challenge
from tests.factories import InstrumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_hold(settings):
    # New accounts' first posts wait for a coordinator elsewhere; here they would only add a step.
    settings.EXCHANGE_HOLD_FIRST_POSTS = 0


def _home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home:home")).content.decode()


def test_an_owner_sees_the_unanswered_questions_on_their_instruments(client):
    owner = UserFactory()
    instrument = InstrumentFactory(title="Vitaliteitsscan", owner=owner)
    services.thread_start(
        actor=UserFactory(),
        subject=instrument,
        kind=ThreadKind.QUESTION,
        title="Werkt de scan ook online?",
        body="Wij werken hybride.",
    )
    html = _home(client, owner)
    assert 'data-testid="home-open-questions"' in html
    assert "Vragen over mijn instrumenten" in html
    assert "Werkt de scan ook online?" in html and "Vitaliteitsscan" in html
    assert "1 vraag wacht op een antwoord" in html
    assert reverse("instruments:mine") in html


def test_an_answered_question_no_longer_waits_on_the_home(client):
    owner, asker = UserFactory(), UserFactory()
    instrument = InstrumentFactory(owner=owner)
    thread = services.thread_start(
        actor=asker, subject=instrument, kind=ThreadKind.QUESTION, title="Hoe lang duurt het?", body="?"
    )
    reply = services.post_reply(actor=owner, thread=thread, body="Een uur.")
    services.thread_mark_answer(actor=asker, thread=thread, post=reply)
    assert 'data-testid="home-open-questions"' not in _home(client, owner)


def test_someone_without_instruments_gets_no_questions_section(client):
    InstrumentFactory(owner=UserFactory())
    html = _home(client, UserFactory())
    assert 'data-testid="home-open-questions"' not in html
    assert "Vragen over mijn instrumenten" not in html
    assert 'data-testid="home-following"' not in html


def test_a_follower_sees_followed_threads_and_challenges_with_their_activity(client):
    follower = UserFactory()
    challenge = make_challenge("Aardgasvrije wijken")
    notifications.follow(user=follower, target=challenge)
    thread = services.thread_start(
        actor=follower, subject=challenge, title="Wie heeft een warmtescan?", body="Graag tips."
    )
    services.post_reply(actor=UserFactory(), thread=thread, body="Wij!")  # notifies the follower
    html = _home(client, follower)
    assert 'data-testid="home-following"' in html
    assert "Wat ik volg" in html
    assert "Wie heeft een warmtescan?" in html
    assert "Aardgasvrije wijken" in html  # the thread's subject and the followed challenge
    assert "1 reactie" in html
    assert "laatste activiteit" in html
    assert 'data-testid="unread-thread"' in html  # the reply waits in the bell


def test_dates_of_followed_threads_are_dutch_and_lower_case(client):
    import datetime

    follower = UserFactory()
    thread = services.thread_start(
        actor=follower,
        subject=make_challenge(),
        title="Oktobervraag",
        body="Hoe?",
        now=datetime.datetime(2026, 10, 7, 12, 0, tzinfo=datetime.UTC),
    )
    assert thread.last_activity_at.month == 10
    assert "7 okt 2026" in _home(client, follower)


def test_a_read_thread_is_not_marked_new(client):
    follower = UserFactory()
    services.thread_start(actor=follower, subject=make_challenge(), title="Rustige draad", body="Hoi")
    html = _home(client, follower)
    assert "Rustige draad" in html
    assert 'data-testid="unread-thread"' not in html


def test_a_thread_of_a_members_only_community_disappears_after_leaving(client):
    community = CommunityFactory(
        visibility=Visibility.MEMBERS_ONLY, name="Besloten Kring", facilitator=UserFactory()
    )
    member = UserFactory()
    Membership.objects.create(community=community, user=member, role=MembershipRole.MEMBER)
    services.thread_start(actor=member, subject=community, title="Geheime warmtescan", body="Intern.")
    assert "Geheime warmtescan" in _home(client, member)

    community_services.membership_leave(actor=member, community=community)
    html = _home(client, member)
    assert "Geheime warmtescan" not in html
    assert "Besloten Kring" not in html
    assert 'data-testid="home-following"' not in html


def test_a_hidden_challenge_is_no_longer_shown_to_its_follower(client):
    follower = UserFactory()
    challenge = make_challenge("Verborgen opgave")
    notifications.follow(user=follower, target=challenge)
    assert "Verborgen opgave" in _home(client, follower)
    services.challenge_set_hidden(challenge=challenge, hidden=True)
    assert "Verborgen opgave" not in _home(client, follower)
