"""Related instruments, proven elsewhere, context ratings and comparable communities."""

import pytest

from communities.models import Visibility
from discovery import associations
from instruments import services
from tests.communities.factories import CommunityFactory, InstrumentUseFactory, MembershipFactory
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory


def titles(suggestions):
    return [s.instrument.title for s in suggestions]


@pytest.fixture
def base(db):
    return InstrumentFactory(title="Stand-up", summary="Kort overleg.", goal="Voortgang.")


def test_co_used_instrument_ranks_above_an_unrelated_one(base):
    co_used = InstrumentFactory(title="Sprintplanning", summary="Plannen.", goal="Plannen.")
    # Shares a facet and a tag with the base, but was never used together with it.
    InstrumentFactory(title="Losse kaart", summary="Iets anders.", goal="Anders.")
    for community in (CommunityFactory(), CommunityFactory()):
        InstrumentUseFactory(community=community, instrument=base)
        InstrumentUseFactory(community=community, instrument=co_used)
    suggestions = associations.related_instruments(base, UserFactory())
    assert titles(suggestions)[0] == "Sprintplanning"
    assert "Losse kaart" not in titles(suggestions)
    assert suggestions[0].reasons[0].code == "co_use"


def test_co_use_in_a_members_only_community_does_not_count_for_outsiders(base):
    secret = CommunityFactory(name="Geheime kring", visibility=Visibility.MEMBERS_ONLY)
    only_secret = InstrumentFactory(title="Geheim gebruikt", summary="Zeilboot.")
    InstrumentUseFactory(community=secret, instrument=base)
    InstrumentUseFactory(community=secret, instrument=only_secret)
    member = UserFactory()
    MembershipFactory(community=secret, user=member)

    outsider_view = associations.related_instruments(base, UserFactory())
    assert "Geheim gebruikt" not in titles(outsider_view)
    assert not any(r.code == "co_use" for s in outsider_view for r in s.reasons)
    member_view = associations.related_instruments(base, member)
    assert titles(member_view) == ["Geheim gebruikt"]
    assert member_view[0].reasons[0].code == "co_use"


def test_members_only_community_never_appears_on_the_instrument_page(client, base):
    secret = CommunityFactory(name="Geheime kring", visibility=Visibility.MEMBERS_ONLY)
    other = InstrumentFactory(title="Tweede instrument")
    InstrumentUseFactory(community=secret, instrument=base)
    InstrumentUseFactory(community=secret, instrument=other)
    html = client.get(base.get_absolute_url()).content.decode()
    assert "Geheime kring" not in html
    assert 'data-reason="co_use"' not in html


def test_shared_facets_and_tags_give_reasons(db):
    both = {"phase": ["execute"], "pillar": ["culture"]}
    base = InstrumentFactory(title="Cultuurscan", summary="Scan van cultuur.", facets=both, tags=["dialoog"])
    InstrumentFactory(title="Dialoogkaart", summary="Kaartspel.", facets=both, tags=["dialoog"])
    InstrumentFactory(title="Alleen fase", summary="Stappenplan.", facets={"phase": ["execute"]})
    InstrumentFactory(title="Niets gemeen", summary="Zeilboot.", facets={"phase": ["sustain"]})
    suggestions = associations.related_instruments(base, UserFactory())
    assert titles(suggestions)[:2] == ["Dialoogkaart", "Alleen fase"]
    assert "Niets gemeen" not in titles(suggestions)
    assert {"phase", "pillar", "tags"} <= {r.code for r in suggestions[0].reasons}


def test_unpublished_instruments_are_never_suggested(db):
    from instruments.models import InstrumentStatus

    base = InstrumentFactory(tags=["dialoog"])
    InstrumentFactory(title="Concept", tags=["dialoog"], status=InstrumentStatus.DRAFT)
    assert "Concept" not in titles(associations.related_instruments(base, UserFactory()))


def test_proven_elsewhere_groups_experiences_by_theme_and_sector(base):
    ExperienceFactory(instrument=base, theme="health", sector="Wijkverpleging")
    ExperienceFactory(instrument=base, theme="health", sector="wijkverpleging", would_use_again=False)
    ExperienceFactory(instrument=base, theme="energy", sector="installatietechniek")
    blocks = associations.proven_elsewhere(base, UserFactory())
    assert [b.theme for b in blocks] == ["health", "energy"]
    health = blocks[0]
    assert health.count == 2
    assert [(line.sector, line.count, line.again) for line in health.sectors] == [("wijkverpleging", 2, 1)]


def test_rating_per_context_next_to_the_overall_rating(client, base):
    services.review_save(
        actor=UserFactory(), instrument=base, rating=5, context_theme="health", context_level="meso"
    )
    services.review_save(
        actor=UserFactory(), instrument=base, rating=3, context_theme="energy", context_level="meso"
    )
    rows = {r.key: (r.count, r.average) for r in associations.ratings_by_context(base)}
    assert rows == {("level", "meso"): (2, 4.0), ("theme", "health"): (1, 5.0), ("theme", "energy"): (1, 3.0)}
    html = client.get(base.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "context-ratings" in html


def test_comparable_communities_same_region_first_and_never_members_only(db):
    me = CommunityFactory(name="Mijn LC", level="micro", province="overijssel", themes=["energy"])
    near = CommunityFactory(name="Buren", level="micro", province="overijssel", themes=["energy"])
    far = CommunityFactory(name="Verweg", level="micro", province="zeeland", themes=["energy"])
    CommunityFactory(
        name="Geheim", level="micro", province="overijssel", themes=["energy"], visibility="members_only"
    )
    CommunityFactory(
        name="Anders", level="macro", province="limburg", themes=["safety"], challenge="Iets totaal anders."
    )
    comparables = associations.comparable_communities(me, UserFactory())
    names = [c.community.name for c in comparables]
    assert names[:2] == ["Buren", "Verweg"]
    assert comparables[0].same_region and not comparables[1].same_region
    assert "Geheim" not in names
    assert "level" in {r.code for r in comparables[0].reasons}
    assert near != far


def test_instruments_that_worked_skip_what_the_community_already_used(db):
    me = CommunityFactory(name="Mijn LC", level="micro", themes=["energy"])
    twin = CommunityFactory(name="Tweeling", level="micro", themes=["energy"])
    used_here = InstrumentFactory(title="Al gebruikt")
    worked = InstrumentFactory(title="Werkte daar")
    InstrumentUseFactory(community=me, instrument=used_here)
    InstrumentUseFactory(community=twin, instrument=used_here)
    InstrumentUseFactory(community=twin, instrument=worked)
    user = UserFactory()
    comparables = associations.comparable_communities(me, user)
    result = associations.instruments_that_worked(me, comparables, user)
    assert [w.instrument.title for w in result] == ["Werkte daar"]
    assert [c.name for c in result[0].used_by] == ["Tweeling"]


def test_community_page_shows_comparable_communities(client, db):
    me = CommunityFactory(name="Mijn LC", level="micro", themes=["energy"])
    CommunityFactory(name="Tweeling", level="micro", themes=["energy"])
    html = client.get(me.get_absolute_url()).content.decode()
    assert "Tweeling" in html and "comparable-heading" in html
