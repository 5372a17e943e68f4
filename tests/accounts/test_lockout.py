"""Finding 7 of the security probe: nobody can lock a known account out by guessing its password."""

import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD

ATTACKER = "203.0.113.7"
OWNER = "198.51.100.20"


def attempt(client, user, password, ip):
    return client.post(reverse("account_login"), {"login": user.email, "password": password}, REMOTE_ADDR=ip)


def refused(response) -> bool:
    form = response.context and response.context.get("form")
    return bool(form) and "too_many_login_attempts" in {e.code for e in form.non_field_errors().as_data()}


@pytest.mark.django_db
def test_wrong_passwords_from_one_client_do_not_lock_the_owner_out(client, user):
    for _ in range(5):
        attempt(client, user, "wrong-1234", ATTACKER)
    # The attacker's client is locked, even with the right password ...
    assert refused(attempt(client, user, DEFAULT_PASSWORD, ATTACKER))
    # ... but the owner on their own connection signs in.
    response = attempt(client, user, DEFAULT_PASSWORD, OWNER)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_many_clients_together_hit_a_per_address_ceiling(client, user, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_address": "8/h/key"}
    for n in range(8):
        assert not refused(attempt(client, user, "wrong-1234", f"192.0.2.{n}"))
    assert refused(attempt(client, user, "wrong-1234", "192.0.2.200"))


@pytest.mark.django_db
def test_a_successful_sign_in_does_not_count_towards_the_ceiling(client, user, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_address": "2/h/key"}
    for _ in range(3):
        assert attempt(client, user, DEFAULT_PASSWORD, OWNER).status_code == 302
        client.logout()
