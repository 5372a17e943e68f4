"""allauth hooks: the first sign-in goes through the welcome questions; LinkedIn fills in the name.

Sign-in rate limits that an attacker cannot turn against a known account.

allauth counts failed sign-ins per e-mail address ("5 in 5 minutes"), so anyone
who knows a coordinator's address could keep them out with one wrong password
a minute. Here the count is per address *and* client (the IP address, through
``ALLAUTH_TRUSTED_PROXY_COUNT`` behind a proxy): an attacker locks out only
their own client. A much higher ceiling per address across all clients
(``login_failed_address`` in ``ACCOUNT_RATE_LIMITS``) still caps guessing from
many machines; a password reset (a mailed link) lifts both counts for the
address owner.
"""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit

# The internal consume returns the usage, which a successful sign-in rolls back
# like allauth does for its own counts (the public one only says yes or no).
from allauth.core.internal import ratelimit as ratelimit_usage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.urls import reverse

ADDRESS_CEILING = "login_failed_address"


class AccountAdapter(DefaultAccountAdapter):
    def _address_key(self, request, **credentials) -> str:
        return super()._get_login_attempts_cache_key(request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        return f"{self._address_key(request, **credentials)}:{self.get_client_ip(request)}"

    def pre_authenticate(self, request, **credentials) -> None:
        super().pre_authenticate(request, **credentials)
        ceiling = ratelimit_usage.consume(
            request,
            app="allauth.account",
            action=ADDRESS_CEILING,
            key=self._address_key(request, **credentials),
        )
        if ceiling is None:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")
        # A successful sign-in rolls back its attempt on both counts.
        self._login_failed_rl_usage.usage.extend(ceiling.usage)

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(request, action=ADDRESS_CEILING, key=self._address_key(request, **credentials))

    def get_login_redirect_url(self, request):
        url = super().get_login_redirect_url(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.onboarded_at is None:
            return f"{reverse('accounts:onboarding')}?{urlencode({'next': url})}"
        return url


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        """The name LinkedIn (OpenID Connect) gives becomes the display name, never the e-mail prefix."""
        user = super().populate_user(request, sociallogin, data)
        claims = sociallogin.account.extra_data or {}
        name = (
            data.get("name")
            or claims.get("name")
            or " ".join(part for part in (data.get("first_name"), data.get("last_name")) if part)
            or " ".join(part for part in (claims.get("given_name"), claims.get("family_name")) if part)
        )
        if name and not user.name:
            user.name = " ".join(str(name).split())[:150]
        return user
