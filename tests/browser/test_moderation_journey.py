"""A new developer submits; a coordinator approves; three reports hide a review until it is kept."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from accounts.roles import Role, assign_role
from instruments import services as instrument_services
from instruments.models import Instrument, InstrumentStatus, Review
from moderation.models import FlaggedItem
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Vertrouwensthermometer"
REVIEW_TEXT = "Bestel nu goedkope zonnepanelen via mijn webshop"


def _fresh_page(browser, live_server, english):
    page = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    page.context.set_default_timeout(10_000)
    english(page)
    return page


def test_submit_approve_report_hide_keep(page, browser, live_server, login, english):
    english(page)

    # 1. A new account signs up, confirms the address and (given the developer role) submits.
    page.goto("/accounts/signup/")
    signup = page.locator("main form:has(input[name=password1])")
    signup.locator("input[name=email]").fill("onderzoeker@example.org")
    signup.locator("input[name=password1]").fill("Lectoraat-Leren-2026!")
    signup.locator("input[name=password2]").fill("Lectoraat-Leren-2026!")
    signup.locator("button[type=submit]").click()
    confirm = re.search(r"https?://\S+?(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(confirm)
    page.locator("main form button[type=submit]").click()
    developer = User.objects.get(email="onderzoeker@example.org")
    assign_role(developer, Role.INSTRUMENT_DEVELOPER)
    if not page.locator(".personal-menu summary").count():
        login(page, developer.email, "Lectoraat-Leren-2026!")

    page.goto("/instruments/submit/")
    form = page.locator("main form")
    form.locator("[name=title]").fill(TITLE)
    form.locator("[name=summary]").fill("Meet in vijf vragen hoeveel vertrouwen er in de community is.")
    form.locator("[name=goal]").fill("Het gesprek over vertrouwen op gang brengen.")
    form.locator("select[name=format]").select_option("scan")
    form.locator("input[name=phase][value=execute]").check()
    form.locator("input[name=audience][value=facilitators]").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("[data-testid=status-notice]")).to_be_visible()
    instrument = Instrument.objects.get(title=TITLE)
    assert instrument.status == InstrumentStatus.SUBMITTED

    # 2. Nobody else sees it: not a visitor, not another member.
    visitor = _fresh_page(browser, live_server, english)
    response = visitor.goto(f"/instruments/{instrument.slug}/")
    assert response.status == 404
    visitor.goto("/instruments/")
    expect(visitor.locator("main")).not_to_contain_text(TITLE)
    member = UserFactory(email="collega@example.org")
    member_page = _fresh_page(browser, live_server, english)
    login(member_page, member.email)
    assert member_page.goto(f"/instruments/{instrument.slug}/").status == 404
    member_page.context.close()

    # 3. The coordinator sees the count in the navigation and approves it from the queue.
    coordinator = UserFactory(role=Role.NETWORK_COORDINATOR, email="coordinator@example.org")
    moderator = _fresh_page(browser, live_server, english)
    login(moderator, coordinator.email)
    expect(moderator.locator("[data-testid=moderation-nav] .count-badge")).to_have_text("1")
    moderator.locator("[data-testid=moderation-nav]").click()
    submissions = moderator.locator("[data-testid=submissions]")
    expect(submissions).to_contain_text(TITLE)
    submissions.get_by_role("link", name="Review").click()
    moderator.locator("input[name=action][value=approve]").check()
    moderator.locator("main form button[type=submit]").click()
    expect(moderator.locator(".messages")).to_contain_text("Decision saved")
    assert Instrument.objects.get(pk=instrument.pk).status == InstrumentStatus.PUBLISHED
    assert any(TITLE in message.subject for message in mail.outbox)

    # 4. It is in the catalogue now.
    visitor.goto("/instruments/")
    expect(visitor.locator("main")).to_contain_text(TITLE)

    # 5. Someone reviews it with spam; three people report the review; it disappears.
    spammer = UserFactory(email="spammer@example.org")
    review = instrument_services.review_save(actor=spammer, instrument=instrument, rating=1, text=REVIEW_TEXT)
    visitor.goto(f"/instruments/{instrument.slug}/")
    expect(visitor.locator(f"#review-{review.pk}")).to_contain_text(REVIEW_TEXT)
    for n in range(1, 4):
        reporter = UserFactory(email=f"lid{n}@example.org")
        reporter_page = _fresh_page(browser, live_server, english)
        login(reporter_page, reporter.email)
        reporter_page.goto(f"/instruments/{instrument.slug}/")
        reporter_page.locator(f"#review-{review.pk} a.report-link").click()
        reporter_page.locator("input[name=reason][value=spam]").check()
        reporter_page.locator("main form button[type=submit]").click()
        expect(reporter_page.locator(".messages")).to_contain_text("Thank you")
        reporter_page.context.close()
    assert Review.objects.get(pk=review.pk).is_hidden
    visitor.goto(f"/instruments/{instrument.slug}/")
    expect(visitor.locator("main")).not_to_contain_text(REVIEW_TEXT)
    expect(visitor.locator("main")).to_contain_text("No reviews yet")

    # 6. The coordinator finds it hidden in the queue and keeps it: it is back.
    moderator.goto("/moderation/")
    reported = moderator.locator("[data-testid=reported-items]")
    expect(reported).to_contain_text("Hidden until you decide")
    expect(reported).to_contain_text("3 reports")
    reported.get_by_role("link", name="Decide").first.click()
    moderator.locator("input[name=action][value=keep]").check()
    moderator.locator("main form button[type=submit]").click()
    expect(moderator.locator(".messages")).to_contain_text("Decision saved")
    assert FlaggedItem.objects.get().state == "kept"
    visitor.goto(f"/instruments/{instrument.slug}/")
    expect(visitor.locator(f"#review-{review.pk}")).to_contain_text(REVIEW_TEXT)

    # 7. The decisions are in the log.
    moderator.goto("/moderation/log/")
    log = moderator.locator("[data-testid=moderation-log]")
    expect(log).to_contain_text("Approved instrument")
    expect(log).to_contain_text("Hidden automatically after reports")
    expect(log).to_contain_text("Kept")
    visitor.context.close()
    moderator.context.close()
