"""A newcomer signs up, is welcomed, asks for the facilitator role, gets it, starts a community and finds
it on their home; a member edits and deletes their own experience. axe-core checks each new page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.roles import Role
from tests.browser.conftest import axe_violations, format_violations, log_in
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_accessible(page, label):
    found = axe_violations(page)
    assert not found, format_violations(label, page.url, found)


def test_newcomer_becomes_facilitator_and_starts_a_community(page, browser, live_server):
    page.set_default_timeout(30_000)  # a long journey on a shared, busy machine
    email = "sanne.devries@example.org"
    password = "Lerende-Gemeenschap-2026!"
    page.goto("/accounts/signup/")
    form = page.locator("main form:has(input[name=password1])")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password1]").fill(password)
    form.locator("input[name=password2]").fill(password)
    form.locator("button[type=submit]").click()
    link = re.search(r"https?://\S+?(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    page.locator("main form button[type=submit]").click()

    # First sign-in: the welcome questions.
    page.goto("/accounts/login/")
    login_form = page.locator("main form:has(input[name=password])")
    login_form.locator("input[name=login]").fill(email)
    login_form.locator("input[name=password]").fill(password)
    login_form.locator("button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/profile/welcome/"))
    assert_accessible(page, "welcome questions")
    expect(page.locator("header")).not_to_contain_text("sanne.devries")
    page.locator("input[name=name]").fill("Sanne de Vries")
    page.locator("input[name=organisation]").fill("Windesheim")
    page.locator("select[name=municipality]").select_option(label="Zwolle")
    page.locator("input[name=purpose][value=facilitate]").check()
    page.locator("main form button[type=submit]").first.click()

    # The role page offers the facilitator role, chosen already.
    expect(page).to_have_url(re.compile(r"/profile/roles/"))
    assert_accessible(page, "roles")
    expect(page.locator("input[name=role][value=facilitator]")).to_be_checked()
    page.locator("textarea[name=motivation]").fill("Ik begeleid de learning community logistiek in Zwolle.")
    page.locator("#request button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("Je aanvraag is verstuurd")

    # Without the role, starting a community explains the role instead of a bare 403.
    response = page.goto("/communities/new/")
    assert response.status == 403
    expect(page.locator("main")).to_contain_text("facilitator")
    assert_accessible(page, "role needed")

    # A coordinator approves in the moderation queue.
    coordinator = UserFactory(role=Role.NETWORK_COORDINATOR, name="Co Ordinator")
    other = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="nl-NL"
    )
    coordinator_page = other.new_page()
    log_in(coordinator_page, coordinator.email)
    coordinator_page.goto("/moderation/")
    coordinator_page.locator("[data-testid=role-requests] a.button").first.click()
    assert_accessible(coordinator_page, "role request review")
    coordinator_page.locator("input[name=action][value=approve_role]").check()
    coordinator_page.locator("main form button[type=submit]").click()
    expect(coordinator_page.locator(".messages")).to_contain_text("Besluit opgeslagen")
    other.close()

    # Now the newcomer starts a community and finds it on their home.
    page.goto("/communities/new/")
    form = page.locator("main form")
    form.locator("[name=name]").fill("Logistiek Zwolle")
    form.locator("[name=challenge]").fill("Planners en chauffeurs leren samen slimmer plannen.")
    form.locator("input[name=level][value=micro]").check()
    form.locator("select[name=province]").select_option("overijssel")
    form.locator("input[name=visibility][value=public]").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Logistiek Zwolle")
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Welkom, Sanne de Vries")
    expect(page.locator(".home-communities")).to_contain_text("Logistiek Zwolle")
    assert_accessible(page, "personal home")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_member_edits_and_deletes_their_own_experience(page, live_server):
    member = UserFactory(name="Mo Member")
    instrument = InstrumentFactory(title="Cultuurscan", facets={"phase": ["execute"]})
    ExperienceFactory(instrument=instrument, author=member, what_worked="Eerste versie van mijn les")
    log_in(page, member.email)
    page.goto(instrument.get_absolute_url())
    experience = page.locator("#experiences article.experience")
    expect(experience).to_contain_text("Eerste versie van mijn les")
    experience.locator("a[href$='/edit/']").click()
    assert_accessible(page, "edit experience")
    page.locator("textarea[name=what_worked]").fill("Beter verwoorde les")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"#experience-\d+$"))
    expect(page.locator("#experiences article.experience")).to_contain_text("Beter verwoorde les")
    page.locator("#experiences article.experience form button").click()
    expect(page.locator("#experiences article.experience")).to_have_count(0)
    expect(page.locator(".messages")).to_contain_text("Je ervaring is verwijderd")


def test_privacy_pages_are_accessible(page, live_server):
    member = UserFactory()
    log_in(page, member.email)
    for url in ("/privacy/", "/profile/delete/", "/profile/roles/", "/profile/welcome/"):
        page.goto(url)
        assert_accessible(page, url)
