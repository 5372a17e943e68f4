"""Comparable communities weigh meaning (issue 21, item 3), in the stored association job.

The stand-in embedder relates word stems: "aardgasloos" and "aardgasvrije" share "aardg". The
communities differ in level, phase and province, so the only thing they share is what they mean.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.models import Community, Visibility
from discovery import associations, services
from discovery.models import Association, AssociationKind, StaleAssociation
from semantic import services as semantic_services
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BADGE = 'data-reason="meaning"'


@pytest.fixture
def heat(db):
    me = CommunityFactory(
        name="Buurtwarmte Noord",
        challenge="Samen de wijk aardgasloos maken.",
        level="micro",
        phase="start",
        province="groningen",
    )
    twin = CommunityFactory(
        name="Warmteteam Zuid",
        challenge="Aardgasvrije straten, samen met de bewoners die erin wonen.",
        level="macro",
        phase="sustain",
        province="limburg",
    )
    secret = CommunityFactory(
        name="Geheime wijkaanpak",
        challenge="Aardgasloze woningen en een aardgasloos buurthuis.",
        level="macro",
        phase="sustain",
        province="limburg",
        visibility=Visibility.MEMBERS_ONLY,
    )
    CommunityFactory(
        name="Robots in het magazijn",
        challenge="Logistiek leren automatiseren.",
        level="macro",
        phase="design",
        province="zeeland",
    )
    member = UserFactory()
    MembershipFactory(community=secret, user=member)
    semantic_services.embed_kind("communities")
    services.associations_refresh(community_ids=[me.pk])
    return me, twin, secret, member


def stored(community):
    return list(
        Association.objects.filter(
            community=community, kind=AssociationKind.COMPARABLE_COMMUNITY, rank__gt=0
        ).select_related("target_community")
    )


def test_the_job_stores_a_community_alike_in_meaning_with_its_own_words(heat):
    me, twin, secret, _member = heat
    rows = {row.target_community.name: row for row in stored(me)}
    assert "Warmteteam Zuid" in rows
    reasons = {r["code"]: r for r in rows["Warmteteam Zuid"].reasons}
    assert reasons["meaning"]["text"] == twin.challenge
    assert "Robots in het magazijn" not in rows


def test_a_members_only_community_is_never_stored_nor_shown_even_to_its_members(client, heat):
    me, _twin, secret, member = heat
    assert secret.pk not in {row.target_community_id for row in stored(me)}
    for viewer in (None, UserFactory(), member):
        if viewer is not None:
            client.force_login(viewer)
        html = client.get(me.get_absolute_url()).content.decode()
        assert "Geheime wijkaanpak" not in html
        assert "buurthuis" not in html  # nor its words


def test_the_community_page_shows_the_badge_and_the_reason(client, heat):
    me, twin, *_rest = heat
    html = client.get(me.get_absolute_url()).content.decode()
    assert "Warmteteam Zuid" in html
    assert BADGE in html
    assert "vergelijkbaar van betekenis" in html  # the badge, in the visitor's language
    assert "Aardgasvrije straten, samen met de bewoners" in html


def test_the_page_reads_the_stored_list_and_never_ranks_by_meaning(client, heat, monkeypatch):
    me, *_rest = heat

    def fail(*args, **kwargs):
        raise AssertionError("ranked on the request path")

    monkeypatch.setattr(associations.semantic_selectors, "similar_communities", fail)
    monkeypatch.setattr(associations, "comparable_communities", fail)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(me.get_absolute_url())
    assert response.status_code == 200
    comparable_reads = [
        q
        for q in captured.captured_queries
        if "discovery_association" in q["sql"] and "comparable" in q["sql"]
    ]
    assert len(comparable_reads) == 1


def test_a_community_that_turned_members_only_since_drops_out_with_its_words(client, heat):
    me, twin, *_rest = heat
    Community.objects.filter(pk=twin.pk).update(visibility=Visibility.MEMBERS_ONLY)
    html = client.get(me.get_absolute_url()).content.decode()
    assert "Warmteteam Zuid" not in html
    assert "Aardgasvrije straten" not in html


def test_new_community_vectors_mark_their_neighbours_lists_stale(heat):
    me, twin, *_rest = heat
    StaleAssociation.objects.all().delete()
    Community.objects.filter(pk=twin.pk).update(challenge="Aardgasvrij wonen in de wijk, met bewoners.")
    semantic_services.embed_kind("communities", [twin.pk])
    marked = set(StaleAssociation.objects.values_list("community_pk", flat=True))
    assert {twin.pk, me.pk} <= marked


def test_hostile_words_of_another_community_are_shown_as_text(client, heat):
    me, twin, *_rest = heat
    Community.objects.filter(pk=twin.pk).update(
        challenge='Aardgasvrije straten <script>alert("x")</script> en bewoners.'
    )
    semantic_services.embed_kind("communities", [twin.pk])
    services.associations_refresh(community_ids=[me.pk])
    html = client.get(me.get_absolute_url()).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_without_vectors_the_comparables_are_what_they_were(heat, settings):
    me, *_rest = heat
    from semantic import embedders

    settings.SEMANTIC_EMBEDDER = "off"
    embedders.reset()
    services.associations_refresh(community_ids=[me.pk])
    assert all(r["code"] != "meaning" for row in stored(me) for r in row.reasons)
