"""Response headers and session lifetimes that Django 5.2 does not provide itself.

Django 6.0 ships a Content-Security-Policy middleware; on 5.2 a header built
from one setting is all this project needs: it has no inline script or style
at all, so there are no nonces to hand out (django-csp would add a dependency
for exactly that feature).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

# Keys in the session; the login signal sets both, the middleware keeps the second fresh.
SESSION_STARTED_KEY = "lc_auth_started"
SESSION_SEEN_KEY = "lc_last_seen"
# Writing the session on every request costs a database write per page view;
# a minute of slack on the idle timer is not worth that.
SEEN_RESOLUTION_SECONDS = 60


def content_security_policy(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csp = content_security_policy(settings.CONTENT_SECURITY_POLICY)
        self.permissions = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


def mark_session_start(sender, request, user, **kwargs):
    """``user_logged_in`` receiver: the absolute lifetime counts from here."""
    now = int(time.time())
    request.session[SESSION_STARTED_KEY] = now
    request.session[SESSION_SEEN_KEY] = now


class SessionLifetimeMiddleware:
    """Log out after ``SESSION_IDLE_TIMEOUT`` seconds without a request, and after
    ``SESSION_ABSOLUTE_TIMEOUT`` seconds since the login whatever the activity.

    The cookie's own expiry cannot do this: it moves with every session write
    and lives in the browser, where a stolen cookie keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        session = request.session
        now = int(time.time())
        started = session.get(SESSION_STARTED_KEY)
        seen = session.get(SESSION_SEEN_KEY)
        if not isinstance(started, int) or not isinstance(seen, int):
            # A session from before these limits: start counting now.
            session[SESSION_STARTED_KEY] = session[SESSION_SEEN_KEY] = now
            return
        expired = (
            now - started > settings.SESSION_ABSOLUTE_TIMEOUT or now - seen > settings.SESSION_IDLE_TIMEOUT
        )
        if expired:
            logout(request)
            messages.info(request, _("Your session has ended. Please sign in again."))
            return
        if now - seen >= SEEN_RESOLUTION_SECONDS:
            session[SESSION_SEEN_KEY] = now
