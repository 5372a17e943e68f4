"""The publication's frameworks as the platform encodes them: counts and wording against the data.

Each test names the section of "Een nieuw samenspel van innoveren, werken en leren?" (2023) it
checks, so a later edit cannot silently drop or rename an item.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.middleware import DutchFirstLocaleMiddleware


@pytest.fixture
def public_world(db):
    from communities.models import Visibility
    from tests.communities.conftest import build_world

    return build_world(Visibility.PUBLIC)


@pytest.fixture
def language(monkeypatch):
    """Choose the page language per request (the suite otherwise serves English to every test)."""
    chosen = {"code": "nl"}
    monkeypatch.setattr(DutchFirstLocaleMiddleware, "_language_for", lambda self, request: chosen["code"])
    return chosen


@pytest.mark.django_db
def test_scan_page_is_dutch_in_dutch_and_english_in_english(client, language):
    from tests.scans.factories import make_community

    call_command("seed_scans", stdout=StringIO(), stderr=StringIO())
    community, facilitator, _members = make_community(members=1)
    client.force_login(facilitator)
    url = reverse("scans:community_scans", kwargs={"slug": community.slug})
    language["code"] = "nl"
    dutch = client.get(url).content.decode()
    language["code"] = "en"
    english = client.get(url).content.decode()
    assert "Actiebereidheid van het consortium" in dutch and "Readiness for action" not in dutch
    assert "Readiness for action of the consortium" in english and "Actiebereidheid van het" not in english
    assert "Four forms of boundary crossing" in english and "Vier vormen van boundary crossing" in dutch


# -- frameworks as data ------------------------------------------------------------------------


def _labels(elements, language="en"):
    from django.utils import translation

    with translation.override(language):
        return [str(element.label) for element in elements]


def test_three_forms_of_joint_learning_3_3g():
    from core.frameworks import JOINT_LEARNING_FORMS

    assert [e.code for e in JOINT_LEARNING_FORMS] == [
        "team_activity",
        "team_reflexivity",
        "boundary_crossing",
    ]
    assert _labels(JOINT_LEARNING_FORMS) == ["Team activity", "Team reflexivity", "Boundary crossing"]
    assert _labels(JOINT_LEARNING_FORMS, "nl") == ["Teamactiviteit", "Teamreflexiviteit", "Boundary crossing"]
    assert all(str(e.explanation) for e in JOINT_LEARNING_FORMS)


# Each activity of 3.3f (six) and 3.4d (eight) and the merged item that carries it.
ACTIVITIES_3_3F = {
    "elkaar observeren": "observe",
    "samen experimenteren/uitproberen": "experiment",
    "kennis delen": "share_knowledge",
    "feedback of hulp vragen/geven": "feedback",
    "informatie opzoeken en delen": "look_up",
    "mensen van buiten betrekken/bij andere organisaties kijken": "outsiders",
}
ACTIVITIES_3_4D = {
    "experimenteren met nieuwe technieken": "experiment",
    "informatie opzoeken": "look_up",
    "presentaties bijwonen": "presentations",
    "anderen observeren": "observe",
    "reflecteren op eigen werk": "reflect",
    "online module volgen": "online_module",
    "brainstormen en overleggen": "brainstorm",
    "feedback of hulp vragen en geven": "feedback",
}


def test_workplace_learning_activities_3_3f_and_3_4d():
    from core.frameworks import WORKPLACE_LEARNING_ACTIVITIES

    codes = [e.code for e in WORKPLACE_LEARNING_ACTIVITIES]
    assert len(codes) == len(set(codes)) == 10
    assert set(codes) == set(ACTIVITIES_3_3F.values()) | set(ACTIVITIES_3_4D.values())
    dutch = dict(zip(codes, _labels(WORKPLACE_LEARNING_ACTIVITIES, "nl"), strict=True))
    assert dutch["observe"] == "Kijken hoe anderen het doen"
    assert dutch["online_module"] == "Een online module volgen"
    assert all(label for label in dutch.values())


def test_standup_in_three_steps_with_photo_and_meeting_report_3_4c():
    from django.utils import translation

    from core.frameworks import STANDUP_STEPS

    assert [e.code for e in STANDUP_STEPS] == ["before", "during", "after"]
    with translation.override("en"):
        before, during, after = (str(e.explanation) for e in STANDUP_STEPS)
    assert "photo" in before and "15" in str(STANDUP_STEPS[1].label)
    assert "three core questions" in during and "meeting report" in after


def test_temple_context_levels_2_2():
    from core.frameworks import TEMPLE_CONTEXT_LEVELS

    assert [e.code for e in TEMPLE_CONTEXT_LEVELS] == ["micro", "meso", "macro"]
    assert _labels(TEMPLE_CONTEXT_LEVELS) == [
        "Micro: the individual",
        "Meso: the organisation",
        "Macro: the wider society",
    ]


def test_level_explanations_follow_section_2_1():
    from django.utils import translation

    from core.vocabularies import LEVEL_EXPLANATIONS, Level

    with translation.override("en"):
        micro, meso, macro = (str(LEVEL_EXPLANATIONS[level]) for level in Level)
    assert micro.startswith("Local and challenge-based") and "one of the participating organisations" in micro
    assert meso.startswith("Regional") and "several organisations" in meso
    assert macro.startswith("Supra-regional")
    assert "inside one organisation" not in micro
    with translation.override("nl"):
        assert str(LEVEL_EXPLANATIONS[Level.MACRO]).startswith("Regio-overstijgend")
        assert str(LEVEL_EXPLANATIONS[Level.MESO]).startswith("Regionaal")


def test_execution_phases_3_4b():
    from django.utils import translation

    from core.vocabularies import ExecutionPhase

    assert ExecutionPhase.values == ["orientation", "action", "evaluation"]
    with translation.override("nl"):
        assert [str(label) for label in ExecutionPhase.labels] == [
            "Oriëntatiefase",
            "Actiefase",
            "Evaluatie- en verduurzamingsfase",
        ]


def test_variants_include_skills_labs_civ_and_innovatiewerkplaats():
    from django.utils import translation

    from core.vocabularies import CommunityVariant

    with translation.override("nl"):
        labels = {str(label) for label in CommunityVariant.labels}
    assert {"Skills lab", "Centrum voor Innovatief Vakmanschap (CIV)", "Innovatiewerkplaats"} <= labels
    assert {"Fieldlab", "Living lab", "Praktijkwerkplaats", "Centre of expertise"} <= labels
    assert len(CommunityVariant.values) == 10


def test_value_cycles_2_3_are_six_and_not_a_ladder():
    from valuecreation import models

    assert models.Cycle.values == [
        "expected",
        "immediate",
        "potential",
        "applied",
        "realized",
        "transformative",
    ]
    assert models.Capital.values == ["human", "social", "tangible", "reputational", "learning"]
    assert not hasattr(models, "next_cycle")


def _scan(slug):
    from scans import definitions

    return next(s for s in definitions.SCANS if s["slug"] == slug)


def _canvas(slug):
    from scans import definitions

    return next(c for c in definitions.CANVASES if c["slug"] == slug)


def test_four_forms_of_boundary_crossing_2_2():
    spec = _scan("grensoverschrijding")
    assert spec["title"] == "Vier vormen van boundary crossing"
    assert [d["title"] for d in spec["dimensions"]] == [
        "Identificatie",
        "Coördinatie",
        "Perspectiefuitwisseling",
        "Transformatie",
    ]


def test_boundary_crossing_on_three_levels_2_2():
    spec = _scan("boundary-crossing-niveaus")
    scored = [d for d in spec["dimensions"] if d["items"][0].get("scale") != "open"]
    assert [d["key"] for d in scored] == ["institutioneel", "interpersoonlijk", "intrapersoonlijk"]
    assert [d["title"].split(":")[0] for d in scored] == [
        "Institutioneel",
        "Interpersoonlijk",
        "Intrapersoonlijk",
    ]


def test_six_core_principles_2_5():
    spec = _scan("kernprincipes")
    assert [d["key"] for d in spec["dimensions"]] == [
        "multiple-helix",
        "wederzijdse-afhankelijkheid",
        "samen-leren",
        "vraagstuk-bepaalt",
        "investeren-in-proces",
        "context",
    ]
    statements = " ".join(d["items"][0]["statement"] for d in spec["dimensions"])
    for words in ("verschillende soorten partijen", "elkaar echt nodig", "samen een leerproces", "vraagstuk"):
        assert words in statements
    assert "wat werkt, voor wie en onder welke omstandigheden" in statements


def test_network_and_community_components_2_1():
    spec = _canvas("netwerk-en-gemeenschap")
    assert [(b["key"], b["title"]) for b in spec["blocks"]] == [
        ("netwerk", "Netwerkcomponent"),
        ("gemeenschap", "Gemeenschapscomponent"),
    ]


def test_system_levels_and_negative_patterns_2_4():
    from scans import definitions

    spec = _canvas("relationele-dynamiek")
    levels = [b["key"] for b in spec["blocks"] if b["key"] != "patronen"]
    assert levels == ["partijen", "personen", "groep", "samenleving"]
    assert [p[1] for p in definitions.NEGATIVE_RELATIONAL_PATTERNS] == [
        "stereotypering",
        "wantrouwen",
        "machtsspel",
        "relationeel conflict",
        "win-verliesdynamiek",
        "positioneel onderhandelen",
        "collusief gedrag",
    ]
    prompt = next(b["prompt"] for b in spec["blocks"] if b["key"] == "patronen")
    english = definitions.ENGLISH_CANVASES["relationele-dynamiek"]["blocks"]["patronen"][1]
    for _key, dutch_name, english_name in definitions.NEGATIVE_RELATIONAL_PATTERNS:
        assert dutch_name in prompt and english_name in english


def test_sustaining_tips_3_5_are_nine():
    spec = _scan("verduurzamen")
    assert len(spec["dimensions"]) == 9


# -- where people meet them ---------------------------------------------------------------------


@pytest.mark.django_db
def test_standup_page_shows_steps_learning_ideas_and_the_meeting_report(client, public_world, language):
    from communities import services

    facilitator, member = public_world.users["facilitator"], public_world.users["member"]
    standup = public_world.standup
    url = reverse(
        "communities:standup_detail", kwargs={"slug": public_world.community.slug, "pk": standup.pk}
    )
    services.standup_answer_save(
        actor=member,
        standup=standup,
        did="Gemeten",
        will_do="Tekenen",
        experience="Foto van de eerste meting",
    )
    client.force_login(facilitator)
    report_url = reverse(
        "communities:standup_report", kwargs={"slug": public_world.community.slug, "pk": standup.pk}
    )
    assert client.post(report_url, {"report": "Voortgang goed; laser besteld."}).status_code == 302
    client.force_login(member)
    language["code"] = "nl"
    page = client.get(url).content.decode()
    assert "Hoe een stand-up verloopt" in page and "Een online module volgen" in page
    assert "Foto van de eerste meting" in page and "Voortgang goed; laser besteld." in page
    assert "Gespreksverslag" in page


@pytest.mark.django_db
def test_sprint_review_asks_about_joint_learning(client, public_world, language):
    client.force_login(public_world.users["facilitator"])
    language["code"] = "en"
    url = reverse(
        "communities:sprint_edit",
        kwargs={"slug": public_world.community.slug, "number": public_world.sprint.number},
    )
    page = client.get(url).content.decode()
    assert "Questions for the sprint review" in page
    for label in ("Team activity", "Team reflexivity", "Boundary crossing", "Reflecting on your own work"):
        assert label in page


@pytest.mark.django_db
def test_community_page_shows_the_temple_context(client, public_world, language):
    language["code"] = "nl"
    page = client.get(public_world.community.get_absolute_url()).content.decode()
    assert "Micro: het individu" in page and "Macro: de bredere samenleving" in page


@pytest.mark.django_db
def test_temple_form_shows_the_context_levels(client, public_world, language):
    client.force_login(public_world.users["facilitator"])
    language["code"] = "nl"
    url = reverse("communities:building_blocks", kwargs={"slug": public_world.community.slug})
    page = client.get(url).content.decode()
    assert "Meso: de organisatie" in page and "contextfactoren" in page


@pytest.mark.django_db
def test_community_form_offers_the_new_variants(client, public_world, language):
    client.force_login(public_world.users["facilitator"])
    language["code"] = "nl"
    page = client.get(reverse("communities:edit", kwargs={"slug": public_world.community.slug})).content
    for label in ("Skills lab", "Innovatiewerkplaats", "Centrum voor Innovatief Vakmanschap (CIV)"):
        assert label in page.decode()
