"""API answers run a bounded number of queries, whatever the number of instruments on a page."""

import pytest
from django.urls import reverse

from instruments import services
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

# count + page + classifications + tags + links, with room for the search alias.
LIST_MAX_QUERIES = 6
DETAIL_MAX_QUERIES = 6
# One chunk (the catalogue is smaller than CHUNK_SIZE): instruments + four prefetches.
EXPORT_MAX_QUERIES = 6


def make_catalogue(n: int):
    reviewer, author = UserFactory(), UserFactory()
    for i in range(n):
        instrument = InstrumentFactory(
            title=f"Instrument {i:03d}",
            facets={"phase": ["execute", "start"], "audience": ["facilitators"], "theme": ["energy"]},
            tags=[f"tag{i % 7}", "dialoog"],
        )
        services.review_save(actor=reviewer, instrument=instrument, rating=4)
        ExperienceFactory(instrument=instrument, author=author)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 60])
def test_list_queries_do_not_grow_with_the_page(client, django_assert_max_num_queries, size):
    make_catalogue(size)
    with django_assert_max_num_queries(LIST_MAX_QUERIES):
        response = client.get(
            reverse("api:instrument_list"),
            {"page_size": 100, "phase": "execute", "tag": "dialoog", "q": "Instrument", "sort": "rating"},
        )
    assert len(response.json()["results"]) == size


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 60])
def test_detail_queries_do_not_grow_with_experiences(client, django_assert_max_num_queries, size):
    instrument = InstrumentFactory(facets={"phase": ["execute"]}, tags=["dialoog"])
    for _ in range(size):
        ExperienceFactory(instrument=instrument, author=UserFactory())
    with django_assert_max_num_queries(DETAIL_MAX_QUERIES):
        response = client.get(reverse("api:instrument_detail", kwargs={"slug": instrument.slug}))
    assert len(response.json()["experiences"]) == min(size, 20)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 60])
@pytest.mark.parametrize("name", ["export_catalogue", "export_instruments_csv", "export_experiences_csv"])
def test_export_queries_do_not_grow_with_the_catalogue(client, django_assert_max_num_queries, size, name):
    make_catalogue(size)
    with django_assert_max_num_queries(EXPORT_MAX_QUERIES):
        response = client.get(reverse(f"api:{name}"))
        body = b"".join(response.streaming_content)
    assert body.count(b"Instrument 0") == size
