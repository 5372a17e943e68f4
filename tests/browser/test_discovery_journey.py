"""A facilitator searches, follows a suggestion, uses the finder; a coordinator curates a route."""

import io
import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from demo.management.commands.seed_demo import Command as SeedDemo
from discovery.models import Route
from instruments import services
from instruments.models import Instrument
from tests.communities.factories import CommunityFactory, InstrumentUseFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_finder_and_route(page, live_server, login, english, screenshots):
    SeedDemo(stdout=io.StringIO())._instruments(UserFactory())
    kader = Instrument.objects.get(title="Afwegingskader vertrouwen")
    kaart = Instrument.objects.get(title="Partnerschapskaart")
    services.experience_create(
        actor=UserFactory(),
        instrument=kaart,
        theme="energy",
        sector="energiecoöperaties",
        what_worked="Het vertrouwen tussen bewoners en gemeente werd bespreekbaar.",
    )
    for name in ("Wijk Oost", "Wijk West"):
        community = CommunityFactory(name=name)
        InstrumentUseFactory(community=community, instrument=kader)
        InstrumentUseFactory(community=community, instrument=kaart)
    english(page)

    # 1. The search box in the header: the framework and an experience mentioning trust.
    page.goto("/")
    page.locator("header input[name=q]").fill("vertrouwen")
    page.locator("header form[role=search] button").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=vertrouwen"))
    expect(page.locator("#group-instruments + ol .search-hit h3").first).to_have_text(
        "Afwegingskader vertrouwen"
    )
    expect(page.locator("[data-kind=experiences]").first).to_contain_text("Partnerschapskaart")
    expect(page.locator("mark").first).to_be_visible()

    # 2. A typo still finds.
    page.goto("/search/?q=partnerschapkaart")
    expect(page.locator("[data-kind=instruments] h3").first).to_have_text("Partnerschapskaart")

    # 3. The instrument page suggests the co-used instrument, with the reason.
    page.locator("[data-kind=instruments] h3 a").first.click()
    related = page.locator(".discovery-related .suggestion").first
    expect(related).to_contain_text("Afwegingskader vertrouwen")
    expect(related.locator("[data-reason=co_use]")).to_be_visible()
    expect(page.locator(".discovery-proven")).to_contain_text("energiecoöperaties")

    # 4. The finder, step by step, without JavaScript needs.
    page.goto("/finder/")
    page.get_by_role("link", name="Executing").click()
    page.get_by_role("link", name=re.compile("Improve the dialogue")).click()
    page.get_by_role("link", name="Participants").click()
    expect(page).to_have_url(re.compile(r"phase=execute&goal=improve_dialogue&audience=participants"))
    results = page.locator(".finder-result h3")
    expect(results.first).to_be_visible()
    titles = results.all_inner_texts()
    assert "Dialooginstrument" in titles
    screenshots(page, page.url, "discovery-finder")

    # 5. A coordinator curates a route; it shows on the instrument page.
    coordinator = UserFactory(role=Role.NETWORK_COORDINATOR, email="coordinator@example.org")
    login(page, coordinator.email)
    page.goto("/routes/new/")
    page.locator("input[name=title]").fill("Vertrouwen eerst")
    page.locator("textarea[name=purpose]").fill("Voor een nieuwe samenwerking.")
    page.locator("input[name=is_published]").check()
    page.locator("select[name=steps-0-instrument]").select_option(label="Afwegingskader vertrouwen")
    page.locator("input[name=steps-0-why]").fill("Begin bij vertrouwen.")
    page.locator("select[name=steps-1-instrument]").select_option(label="Partnerschapskaart")
    page.locator("input[name=steps-1-why]").fill("Dan het partnerschap.")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("h1")).to_have_text("Vertrouwen eerst")
    route = Route.objects.get(title="Vertrouwen eerst")
    assert [s.instrument.title for s in route.steps.all()] == [
        "Afwegingskader vertrouwen",
        "Partnerschapskaart",
    ]
    page.locator("form[action$='/bookmark/'] button").click()
    expect(page.locator("form[action$='/bookmark/'] button")).to_have_attribute("aria-pressed", "true")
    page.goto(kaart.get_absolute_url())
    expect(page.locator(".discovery-routes")).to_contain_text("Vertrouwen eerst")
    screenshots(page, "/search/?q=vertrouwen", "discovery-search")
