"""Site search finds discussions and instrument requests, with visibility applied before matching."""

import pytest
from django.urls import reverse

from communities.models import Membership, MembershipRole, Visibility
from discovery.search import Kind, search
from exchange import services
from tests.communities.factories import CommunityFactory
from tests.factories import UserFactory

from .conftest import make_challenge

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_hold(settings):
    settings.EXCHANGE_HOLD_FIRST_POSTS = 0


def titles(results, kind):
    group = results.group(kind)
    return [hit.title for hit in group.hits] if group else []


def test_a_thread_is_found_by_its_title_and_by_a_reply():
    challenge = make_challenge()
    author, helper = UserFactory(), UserFactory()
    thread = services.thread_start(
        actor=author, subject=challenge, title="Warmtescan per straat", body="Wie deed dit al?"
    )
    services.post_reply(actor=helper, thread=thread, body="Wij werkten met een bewonerspanel.")
    visitor = UserFactory()
    assert titles(search("warmtescan", visitor), Kind.THREADS) == ["Warmtescan per straat"]
    found = search("bewonerspanel", visitor).group(Kind.THREADS)
    assert [hit.url for hit in found.hits] == [thread.get_absolute_url()]
    assert found.hits[0].context.endswith("Aardgasvrije wijken")
    assert titles(search("kerncentrale", visitor), Kind.THREADS) == []


def test_members_only_threads_and_hidden_or_waiting_posts_stay_out_of_search(settings):
    closed = CommunityFactory(visibility=Visibility.MEMBERS_ONLY, name="Besloten warmte")
    member = UserFactory()
    Membership.objects.create(community=closed, user=member, role=MembershipRole.MEMBER)
    services.thread_start(actor=member, subject=closed, title="Geheime warmtescan", body="Intern plan.")
    challenge = make_challenge()
    public = services.thread_start(actor=member, subject=challenge, title="Open vraag", body="Iets.")
    hidden = services.post_reply(actor=member, thread=public, body="Verborgen zoekwoord.")
    services.post_set_hidden(post=hidden, hidden=True)
    settings.EXCHANGE_HOLD_FIRST_POSTS = 2
    newcomer = UserFactory()
    services.post_reply(actor=newcomer, thread=public, body="Wachtend zoekwoord.")

    outsider = UserFactory()
    results = search("warmtescan", outsider)
    assert titles(results, Kind.THREADS) == []
    assert results.group(Kind.THREADS).total == 0
    assert titles(search("warmtescan", member), Kind.THREADS) == ["Geheime warmtescan"]
    assert titles(search("verborgen", outsider), Kind.THREADS) == []
    assert titles(search("wachtend", outsider), Kind.THREADS) == []


def test_requests_are_searchable_open_ones_first():
    author = UserFactory()
    first = services.request_create(
        actor=author, title="Een scan voor warmte", description="Voor bewoners in de wijk."
    )
    second = services.request_create(
        actor=UserFactory(), title="Warmte in gesprek", description="Een dialoogkaart over warmte."
    )
    coordinator = UserFactory(is_superuser=True, is_staff=True)
    services.request_fulfil(actor=coordinator, request=first, instrument=None)
    results = search("warmte", UserFactory())
    assert titles(results, Kind.REQUESTS) == [second.title, first.title]


def test_the_search_page_shows_discussions_and_requests(client):
    challenge = make_challenge()
    services.thread_start(actor=UserFactory(), subject=challenge, title="Aardgasvrij koken", body="Tips?")
    services.request_create(actor=UserFactory(), title="Aardgasvrij beginnen", description="Een startkit.")
    response = client.get(reverse("discovery:search"), {"q": "aardgasvrij"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Aardgasvrij koken" in html and "Aardgasvrij beginnen" in html
    response = client.get(reverse("discovery:search"), {"q": "aardgasvrij", "kind": "threads"})
    assert "Aardgasvrij koken" in response.content.decode()
    assert "Aardgasvrij beginnen" not in response.content.decode()


@pytest.mark.parametrize("n", [3, 30])
def test_searching_threads_and_requests_does_not_grow_with_matches(client, django_assert_max_num_queries, n):
    challenge = make_challenge()
    for i in range(n):
        author = UserFactory()  # one author each: the rate limits are not what this measures
        thread = services.thread_start(actor=author, subject=challenge, title=f"Warmte {i}", body="Warmte?")
        services.post_reply(actor=author, thread=thread, body="Warmte!")
        services.request_create(actor=author, title=f"Warmte {i}", description="Warmte.")
    # Measured: 9 on PostgreSQL, 8 on SQLite, at 3 and at 30 (a kind without hits costs one query).
    with django_assert_max_num_queries(9):
        response = client.get(reverse("discovery:search"), {"q": "warmte"})
    assert response.status_code == 200
    # Measured: 2 (ranked ids with their total, then the page's rows).
    with django_assert_max_num_queries(2):
        response = client.get(reverse("discovery:search"), {"q": "warmte", "kind": "threads"})
    assert response.status_code == 200
