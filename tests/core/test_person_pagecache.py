"""Pages kept per signed-in person and browser (core.pagecache, ``per_person``).

The value dashboard opts in. Every write here runs inside
``django_capture_on_commit_callbacks``: test transactions never commit, and
the table versions only move after a commit.
"""

import re
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from communities.models import Membership, MembershipRole, Visibility
from core.pagecache import cached_page
from tests.communities.factories import CommunityFactory
from tests.factories import InstrumentFactory, UserFactory
from tests.valuecreation.factories import ValueEntryFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        community = CommunityFactory(name="Warmtepompen Salland", visibility=Visibility.MEMBERS_ONLY)
        mo, ann = UserFactory(name="Mo Member"), UserFactory(name="Ann Ander")
        for user in (mo, ann):
            Membership.objects.create(community=community, user=user, role=MembershipRole.MEMBER)
        ValueEntryFactory(community=community, author=mo, title="Tip over inregelen")
    url = reverse("valuecreation:dashboard", kwargs={"slug": community.slug})
    return SimpleNamespace(community=community, mo=mo, ann=ann, url=url)


@pytest.fixture
def browser(django_capture_on_commit_callbacks):
    """A browser that has been here before: it holds a CSRF cookie (and a session when signed in)."""

    def make(user=None) -> Client:
        client = Client(enforce_csrf_checks=True)
        if user is not None:
            # Signing in writes the last login: committed, like any write in these tests.
            with django_capture_on_commit_callbacks(execute=True):
                client.force_login(user)
        secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
        client.cookies[settings.CSRF_COOKIE_NAME] = secret
        return client

    return make


def served_from_cache(response) -> bool:
    # A rendered page carries its template context; a stored one was not rendered.
    return response.context is None


def account_name(response) -> str:
    """The name in the header's personal menu: whose page this is."""
    return re.search(r'<span class="personal-name">([^<]+)</span>', response.content.decode()).group(1)


def test_a_member_gets_their_page_from_the_cache(world, browser, django_assert_max_num_queries):
    client = browser(world.mo)
    first = client.get(world.url)
    assert first.status_code == 200 and not served_from_cache(first)
    # Session, user and the versions of the page's tables: nothing of the dashboard itself.
    with django_assert_max_num_queries(3):
        second = client.get(world.url)
    assert served_from_cache(second)
    assert second.content == first.content
    assert "Tip over inregelen" in second.content.decode()


def test_nobody_gets_another_persons_page(world, browser):
    browser(world.mo).get(world.url)
    response = browser(world.ann).get(world.url)
    assert not served_from_cache(response)
    assert account_name(response) == "Ann Ander"


def test_the_same_browser_secret_under_another_account_is_another_page(rf, world):
    # Signing in rotates the CSRF secret; the user in the key holds even where that did not happen.
    secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)

    def get(user):
        request = rf.get(
            "/page/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=s; {settings.CSRF_COOKIE_NAME}={secret}"
        )
        request.user, request.session = user, SessionStore()
        request._messages = FallbackStorage(request)
        request.META["CSRF_COOKIE"] = secret
        return cached_page(request, lambda: HttpResponse(user.name), per_person=True).content

    assert get(world.mo) == b"Mo Member"
    assert get(world.ann) == b"Ann Ander"


def test_each_browser_gets_forms_with_a_token_for_its_own_cookie(world, browser):
    laptop, phone = browser(world.mo), browser(world.mo)
    laptop.get(world.url)
    assert not served_from_cache(phone.get(world.url))
    cached = phone.get(world.url)
    assert served_from_cache(cached)
    token = TOKEN.search(cached.content.decode()).group(1)
    response = phone.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_a_browser_without_a_csrf_cookie_gets_a_rendered_page(world, browser):
    client = browser(world.mo)
    client.get(world.url)
    # The first page sets the cookie; from then on the browser has one.
    assert settings.CSRF_COOKIE_NAME in client.cookies
    del client.cookies[settings.CSRF_COOKIE_NAME]
    assert not served_from_cache(client.get(world.url))


def test_a_logged_out_session_never_gets_the_stored_page(world, browser):
    client = browser(world.mo)
    client.get(world.url)
    Session.objects.filter(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).delete()
    # A members-only community does not exist for someone who is not signed in.
    assert client.get(world.url).status_code == 404


def test_a_deactivated_account_never_gets_the_stored_page(world, browser, django_capture_on_commit_callbacks):
    client = browser(world.mo)
    client.get(world.url)
    with django_capture_on_commit_callbacks(execute=True):
        world.mo.is_active = False
        world.mo.save()
    assert client.get(world.url).status_code == 404


def test_a_removed_member_loses_the_page_at_once(world, browser, django_capture_on_commit_callbacks):
    client = browser(world.mo)
    assert client.get(world.url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.filter(user=world.mo).delete()
    assert client.get(world.url).status_code == 404


def test_a_new_entry_shows_on_the_next_request(world, browser, django_capture_on_commit_callbacks):
    client = browser(world.mo)
    client.get(world.url)
    with django_capture_on_commit_callbacks(execute=True):
        ValueEntryFactory(community=world.community, author=world.ann, title="Nieuw verhaal")
    response = client.get(world.url)
    assert not served_from_cache(response)
    assert "Nieuw verhaal" in response.content.decode()


def test_another_persons_sign_in_keeps_the_page(world, browser):
    client = browser(world.mo)
    client.get(world.url)
    browser(world.ann)  # signs in: the last login and a session, neither shown on a page
    assert served_from_cache(client.get(world.url))


def test_a_new_name_shows_on_the_next_request(world, browser, django_capture_on_commit_callbacks):
    # The user is loaded before the page renders; the page still counts the user's table.
    client = browser(world.mo)
    client.get(world.url)
    with django_capture_on_commit_callbacks(execute=True):
        world.mo.name = "Mo Hernoemd"
        world.mo.save()
    response = client.get(world.url)
    assert not served_from_cache(response) and account_name(response) == "Mo Hernoemd"


def test_a_pending_message_bypasses_the_stored_page(world, browser):
    client = browser(world.mo)
    client.get(world.url)
    client.cookies["messages"] = "anything"
    assert not served_from_cache(client.get(world.url))


def test_pages_of_views_that_did_not_opt_in_are_not_kept(world, browser):
    InstrumentFactory(title="Cultuurscan")
    client = browser(world.mo)
    for _ in range(2):
        assert not served_from_cache(client.get(reverse("instruments:list")))


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_page_that_shows_a_message_is_not_stored(rf, world, signed_in):
    secret = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    rendered = []

    def get(with_message):
        request = rf.get("/page/")
        request.user, request.session = (world.mo if signed_in else AnonymousUser()), SessionStore()
        request._messages = FallbackStorage(request)
        request.COOKIES[settings.CSRF_COOKIE_NAME] = request.META["CSRF_COOKIE"] = secret
        if signed_in:
            request.COOKIES[settings.SESSION_COOKIE_NAME] = "signed-in"

        def render():
            if with_message:
                messages.info(request, "Opgeslagen.")
            rendered.append(with_message)
            return HttpResponse("".join(str(message) for message in messages.get_messages(request)))

        return cached_page(request, render, per_person=True)

    get(True)
    get(True)
    assert rendered == [True, True]
    get(False)
    get(False)
    assert rendered == [True, True, False]
