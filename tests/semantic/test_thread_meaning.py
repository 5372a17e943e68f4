"""Similar threads before posting (issue 21, item 4): by meaning too, never an extra click.

The stand-in embedder relates word stems: "aardgasvrij" and "aardgasloze" share "aardg", while the
title-word match of exchange.selectors.similar_threads does not match one with the other. So a
thread that only meaning finds shows that the meaning part ran.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from communities.models import Membership, MembershipRole, Visibility
from exchange import services
from exchange.models import Thread
from semantic import services as semantic_services
from tests.communities.factories import CommunityFactory
from tests.exchange.conftest import make_challenge
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SIMILAR = 'data-testid="similar-threads"'
TYPED = {"kind": "question", "title": "Aardgasvrij wonen: waar begin je?", "body": "Mijn eigen verhaal."}


@pytest.fixture(autouse=True)
def _no_hold(settings):
    settings.EXCHANGE_HOLD_FIRST_POSTS = 0


@pytest.fixture
def alike(db):
    challenge = make_challenge()
    public = services.thread_start(
        actor=UserFactory(), subject=challenge, title="Aardgasloze buurthuizen", body="Ervaringen gezocht."
    )
    community = CommunityFactory(visibility=Visibility.MEMBERS_ONLY, name="Besloten Kring")
    member = UserFactory()
    Membership.objects.create(community=community, user=member, role=MembershipRole.MEMBER)
    secret = services.thread_start(
        actor=member, subject=community, title="Aardgasloze geheime kelders", body="Intern."
    )
    semantic_services.embed_kind("threads")
    url = reverse("exchange:thread_create", args=["challenge", challenge.slug])
    return url, public, secret, member


def similar_section(html):
    return html.split(SIMILAR, 1)[1].split("</section>", 1)[0] if SIMILAR in html else ""


def test_the_main_button_posts_at_once_when_only_meaning_finds_a_similar_thread(client, alike):
    url, *_rest = alike
    client.force_login(UserFactory())
    before = Thread.objects.count()
    response = client.post(url, TYPED)
    assert response.status_code == 302
    assert Thread.objects.count() == before + 1


def test_the_check_button_shows_threads_alike_in_meaning_and_posts_nothing(client, alike):
    url, public, secret, _member = alike
    client.force_login(UserFactory())
    before = Thread.objects.count()
    response = client.post(url, {**TYPED, "check_similar": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert public.title in similar_section(html)
    assert "Mijn eigen verhaal." in html and TYPED["title"] in html
    assert Thread.objects.count() == before
    # Seen: the main button posts in one click now.
    response = client.post(url, {**TYPED, "confirmed": "True"})
    assert response.status_code == 302 and Thread.objects.count() == before + 1


def test_a_members_only_thread_alike_in_meaning_is_never_shown_to_an_outsider(client, alike):
    url, public, secret, member = alike
    client.force_login(UserFactory())
    html = client.post(url, {**TYPED, "check_similar": "1"}).content.decode()
    assert secret.title not in html and "kelders" not in html
    # Its member does see it (so the meaning part did rank it).
    client.force_login(member)
    html = client.post(url, {**TYPED, "check_similar": "1"}).content.decode()
    assert secret.title in similar_section(html)


def test_a_hidden_or_waiting_thread_is_not_shown(client, alike):
    url, public, *_rest = alike
    Thread.objects.filter(pk=public.pk).update(is_hidden=True)
    client.force_login(UserFactory())
    html = client.post(url, {**TYPED, "check_similar": "1"}).content.decode()
    assert public.title not in html
    assert 'data-testid="no-similar-threads"' in html


def test_the_form_with_errors_shows_threads_alike_on_its_round_trip(client, alike):
    url, public, *_rest = alike
    client.force_login(UserFactory())
    response = client.post(url, {**TYPED, "body": ""})
    assert response.status_code == 400
    assert public.title in similar_section(response.content.decode())


def test_the_main_button_is_the_forms_first_and_default_submit(client, alike):
    url, *_rest = alike
    client.force_login(UserFactory())
    for response in (client.get(url), client.post(url, {**TYPED, "check_similar": "1"})):
        form = response.content.decode().split('<form method="post" class="form-wide"', 1)[1]
        buttons = re.findall(r"<button[^>]*>", form)
        assert "check_similar" not in buttons[0]
        assert any("check_similar" in button for button in buttons[1:])


@pytest.mark.parametrize(
    "typed",
    [
        {"title": "a\x00b aardgasvrij", "body": "\x00"},
        {"title": "aardgasvrij " * 10_000, "body": "x" * 100_000},
        {"title": "<script>alert(1)</script> aardgasvrij", "body": "<img src=x onerror=alert(1)>"},
        {"kind": "nonsense", "title": ""},
        {},
    ],
)
def test_hostile_input_on_the_check_answers_cleanly(client, alike, typed):
    url, *_rest = alike
    client.force_login(UserFactory())
    before = Thread.objects.count()
    response = client.post(url, {**typed, "check_similar": "1"})
    # 400: a NUL byte is refused before the view (core's input guard); anything else is a form page.
    assert response.status_code in (200, 400)
    assert b"<script>alert(1)</script>" not in response.content
    assert b"<img src=x" not in response.content
    assert Thread.objects.count() == before


def test_an_outsider_of_a_members_only_community_cannot_check_there(client, alike):
    *_rest, member = alike
    community = Membership.objects.get(user=member).community
    client.force_login(UserFactory())
    url = reverse("exchange:thread_create", args=["community", community.slug])
    response = client.post(url, {**TYPED, "check_similar": "1"})
    assert response.status_code == 404
    assert b"kelders" not in response.content


# At the start of a clock hour: the count is per hour, so the real clock could cross one mid-test.
@pytest.mark.clock(dt.datetime(2026, 11, 25, 14, 0, tzinfo=dt.UTC))
def test_the_check_is_limited_per_person_and_hour_and_keeps_what_was_typed(client, alike, monkeypatch):
    from exchange import views

    url, *_rest = alike
    monkeypatch.setattr(views, "SIMILAR_CHECKS_PER_HOUR", 2)
    called = []
    real = views.selectors.threads_alike
    monkeypatch.setattr(
        views.selectors, "threads_alike", lambda *args, **kwargs: called.append(1) or real(*args, **kwargs)
    )
    client.force_login(UserFactory())
    for _ in range(2):
        assert client.post(url, {**TYPED, "check_similar": "1"}).status_code == 200
    response = client.post(url, {**TYPED, "check_similar": "1"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "vergelijkbare discussies" in html and "2 keer" in html
    assert TYPED["title"] in html and "Mijn eigen verhaal." in html
    # The model did not run for the refused check; another person still may check.
    assert len(called) == 2
    client.force_login(UserFactory())
    assert client.post(url, {**TYPED, "check_similar": "1"}).status_code == 200
    # Posting is not what is limited here: the main button still posts.
    assert client.post(url, {**TYPED, "confirmed": "True"}).status_code == 302


def test_the_throttle_counts_per_hour_and_fails_open():
    from core import throttle

    hour = 1_000 * throttle.WINDOW_SECONDS
    assert [throttle.allow("probe", 7, limit=2, now=hour) for _ in range(3)] == [True, True, False]
    # A new clock hour starts a new count; another person has their own.
    assert throttle.allow("probe", 7, limit=2, now=hour + throttle.WINDOW_SECONDS)
    assert throttle.allow("probe", 8, limit=2, now=hour)


def test_the_throttle_allows_when_the_cache_is_unreachable(monkeypatch):
    from core import throttle

    class Unreachable:
        """What core.cache.FailOpenRedisCache does with Redis down: add stores nothing, incr misses."""

        def add(self, *args, **kwargs):
            return False

        def incr(self, key, *args, **kwargs):
            raise ValueError(f"Key {key!r} not found (Redis unavailable)")

    monkeypatch.setattr(throttle, "cache", Unreachable())
    assert all(throttle.allow("probe", 9, limit=1) for _ in range(3))
