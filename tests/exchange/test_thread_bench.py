"""The thread page with many replies (issue 18: bench/run measures a 200-reply thread).

The same number of queries for 3, 30 and 200 replies, on the first page, a later page and a
``?post=`` jump, for a visitor and a signed-in member; and what the page now works out once per
page in Python (post times, report links) says what the template filters and tags said before.
"""

import datetime
import re

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from exchange import selectors
from exchange.models import Post, Thread, ThreadKind
from tests.factories import UserFactory

from .conftest import make_challenge

SIZES = [3, 30, 200]
# Thread, post count, the page of posts, the opening post's id, the mention hint; plus session, user,
# bell and follow state for a member. A ?post= jump adds two (where the post is).
VISITOR_QUERIES = 5
MEMBER_QUERIES = 13


def _thread(challenge, replies: int, authors) -> Thread:
    """A question with ``replies`` replies, written as bench/seed.py writes them (bulk, rendered HTML)."""
    opened = timezone.now() - datetime.timedelta(days=30)
    thread = Thread.objects.create(
        kind=ThreadKind.QUESTION,
        title=f"Vraag met {replies} antwoorden",
        challenge=challenge,
        author=authors[0],
        reply_count=replies,
    )
    posts = Post.objects.bulk_create(
        Post(
            thread=thread,
            author=authors[n % len(authors)],
            body=f"Bericht {n}",
            body_html=f"<p>Bericht {n}</p>",
            created_at=opened + datetime.timedelta(hours=n),
            edited_at=opened + datetime.timedelta(hours=n, minutes=5) if n % 5 == 1 else None,
        )
        for n in range(replies + 1)
    )
    for n, post in enumerate(posts):
        if n > 1 and n % 3 == 0:
            post.reply_to = posts[n - 1]
    Post.objects.bulk_update(posts, ["reply_to"])
    thread.answer = posts[1]
    thread.save(update_fields=["answer"])
    return thread


def _paths(thread) -> list[str]:
    url = thread.get_absolute_url()
    last = Post.objects.filter(thread=thread).order_by("-created_at", "-id").first()
    pages = thread.reply_count // selectors.POSTS_PER_PAGE + 1
    return [url, f"{url}?page={pages}", f"{url}?post={last.pk}"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member"])
def test_thread_page_queries_do_not_grow_with_the_replies(client, role):
    challenge = make_challenge()
    authors = [UserFactory(name=f"Deelnemer {i}") for i in range(7)]
    threads = {n: _thread(challenge, n, authors) for n in SIZES}
    if role == "member":
        client.force_login(authors[3])  # wrote some of the posts: sees "Edit" and report links
    for thread in threads.values():  # caches of the first requests of a process (content types)
        client.get(thread.get_absolute_url())
    counts = {}
    for n, thread in threads.items():
        for path in _paths(thread):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, path
            jump = "?post=" in path
            counts[(n, "jump" if jump else "page")] = len(queries)
    limit = VISITOR_QUERIES if role == "anonymous" else MEMBER_QUERIES
    for kind, extra in (("page", 0), ("jump", 2)):
        seen = {n: counts[(n, kind)] for n in SIZES}
        assert len(set(seen.values())) == 1, f"{kind}: queries per number of replies {seen}"
        assert seen[3] <= limit + extra, seen


@pytest.mark.django_db
def test_a_later_page_shows_its_posts_and_the_pagination(client):
    thread = _thread(make_challenge(), 200, [UserFactory(name="Fien Jansen")])
    response = client.get(thread.get_absolute_url() + "?page=3")
    page = response.context["page"]
    assert page.number == 3 and page.paginator.num_pages == 5
    assert response.content.count(b'data-testid="post"') == selectors.POSTS_PER_PAGE
    assert b"Bericht 100<" in response.content and b"Bericht 99<" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl", "en"])
def test_post_times_read_as_the_date_filters_did(client, language):
    thread = _thread(make_challenge(), 30, [UserFactory(name="Fien Jansen")])
    client.cookies["django_language"] = language
    response = client.get(thread.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    posts = list(response.context["page"].object_list)
    with translation.override(language):
        template = Template("""{{ d|date:'c' }}|{{ d|date:"j F Y H:i" }}""")
        expected = [template.render(Context({"d": post.created_at})) for post in posts]
    assert [f"{post.posted_iso}|{post.posted_label}" for post in posts] == expected
    html = response.content.decode()
    for want in expected:
        iso, label = want.split("|")
        assert f'<time datetime="{iso}">{label}</time>' in html


@pytest.mark.django_db
def test_report_links_follow_the_moderation_rule(client):
    """Signed in: on every reply but one's own, never on the opening post; visitors get none."""
    me, other = UserFactory(name="Ik Zelf"), UserFactory(name="Ander Iemand")
    thread = _thread(make_challenge(), 9, [other, me])
    mine = set(Post.objects.filter(thread=thread, author=me).values_list("pk", flat=True))
    first = selectors.first_post_id(thread)
    response = client.get(thread.get_absolute_url())
    assert b"report-link" not in response.content
    client.force_login(me)
    html = client.get(thread.get_absolute_url()).content.decode()
    reported = {int(pk) for pk in re.findall(r'href="/moderation/report/post/(\d+)/', html)}
    expected = set(Post.objects.filter(thread=thread).values_list("pk", flat=True)) - mine - {first}
    assert reported == expected and reported
    assert html.count('class="report-link"') == len(expected) + 1  # and the thread's own link
    assert "?next=" in html
