import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from instruments import services
from instruments.models import Classification, Instrument, InstrumentStatus, Review
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory


@pytest.mark.django_db
def test_review_save_creates_then_updates_the_single_review(instrument):
    user = UserFactory()
    services.review_save(actor=user, instrument=instrument, rating=2)
    services.review_save(actor=user, instrument=instrument, rating=5, text="Beter dan gedacht")
    assert Review.objects.filter(instrument=instrument).count() == 1
    instrument.refresh_from_db()
    assert (instrument.rating_count, instrument.rating_sum, instrument.rating_avg) == (1, 5, 5.0)


@pytest.mark.django_db
def test_average_follows_every_review_and_deletion(instrument):
    reviews = [services.review_save(actor=UserFactory(), instrument=instrument, rating=r) for r in (5, 4, 1)]
    instrument.refresh_from_db()
    assert instrument.rating_avg == pytest.approx(10 / 3)
    services.review_delete(actor=None, review=reviews[2])
    instrument.refresh_from_db()
    assert (instrument.rating_count, instrument.rating_avg) == (2, 4.5)
    for review in reviews[:2]:
        services.review_delete(actor=None, review=review)
    instrument.refresh_from_db()
    assert (instrument.rating_count, instrument.rating_avg) == (0, None)


@pytest.mark.django_db
@pytest.mark.parametrize("rating", [0, 6, -1])
def test_rating_outside_one_to_five_is_rejected(instrument, rating):
    with pytest.raises(ValidationError):
        services.review_save(actor=UserFactory(), instrument=instrument, rating=rating)
    instrument.refresh_from_db()
    assert instrument.rating_count == 0


@pytest.mark.django_db
def test_experience_count_is_kept_exact(instrument):
    ExperienceFactory(instrument=instrument)
    ExperienceFactory(instrument=instrument)
    instrument.refresh_from_db()
    assert instrument.experience_count == 2


@pytest.mark.django_db
def test_bookmark_toggle(instrument, user):
    assert services.bookmark_toggle(actor=user, instrument=instrument) is True
    assert services.bookmark_toggle(actor=user, instrument=instrument) is False
    assert not user.bookmarks.exists()


@pytest.mark.django_db
def test_new_instruments_are_submitted_and_owned(user):
    instrument = services.instrument_create(
        actor=user,
        data={"title": "Mijn scan", "summary": "s", "goal": "g", "format": "scan"},
        facets={"phase": ["start"], "audience": ["facilitators"]},
        tags=["zorg"],
    )
    assert instrument.status == InstrumentStatus.SUBMITTED
    assert list(instrument.owners.all()) == [user]
    assert set(Classification.objects.filter(instrument=instrument).values_list("facet", "value")) == {
        ("phase", "start"),
        ("audience", "facilitators"),
    }


@pytest.mark.django_db
def test_slugs_are_unique_and_never_shadow_fixed_paths(user):
    data = {"summary": "s", "goal": "g", "format": "scan"}
    published = {"status": InstrumentStatus.PUBLISHED}
    first = services.instrument_create(actor=user, data={**data, "title": "Cultuurscan"}, **published)
    second = services.instrument_create(actor=user, data={**data, "title": "Cultuurscan"}, **published)
    reserved = services.instrument_create(actor=user, data={**data, "title": "Submit"}, **published)
    # A collision gets a short random suffix, not a count (issue 16, finding 6).
    assert first.slug == "cultuurscan" and re.fullmatch(r"cultuurscan-[a-z0-9]{5}", second.slug)
    assert reserved.slug == "submit-instrument"


@pytest.mark.django_db
def test_unknown_classification_value_is_refused(instrument):
    with pytest.raises(ValueError):
        services.instrument_set_classification(instrument=instrument, facets={"phase": ["someday"]})


@pytest.mark.django_db
def test_a_refused_classification_changes_no_facet(instrument):
    before = set(instrument.classifications.values_list("facet", "value"))
    with pytest.raises(ValueError):
        services.instrument_set_classification(
            instrument=instrument, facets={"phase": ["design"], "audience": ["nobody"]}
        )
    assert set(instrument.classifications.values_list("facet", "value")) == before


@pytest.mark.django_db
def test_classification_is_replaced_in_three_queries(instrument, django_assert_num_queries):
    # The fixture holds phase=execute, audience=facilitators, pillar=culture.
    with django_assert_num_queries(3):
        services.instrument_set_classification(
            instrument=instrument,
            facets={"phase": ["execute", "design"], "audience": [], "pillar": ["culture"]},
        )
    assert set(instrument.classifications.values_list("facet", "value")) == {
        ("phase", "execute"),
        ("phase", "design"),
        ("pillar", "culture"),
    }


@pytest.mark.django_db
def test_markdown_description_is_sanitised(user):
    instrument = services.instrument_create(
        actor=user,
        data={
            "title": "XSS",
            "summary": "s",
            "goal": "g",
            "format": "scan",
            "description": (
                "<script>alert(1)</script>[klik](javascript:alert(1)) <img src=x onerror=alert(1)> **ok**"
            ),
        },
    )
    html = instrument.description_html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
    assert "<strong>ok</strong>" in html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_reviews_lose_no_update():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race only exists on PostgreSQL")
    instrument = InstrumentFactory()
    users = [UserFactory() for _ in range(8)]
    barrier = threading.Barrier(len(users))
    errors = []

    def review(user, rating):
        try:
            barrier.wait()
            services.review_save(
                actor=user, instrument=Instrument.objects.get(pk=instrument.pk), rating=rating
            )
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=review, args=(u, 1 + i % 5)) for i, u in enumerate(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    instrument.refresh_from_db()
    ratings = [1 + i % 5 for i in range(len(users))]
    assert instrument.rating_count == len(users)
    assert instrument.rating_sum == sum(ratings)
    assert instrument.rating_avg == pytest.approx(sum(ratings) / len(users))
