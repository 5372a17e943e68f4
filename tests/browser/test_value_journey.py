"""A member turns a stand-up answer into immediate value, later logs the applied and realized
value it led to, sees the story as a chain, and the dashboard counts move."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from communities.models import Membership, StandupAnswer
from tests.communities.factories import CommunityFactory, StandupFactory
from tests.factories import UserFactory
from valuecreation.models import ValueEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tally(page, caption: str, label: str):
    table = page.locator("table", has=page.locator("caption", has_text=caption))
    return table.locator("tr", has=page.locator("th", has_text=label)).locator("td")


def test_log_link_and_story(page, live_server, login, english, screenshots):
    facilitator = UserFactory(role=Role.FACILITATOR, email="webber@example.org", name="Sanne Webber")
    member = UserFactory(email="monteur@example.org", name="Youssef Monteur")
    community = CommunityFactory(name="Warmtepompen Salland", facilitator=facilitator)
    Membership.objects.create(community=community, user=member)
    standup = StandupFactory(community=community, date=timezone.localdate() - datetime.timedelta(days=3))
    StandupAnswer.objects.create(
        standup=standup,
        member=member,
        did="Van de tekenaar geleerd om referentiepunten vooraf in de tekening te zetten.",
        will_do="Het uitproberen op de bouwplaats.",
    )
    english(page)
    login(page, member.email)

    # The dashboard starts empty.
    dashboard = f"/communities/{community.slug}/value/"
    page.goto(dashboard)
    expect(_tally(page, "Entries per cycle", "Immediate value")).to_have_text("0")

    # 1. One click on the stand-up answer opens a prefilled immediate-value entry.
    page.goto(f"/communities/{community.slug}/standups/{standup.pk}/")
    page.get_by_role("link", name="Turn into a value entry").click()
    expect(page.locator("input[name=cycle][value=immediate]")).to_be_checked()
    expect(page.locator("[name=story]")).to_have_value(re.compile("referentiepunten"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Van de tekenaar geleerd")
    tip = ValueEntry.objects.get(cycle="immediate")
    assert tip.standup_answer.standup_id == standup.pk

    # 2. Later: what it led to, applied value, linked to the tip.
    page.get_by_role("link", name="Log what this led to").click()
    # No cycle is suggested (the cycles are not a ladder); the member chooses applied value.
    expect(page.locator("input[name=cycle]:checked")).to_have_count(0)
    page.locator("input[name=cycle][value=applied]").check()
    page.locator("input[name=level][value=organisation]").check()
    page.locator("[name=title]").fill("Werkvoorbereiding zet referentiepunten in elke tekening")
    page.locator("[name=story]").fill("De binnendienst levert elke tekening nu met drie referentiepunten.")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Werkvoorbereiding zet referentiepunten in elke tekening")

    # 3. And the realized value that followed; a bad capital is refused first, nothing typed is lost.
    page.get_by_role("link", name="Log what this led to").click()
    page.locator("input[name=cycle][value=realized]").check()
    page.locator("[name=title]").fill("Uitzetten kost de helft minder tijd")
    page.locator("[name=story]").fill("Per verdieping twee uur in plaats van vier.")
    page.locator("input[name=capital][value=human]").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("potential value only")
    expect(page.locator("[name=title]")).to_have_value("Uitzetten kost de helft minder tijd")
    page.locator("input[name=capital][value='']").check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Uitzetten kost de helft minder tijd")

    # 4. The story page shows the chain in cycle order.
    page.get_by_role("link", name=re.compile("The story: 3 entries")).click()
    steps = page.locator(".value-story-step")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text("Immediate value")
    expect(steps.nth(1)).to_contain_text("Applied value")
    expect(steps.nth(2)).to_contain_text("Realized value")
    expect(steps.nth(2)).to_have_attribute("aria-current", "true")

    # 5. The dashboard counts moved, and the chart is there without JavaScript.
    page.goto(dashboard)
    for label in ("Immediate value", "Applied value", "Realized value"):
        expect(_tally(page, "Entries per cycle", label)).to_have_text("1")
    expect(_tally(page, "Entries per level", "Organisation")).to_have_text("2")
    cycle_chart = page.locator("svg.value-chart-svg").first
    expect(cycle_chart.locator("title").first).to_have_text(
        "Value entries per cycle in the last twelve months"
    )
    expect(cycle_chart.locator("rect")).to_have_count(3)  # one bar segment per cycle logged
    screenshots(page, dashboard, "value-dashboard")
