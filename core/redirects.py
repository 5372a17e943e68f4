"""Where to send a user back to after a POST: a ``next`` parameter, if it is safe."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, candidate: str | None, fallback: str) -> str:
    """``candidate`` if it is a path on this site, else ``fallback`` (itself a path).

    Only absolute paths ("/...") are taken. ``url_has_allowed_host_and_scheme``
    alone also allows relative references such as ``foo`` or ``-1``, which
    ``redirect()`` then tries to reverse as a URL name: NoReverseMatch, a 500.
    """
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return fallback
