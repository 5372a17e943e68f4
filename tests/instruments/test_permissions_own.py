"""Who may delete a review or edit and delete an experience: its author only (everyone else 404)."""

import pytest
from django.urls import reverse

from instruments import services
from instruments.models import Experience, Review
from tests.factories import InstrumentFactory

ROLES = ["anonymous", "member", "facilitator", "developer", "coordinator", "admin"]
COVERED_URL_NAMES = {
    "instruments:review_delete",
    "instruments:experience_edit",
    "instruments:experience_delete",
}


@pytest.mark.django_db
@pytest.mark.parametrize("own", [True, False])
@pytest.mark.parametrize("role", ROLES)
def test_experience_edit_and_delete(client, make_user, role, own):
    user = make_user(role)
    author = user if (own and user) else make_user("member")
    instrument = InstrumentFactory()
    experience = services.experience_create(actor=author, instrument=instrument, what_worked="Mijn les")
    if user:
        client.force_login(user)
    edit = reverse("instruments:experience_edit", args=[instrument.slug, experience.pk])
    delete = reverse("instruments:experience_delete", args=[instrument.slug, experience.pk])
    if user is None:
        assert client.get(edit).status_code == 302
        assert client.post(delete).status_code == 302
        assert Experience.objects.filter(pk=experience.pk).exists()
        return
    expected = 200 if own else 404
    assert client.get(edit).status_code == expected
    assert client.post(delete).status_code == (302 if own else 404)
    assert Experience.objects.filter(pk=experience.pk).exists() is not own


@pytest.mark.django_db
@pytest.mark.parametrize("own", [True, False])
@pytest.mark.parametrize("role", ROLES)
def test_review_delete(client, make_user, role, own):
    user = make_user(role)
    author = user if (own and user) else make_user("member")
    instrument = InstrumentFactory()
    services.review_save(actor=author, instrument=instrument, rating=3)
    if user:
        client.force_login(user)
    response = client.post(reverse("instruments:review_delete", args=[instrument.slug]))
    if user is None:
        assert response.status_code == 302 and Review.objects.exists()
    else:
        assert response.status_code == (302 if own else 404)
        assert Review.objects.exists() is not own
