"""Members-only communities never show up for outsiders: not listed, not counted, not named."""

import pytest
from django.urls import reverse

from communities.models import Membership, Visibility

from .factories import CommunityFactory, InstrumentFactory, InstrumentUseFactory, UserFactory

LIST = reverse("communities:list")


@pytest.fixture
def communities(db):
    return {
        "open": CommunityFactory(
            name="Open Werkplaats", level="micro", province="gelderland", themes=["energy"]
        ),
        "secret": CommunityFactory(
            name="Vertrouwelijk Zorgnetwerk",
            level="macro",
            province="zeeland",
            themes=["health"],
            visibility=Visibility.MEMBERS_ONLY,
        ),
    }


def names(response):
    return [c.name for c in response.context["page"].object_list]


def test_outsiders_do_not_see_members_only_communities_in_the_list(client, communities, user):
    for viewer in (None, user):
        if viewer:
            client.force_login(viewer)
        response = client.get(LIST)
        assert names(response) == ["Open Werkplaats"]
        assert response.context["page"].paginator.count == 1
        assert "Vertrouwelijk" not in response.content.decode()
        # Filtering on its level or region does not reveal it either.
        assert names(client.get(LIST, {"level": "macro"})) == []
        assert names(client.get(LIST, {"province": "zeeland"})) == []
        assert names(client.get(LIST, {"q": "Vertrouwelijk"})) == []


def test_members_and_coordinators_see_members_only_communities(client, communities, user, coordinator):
    Membership.objects.create(community=communities["secret"], user=user)
    for viewer in (user, coordinator):
        client.force_login(viewer)
        assert names(client.get(LIST)) == ["Open Werkplaats", "Vertrouwelijk Zorgnetwerk"]


def test_outsider_gets_404_for_members_only_community(client, communities, user):
    client.force_login(user)
    response = client.get(communities["secret"].get_absolute_url())
    assert response.status_code == 404
    assert b"Vertrouwelijk" not in response.content


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"level": "micro"}, ["Open Werkplaats"]),
        ({"level": "meso"}, ["Meso Lab"]),
        ({"theme": "agri_food"}, ["Meso Lab"]),
        ({"theme": ["agri_food", "energy"]}, ["Meso Lab", "Open Werkplaats"]),
        ({"province": "gelderland", "phase": "design"}, ["Meso Lab"]),
        ({"phase": "execute"}, ["Open Werkplaats"]),
    ],
)
def test_list_filters_by_level_theme_region_and_phase(client, communities, params, expected):
    CommunityFactory(
        name="Meso Lab", level="meso", province="gelderland", phase="design", themes=["agri_food"]
    )
    assert names(client.get(LIST, params)) == expected


def test_empty_filter_result_says_what_to_do(client, communities):
    response = client.get(LIST, {"theme": "safety"})
    assert names(response) == []
    assert reverse("communities:list") + '"' in response.content.decode()


def test_list_paginates_and_keeps_filters(client, db):
    for n in range(30):
        CommunityFactory(name=f"Community {n:02d}", level="meso")
    response = client.get(LIST, {"level": "meso"})
    assert len(response.context["page"].object_list) == 24
    assert "?level=meso&amp;page=2" in response.content.decode()
    assert len(client.get(LIST, {"level": "meso", "page": 2}).context["page"].object_list) == 6


def test_invalid_filter_values_are_reported_not_a_500(client, communities):
    response = client.get(LIST, {"level": "giga"})
    assert response.status_code == 200
    assert response.context["filter_errors"]


@pytest.fixture
def used_instrument(communities):
    instrument = InstrumentFactory(title="Cultuurscan")
    InstrumentUseFactory(community=communities["open"], instrument=instrument)
    InstrumentUseFactory(community=communities["secret"], instrument=instrument)
    return instrument


def test_instrument_page_names_public_communities_and_only_counts_members_only_ones(
    client, used_instrument, user
):
    for viewer in (None, user):
        if viewer:
            client.force_login(viewer)
        response = client.get(used_instrument.get_absolute_url())
        content = response.content.decode()
        assert "Open Werkplaats" in content
        assert "Vertrouwelijk" not in content
        summary = response.context["summary"]
        # One members-only community: "some", and no total that would give the one away (finding 8).
        assert summary.total is None and summary.hidden_count is None and summary.hidden_some
        section = content.split('id="community-use-heading"', 1)[1].split("</section>", 1)[0]
        assert "enkele" in section and "Daarvan" not in section
        # The breakdown by level and theme only covers what the viewer may see.
        assert [str(label) for label, _n in summary.by_level] == ["Micro"]
        assert [count for _label, count in summary.by_theme] == [1]
        section = content.split('id="community-use-heading"', 1)[1].split("</section>", 1)[0]
        assert "Macro" not in section and "Health" not in section and "Zorg" not in section


def test_instrument_page_names_members_only_community_for_its_members(
    client, used_instrument, communities, user
):
    Membership.objects.create(community=communities["secret"], user=user)
    client.force_login(user)
    response = client.get(used_instrument.get_absolute_url())
    assert "Vertrouwelijk Zorgnetwerk" in response.content.decode()
    assert response.context["summary"].hidden_count == 0


def test_instrument_page_without_community_use_shows_nothing(client, db):
    instrument = InstrumentFactory(title="Nog niet gebruikt")
    response = client.get(instrument.get_absolute_url())
    assert response.status_code == 200
    assert 'id="community-use-heading"' not in response.content.decode()


def test_only_published_instruments_can_be_recorded(client, communities):
    from instruments.models import InstrumentStatus

    member = UserFactory()
    Membership.objects.create(community=communities["open"], user=member)
    draft = InstrumentFactory(title="Concept", status=InstrumentStatus.SUBMITTED)
    client.force_login(member)
    url = reverse("communities:instrument_use", kwargs={"slug": communities["open"].slug})
    response = client.post(url, {"instrument": draft.pk, "used_on": "2026-01-05", "phase": "execute"})
    assert response.status_code == 400
    assert not communities["open"].instrument_uses.exists()


def test_three_members_only_communities_are_counted_exactly(client, db):
    """From three upward the count names no one (issue 16, finding 8)."""
    instrument = InstrumentFactory(title="Drie keer gebruikt")
    for n in range(3):
        community = CommunityFactory(name=f"Besloten {n}", visibility=Visibility.MEMBERS_ONLY)
        InstrumentUseFactory(community=community, instrument=instrument)
    summary = client.get(instrument.get_absolute_url()).context["summary"]
    assert summary.total == 3 and summary.hidden_count == 3 and not summary.hidden_some
