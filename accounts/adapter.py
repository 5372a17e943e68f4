"""allauth hooks: the first sign-in goes through the welcome questions; LinkedIn fills in the name."""

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.urls import reverse


class AccountAdapter(DefaultAccountAdapter):
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
