"""Production hardening: headers, cookies, session lifetimes, passwords, enumeration, rate limits."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse

from core.security import SESSION_SEEN_KEY, SESSION_STARTED_KEY
from moderation import services as moderation_services
from tests.factories import DEFAULT_PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "HTTPS": "1",
    "SECRET_KEY": "a-production-like-secret-key-" + "k" * 40,
    "ALLOWED_HOSTS": "lc.example.org",
}


def run_with_production_settings(*args: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests in this process, never in production.
    ignored = {"DEBUG", "HTTPS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in ignored}
    env.update(PRODUCTION_ENV)
    return subprocess.run(  # noqa: S603 - fixed arguments, our own interpreter
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


# --- Deployment checks and cookies ----------------------------------------------------------------


def test_check_deploy_is_clean_under_production_settings():
    result = run_with_production_settings("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_host_prefixed_and_secure():
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'SESSION_COOKIE_NAME','CSRF_COOKIE_NAME','LANGUAGE_COOKIE_NAME','SESSION_COOKIE_SECURE',"
        "'CSRF_COOKIE_SECURE','LANGUAGE_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','CSRF_COOKIE_HTTPONLY',"
        "'SECURE_HSTS_SECONDS','SECURE_SSL_REDIRECT','SESSION_COOKIE_PATH','CSRF_COOKIE_DOMAIN',"
        "'SESSION_COOKIE_DOMAIN']}))"
    )
    result = run_with_production_settings(
        "-c", f"import os; os.environ['DJANGO_SETTINGS_MODULE']='lcplatform.settings'; {script}"
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    for name in ("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "LANGUAGE_COOKIE_NAME"):
        assert values[name].startswith("__Host-")
    assert (
        values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"] and values["LANGUAGE_COOKIE_SECURE"]
    )
    assert values["SESSION_COOKIE_HTTPONLY"] and values["CSRF_COOKIE_HTTPONLY"]
    # __Host- cookies must not name a domain and must use path /.
    assert values["SESSION_COOKIE_DOMAIN"] is None and values["CSRF_COOKIE_DOMAIN"] is None
    assert values["SESSION_COOKIE_PATH"] == "/"
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_SSL_REDIRECT"]


@pytest.mark.django_db
def test_host_prefixed_cookies_are_sent_with_secure_and_path(client, settings, user):
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.SESSION_COOKIE_SECURE = True
    client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD}, secure=True)
    cookie = client.cookies["__Host-sessionid"]
    assert cookie["secure"] and cookie["path"] == "/" and not cookie["domain"] and cookie["httponly"]


# --- Headers ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/instruments/", "/accounts/login/", "/admin/login/"])
def test_pages_carry_a_strict_content_security_policy(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    directives = dict(
        (part.split()[0], part.split()[1:]) for part in (chunk.strip() for chunk in csp.split(";")) if part
    )
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_no_template_relies_on_inline_script_or_style():
    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text()
        lowered = text.lower()
        inline_script = "<script" in lowered and "<script src=" not in lowered.replace(
            "<script defer src=", ""
        )
        if inline_script or ' style="' in lowered or "<style" in lowered or " onclick=" in lowered:
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders


# --- Session lifetimes -------------------------------------------------------------------------------


def _age_session(client, *, started_ago: int, seen_ago: int):
    import time

    session = client.session
    now = int(time.time())
    session[SESSION_STARTED_KEY] = now - started_ago
    session[SESSION_SEEN_KEY] = now - seen_ago
    session.save()


def _signed_in(client) -> bool:
    return client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_login_marks_the_session_start(client, user):
    client.force_login(user)
    session = client.session
    assert isinstance(session[SESSION_STARTED_KEY], int)
    assert session[SESSION_SEEN_KEY] == session[SESSION_STARTED_KEY]


@pytest.mark.django_db
def test_an_idle_session_is_logged_out(client, user, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    client.force_login(user)
    _age_session(client, started_ago=700, seen_ago=601)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not _signed_in(client)


@pytest.mark.django_db
def test_activity_keeps_a_session_alive_until_the_absolute_limit(client, user, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    settings.SESSION_ABSOLUTE_TIMEOUT = 3600
    client.force_login(user)
    _age_session(client, started_ago=3000, seen_ago=590)
    assert _signed_in(client)
    # The request above counted as activity.
    assert client.session[SESSION_SEEN_KEY] > client.session[SESSION_STARTED_KEY] + 3000 - 5
    _age_session(client, started_ago=3601, seen_ago=1)
    assert not _signed_in(client)


@pytest.mark.django_db
def test_a_session_from_before_the_limits_starts_counting_now(client, user):
    client.force_login(user)
    session = client.session
    del session[SESSION_STARTED_KEY]
    session.save()
    assert _signed_in(client)
    assert isinstance(client.session[SESSION_STARTED_KEY], int)


# --- Deactivation ends sessions ---------------------------------------------------------------------


@pytest.mark.django_db
def test_deactivating_an_account_ends_its_sessions_for_good(client, user):
    client.force_login(user)
    assert _signed_in(client)
    user.is_active = False
    user.save()
    assert not _signed_in(client)
    user.is_active = True
    user.save()
    # Switching the account back on does not revive the old session.
    assert not _signed_in(client)


@pytest.mark.django_db
def test_deactivating_in_the_admin_ends_sessions(client, django_user_model, make_user):
    member = make_user("member")
    admin = make_user("admin")
    from django.test import Client

    member_client = Client()
    member_client.force_login(member)
    assert _signed_in(member_client)
    client.force_login(admin)
    response = client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    form = response.context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key != "password"}
    data.update(
        {
            "email": member.email,
            "is_active": "",
            "groups": [],
            "user_permissions": [],
            "date_joined_0": member.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": member.date_joined.strftime("%H:%M:%S"),
            "last_login_0": "",
            "last_login_1": "",
        }
    )
    data = {key: value for key, value in data.items() if key not in {"is_active"}}
    response = client.post(reverse("admin:accounts_user_change", args=[member.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert not member.is_active
    assert not _signed_in(member_client)


@pytest.mark.django_db
def test_a_suspension_ends_sessions_and_reinstating_does_not_revive_them(client, coordinator, user):
    client.force_login(user)
    assert _signed_in(client)
    moderation_services.user_suspend(actor=coordinator, user=user, reason="Spam")
    assert not _signed_in(client)
    moderation_services.user_reinstate(actor=coordinator, user=user, reason="Appeal granted")
    assert not _signed_in(client)


@pytest.mark.django_db
def test_other_users_keep_their_sessions(client, user):
    other = UserFactory()
    client.force_login(other)
    user.is_active = False
    user.save()
    assert _signed_in(client)


# --- Passwords --------------------------------------------------------------------------------------


def _signup(client, email, password):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "password",
    ["kort12!", "password", "wachtwoord", "12345678901", "qwertyuiop"],
)
def test_weak_passwords_are_refused_at_sign_up(client, password, english_copy):
    response = _signup(client, "new@example.org", password)
    assert response.status_code == 200
    assert response.context["form"].errors.get("password1")
    assert not get_user_model().objects.filter(email="new@example.org").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("length", [8, 64, 200, 1024])
def test_long_passphrases_are_welcome(client, length):
    passphrase = ("paarse olifant danst op het dak " * 40)[:length].rstrip() + "x"
    passphrase = passphrase[:length]
    response = _signup(client, f"p{length}@example.org", passphrase)
    assert response.status_code == 302, response.context["form"].errors
    user = get_user_model().objects.get(email=f"p{length}@example.org")
    assert user.check_password(passphrase)


@pytest.mark.django_db
def test_a_megabyte_password_is_refused_before_hashing(client, english_copy):
    response = _signup(client, "huge@example.org", "x" * 1025)
    assert "too long" in str(response.context["form"].errors["password1"])


# --- No user enumeration ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_up_with_a_taken_address_looks_like_a_new_sign_up(client, user, mailoutbox):
    taken = _signup(client, user.email, "een lange zin als wachtwoord")
    client.logout()
    fresh = _signup(client, "nobody-yet@example.org", "een lange zin als wachtwoord")
    assert taken.status_code == fresh.status_code == 302
    assert taken["Location"] == fresh["Location"]
    # The owner of the address hears about the attempt; nobody else learns anything.
    assert [mail.to for mail in mailoutbox] == [[user.email], ["nobody-yet@example.org"]]


@pytest.mark.django_db
def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client, user, mailoutbox):
    known = client.post(reverse("account_reset_password"), {"email": user.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [mail.to for mail in mailoutbox][0] == [user.email]


@pytest.mark.django_db
def test_failed_logins_do_not_reveal_whether_the_address_exists(client, user):
    wrong_password = client.post(reverse("account_login"), {"login": user.email, "password": "not-it-1234"})
    no_account = client.post(
        reverse("account_login"), {"login": "ghost@example.org", "password": "not-it-1234"}
    )
    assert wrong_password.context["form"].errors == no_account.context["form"].errors


# --- Rate limits shared by every worker ----------------------------------------------------------


@pytest.mark.django_db
def test_login_failures_are_counted_in_the_shared_database_cache(client, user, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "lc_cache"}
    }
    from django.core.cache import caches
    from django.core.management import call_command

    # The test database has the table only when the embedded default is in use (no REDIS_URL).
    call_command("createcachetable", "lc_cache")
    caches["default"].clear()

    def attempt(password):
        return client.post(reverse("account_login"), {"login": user.email, "password": password})

    for _ in range(5):
        assert "too_many_login_attempts" not in _error_codes(attempt("wrong-1234"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM lc_cache")
        assert cursor.fetchone()[0] >= 1
    # Another worker process has its own Python objects but reads the same table:
    # "5/5m/key" keeps even the right password out for this address.
    caches["default"].close()
    response = attempt(DEFAULT_PASSWORD)
    assert "too_many_login_attempts" in _error_codes(response)
    assert not _signed_in(client)


def _error_codes(response) -> set[str]:
    return {error.code for error in response.context["form"].non_field_errors().as_data()}


@pytest.mark.django_db
def test_sign_up_is_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "3/m/ip"}
    statuses = [
        _signup(client, f"s{i}@example.org", "een lange zin als wachtwoord").status_code for i in range(4)
    ]
    assert statuses[-1] == 429


@pytest.mark.django_db
def test_sessions_are_stored_server_side(client, user):
    client.force_login(user)
    assert Session.objects.count() == 1
