"""Your data (AVG/GDPR): download everything, delete the account, nothing personal survives."""

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.urls import reverse

from accounts.models import Purpose, RoleRequest
from communities.models import JoinRequest, Membership, MembershipRole
from instruments import services as instrument_services
from instruments.models import Bookmark, Experience, Review
from places.models import Municipality
from privacy.services import account_delete, personal_data
from tests.communities.factories import CommunityFactory
from tests.factories import DEFAULT_PASSWORD, ExperienceFactory, InstrumentFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "sanne.devries@example.org"
NAME = "Sanne de Vries"
ORGANISATION = "Windesheim Zwolle"
BIO = "Docent logistiek met een voorliefde voor dialoog."


@pytest.fixture
def sanne():
    user = UserFactory(email=EMAIL, name=NAME, organisation=ORGANISATION, bio=BIO, purpose=Purpose.TAKE_PART)
    user.municipality = Municipality.objects.get(name="Zwolle")
    user.save()
    instrument = InstrumentFactory(title="Cultuurscan")
    instrument_services.review_save(actor=user, instrument=instrument, rating=5, text="Heel bruikbaar")
    ExperienceFactory(instrument=instrument, author=user, what_worked="Het gesprek kwam los")
    Bookmark.objects.create(user=user, instrument=instrument)
    community = CommunityFactory(name="Energie Zwolle")
    Membership.objects.create(
        community=community, user=user, role=MembershipRole.MEMBER, learning_goal="Leren"
    )
    JoinRequest.objects.create(community=CommunityFactory(name="Anders"), user=user, message="Mag ik erbij?")
    RoleRequest.objects.create(user=user, role="facilitator", motivation="Ik wil een community starten.")
    return user


def test_download_holds_the_account_and_everything_written(client, sanne):
    client.force_login(sanne)
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == EMAIL and data["account"]["name"] == NAME
    assert data["account"]["municipality"] == "Zwolle"
    assert "password" not in data["account"]
    text = json.dumps(data)
    for written in (
        "Heel bruikbaar",
        "Het gesprek kwam los",
        "Mag ik erbij?",
        "Ik wil een community starten.",
        "Leren",
    ):
        assert written in text
    assert "pbkdf2" not in text and "md5$" not in text


def test_the_download_leaves_out_other_people(client, sanne):
    other = UserFactory(email="ander@example.org", name="Andere Persoon")
    community = Membership.objects.filter(user=sanne).first().community
    Membership.objects.create(community=community, user=other)
    text = json.dumps(personal_data(sanne))
    assert "ander@example.org" not in text and "Andere Persoon" not in text


def test_deleting_needs_the_password_and_a_tick(client, sanne):
    client.force_login(sanne)
    url = reverse("privacy:delete")
    assert client.get(url).status_code == 200
    assert client.post(url, {"password": "fout", "confirm": "on"}).status_code == 400
    assert client.post(url, {"password": DEFAULT_PASSWORD}).status_code == 400
    sanne.refresh_from_db()
    assert sanne.deleted_at is None and sanne.is_active


def test_deleting_signs_out_and_keeps_contributions_as_former_member(client, sanne):
    client.force_login(sanne)
    response = client.post(reverse("privacy:delete"), {"password": DEFAULT_PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302  # signed out
    review = Review.objects.get(text="Heel bruikbaar")
    assert review.author.display_name in ("Former member", "Oud-lid")
    assert Experience.objects.filter(what_worked="Het gesprek kwam los").exists()
    page = client.get(review.instrument.get_absolute_url()).content.decode()
    assert NAME not in page and "Oud-lid" in page
    assert not client.login(email=EMAIL, password=DEFAULT_PASSWORD)


def test_no_personal_field_survives_anywhere(sanne):
    pk = sanne.pk
    account_delete(user=sanne)
    user = get_user_model().objects.get(pk=pk)
    assert EMAIL not in user.email
    for value in (user.name, user.organisation, user.bio, user.purpose, user.suspension_reason):
        assert value == ""
    assert user.municipality_id is None and user.last_login is None and user.onboarded_at is None
    assert not user.is_active and not user.has_usable_password() and not user.groups.exists()
    assert not Bookmark.objects.filter(user=user).exists()
    assert not Membership.objects.filter(user=user).exists()
    assert not JoinRequest.objects.filter(user=user).exists()
    assert not RoleRequest.objects.filter(user=user).exists()
    # Nothing in the whole database still names the person.
    everything = serializers.serialize(
        "json", [obj for model in apps.get_models() for obj in model._default_manager.all()]
    )
    for personal in (
        EMAIL,
        "sanne.devries",
        NAME,
        ORGANISATION,
        BIO,
        "Mag ik erbij?",
        "Ik wil een community starten.",
    ):
        assert personal not in everything, personal


def test_deleted_accounts_cannot_be_signed_into(client, sanne):
    account_delete(user=sanne)
    response = client.post(reverse("account_login"), {"login": EMAIL, "password": DEFAULT_PASSWORD})
    assert response.status_code != 302 or "/profile/" not in response.get("Location", "")
    assert "_auth_user_id" not in client.session
