"""The scans pages cost the same number of queries for few or many members, rounds and versions."""

import pytest
from django.urls import reverse

from communities.models import Membership
from scans import services
from scans.models import Round

from .factories import UserFactory, answer_all, make_canvas, make_community, make_scan

SIZES = [3, 12]

# Session, user, community, membership and permission lookups included.
TAB_QUERIES = 13  # measured: 11
ROUND_QUERIES = 18  # measured: 16
RESULTS_QUERIES = 14  # measured: 12
CANVAS_QUERIES = 11  # measured: 9


def _world(n):
    community, facilitator, members = make_community(members=n)
    scan = make_scan(slug="actie", dimensions=5, open_question=True)
    canvas = make_canvas()
    for index in range(n):
        round_ = services.round_open(actor=facilitator, community=community, scan=scan)
        answer_all(round_, members, value_for=lambda i, item, k=index: 1 + (i + k) % 5, text=f"Tekst {index}")
        if index < n - 1:
            services.round_close(actor=facilitator, round=round_)
        sheet = services.canvas_start(
            actor=members[0], community=community, canvas=canvas, title=f"Blad {index}"
        )
        for version in range(3):
            services.canvas_save(actor=members[version % n], sheet=sheet, texts={"a": f"v{version}"})
    return community, facilitator, members, scan, sheet


@pytest.mark.parametrize("n", SIZES)
def test_scans_tab_is_bounded(client, db, n, django_assert_max_num_queries):
    community, facilitator, members, _scan, _sheet = _world(n)
    client.force_login(members[0])
    with django_assert_max_num_queries(TAB_QUERIES):
        response = client.get(reverse("scans:community_scans", kwargs={"slug": community.slug}))
    assert response.status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_round_page_is_bounded(client, db, n, django_assert_max_num_queries):
    community, facilitator, _members, _scan, _sheet = _world(n)
    round_ = Round.objects.filter(closed_at__isnull=True).get()
    client.force_login(facilitator)  # the facilitator's page also lists the open answers
    with django_assert_max_num_queries(ROUND_QUERIES):
        response = client.get(reverse("scans:round_detail", kwargs={"slug": community.slug, "pk": round_.pk}))
    assert response.status_code == 200 and b"<svg" in response.content


@pytest.mark.parametrize("name", ["scan_results", "scan_print", "scan_export"])
@pytest.mark.parametrize("n", SIZES)
def test_results_pages_are_bounded(client, db, n, name, django_assert_max_num_queries):
    community, facilitator, _members, scan, _sheet = _world(n)
    client.force_login(facilitator)
    with django_assert_max_num_queries(RESULTS_QUERIES):
        response = client.get(
            reverse(f"scans:{name}", kwargs={"slug": community.slug, "scan_slug": scan.slug})
        )
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["canvas_detail", "canvas_edit", "canvas_print"])
@pytest.mark.parametrize("n", SIZES)
def test_canvas_pages_are_bounded(client, db, n, name, django_assert_max_num_queries):
    community, _facilitator, members, _scan, sheet = _world(n)
    client.force_login(members[0])
    with django_assert_max_num_queries(CANVAS_QUERIES):
        response = client.get(reverse(f"scans:{name}", kwargs={"slug": community.slug, "pk": sheet.pk}))
    assert response.status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_slots_add_a_fixed_number_of_queries(client, db, n, instrument, django_assert_max_num_queries):
    """The instrument page's panel and the profile's panel do not grow with memberships or rounds."""
    user = UserFactory()
    for _ in range(n):
        community, _f, _m = make_community(members=1, facilitator=user)
    scan = make_scan(slug="op-instrument", instrument=instrument)
    make_canvas(slug="ook-op-instrument", instrument=instrument)
    round_ = services.round_open(actor=user, community=community, scan=scan)
    answer_all(round_, [user])
    assert Membership.objects.filter(user=user).count() == n
    client.force_login(user)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(instrument.get_absolute_url())
    # The instrument's own query carries the panel registry's "any scan or canvas?" check
    # (instruments.panels); the panel then reads its tools in one query of its own.
    scans_queries = [
        q
        for q in queries.captured_queries
        if ("scans_" in q["sql"] or "communities_membership" in q["sql"])
        and not q["sql"].startswith('SELECT "instruments_instrument"')
    ]
    assert len([q for q in scans_queries if "scans_" in q["sql"]]) == 1
    with CaptureQueriesContext(connection) as queries:
        client.get(community.get_absolute_url())
    assert len([q for q in queries.captured_queries if "scans_round" in q["sql"]]) == 1
