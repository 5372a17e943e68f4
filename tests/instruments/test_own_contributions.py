"""The instrument page: forms open on demand, errors return to the form, own words can be edited."""

import re

import pytest
from django.urls import reverse

from instruments.models import Experience, Review
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument():
    return InstrumentFactory(title="Cultuurscan", facets={"phase": ["execute"]})


def test_forms_are_closed_until_asked_for_and_post_back_to_their_anchor(client, instrument):
    client.force_login(UserFactory())
    html = client.get(instrument.get_absolute_url()).content.decode()
    assert '<details class="form-disclosure" id="review-disclosure">' in html
    assert '<details class="form-disclosure" id="experience-disclosure">' in html
    assert f'action="{reverse("instruments:review", args=[instrument.slug])}#review-form"' in html
    assert f'action="{reverse("instruments:experience", args=[instrument.slug])}#experience-form"' in html


def test_a_form_with_errors_comes_back_open(client, instrument):
    client.force_login(UserFactory())
    response = client.post(
        reverse("instruments:experience", args=[instrument.slug]), {"tips": "Klein beginnen"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert '<details class="form-disclosure" id="experience-disclosure" open>' in html
    assert "Klein beginnen" in html


def test_author_edits_their_experience(client, instrument):
    author = UserFactory()
    experience = ExperienceFactory(instrument=instrument, author=author, what_worked="Eerst")
    client.force_login(author)
    url = reverse("instruments:experience_edit", args=[instrument.slug, experience.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert re.search(r'value="yes"[^>]*checked', page.content.decode())
    response = client.post(url, {"what_worked": "Later beter verwoord", "would_use_again": "no"})
    assert response.status_code == 302 and response["Location"].endswith(f"#experience-{experience.pk}")
    experience.refresh_from_db()
    assert experience.what_worked == "Later beter verwoord" and experience.would_use_again is False


def test_author_deletes_their_experience_and_the_count_follows(client, instrument):
    author = UserFactory()
    from instruments import services

    experience = services.experience_create(actor=author, instrument=instrument, what_worked="Weg ermee")
    instrument.refresh_from_db()
    assert instrument.experience_count == 1
    client.force_login(author)
    response = client.post(reverse("instruments:experience_delete", args=[instrument.slug, experience.pk]))
    assert response.status_code == 302
    assert not Experience.objects.filter(pk=experience.pk).exists()
    instrument.refresh_from_db()
    assert instrument.experience_count == 0


@pytest.mark.parametrize("action", ["experience_edit", "experience_delete"])
def test_nobody_else_touches_an_experience(client, instrument, action, make_user):
    experience = ExperienceFactory(instrument=instrument, author=UserFactory(), what_worked="Van mij")
    for role in ("member", "facilitator", "coordinator"):
        client.force_login(make_user(role))
        url = reverse(f"instruments:{action}", args=[instrument.slug, experience.pk])
        response = client.post(url, {"what_worked": "Gekaapt", "would_use_again": "yes"})
        assert response.status_code == 404
    experience.refresh_from_db()
    assert experience.what_worked == "Van mij"


def test_author_deletes_their_review_and_the_rating_follows(client, instrument):
    from instruments import services

    author = UserFactory()
    services.review_save(actor=author, instrument=instrument, rating=2, text="Matig")
    services.review_save(actor=UserFactory(), instrument=instrument, rating=4)
    client.force_login(author)
    page = client.get(instrument.get_absolute_url()).content.decode()
    assert reverse("instruments:review_delete", args=[instrument.slug]) in page
    client.post(reverse("instruments:review_delete", args=[instrument.slug]))
    assert not Review.objects.filter(author=author).exists()
    instrument.refresh_from_db()
    assert instrument.rating_count == 1 and instrument.rating_avg == 4


def test_deleting_a_review_you_did_not_write_finds_nothing(client, instrument):
    from instruments import services

    services.review_save(actor=UserFactory(), instrument=instrument, rating=4)
    client.force_login(UserFactory())
    assert client.post(reverse("instruments:review_delete", args=[instrument.slug])).status_code == 404
    assert Review.objects.count() == 1


def test_owners_are_named_with_their_organisation(client):
    owner = UserFactory(name="Dirk Developer", organisation="Saxion")
    instrument = InstrumentFactory(owner=owner)
    html = client.get(instrument.get_absolute_url()).content.decode()
    assert "Dirk Developer (Saxion)" in html
