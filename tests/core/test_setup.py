"""Set-up traps: the site's domain, mails that name the right address, demo accounts free of rate limits."""

from io import StringIO

import pytest
from django.contrib.sites.models import Site
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from core.sites import site_domain, sync_site

pytestmark = pytest.mark.django_db


def test_migrate_writes_the_site_url_into_the_site(settings):
    site = Site.objects.get_current()
    assert site.domain == site_domain(settings.SITE_URL)
    assert site.domain != "example.com"
    assert site.name == "LC Platform"


@override_settings(SITE_URL="https://lc.example.org:8443")
def test_site_follows_a_changed_site_url():
    sync_site()
    assert Site.objects.get_current().domain == "lc.example.org:8443"


@override_settings(SITE_URL="http://127.0.0.1:8123", ACCOUNT_EMAIL_VERIFICATION="mandatory")
def test_verification_mail_names_the_platform_not_example_com(client):
    sync_site()
    client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
        },
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = message.subject + message.body
    assert "example.com" not in text
    assert "127.0.0.1:8123" in message.body


def test_demo_accounts_start_with_their_full_hourly_allowance(settings, monkeypatch):
    from django.contrib.auth import get_user_model

    from moderation.ratelimit import check_rate_limit

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("seed_demo", "--quiet", stdout=StringIO())
    users = get_user_model().objects.filter(email__endswith="@lcplatform.local")
    for user in users:
        for action in ("submission", "review", "experience", "report"):
            check_rate_limit(user, action)  # raises RateLimitExceeded when over the limit
