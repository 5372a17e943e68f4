import pytest
from allauth.socialaccount.providers import registry
from django.test import override_settings
from django.urls import reverse

from lcplatform.settings import linkedin_provider


@pytest.mark.django_db
def test_healthz_reports_database_and_broker(client):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == "ok"


@pytest.mark.django_db
def test_healthz_stays_up_when_the_broker_is_down(client, settings):
    # Through Django's settings: setting app.conf directly would freeze the value for later tests.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json()["broker"] == "down"


@pytest.mark.django_db
@override_settings(SOCIALACCOUNT_PROVIDERS=linkedin_provider("client-id", "client-secret"))
def test_linkedin_login_is_offered_when_configured(client):
    assert "openid_connect" in registry.provider_map
    login_url = reverse("openid_connect_login", kwargs={"provider_id": "linkedin"})
    response = client.get(login_url)
    # allauth asks for confirmation on GET; no call to LinkedIn is made.
    assert response.status_code == 200
    assert "LinkedIn" in response.content.decode()
    assert login_url in client.get(reverse("account_login")).content.decode()


@pytest.mark.django_db
def test_linkedin_is_absent_without_configuration(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    assert "LinkedIn" not in client.get(reverse("account_login")).content.decode()


def test_linkedin_uses_openid_connect_discovery():
    app = linkedin_provider("a", "b")["openid_connect"]["APPS"][0]
    assert app["provider_id"] == "linkedin"
    assert app["settings"]["server_url"] == "https://www.linkedin.com/oauth"


def test_production_cache_is_shared_and_needs_no_redis(monkeypatch):
    """Without REDIS_URL the shared cache is the database; with it, Redis (failing open)."""
    import runpy

    from lcplatform import settings as project_settings

    monkeypatch.delenv("REDIS_URL", raising=False)
    embedded = runpy.run_path(project_settings.__file__)  # a fresh copy; Django's settings stay
    assert embedded["CACHES"]["default"]["BACKEND"].endswith("DatabaseCache")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/15")
    shared = runpy.run_path(project_settings.__file__)
    assert shared["CACHES"]["default"]["BACKEND"] == "core.cache.FailOpenRedisCache"
    assert shared["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/15"


@pytest.mark.django_db
def test_profile_can_be_edited(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {
            "name": "Fatima Yilmaz",
            "organisation": "Gemeente Utrecht",
            "bio": "Webber",
            "language": "en",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.name, user.organisation, user.language) == ("Fatima Yilmaz", "Gemeente Utrecht", "en")


@pytest.mark.django_db
def test_signup_sends_a_verification_mail(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "password1": "een-sterk-wachtwoord-9",
            "password2": "een-sterk-wachtwoord-9",
        },
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/confirm-email/" in mailoutbox[0].body


@pytest.mark.django_db
def test_roles_are_groups_an_admin_can_assign():
    from django.contrib.auth.models import Group

    from accounts.roles import Role, ensure_role_groups

    ensure_role_groups()
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
    coordinator_perms = Group.objects.get(name=Role.NETWORK_COORDINATOR).permissions.values_list(
        "codename", flat=True
    )
    assert "moderate_instrument" in coordinator_perms


@pytest.mark.django_db
def test_dutch_is_the_default_even_for_english_browsers(client):
    response = client.get("/instruments/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="nl"' in response.content.decode()


@pytest.mark.django_db
def test_the_profile_language_applies_after_login(client, user):
    user.language = "en"
    user.save()
    client.force_login(user)
    assert '<html lang="en"' in client.get("/instruments/").content.decode()
    client.cookies["django_language"] = "nl"
    assert '<html lang="nl"' in client.get("/instruments/").content.decode()
