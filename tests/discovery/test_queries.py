"""Discovery pages run a bounded number of queries, whatever the amount of data."""

import pytest
from django.urls import reverse

from instruments import services
from tests.communities.factories import CommunityFactory, InstrumentUseFactory
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

from .factories import RouteFactory, RouteStepFactory


def make_data(n: int):
    reviewer = UserFactory()
    communities = [
        CommunityFactory(name=f"Vertrouwen LC {i}", themes=["energy"]) for i in range(max(2, n // 4))
    ]
    instruments = []
    for i in range(n):
        instrument = InstrumentFactory(
            title=f"Vertrouwensinstrument {i:03d}",
            summary="Over vertrouwen en dialoog.",
            facets={"phase": ["execute"], "pillar": ["culture"], "audience": ["participants"]},
            tags=["dialoog", f"tag{i % 5}"],
        )
        instruments.append(instrument)
        ExperienceFactory(instrument=instrument, what_worked="Het vertrouwen groeide.", theme="health")
        services.review_save(actor=reviewer, instrument=instrument, rating=4, context_theme="energy")
        InstrumentUseFactory(community=communities[i % len(communities)], instrument=instrument)
    for r in range(max(1, n // 5)):
        route = RouteFactory(title=f"Route {r}")
        for position, instrument in enumerate(instruments[r : r + 4], start=1):
            RouteStepFactory(route=route, instrument=instrument, position=position)
    return instruments, communities


PAGES = [
    ("discovery:search", {}, {"q": "vertrouwen"}),
    ("discovery:search", {}, {"q": "vertrouwen", "kind": "experiences"}),
    ("discovery:finder", {}, {"phase": "execute", "goal": "improve_dialogue", "audience": "participants"}),
    ("discovery:route_list", {}, {}),
    ("instruments:list", {}, {"sort": "fit", "fit_theme": "energy", "q": "vertrouwen"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
@pytest.mark.parametrize(("name", "kwargs", "params"), PAGES)
def test_pages_do_not_grow_with_data(client, django_assert_max_num_queries, name, kwargs, params, logged_in):
    counts = []
    for n in (4, 24):
        make_data(n)
        if logged_in:
            client.force_login(UserFactory())
        with django_assert_max_num_queries(16) as captured:
            response = client.get(reverse(name, kwargs=kwargs), params)
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


@pytest.mark.django_db
@pytest.mark.parametrize("n", [4, 24])
def test_route_detail_is_bounded(client, django_assert_max_num_queries, n):
    route = RouteFactory()
    for i in range(n):
        RouteStepFactory(route=route, instrument=InstrumentFactory(tags=["a", "b"]), position=i + 1)
    with django_assert_max_num_queries(8):
        response = client.get(route.get_absolute_url())
    assert len(response.context["steps"]) == n


@pytest.mark.django_db
def test_discovery_panels_add_the_same_number_of_queries_whatever_the_data(client):
    """The instrument and community page panels: same count for little and for much data."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n in (4, 24):
        instruments, communities = make_data(n)
        with CaptureQueriesContext(connection) as instrument_page:
            assert client.get(instruments[0].get_absolute_url()).status_code == 200
        with CaptureQueriesContext(connection) as community_page:
            assert client.get(communities[0].get_absolute_url()).status_code == 200
        counts.append((len(instrument_page), len(community_page)))
    assert counts[0] == counts[1]
