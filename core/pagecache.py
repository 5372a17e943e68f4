"""Whole pages cached for visitors who are not signed in.

A page is served from the cache only to a request without a session or
messages cookie (so the visitor is anonymous and nothing personal is shown),
and stored only when rendering it set no cookie and used no CSRF token (a
token belongs to one browser). The key holds the content version
(core.contentversion), the language and the full path: any committed write
makes every cached page miss once, and PAGE_CACHE_SECONDS bounds how old a
relative date ("3 days ago") can get.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from .contentversion import current_version


def _cacheable_request(request) -> bool:
    return (
        getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGE_COOKIE_NAME", "messages") not in request.COOKIES
    )


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _key(request) -> str:
    path = hashlib.sha256(request.get_full_path().encode("utf-8", "surrogatepass")).hexdigest()
    # The date too: pages count "this month" and say "3 days ago".
    return f"page:{current_version()}:{timezone.localdate().isoformat()}:{get_language()}:{path}"


def cached_page(request, render):
    """``render()``'s response, or the one cached for this visitor's page and language.

    A view that needs to know something about the page it did not render (say,
    which instrument a cached page shows) sets ``response.cached_facts``; it is
    stored with the page and set again on the response of a hit.
    """
    if not _cacheable_request(request):
        return render()
    cache = caches[settings.PAGE_CACHE_ALIAS]
    key = _key(request)
    stored = cache.get(key)
    if stored is not None:
        content, content_type, facts = stored
        response = HttpResponse(content, content_type=content_type)
        if facts is not None:
            response.cached_facts = facts
        return response
    response = render()
    if _cacheable_response(request, response):
        facts = getattr(response, "cached_facts", None)
        cache.set(key, (response.content, response["Content-Type"], facts), settings.PAGE_CACHE_SECONDS)
    return response


def cache_for_visitors(view):
    """Decorator form of ``cached_page`` for views whose whole work is rendering."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return cached_page(request, lambda: view(request, *args, **kwargs))

    return wrapped
