"""The challenge page's instrument ranking: stored on the challenge, kept up to date off the request path."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.models import Community, MembershipRole, Visibility
from exchange import services, tasks
from exchange.models import Challenge
from instruments.models import Instrument
from tests.communities.factories import (
    CommunityFactory,
    InstrumentFactory,
    InstrumentUseFactory,
    MembershipFactory,
)

from .conftest import link, make_challenge

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Three public communities on one challenge: 'Warmtescan' used by all three, 'Buurtkaart' by one."""
    challenge = make_challenge()
    scan = InstrumentFactory(title="Warmtescan")
    kaart = InstrumentFactory(title="Buurtkaart")
    communities = [CommunityFactory(name=f"Wijk {i}") for i in range(3)]
    for community in communities:
        link(community, challenge)
        InstrumentUseFactory(community=community, instrument=scan, note="Werkte goed")
    InstrumentUseFactory(community=communities[0], instrument=kaart, note="Handig")
    return challenge, scan, kaart, communities


def _stored(challenge):
    return Challenge.objects.get(pk=challenge.pk).ranked_instruments


def _shown(client, challenge):
    response = client.get(challenge.get_absolute_url())
    assert response.status_code == 200
    return [item.instrument.title for item in response.context["page"].instruments]


def test_the_refresh_stores_the_ranking_most_communities_first(world):
    challenge, scan, kaart, _communities = world
    assert _stored(challenge) is None  # not computed since the links and uses were made
    assert services.challenge_rankings_refresh() == 1
    assert _stored(challenge) == [[scan.pk, 3], [kaart.pk, 1]]
    assert services.challenge_rankings_refresh() == 0  # nothing stale left


def test_the_page_reads_the_stored_ranking_with_one_query_less(client, world):
    challenge, *_rest = world
    with CaptureQueriesContext(connection) as counting:
        counted = _shown(client, challenge)
    services.challenge_rankings_refresh()
    with CaptureQueriesContext(connection) as stored:
        read = _shown(client, challenge)
    assert counted == read == ["Warmtescan", "Buurtkaart"]
    assert len(stored) == len(counting) - 1
    assert not any("COUNT(DISTINCT" in q["sql"] for q in stored.captured_queries)


def test_members_only_and_hidden_are_left_out_when_the_page_reads_a_stored_ranking(client, world):
    challenge, scan, kaart, communities = world
    services.challenge_rankings_refresh()
    # Bulk updates send no signal: the stored ranking still names both, the page filters.
    Instrument.objects.filter(pk=scan.pk).update(is_hidden=True)
    assert _shown(client, challenge) == ["Buurtkaart"]
    Community.objects.filter(pk=communities[0].pk).update(visibility=Visibility.MEMBERS_ONLY)
    assert _shown(client, challenge) == []  # the only community that used Buurtkaart is members-only now
    assert _stored(challenge) == [[scan.pk, 3], [kaart.pk, 1]]


@pytest.fixture
def queued(monkeypatch):
    calls = []
    monkeypatch.setattr(tasks.refresh_rankings, "apply_async", lambda **kw: calls.append(kw))
    cache.delete(tasks.QUEUED_KEY)
    return calls


def test_a_new_use_marks_the_ranking_stale_and_one_refresh_is_queued(
    world, queued, django_capture_on_commit_callbacks, settings
):
    settings.ASSOCIATION_REFRESH_DEBOUNCE_SECONDS = 10
    challenge, _scan, kaart, communities = world
    services.challenge_rankings_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        InstrumentUseFactory(community=communities[1], instrument=kaart)
    with django_capture_on_commit_callbacks(execute=True):
        InstrumentUseFactory(community=communities[2], instrument=kaart)
    assert _stored(challenge) is None
    assert len(queued) == 1  # debounced: one refresh for both commits
    tasks.refresh_rankings()
    assert _stored(challenge)[1] == [kaart.pk, 3]


@pytest.mark.parametrize(
    "change",
    ["use deleted", "community made members-only", "link added", "link removed by the facilitators' service"],
)
def test_what_moves_the_ranking_marks_it_stale(world, queued, django_capture_on_commit_callbacks, change):
    challenge, _scan, _kaart, communities = world
    services.challenge_rankings_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        if change == "use deleted":
            communities[0].instrument_uses.first().delete()
        elif change == "community made members-only":
            communities[1].visibility = Visibility.MEMBERS_ONLY
            communities[1].save()
        elif change == "link added":
            link(CommunityFactory(), challenge)
        else:
            facilitator = MembershipFactory(community=communities[2], role=MembershipRole.FACILITATOR).user
            services.community_challenges_set(actor=facilitator, community=communities[2], challenges=[])
    assert _stored(challenge) is None
    assert queued


def test_other_challenges_keep_their_ranking(world, queued, django_capture_on_commit_callbacks):
    challenge, _scan, kaart, _communities = world
    other = make_challenge("Zorg in de wijk")
    elsewhere = CommunityFactory()
    link(elsewhere, other)
    services.challenge_rankings_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        InstrumentUseFactory(community=elsewhere, instrument=kaart)
    assert _stored(other) is None
    assert _stored(challenge) is not None


def test_a_broker_that_is_down_loses_nothing(world, monkeypatch, django_capture_on_commit_callbacks):
    challenge, _scan, kaart, communities = world
    services.challenge_rankings_refresh()

    def refuse(**kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.refresh_rankings, "apply_async", refuse)
    cache.delete(tasks.QUEUED_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        InstrumentUseFactory(community=communities[1], instrument=kaart)
    assert _stored(challenge) is None  # the mark waits for beat's refresh
    tasks.refresh_rankings()
    assert _stored(challenge)[1] == [kaart.pk, 2]


def test_refresh_all_recomputes_what_no_mark_covered(world):
    challenge, scan, kaart, communities = world
    services.challenge_rankings_refresh()
    Community.objects.filter(pk__in=[c.pk for c in communities[1:]]).update(
        visibility=Visibility.MEMBERS_ONLY
    )
    assert _stored(challenge) == [[scan.pk, 3], [kaart.pk, 1]]
    assert tasks.refresh_all_rankings() == Challenge.objects.count()
    assert _stored(challenge) == [[scan.pk, 1], [kaart.pk, 1]]
