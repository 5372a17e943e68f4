"""A visitor finds colleague communities through a challenge; a facilitator links hers and shares a step."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.roles import Role
from communities.models import Visibility
from exchange.models import Challenge, DevelopmentStep
from places.models import Municipality
from tests.communities.factories import CommunityFactory
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_challenge_link_and_share_a_step(page, live_server, login, screenshots):
    call_command("seed_demo", "--quiet", stdout=StringIO())

    # 1. A visitor searches "aardgasvrij" in the header and opens the challenge.
    page.goto("/")
    page.locator("header input[name=q]").fill("aardgasvrij")
    page.locator("header form[role=search] button").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=aardgasvrij"))
    hit = page.locator("[data-kind=challenges] a", has_text="Aardgasvrije wijken").first
    expect(hit).to_be_visible()
    hit.click()
    expect(page.locator("h1")).to_have_text("Aardgasvrije wijken")

    # 2. Public communities in three municipalities and their shared steps; not the members-only one.
    communities = page.locator("[data-testid=challenge-communities]")
    for name, town in [
        ("Aardgasvrij Holtenbroek", "Zwolle"),
        ("Warmteteam Rivierenwijk", "Deventer"),
        ("Groene Warmte Paddepoel", "Groningen"),
    ]:
        expect(communities.locator("li", has_text=name)).to_contain_text(town)
    expect(page.locator("main")).not_to_contain_text("Kerngroep warmte Apeldoorn")
    steps = page.locator("[data-testid=challenge-steps]")
    expect(steps).to_contain_text("Eerste twintig woningen op het warmtenet")
    expect(steps).to_contain_text("Sprintreview: drie warmteopties doorgerekend")
    screenshots(page, page.url, "exchange-challenge")

    # 3. A facilitator links her community to the challenge ...
    facilitator = UserFactory(role=Role.FACILITATOR, email="wil@example.org", name="Wil Webber")
    community = CommunityFactory(
        name="Warm Wijhe",
        facilitator=facilitator,
        province="overijssel",
        municipality=Municipality.objects.get(code="GM1773"),
        visibility=Visibility.PUBLIC,
    )
    login(page, facilitator.email)
    page.goto(community.get_absolute_url())
    page.get_by_role("link", name="Kies de opgaven van deze community").click()
    page.get_by_label("Aardgasvrije wijken").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Warm Wijhe")
    expect(page.locator(".exchange-panel")).to_contain_text("Aardgasvrije wijken")

    # 4. ... and shares a step, which appears on the challenge page.
    page.get_by_role("link", name="Deel een ontwikkelstap").click()
    form = page.locator("main form")
    form.locator("input[name=kind][value=lesson]").check()
    form.locator("[name=title]").fill("Warmte-avond in het dorpshuis")
    form.locator("[name=what_we_did]").fill("Veertig bewoners kwamen praten over hun warmteplannen.")
    form.locator("[name=what_we_learned]").fill("Een dorpshuis werkt beter dan het gemeentehuis.")
    form.locator("button[type=submit]").click()
    expect(page.locator("h3.step-title")).to_have_text("Warmte-avond in het dorpshuis")
    assert DevelopmentStep.objects.filter(community=community, author=facilitator).count() == 1

    page.goto(Challenge.objects.get(title="Aardgasvrije wijken").get_absolute_url())
    expect(page.locator("[data-testid=challenge-communities]")).to_contain_text("Warm Wijhe")
    expect(page.locator("[data-testid=challenge-steps]")).to_contain_text("Warmte-avond in het dorpshuis")
