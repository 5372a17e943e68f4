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


@pytest.mark.django_db
def test_a_password_reset_lifts_the_ceiling_for_the_owner(client, user, settings):
    import re

    from django.core import mail

    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_address": "3/h/key"}
    for n in range(3):
        attempt(client, user, "wrong-1234", f"192.0.2.{n}")
    assert refused(attempt(client, user, DEFAULT_PASSWORD, OWNER))

    client.post(reverse("account_reset_password"), {"email": user.email}, REMOTE_ADDR=OWNER)
    (link,) = re.findall(r"https?://[^\s]+/password/reset/key/[^\s]+", mail.outbox[-1].body)
    response = client.get(link.split("testserver", 1)[-1], REMOTE_ADDR=OWNER, follow=True)
    new_password = "een-nieuw-wachtwoord-42"
    response = client.post(
        response.request["PATH_INFO"],
        {"password1": new_password, "password2": new_password},
        REMOTE_ADDR=OWNER,
    )
    assert response.status_code == 302, response.content[:500]
    client.logout()
    response = attempt(client, user, new_password, OWNER)
    assert response.status_code == 302 and not refused(response)
