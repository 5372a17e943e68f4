import pytest
from django.urls import reverse

from instruments.models import InstrumentStatus
from tests.factories import InstrumentFactory

LIST = reverse("instruments:list")


@pytest.fixture
def catalogue(db):
    return {
        "exec_fac": InstrumentFactory(
            title="Dialooginstrument",
            format="reflection",
            facets={"phase": ["execute"], "audience": ["facilitators"]},
            tags=["dialoog"],
        ),
        "exec_part": InstrumentFactory(
            title="Actiescan",
            facets={"phase": ["execute"], "audience": ["participants"]},
            tags=["actie"],
        ),
        "start_fac": InstrumentFactory(
            title="Doelenscan",
            facets={"phase": ["start"], "audience": ["facilitators"]},
        ),
        "submitted": InstrumentFactory(
            title="Geheime scan",
            status=InstrumentStatus.SUBMITTED,
            facets={"phase": ["execute"], "audience": ["facilitators"]},
            tags=["dialoog"],
        ),
    }


def titles(response):
    return [i.title for i in response.context["page"].object_list]


def facet(response, name):
    group = next(g for g in response.context["groups"] if g.name == name)
    return {o.value: o.count for o in group.options}


def test_list_shows_only_published_instruments(client, catalogue):
    response = client.get(LIST)
    assert response.status_code == 200
    assert titles(response) == ["Actiescan", "Dialooginstrument", "Doelenscan"]
    assert b"Geheime scan" not in response.content


def test_filter_phase_and_audience_combines_with_and(client, catalogue):
    response = client.get(LIST, {"phase": "execute", "audience": "facilitators"})
    assert titles(response) == ["Dialooginstrument"]


def test_values_within_one_facet_combine_with_or(client, catalogue):
    response = client.get(LIST, {"audience": ["facilitators", "participants"], "phase": "execute"})
    assert titles(response) == ["Actiescan", "Dialooginstrument"]


def test_facet_counts_say_what_each_value_would_give(client, catalogue):
    response = client.get(LIST, {"phase": "execute"})
    # Phase counts ignore the phase selection itself; submitted instruments are not counted.
    assert facet(response, "phase")["execute"] == 2
    assert facet(response, "phase")["start"] == 1
    assert facet(response, "audience") == {
        "facilitators": 1,
        "participants": 1,
        "initiators": 0,
        "steering_group": 0,
        "researchers": 0,
    }
    assert facet(response, "format")["reflection"] == 1
    assert facet(response, "tag") == {"dialoog": 1, "actie": 1}


def test_search_matches_title_summary_and_description(client, catalogue):
    InstrumentFactory(title="Netwerk-barometer", description="Meet het **vertrouwen** in je netwerk")
    assert titles(client.get(LIST, {"q": "vertrouwen"})) == ["Netwerk-barometer"]
    assert titles(client.get(LIST, {"q": "dialoog"})) == ["Dialooginstrument"]


def test_tag_filter(client, catalogue):
    assert titles(client.get(LIST, {"tag": "dialoog"})) == ["Dialooginstrument"]


@pytest.mark.parametrize(
    ("sort", "expected_first"),
    [("title", "Actiescan"), ("experiences", "Doelenscan"), ("rating", "Dialooginstrument")],
)
def test_sorting(client, catalogue, sort, expected_first, make_user):
    from instruments import services
    from tests.factories import ExperienceFactory

    ExperienceFactory(instrument=catalogue["start_fac"])
    services.review_save(actor=make_user(), instrument=catalogue["exec_fac"], rating=5)
    assert titles(client.get(LIST, {"sort": sort}))[0] == expected_first


def test_active_filters_can_be_removed_one_by_one(client, catalogue):
    response = client.get(LIST, {"phase": "execute", "audience": "facilitators"})
    chips = {chip["key"]: chip for chip in response.context["active_filters"]}
    assert set(chips) == {"phase", "audience"}
    content = response.content.decode()
    assert 'href="/instruments/?audience=facilitators"' in content
    assert 'href="/instruments/?phase=execute"' in content


def test_empty_result_says_how_to_widen_the_search(client, catalogue):
    response = client.get(LIST, {"q": "bestaat-niet"})
    assert titles(response) == []
    assert "show all instruments" in response.content.decode() or "alle instrumenten" in (
        response.content.decode()
    )


def test_pagination_keeps_filters(client, db):
    for n in range(30):
        InstrumentFactory(title=f"Scan {n:02d}", facets={"phase": ["execute"]})
    response = client.get(LIST, {"phase": "execute"})
    assert len(response.context["page"].object_list) == 24
    assert "?phase=execute&amp;page=2" in response.content.decode()
    second = client.get(LIST, {"phase": "execute", "page": 2})
    assert len(second.context["page"].object_list) == 6


@pytest.mark.parametrize(
    "params",
    [
        {"q": "a" * 10_000},
        {"phase": "nonsense"},
        {"tag": "x" * 10_000},
        {"sort": "evil"},
        {"page": "-1"},
        {"page": "x" * 10_000},
        {"per_page": "1000000"},
        {"format": ["scan", "<script>"]},
    ],
)
def test_hostile_query_parameters_never_give_a_500(client, catalogue, params):
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert b"<script>" not in response.content


@pytest.mark.parametrize("params", [{"q": "\x00"}, {"tag": "\x00"}])
def test_nul_characters_are_refused_before_they_reach_the_database(client, catalogue, params):
    assert client.get(LIST, params).status_code == 400


def test_invalid_filter_is_reported_and_valid_ones_still_apply(client, catalogue):
    response = client.get(LIST, {"phase": ["execute", "nonsense"], "audience": "facilitators"})
    assert response.context["filter_errors"]
    # The invalid phase filter is ignored as a whole; the audience filter still applies.
    assert titles(response) == ["Dialooginstrument", "Doelenscan"]


def test_long_search_is_kept_in_the_box_with_an_error(client, catalogue):
    response = client.get(LIST, {"q": "b" * 300})
    assert response.context["filterset"].form.errors["q"]
    assert ("b" * 300) in response.content.decode()
