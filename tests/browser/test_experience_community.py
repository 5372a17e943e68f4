"""A member links a new experience to their community, sees the community named on the instrument page,
moves it to another community, and deletes it; axe-core checks the instrument page and the edit form."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from communities.models import ExperienceLink, Membership, MembershipRole, Visibility
from tests.browser.conftest import axe_violations, format_violations, log_in
from tests.communities.factories import CommunityFactory
from tests.factories import InstrumentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LABEL = "[data-testid=experience-context]"


def assert_accessible(page, label):
    found = axe_violations(page)
    assert not found, format_violations(label, page.url, found)


def test_member_links_edits_and_deletes_an_experience_of_their_community(page, live_server):
    page.set_default_timeout(30_000)  # a shared, busy machine
    member = UserFactory(name="Mo Member")
    lead = UserFactory(name="Lea Lead", role=Role.FACILITATOR)
    first = CommunityFactory(name="Warmtewijk Zuid", visibility=Visibility.PUBLIC, facilitator=lead)
    second = CommunityFactory(name="Gas erop!", visibility=Visibility.PUBLIC, facilitator=lead)
    for community in (first, second):
        Membership.objects.create(community=community, user=member, role=MembershipRole.MEMBER)
    instrument = InstrumentFactory(title="Cultuurscan", facets={"phase": ["execute"]})

    log_in(page, member.email)
    page.goto(instrument.get_absolute_url())
    page.locator("#experience-disclosure summary").click()
    form = page.locator("#experience-form")
    expect(form.locator("select[name=community]")).to_be_visible()
    assert_accessible(page, "instrument page with the experience form open")
    form.locator("textarea[name=what_worked]").fill("De monteurs brachten zelf hun vragen in.")
    form.locator("input[name=would_use_again][value=yes]").check()
    form.locator("select[name=community]").select_option(label="Warmtewijk Zuid")
    form.locator("button[type=submit]").click()

    expect(page.locator(".messages")).to_contain_text("Bedankt")
    experience = page.locator("#experiences article.experience")
    expect(experience.locator(LABEL)).to_have_text("Gebruikt in de community Warmtewijk Zuid")
    expect(experience.locator(f"{LABEL} a")).to_have_attribute("href", first.get_absolute_url())
    assert_accessible(page, "instrument page with a linked experience")

    experience.locator("a[href$='/edit/']").click()
    expect(page.locator("select[name=community]")).to_have_value(str(first.pk))
    assert_accessible(page, "edit experience")
    page.locator("select[name=community]").select_option(label="Gas erop!")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#experience-\d+$"))
    expect(page.locator(f"#experiences article.experience {LABEL}")).to_have_text(
        "Gebruikt in de community Gas erop!"
    )
    assert ExperienceLink.objects.get().community == second

    page.locator("#experiences article.experience form button").click()
    expect(page.locator(".messages")).to_contain_text("Je ervaring is verwijderd")
    expect(page.locator("#experiences article.experience")).to_have_count(0)
    assert not ExperienceLink.objects.exists()
    assert_accessible(page, "instrument page after deleting")
