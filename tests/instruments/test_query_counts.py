"""List and detail pages run a bounded number of queries, whatever the page size."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from instruments import services
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

CATALOGUE_MAX_QUERIES = 12


def make_catalogue(n: int):
    reviewer = UserFactory()
    for i in range(n):
        instrument = InstrumentFactory(
            title=f"Instrument {i:03d}",
            facets={
                "phase": ["execute", "start"],
                "audience": ["facilitators"],
                "pillar": ["culture"],
                "level": ["meso"],
                "theme": ["energy"],
            },
            tags=[f"tag{i % 7}", "dialoog"],
        )
        if i % 3 == 0:
            services.review_save(actor=reviewer, instrument=instrument, rating=4)


@pytest.mark.django_db
@pytest.mark.parametrize("per_page", [24, 100])
@pytest.mark.parametrize("logged_in", [False, True])
def test_catalogue_queries_do_not_grow_with_page_size(
    client, django_assert_max_num_queries, per_page, logged_in
):
    make_catalogue(110)
    user = UserFactory()
    if logged_in:
        client.force_login(user)
        services.bookmark_toggle(actor=user, instrument=InstrumentFactory(title="Bewaard"))
    params = {"per_page": per_page, "phase": "execute", "tag": "dialoog", "sort": "rating", "q": "Instrument"}
    with django_assert_max_num_queries(CATALOGUE_MAX_QUERIES):
        response = client.get(reverse("instruments:list"), params)
    assert len(response.context["page"].object_list) == per_page


# Issue 20: at most 10, anonymous and signed in, whatever the number of reviews and experiences.
INSTRUMENT_PAGE_MAX_QUERIES = 10


def make_instrument_page(extra: int):
    instrument = InstrumentFactory(facets={"phase": ["execute"]}, tags=["dialoog"])
    for i in range(6):
        InstrumentFactory(title=f"Verwant {i}", facets={"phase": ["execute"]}, tags=["dialoog"])
    for _ in range(extra):
        user = UserFactory()
        services.review_save(actor=user, instrument=instrument, rating=3, context_theme="energy")
        ExperienceFactory(instrument=instrument, author=user, theme="health")
    # Related instruments are stored associations, computed off the request path (a worker, beat,
    # this command), else once on a first view, which is not what this measures.
    call_command("refresh_associations", "--instrument", instrument.slug, stdout=io.StringIO())
    return instrument


def instrument_page_queries(client, instrument, logged_in: bool) -> int:
    if logged_in:
        client.force_login(UserFactory())
    with CaptureQueriesContext(connection) as captured:
        response = client.get(instrument.get_absolute_url())
    assert response.status_code == 200
    client.logout()
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_instrument_page_queries_do_not_grow_with_reviews_and_experiences(client, logged_in):
    # The page carries the panels of other apps (scans, communities, discovery, moderation,
    # exchange); those with nothing to show cost no query (instruments.panels).
    counts = []
    for extra in (2, 30):
        instrument = make_instrument_page(extra)
        counts.append(instrument_page_queries(client, instrument, logged_in))
        response = client.get(instrument.get_absolute_url())
        assert len(response.context["reviews"]) == extra
    assert counts[0] == counts[1]
    assert counts[0] <= INSTRUMENT_PAGE_MAX_QUERIES


@pytest.mark.django_db
@pytest.mark.parametrize("n", [2, 40])
@pytest.mark.parametrize("url_name", ["instruments:toolbox", "instruments:mine"])
def test_personal_lists_are_bounded(client, django_assert_max_num_queries, n, url_name):
    user = UserFactory()
    for i in range(n):
        instrument = InstrumentFactory(title=f"Mijn {i}", owner=user, tags=["x"], facets={"phase": ["start"]})
        services.bookmark_toggle(actor=user, instrument=instrument)
    client.force_login(user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse(url_name))
    assert response.status_code == 200


@pytest.mark.django_db
def test_home_page_is_bounded(client, django_assert_max_num_queries):
    make_catalogue(12)
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200
