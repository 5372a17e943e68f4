"""First sign-in: the welcome questions (skippable), never the e-mail prefix as a name."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from accounts.adapter import SocialAccountAdapter
from accounts.models import Purpose, User
from places.models import Municipality
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _log_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})


def test_first_sign_in_goes_to_the_welcome_questions(client):
    user = UserFactory(name="", onboarded_at=None)
    response = _log_in(client, user)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:onboarding"))


def test_later_sign_ins_go_straight_on(client):
    user = UserFactory()
    response = _log_in(client, user)
    assert not response["Location"].startswith(reverse("accounts:onboarding"))


def test_answers_are_saved_and_a_facilitator_is_offered_the_role(client):
    user = UserFactory(name="", onboarded_at=None)
    client.force_login(user)
    zwolle = Municipality.objects.get(name="Zwolle")
    response = client.post(
        reverse("accounts:onboarding"),
        {
            "name": "  Sanne   de Vries ",
            "organisation": "Windesheim",
            "municipality": str(zwolle.pk),
            "purpose": Purpose.FACILITATE,
            "next": "/",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:roles") + "?role=facilitator")
    user.refresh_from_db()
    assert (user.name, user.organisation, user.municipality, user.purpose) == (
        "Sanne de Vries",
        "Windesheim",
        zwolle,
        Purpose.FACILITATE,
    )
    assert user.onboarded_at is not None


def test_taking_part_goes_to_the_next_page(client):
    user = UserFactory(onboarded_at=None)
    client.force_login(user)
    response = client.post(
        reverse("accounts:onboarding"),
        {
            "name": "Ali",
            "organisation": "",
            "municipality": "",
            "purpose": Purpose.TAKE_PART,
            "next": "/communities/",
        },
    )
    assert response["Location"] == "/communities/"


def test_skipping_is_remembered_and_asks_nothing(client):
    user = UserFactory(name="", onboarded_at=None)
    client.force_login(user)
    response = client.post(reverse("accounts:onboarding"), {"skip": "1", "next": "https://evil.example/"})
    assert response["Location"] == reverse("home:home")  # no open redirect
    user.refresh_from_db()
    assert user.onboarded_at is not None and user.name == ""


def test_a_name_is_required_and_nothing_typed_is_lost(client):
    client.force_login(UserFactory(onboarded_at=None))
    response = client.post(reverse("accounts:onboarding"), {"name": "   ", "organisation": "Saxion"})
    assert response.status_code == 400
    assert "Saxion" in response.content.decode()


def test_the_questions_are_reachable_from_the_profile(client):
    client.force_login(UserFactory())
    assert reverse("accounts:onboarding") in client.get(reverse("accounts:profile")).content.decode()
    assert client.get(reverse("accounts:onboarding")).status_code == 200


def test_the_email_prefix_is_never_shown_as_a_name(client):
    user = UserFactory(email="sanne.devries@example.org", name="")
    assert "sanne.devries" not in user.display_name
    client.force_login(user)
    html = client.get(reverse("home:home")).content.decode()
    assert "sanne.devries" not in html


def test_linkedin_fills_in_the_name():
    user = User(email="piet@example.org")
    sociallogin = SimpleNamespace(
        account=SimpleNamespace(extra_data={"given_name": "Piet", "family_name": "Jansen"})
    )
    adapter = SocialAccountAdapter()
    from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

    original = DefaultSocialAccountAdapter.populate_user
    DefaultSocialAccountAdapter.populate_user = lambda self, request, sl, data: user
    try:
        adapter.populate_user(None, sociallogin, {"email": "piet@example.org"})
    finally:
        DefaultSocialAccountAdapter.populate_user = original
    assert user.name == "Piet Jansen"
