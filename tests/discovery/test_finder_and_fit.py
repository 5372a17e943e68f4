"""The instrument finder and the catalogue's "best fit for communities like mine" sort."""

import pytest
from django.urls import reverse

from discovery import finder
from instruments import services
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

FINDER = reverse("discovery:finder")
LIST = reverse("instruments:list")


def test_each_phase_has_goals_from_the_publication():
    for phase in ("start", "design", "execute", "sustain"):
        assert len(finder.goals_for(phase)) >= 4
    assert len({goal.code for goal in finder.GOALS}) == len(finder.GOALS)


def test_finder_steps_are_plain_links(client, db):
    step1 = client.get(FINDER)
    assert step1.context["step"] == 1
    assert 'href="?phase=execute"' in step1.content.decode()
    step2 = client.get(FINDER, {"phase": "execute"})
    assert step2.context["step"] == 2
    assert "goal=improve_dialogue" in step2.content.decode()
    step3 = client.get(FINDER, {"phase": "execute", "goal": "improve_dialogue"})
    assert step3.context["step"] == 3
    assert "audience=participants" in step3.content.decode()


def test_uitvoeren_dialoog_deelnemers_gives_the_dialogue_instruments(client, demo_catalogue):
    response = client.get(
        FINDER, {"phase": "execute", "goal": "improve_dialogue", "audience": "participants"}
    )
    assert response.status_code == 200
    results = response.context["results"]
    top = [r.instrument.title for r in results[:3]]
    assert set(top) <= {"Reflectie-instrument dialoogkwaliteit", "Dialooginstrument", "Partnerschapskaart"}
    assert "Dialooginstrument" in [r.instrument.title for r in results]
    assert all(result.reasons for result in results)
    # Instruments for starting only are not suggested for executing.
    assert "Sociale Innovatie Businessmodel-canvas" not in [r.instrument.title for r in results]


def test_goal_of_another_phase_is_refused_with_a_message(client, db):
    response = client.get(FINDER, {"phase": "start", "goal": "improve_dialogue", "audience": "participants"})
    assert response.status_code == 400
    assert response.context["step"] == 2
    assert response.context["phase"] == "start"


@pytest.mark.parametrize(
    "params", [{"phase": "later"}, {"phase": "execute", "goal": "x" * 500}, {"audience": "<b>"}]
)
def test_finder_survives_bad_input(client, db, params):
    assert client.get(FINDER, params).status_code in (200, 400)


def test_best_fit_ranks_by_ratings_in_the_chosen_context(client, db):
    praised_in_care = InstrumentFactory(title="Zorgkaart")
    praised_in_energy = InstrumentFactory(title="Energiekaart")
    services.review_save(actor=UserFactory(), instrument=praised_in_care, rating=5, context_theme="health")
    services.review_save(actor=UserFactory(), instrument=praised_in_energy, rating=5, context_theme="energy")
    services.review_save(actor=UserFactory(), instrument=praised_in_care, rating=1, context_theme="energy")
    ExperienceFactory(instrument=praised_in_energy, theme="energy", level="micro", would_use_again=True)
    InstrumentFactory(title="Aardappelkaart")

    response = client.get(LIST, {"sort": "fit", "fit_theme": "energy", "fit_level": "micro"})
    order = [i.title for i in response.context["page"].object_list]
    assert order[0] == "Energiekaart"
    assert order.index("Zorgkaart") > order.index("Aardappelkaart")
    response = client.get(LIST, {"sort": "fit", "fit_theme": "health"})
    assert [i.title for i in response.context["page"].object_list][0] == "Zorgkaart"


def test_best_fit_offers_the_contexts_of_my_communities(client, db):
    user = UserFactory()
    MembershipFactory(
        community=CommunityFactory(name="Gas erop", level="micro", themes=["energy"]), user=user
    )
    MembershipFactory(
        community=CommunityFactory(name="Zorg Zwolle", level="meso", themes=["health"]), user=user
    )
    client.force_login(user)
    html = client.get(LIST, {"sort": "fit"}).content.decode()
    assert "Gas erop" in html and "Zorg Zwolle" in html
    assert "fit_level=micro" in html and "fit_theme=health" in html


def test_search_in_the_catalogue_sorts_by_relevance_unless_asked_otherwise(client, db):
    InstrumentFactory(title="Aaa", summary="Iets.", goal="Iets.", description="Ook over vertrouwen.")
    InstrumentFactory(title="Vertrouwenskaart", summary="Vertrouwen.", goal="Vertrouwen.")
    ranked = client.get(LIST, {"q": "vertrouwen"})
    assert [i.title for i in ranked.context["page"].object_list] == ["Vertrouwenskaart", "Aaa"]
    assert ranked.context["filterset"].effective_sort == "relevance"
    by_title = client.get(LIST, {"q": "vertrouwen", "sort": "title"})
    assert [i.title for i in by_title.context["page"].object_list] == ["Aaa", "Vertrouwenskaart"]
