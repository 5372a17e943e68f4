"""Whole pages cached for visitors, and (where a view opts in) per signed-in person.

A page is served from the cache only to a request without a session or
messages cookie (so the visitor is anonymous and nothing personal is shown),
and stored only when rendering it set no cookie and used no CSRF token (a
token belongs to one browser). The key holds the date, the language and the
full path; the page is kept with the versions (core.contentversion) of every
table its render named, as they were before the render began, and a hit
checks exactly those in one query. So a committed write misses the pages that
read its tables and no others, a write committed while a page rendered makes
that page miss, and PAGE_CACHE_SECONDS bounds how old a relative date ("3 days
ago") can get.

``cache_for_everyone`` also keeps pages of signed-in people, one copy per
person and browser: the key adds the user and the browser's CSRF secret, so
the token in the page's forms is the one that browser holds, and nobody gets
another person's page. Every hit still loads the session and the user, so a
logged-out or deactivated session never reaches a stored page; everything a
permission depends on (memberships, roles, visibility) is read while the page
renders, so a change to it moves a version the page is kept with and the next
request renders and checks anew. The user, loaded before the render, is
counted among the tables of every personal page.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from .contentversion import recording, table_versions


def _cacheable_request(request) -> bool:
    return (
        getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
    )


def _browser_secret(request) -> str | None:
    """The CSRF secret the browser sent and the request uses (None when it brought none)."""
    secret = request.META.get("CSRF_COOKIE")
    return secret if secret and request.COOKIES.get(settings.CSRF_COOKIE_NAME) == secret else None


def _person_cacheable_request(request) -> bool:
    return (
        getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0
        and request.method in ("GET", "HEAD")
        and _browser_secret(request) is not None
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
        and request.user.is_authenticated
        # Messages that did not fit the cookie wait in the session.
        and not request.session.get("_messages")
    )


def _storable(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A message added while rendering is this request's alone.
        and len(messages.get_messages(request)) == 0
    )


def _cacheable_response(request, response) -> bool:
    return _storable(request, response) and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


def _person_cacheable_response(request, response, secret: str) -> bool:
    # The page's tokens were made from the secret in the key.
    return _storable(request, response) and request.META.get("CSRF_COOKIE") == secret


def _key(request, kind: str = "page") -> str:
    path = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()
    # The date too: pages count "this month" and say "3 days ago".
    return f"{kind}:{timezone.localdate().isoformat()}:{get_language()}:{path}"


def _person_key(request, secret: str) -> str:
    browser = hashlib.sha256(secret.encode()).hexdigest()[:32]
    return _key(request, kind=f"person:{request.user.pk}:{browser}")


def _fresh(stored) -> bool:
    """Whether every table the page read is still at the version it was rendered under (one query)."""
    if not (isinstance(stored, tuple) and len(stored) == 4):
        return False  # kept by an older release
    versions = stored[3]
    current = table_versions(versions)
    return all(current.get(name, 0) == version for name, version in versions.items())


def _cached_response(stored) -> HttpResponse:
    content, content_type, facts, _versions = stored
    response = HttpResponse(content, content_type=content_type)
    if facts is not None:
        response.cached_facts = facts
    return response


def _render_and_store(cache, key, render, storable, *, also_reads=()) -> HttpResponse:
    # Read before the render: a write committed while it runs raises a version past these, so the
    # next request misses instead of keeping what the render may have read before that write.
    before = table_versions()
    with recording() as tables:
        response = render()
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()  # a TemplateResponse runs its queries here
    if storable(response):
        versions = {name: before.get(name, 0) for name in tables | set(also_reads)}
        facts = getattr(response, "cached_facts", None)
        cache.set(
            key, (response.content, response["Content-Type"], facts, versions), settings.PAGE_CACHE_SECONDS
        )
    return response


def _cached_person_page(request, render):
    cache = caches[settings.PAGE_CACHE_ALIAS]
    secret = _browser_secret(request)
    key = _person_key(request, secret)
    stored = cache.get(key)
    if stored is not None and _fresh(stored):
        # As a rendered page would: keeps the browser's CSRF cookie from expiring.
        get_token(request)
        return _cached_response(stored)
    return _render_and_store(
        cache,
        key,
        render,
        lambda response: _person_cacheable_response(request, response, secret),
        # Loaded (by the session) before the render began, and shown on the page.
        also_reads=[get_user_model()._meta.db_table.lower()],
    )


def cached_page(request, render, *, per_person: bool = False):
    """``render()``'s response, or the one cached for this visitor's page and language.

    With ``per_person``, signed-in people get their own cached copy too (see
    the module's docstring); only for views whose GET depends on nothing but
    the stored content and the user.

    A view that needs to know something about the page it did not render (say,
    which instrument a cached page shows) sets ``response.cached_facts``; it is
    stored with the page and set again on the response of a hit.
    """
    if not _cacheable_request(request):
        if per_person and _person_cacheable_request(request):
            return _cached_person_page(request, render)
        return render()
    cache = caches[settings.PAGE_CACHE_ALIAS]
    key = _key(request)
    stored = cache.get(key)
    if stored is not None and _fresh(stored):
        return _cached_response(stored)
    return _render_and_store(cache, key, render, lambda response: _cacheable_response(request, response))


def cache_for_visitors(view):
    """Decorator form of ``cached_page`` for views whose whole work is rendering."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return cached_page(request, lambda: view(request, *args, **kwargs))

    return wrapped


def cache_for_everyone(view):
    """Like ``cache_for_visitors``, and signed-in people get their own cached copy."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return cached_page(request, lambda: view(request, *args, **kwargs), per_person=True)

    return wrapped
