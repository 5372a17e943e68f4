"""The busy pages cost the same number of queries for 3 or for 30 rows."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from communities import services
from communities.models import BuildingBlock, Membership, Standup, StandupAnswer
from tests.factories import ExperienceFactory

from .factories import CommunityFactory, InstrumentFactory, InstrumentUseFactory, ScheduleFactory, UserFactory

SIZES = [3, 30]

# Session, user and role lookups included (and the municipality list of the filter's datalist);
# the same bound holds for both sizes.
LIST_QUERIES = 11
# The profile also carries the panels of value creation, scans, reminders, exchange (challenges
# and shared steps: two) and discovery (about one query each), and the instruments its members
# shared experiences with (one); what matters is that the count does not grow with the data.
# Measured: 28 for a facilitator once the experience list joined the panels (7 Dec 2026).
PROFILE_QUERIES = 28
STANDUP_QUERIES = 11
TIMELINE_QUERIES = 13


def _members(community, n):
    users = [UserFactory() for _ in range(n)]
    Membership.objects.bulk_create([Membership(community=community, user=u) for u in users])
    return users


@pytest.mark.parametrize("n", SIZES)
def test_list_queries_are_bounded(client, make_user, n, django_assert_max_num_queries):
    viewer = make_user()
    for i in range(n):
        community = CommunityFactory(themes=["energy", "health"], sectors=["logistiek", "zorg"])
        if i % 2:
            Membership.objects.create(community=community, user=viewer)
    client.force_login(viewer)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("communities:list"))
    assert response.status_code == 200


@pytest.mark.parametrize("n", SIZES)
def test_profile_queries_are_bounded(client, make_user, n, django_assert_max_num_queries):
    facilitator = make_user("facilitator")
    community = CommunityFactory(facilitator=facilitator, themes=["energy"], sectors=["bouw"])
    _members(community, n)
    for i in range(n):
        services.partner_add(
            actor=facilitator,
            community=community,
            name=f"Partner {i}",
            practice_type=["business", "knowledge"][i % 2],
        )
        instrument = InstrumentFactory()
        InstrumentUseFactory(community=community, instrument=instrument)
        # A member's experience linked to the community: the list of instruments is one query.
        ExperienceFactory(instrument=instrument, author=facilitator, contexts={"community": community.pk})
    blocks = list(BuildingBlock.objects.values_list("pk", flat=True))
    services.building_blocks_save(
        actor=facilitator, community=community, texts={pk: "Tekst" for pk in blocks}
    )
    # The comparable-communities panel reads stored associations; computed off the request path
    # (a worker, beat, this command), else once on a first view, which is not what this measures.
    call_command("refresh_associations", "--community", community.slug, stdout=io.StringIO())
    client.force_login(facilitator)
    with django_assert_max_num_queries(PROFILE_QUERIES):
        response = client.get(community.get_absolute_url())
    assert response.status_code == 200


def _standups_with_answers(community, facilitator, users, count):
    ScheduleFactory(community=community, weekday=0)
    monday = datetime.date(2026, 1, 5)
    standups = []
    for week in range(count):
        day = monday + datetime.timedelta(weeks=week)
        if week % 3 == 0:
            services.sprint_create(
                actor=facilitator,
                community=community,
                goal=f"Sprint goal {week}",
                starts_on=day,
                ends_on=day + datetime.timedelta(days=20),
            )
        standup = services.standup_create(actor=facilitator, community=community, date=day)
        services.standup_park(actor=facilitator, standup=standup, text="Punt")
        standups.append(standup)
    StandupAnswer.objects.bulk_create(
        [
            StandupAnswer(standup=s, member=u, did="Gedaan", will_do="Gaan doen")
            for s in standups
            for u in users
        ]
    )
    return standups


@pytest.mark.parametrize("n", SIZES)
def test_standup_page_queries_are_bounded(client, make_user, n, django_assert_max_num_queries):
    facilitator = make_user("facilitator")
    community = CommunityFactory(facilitator=facilitator)
    users = _members(community, n)
    (standup,) = _standups_with_answers(community, facilitator, users, 1)
    client.force_login(facilitator)
    with django_assert_max_num_queries(STANDUP_QUERIES):
        response = client.get(
            reverse("communities:standup_detail", kwargs={"slug": community.slug, "pk": standup.pk})
        )
    assert len(response.context["answers"]) == n


@pytest.mark.parametrize("n", SIZES)
def test_timeline_queries_are_bounded(client, make_user, n, django_assert_max_num_queries):
    facilitator = make_user("facilitator")
    community = CommunityFactory(facilitator=facilitator)
    users = _members(community, n)
    _standups_with_answers(community, facilitator, users, n)
    client.force_login(facilitator)
    with django_assert_max_num_queries(TIMELINE_QUERIES):
        response = client.get(reverse("communities:timeline", kwargs={"slug": community.slug}))
    assert response.status_code == 200
    assert Standup.objects.filter(community=community).count() == n


def _profile_with(facilitator, n):
    community = CommunityFactory(facilitator=facilitator, themes=["energy"], sectors=["bouw"])
    _members(community, n)
    for i in range(n):
        services.partner_add(
            actor=facilitator,
            community=community,
            name=f"Partner {i}",
            practice_type=["business", "knowledge"][i % 2],
        )
        InstrumentUseFactory(community=community, instrument=InstrumentFactory())
    return community


@pytest.mark.parametrize("role", ["anonymous", "facilitator"])
def test_profile_query_count_is_the_same_for_small_and_large_communities(client, make_user, role):
    """Issue 20: measured at two sizes, the same count (not only under a bound)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    facilitator = make_user("facilitator")
    # Both built first, so each has the other as a neighbour (its panels show the same kinds of rows).
    communities = [_profile_with(facilitator, n) for n in SIZES]
    call_command("refresh_associations", stdout=io.StringIO())
    counts = []
    for community in communities:
        if role != "anonymous":
            client.force_login(facilitator)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(community.get_absolute_url()).status_code == 200
        client.logout()
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[0] <= PROFILE_QUERIES
