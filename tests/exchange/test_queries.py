"""The challenge page, the challenge list and the community list with a municipality filter:
the same number of queries for 3 communities as for 30."""

import pytest
from django.urls import reverse

from communities.models import Visibility
from tests.communities.factories import CommunityFactory, InstrumentFactory, InstrumentUseFactory
from tests.valuecreation.factories import ValueEntryFactory

from .conftest import link, make_challenge, make_step, municipality

SIZES = [3, 30]
# Session, user, permissions, notification bell and follow state (with the content type, cached after
# the first request of a process) included for a signed-in member.
CHALLENGE_PAGE_QUERIES = 18  # the discussions (one list) and the open instrument requests (one list) included
CHALLENGE_LIST_QUERIES = 9
COMMUNITY_LIST_QUERIES = 12
CODES = ["GM0014", "GM0363", "GM0772", "GM0193"]


def _world(n):
    challenge = make_challenge()
    for i in range(n):
        community = CommunityFactory(
            themes=["energy"],
            sectors=["wonen"],
            municipality=municipality(CODES[i % len(CODES)]),
            visibility=Visibility.MEMBERS_ONLY if i % 5 == 4 else Visibility.PUBLIC,
        )
        link(community, challenge)
        if community.visibility == Visibility.PUBLIC:
            make_step(community, title=f"Stap {i}")
            InstrumentUseFactory(community=community, instrument=InstrumentFactory(), note="Ging goed")
            ValueEntryFactory(community=community, visibility="public")
    return challenge


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member"])
@pytest.mark.parametrize("n", SIZES)
def test_challenge_page_queries_are_bounded(client, make_user, n, role, django_assert_max_num_queries):
    challenge = _world(n)
    user = make_user(role)
    if user:
        client.force_login(user)
    with django_assert_max_num_queries(CHALLENGE_PAGE_QUERIES):
        response = client.get(challenge.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n", SIZES)
def test_challenge_list_queries_are_bounded(client, make_user, n, django_assert_max_num_queries):
    for i in range(n):
        challenge = make_challenge(f"Opgave {i}")
        challenge.themes.create(theme="energy")
        link(CommunityFactory(), challenge)
    client.force_login(make_user())
    with django_assert_max_num_queries(CHALLENGE_LIST_QUERIES):
        response = client.get(reverse("exchange:challenge_list"))
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n", SIZES)
def test_community_list_with_municipality_filter_is_bounded(
    client, make_user, n, django_assert_max_num_queries
):
    _world(n)
    client.force_login(make_user())
    with django_assert_max_num_queries(COMMUNITY_LIST_QUERIES):
        response = client.get(reverse("communities:list") + "?municipality=GM0363")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == len([i for i in range(n) if i % 4 == 1 and i % 5 != 4])
