"""Feeds and pages run a fixed number of queries, whatever the number of stand-ups and sprints."""

import datetime as dt

import pytest
from django.utils import timezone

from communities.models import Visibility
from reminders import services
from tests.communities.factories import SprintFactory, StandupFactory

from .conftest import make_team

pytestmark = pytest.mark.django_db


def _add_history(team, weeks):
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    for week in range(1, weeks + 1):
        StandupFactory(community=team.community, date=monday - dt.timedelta(weeks=week))
    for number in range(1, weeks + 1):
        start = monday - dt.timedelta(weeks=2 * number)
        SprintFactory(
            community=team.community, number=number, starts_on=start, ends_on=start + dt.timedelta(days=13)
        )


@pytest.mark.parametrize("weeks", [1, 20])
def test_private_feed_queries_do_not_grow(client, django_assert_max_num_queries, weeks):
    team = make_team(visibility=Visibility.MEMBERS_ONLY)
    _add_history(team, weeks)
    token = services.calendar_token_for(team.members[0], team.community)
    with django_assert_max_num_queries(8):
        response = client.get(f"/communities/{team.community.slug}/calendar/{token}.ics")
    assert response.status_code == 200
    assert response.content.count(b"BEGIN:VEVENT") >= 2 * weeks


@pytest.mark.parametrize("weeks", [1, 20])
def test_public_feed_queries_do_not_grow(client, django_assert_max_num_queries, weeks):
    team = make_team()
    _add_history(team, weeks)
    with django_assert_max_num_queries(5):
        assert client.get(f"/communities/{team.community.slug}/calendar.ics").status_code == 200


@pytest.mark.parametrize("links", [0, 3, 30])
def test_preferences_page_queries(client_for, user, django_assert_max_num_queries, links):
    from reminders.models import CalendarFeed
    from tests.communities.factories import CommunityFactory

    for n in range(links):
        CalendarFeed.objects.create(user=user, community=CommunityFactory(name=f"Kring {n}"), token=f"t{n}")
    client = client_for(user)
    # One more than before the calendar links were listed, whatever their number.
    with django_assert_max_num_queries(7):
        page = client.get("/profile/reminders/")
    assert page.status_code == 200 and page.content.count(b"/revoke/") == links
