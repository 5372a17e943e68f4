"""Routes: curated through the web UI, browsable, bookmarkable, shown on instrument pages."""

import pytest
from django.urls import reverse

from discovery.models import Route, RouteBookmark
from instruments.models import InstrumentStatus
from tests.factories import InstrumentFactory

from .factories import RouteFactory, RouteStepFactory


def step_data(rows, extra=1):
    data = {
        "steps-TOTAL_FORMS": str(len(rows) + extra),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
    }
    for i, (instrument, why, position) in enumerate(rows):
        data[f"steps-{i}-instrument"] = str(instrument.pk) if instrument else ""
        data[f"steps-{i}-why"] = why
        data[f"steps-{i}-position"] = str(position) if position else ""
    return data


@pytest.fixture
def three(db):
    return [InstrumentFactory(title=t) for t in ("Interviews", "Werkblad", "Stand-up")]


def test_coordinator_creates_a_route_in_the_given_order(client_for, coordinator, three):
    interviews, werkblad, standup = three
    data = {"title": "Starten in drie stappen", "purpose": "Voor nieuwe communities.", "is_published": "on"}
    data |= step_data([(standup, "Ritme.", 3), (interviews, "Verkennen.", 1), (werkblad, "Ontwerpen.", 2)])
    response = client_for(coordinator).post(reverse("discovery:route_create"), data)
    route = Route.objects.get()
    assert response.status_code == 302 and response["Location"] == route.get_absolute_url()
    assert route.slug == "starten-in-drie-stappen" and route.curated_by == coordinator
    assert [s.instrument.title for s in route.steps.all()] == ["Interviews", "Werkblad", "Stand-up"]
    detail = client_for(None).get(route.get_absolute_url())
    assert [s.instrument.title for s in detail.context["steps"]] == ["Interviews", "Werkblad", "Stand-up"]


def test_step_without_a_why_is_refused_and_input_is_kept(client_for, coordinator, three):
    data = {"title": "Route", "purpose": "Doel."} | step_data([(three[0], "", 1)])
    response = client_for(coordinator).post(reverse("discovery:route_create"), data)
    assert response.status_code == 400
    assert not Route.objects.exists()
    assert 'value="Route"' in response.content.decode()


def test_duplicate_instrument_is_refused(client_for, coordinator, three):
    data = {"title": "Route", "purpose": "Doel."} | step_data([(three[0], "a", 1), (three[0], "b", 2)])
    response = client_for(coordinator).post(reverse("discovery:route_create"), data)
    assert response.status_code == 400 and not Route.objects.exists()


def test_a_huge_form_count_builds_at_most_twenty_steps(client_for, coordinator, three):
    """TOTAL_FORMS comes from the post: 99 999 must not make the server build and render 1 020 forms."""
    data = {"title": "Route", "purpose": "Doel."} | step_data([(three[0], "a", 1)])
    data["steps-TOTAL_FORMS"] = "99999"
    response = client_for(coordinator).post(reverse("discovery:route_create"), data)
    assert response.status_code == 400 and not Route.objects.exists()
    assert len(response.context["formset"].forms) == 20
    assert response.content.decode().count('name="steps-19-why"') == 1
    assert 'name="steps-20-why"' not in response.content.decode()


def test_unpublished_instrument_cannot_be_chosen(client_for, coordinator):
    draft = InstrumentFactory(status=InstrumentStatus.DRAFT)
    data = {"title": "Route", "purpose": "Doel."} | step_data([(draft, "Waarom.", 1)])
    response = client_for(coordinator).post(reverse("discovery:route_create"), data)
    assert response.status_code == 400 and not Route.objects.exists()


def test_editing_replaces_steps_and_keeps_the_slug(client_for, coordinator, three):
    route = RouteFactory(title="Oud", slug="oud")
    RouteStepFactory(route=route, instrument=three[0])
    data = {"title": "Nieuw", "purpose": "Anders.", "is_published": "on"} | step_data(
        [(three[2], "Nu dit.", 1)]
    )
    response = client_for(coordinator).post(reverse("discovery:route_edit", kwargs={"slug": "oud"}), data)
    assert response.status_code == 302
    route.refresh_from_db()
    assert route.title == "Nieuw" and route.slug == "oud"
    assert [s.instrument for s in route.steps.all()] == [three[2]]


def test_bookmark_toggles(client_for, user, three):
    route = RouteFactory()
    client = client_for(user)
    url = reverse("discovery:route_bookmark", kwargs={"slug": route.slug})
    client.post(url)
    assert RouteBookmark.objects.filter(user=user, route=route).exists()
    assert client.get(route.get_absolute_url()).context["is_bookmarked"]
    client.post(url, {"next": "https://evil.example/"})
    assert not RouteBookmark.objects.exists()


def test_instrument_page_shows_the_routes_it_is_in(client, three):
    published = RouteFactory(title="Zichtbare route")
    draft = RouteFactory(title="Conceptroute", is_published=False)
    RouteStepFactory(route=published, instrument=three[1], position=2, why="Daarna ontwerpen.")
    RouteStepFactory(route=draft, instrument=three[1])
    html = client.get(three[1].get_absolute_url()).content.decode()
    assert "Zichtbare route" in html and "Daarna ontwerpen." in html
    assert "Conceptroute" not in html


def test_unpublished_instrument_drops_out_of_a_route_for_visitors(client, three):
    route = RouteFactory()
    RouteStepFactory(route=route, instrument=three[0])
    hidden = InstrumentFactory(title="Ingetrokken", status=InstrumentStatus.ARCHIVED)
    RouteStepFactory(route=route, instrument=hidden)
    steps = client.get(route.get_absolute_url()).context["steps"]
    assert [s.instrument.title for s in steps] == ["Interviews"]


def test_admin_edits_routes_with_inline_steps(admin_client, three):
    route = RouteFactory()
    RouteStepFactory(route=route, instrument=three[0])
    response = admin_client.get(reverse("admin:discovery_route_change", args=[route.pk]))
    assert response.status_code == 200
    assert "steps-0-instrument" in response.content.decode()


def test_seed_discovery_is_idempotent(db):
    import io

    from django.core.management import call_command

    from demo.management.commands.seed_demo import Command as SeedDemo

    seed = SeedDemo(stdout=io.StringIO())
    users, _new = seed._users("lc-demo-2026")
    seed._instruments(users["developer@lcplatform.local"])
    call_command("seed_discovery", stdout=io.StringIO())
    call_command("seed_discovery", stdout=io.StringIO())
    assert Route.objects.filter(is_published=True).count() == 2
    route = Route.objects.get(title__startswith="Een micro-learning community")
    assert route.steps.count() == 6
