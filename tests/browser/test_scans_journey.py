"""A facilitator opens an actiebereidheid round from the instrument page, three members answer,
the chart appears, and the facilitator closes the round."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.roles import Role
from communities.models import Membership, MembershipRole
from scans.models import Response, Round
from tests.communities.factories import CommunityFactory
from tests.factories import InstrumentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Per member: the answer (1-5) to each of the five statements.
ANSWERS = {
    "anna@example.org": [4, 3, 4, 2, 3],
    "bram@example.org": [5, 4, 3, 3, 2],
    "cem@example.org": [4, 4, 5, 3, 4],
}


def test_open_answer_chart_close(page, browser, live_server, login, english, screenshots):
    instrument = InstrumentFactory(title="Actiebereidheid: vijf stellingen")
    call_command("seed_scans", stdout=StringIO())
    facilitator = UserFactory(role=Role.FACILITATOR, email="webber@example.org", name="Sanne Webber")
    community = CommunityFactory(
        name="Warmtepompen Salland", facilitator=facilitator, visibility="members_only"
    )
    for email in ANSWERS:
        Membership.objects.create(
            community=community, user=UserFactory(email=email), role=MembershipRole.MEMBER
        )

    # 1. From the instrument page, the facilitator opens a round in their community.
    english(page)
    login(page, facilitator.email)
    page.goto(instrument.get_absolute_url())
    page.get_by_role("link", name="Fill in with your community").click()
    panel = page.locator("#fill-in-together")
    panel.locator("select[name=community]").select_option(community.slug)
    panel.get_by_role("button", name="Fill in with your community").click()
    expect(page).to_have_url(re.compile(r"/scans/open/\?scan=actiebereidheid$"))
    page.locator("input[name=note]").fill("Start van sprint 1")
    page.get_by_role("button", name="Open the round").click()
    expect(page).to_have_url(re.compile(r"/scans/rounds/\d+/$"))
    round_url = page.url.replace(live_server.url, "")
    expect(page.locator(".scan-results")).to_be_visible()
    expect(page.locator("svg.chart")).to_have_count(0)

    # 2. Three members answer, each in their own browser; one first tries to skip a statement.
    for index, (email, values) in enumerate(ANSWERS.items()):
        member = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
        english(member)
        login(member, email)
        member.goto(round_url)
        form = member.locator("form.answer-form")
        fieldsets = form.locator(".scan-item fieldset")
        expect(fieldsets).to_have_count(5)
        for position, value in enumerate(values):
            if index == 0 and position == 4:
                continue
            fieldsets.nth(position).locator(f"input[value='{value}']").check()
        form.locator("textarea").fill(f"Tijd vrijmaken ({email.split('@')[0]})")
        form.get_by_role("button", name="Send my answers").click()
        if index == 0:
            expect(member.locator(".error-summary")).to_be_visible()
            expect(member.locator(".scan-item.field-error")).to_contain_text(
                "Give an answer to this statement."
            )
            # What was filled in is kept; only the missing statement needs an answer.
            expect(
                member.locator(f".scan-item fieldset >> nth=0 >> input[value='{values[0]}']")
            ).to_be_checked()
            member.locator(".scan-item fieldset").nth(4).locator(f"input[value='{values[4]}']").check()
            member.get_by_role("button", name="Send my answers").click()
        expect(member.locator(".message")).to_contain_text("your answers are saved")
        expect(member.get_by_role("button", name="Update my answers")).to_be_visible()
        member.context.close()
    assert Response.objects.count() == 3

    # 3. While the round is open the facilitator sees how many answered, no figures (one
    #    newcomer's answer would show in a moving mean).
    page.goto(round_url)
    expect(page.locator("svg.chart-radar")).to_have_count(0)
    expect(page.locator(".scan-results tbody tr").first).to_contain_text("3 answers so far")

    # 4. The facilitator closes the round; answering is over.
    page.get_by_role("button", name="Close the round").click()
    expect(page.locator(".message")).to_contain_text("The round is closed")
    expect(page.locator(".notice")).to_contain_text("This round is closed")
    assert Round.objects.get().closed_at is not None

    # 5. Now the chart appears, with the table, the open answers, and no names.
    chart = page.locator("svg.chart-radar")
    expect(chart).to_be_visible()
    expect(chart.locator("polygon.series-0, g.series-0 polygon")).to_have_count(1)
    expect(chart.locator("title")).to_contain_text("Readiness for action")
    expect(page.locator(".scan-results tbody tr")).to_have_count(5)
    expect(page.locator(".scan-results tbody tr").first).to_contain_text("4.3")
    expect(page.locator(".open-answers li")).to_have_count(3)
    for email in ANSWERS:
        expect(page.locator("main")).not_to_contain_text(email)
    screenshots(page, round_url, "scans-round-results")
