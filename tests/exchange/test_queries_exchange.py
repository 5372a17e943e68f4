"""Discussions, instrument requests and their notifications: as many queries for 3 items as for 30
(and, for a thread, for 200 replies on one page or on the last).

Each test renders the page once before measuring, so the content-type cache
and other per-process caches are warm, as they are in a running server.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from communities.models import Membership, MembershipRole
from exchange import services
from exchange.models import InstrumentRequest, Post, RequestStatus, Thread, ThreadKind
from tests.communities.factories import CommunityFactory, InstrumentFactory
from tests.factories import UserFactory

from .conftest import make_challenge

SIZES = [3, 30]
# Measured (PostgreSQL and SQLite alike), the same at every size. A visitor's thread page: the thread,
# the instrument's owners, the page count, the first post, the mention handles and the page of posts.
# Signed in adds the session, the user, two permission reads, marking what the bell said about the
# thread read, the bell and the follow state; a coordinator also the five counts of the moderation
# queue in the header.
THREAD_PAGE_QUERIES = {"anonymous": 6, "member": 13, "owner": 13, "coordinator": 18}
# Where a linked post is: the post itself and the number of posts before it.
JUMP_QUERIES = 2
# Session, user, two permission reads, the subject, the count, the bell, the page; the instrument is
# read by the instrument page's own selector, with its classifications, tags, owners and links; a
# challenge with its themes and sectors.
THREAD_LIST_QUERIES = {"challenge": 10, "instrument": 12, "community": 8}
REQUEST_LIST_QUERIES = 7
REQUEST_PAGE_QUERIES = 11  # marking the request's notifications read included
NOTIFICATION_LIST_QUERIES = 8


@pytest.fixture(autouse=True)
def _no_hold(settings):
    settings.EXCHANGE_HOLD_FIRST_POSTS = 0


def _thread(replies: int, *, subject=None, kind=ThreadKind.QUESTION) -> Thread:
    """A thread whose replies have each their own author, quote the previous post and some are edited."""
    subject = subject or {"instrument": InstrumentFactory()}
    asker = UserFactory(name="Aukje Vraagsteller")
    thread = Thread.objects.create(kind=kind, title="Hoe start je een warmtescan?", author=asker, **subject)
    now = timezone.now()
    opening = Post.objects.create(thread=thread, author=asker, body="Vraag", body_html="<p>Vraag</p>")
    posts = [opening]
    for i in range(replies):
        post = Post.objects.create(
            thread=thread,
            author=UserFactory(name=f"Collega {i}"),
            body=f"Antwoord {i}",
            body_html=f"<p>Antwoord {i}</p>",
            reply_to=posts[-1] if i % 3 == 0 else None,
            edited_at=now if i % 4 == 0 else None,
        )
        posts.append(post)
    Thread.objects.filter(pk=thread.pk).update(reply_count=replies, answer=posts[-1] if replies else None)
    thread.refresh_from_db()
    return thread


def _reader(role: str, thread: Thread):
    if role == "anonymous":
        return None
    if role == "owner":
        owner = UserFactory(role=Role.INSTRUMENT_DEVELOPER)
        thread.instrument.owners.add(owner)
        return owner
    if role == "coordinator":
        return UserFactory(role=Role.NETWORK_COORDINATOR)
    return UserFactory()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member", "owner", "coordinator"])
@pytest.mark.parametrize("n", [*SIZES, 200])
def test_thread_page_queries_are_bounded(client, n, role, django_assert_max_num_queries):
    thread = _thread(n)
    user = _reader(role, thread)
    if user:
        client.force_login(user)
    client.get(thread.get_absolute_url())
    with django_assert_max_num_queries(THREAD_PAGE_QUERIES[role]):
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(n + 1, 50)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_jumping_to_the_last_of_200_replies_is_bounded_and_lands_on_its_page(
    client, role, django_assert_max_num_queries
):
    thread = _thread(200)
    last = thread.posts.order_by("-created_at", "-id").first()
    user = _reader(role, thread)
    if user:
        client.force_login(user)
    client.get(thread.get_absolute_url())
    with django_assert_max_num_queries(THREAD_PAGE_QUERIES[role] + JUMP_QUERIES):
        response = client.get(last.get_absolute_url())
    page = response.context["page"]
    assert page.number == page.paginator.num_pages == 5  # 201 posts, 50 a page
    assert last in page.object_list
    assert f'id="post-{last.pk}"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("subject", ["challenge", "instrument", "community"])
@pytest.mark.parametrize("n", SIZES)
def test_thread_lists_are_bounded(client, n, subject, django_assert_max_num_queries):
    obj = {
        "challenge": make_challenge,
        "instrument": InstrumentFactory,
        "community": CommunityFactory,
    }[subject]()
    for i in range(n):
        thread = Thread.objects.create(
            title=f"Vraag {i}", author=UserFactory(), kind=ThreadKind.QUESTION, **{subject: obj}
        )
        answer = Post.objects.create(thread=thread, author=UserFactory(), body="Ja", body_html="<p>Ja</p>")
        if i % 2:
            Thread.objects.filter(pk=thread.pk).update(answer=answer)
    client.force_login(UserFactory())
    url = reverse("exchange:thread_list", args=[subject, obj.slug])
    client.get(url)
    with django_assert_max_num_queries(THREAD_LIST_QUERIES[subject]):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(n, 20)


def _requests(n: int):
    challenge = make_challenge()
    requests = []
    for i in range(n):
        request = InstrumentRequest.objects.create(
            title=f"Een instrument voor bewonersavonden {i}",
            description="Iets om een avond mee te openen.",
            description_html="<p>Iets om een avond mee te openen.</p>",
            author=UserFactory(),
            challenge=challenge if i % 2 else None,
            demand=i,
        )
        requests.append(request)
    return requests


@pytest.mark.django_db
@pytest.mark.parametrize("status", [RequestStatus.OPEN, RequestStatus.FULFILLED])
@pytest.mark.parametrize("n", SIZES)
def test_request_list_is_bounded(client, n, status, django_assert_max_num_queries):
    requests = _requests(n)
    if status == RequestStatus.FULFILLED:
        InstrumentRequest.objects.filter(pk__in=[r.pk for r in requests]).update(
            status=status, fulfilled_by=InstrumentFactory()
        )
    client.force_login(UserFactory())
    url = reverse("exchange:request_list") + f"?status={status}"
    client.get(url)
    with django_assert_max_num_queries(REQUEST_LIST_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(n, 20)


@pytest.mark.django_db
@pytest.mark.parametrize("n", SIZES)
def test_request_page_with_many_suggestions_and_supporters_is_bounded(
    client, n, django_assert_max_num_queries
):
    (request,) = _requests(1)
    for _ in range(n):
        services.request_suggest(
            actor=UserFactory(), request=request, instrument=InstrumentFactory(), note="Probeer deze"
        )
        services.request_support(actor=UserFactory(), request=request)
    client.force_login(UserFactory())
    client.get(request.get_absolute_url())
    with django_assert_max_num_queries(REQUEST_PAGE_QUERIES):
        response = client.get(request.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["suggestions"]) == n


@pytest.mark.django_db
@pytest.mark.parametrize("n", SIZES)
def test_notification_list_of_replies_and_requests_is_bounded(client, n, django_assert_max_num_queries):
    """Replies in followed threads, answers, mentions and activity on requests, each of another author."""
    reader = UserFactory(name="Rika Lezer")
    community = CommunityFactory()
    Membership.objects.create(community=community, user=reader, role=MembershipRole.MEMBER)
    thread = services.thread_start(
        actor=reader, subject=community, title="Wie heeft ervaring met warmtenetten?", body="Graag!"
    )
    (request,) = _requests(1)
    services.request_support(actor=reader, request=request)
    for i in range(n):
        colleague = UserFactory(name=f"Collega {i}")
        Membership.objects.create(community=community, user=colleague, role=MembershipRole.MEMBER)
        services.post_reply(actor=colleague, thread=thread, body=f"Ja, ik! @RikaLezer {i}")
        if i % 3 == 0:
            services.request_suggest(
                actor=colleague, request=request, instrument=InstrumentFactory(), note=f"Deze {i}"
            )
    client.force_login(reader)
    url = reverse("notifications:list")
    client.get(url)
    with django_assert_max_num_queries(NOTIFICATION_LIST_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.context["items"]) >= min(n, 30)
