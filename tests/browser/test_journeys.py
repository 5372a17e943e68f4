"""End-to-end journeys through the real UI, in the system Chromium."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from instruments.models import InstrumentStatus
from tests.browser.conftest import LOGOUT_BUTTON, SIGNED_IN, log_out
from tests.factories import InstrumentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CARD_TITLES = ".cards .card-title a"


def _titles(page) -> list[str]:
    return sorted(t.strip() for t in page.locator(CARD_TITLES).all_inner_texts())


@pytest.fixture
def catalogue(db):
    """Published instruments with different phases/audiences, plus one awaiting review."""
    data = {
        "Alfa scan": (["execute"], ["facilitators"]),
        "Bravo canvas": (["execute"], ["participants"]),
        "Charlie methode": (["design"], ["facilitators"]),
        "Delta model": (["start"], ["researchers"]),
        "Echo kaartenset": (["execute", "sustain"], ["facilitators", "initiators"]),
    }
    instruments = {
        title: InstrumentFactory(title=title, facets={"phase": phase, "audience": audience})
        for title, (phase, audience) in data.items()
    }
    instruments["Verborgen inzending"] = InstrumentFactory(
        title="Verborgen inzending",
        status=InstrumentStatus.SUBMITTED,
        facets={"phase": ["execute"], "audience": ["facilitators"]},
    )
    return instruments


def test_browse_filter_and_open_detail(page, live_server, catalogue):
    page.goto("/instruments/")
    published = ["Alfa scan", "Bravo canvas", "Charlie methode", "Delta model", "Echo kaartenset"]
    expect(page.locator(CARD_TITLES)).to_have_count(len(published))
    assert _titles(page) == published

    facets = page.locator("form.facets")
    facets.locator("input[name=phase][value=execute]").check()
    facets.locator("input[name=audience][value=facilitators]").check()
    facets.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"phase=execute"))
    expect(page).to_have_url(re.compile(r"audience=facilitators"))
    expect(page.locator(CARD_TITLES)).to_have_count(2)
    assert _titles(page) == ["Alfa scan", "Echo kaartenset"]
    expect(page.get_by_text("Verborgen inzending")).to_have_count(0)
    # The form remembers the choice.
    expect(facets.locator("input[name=phase][value=execute]")).to_be_checked()
    expect(facets.locator("input[name=audience][value=facilitators]")).to_be_checked()

    chips = page.locator(".chips a.chip")
    expect(chips).to_have_count(2)
    # The chip that removes the audience filter links to a URL without it.
    chips.locator("xpath=self::*[not(contains(@href, 'audience='))]").click()

    expect(page).not_to_have_url(re.compile(r"audience="))
    expect(page).to_have_url(re.compile(r"phase=execute"))
    expect(page.locator(CARD_TITLES)).to_have_count(3)
    assert _titles(page) == ["Alfa scan", "Bravo canvas", "Echo kaartenset"]
    expect(page.get_by_text("Verborgen inzending")).to_have_count(0)
    expect(page.locator(".chips a.chip")).to_have_count(1)

    page.locator(CARD_TITLES, has_text="Bravo canvas").click()
    expect(page).to_have_url(re.compile(re.escape(catalogue["Bravo canvas"].get_absolute_url()) + "$"))
    expect(page.locator("h1")).to_have_text("Bravo canvas")


def test_sign_up_confirm_log_in_and_out(page, live_server):
    email = "nieuw.lid@example.org"
    password = "Lerende-Gemeenschap-2025!"

    page.goto("/accounts/signup/")
    form = page.locator("main form:has(input[name=password1])")
    form.locator("input[name=email]").fill(email)
    form.locator("input[name=password1]").fill(password)
    form.locator("input[name=password2]").fill(password)
    form.locator("button[type=submit]").click()

    # Mandatory verification: no session yet, a confirmation mail instead.
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.locator(LOGOUT_BUTTON)).to_have_count(0)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email]
    match = re.search(r"https?://\S+?(/accounts/confirm-email/[^/\s]+/)", message.body)
    assert match, message.body

    page.goto(match.group(1))
    page.locator("main form button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/accounts/confirm-email/[^/]+/$"))
    assert EmailAddress.objects.get(email=email).verified

    page.goto("/accounts/login/")
    login_form = page.locator("main form:has(input[name=password])")
    login_form.locator("input[name=login]").fill(email)
    login_form.locator("input[name=password]").fill(password)
    login_form.locator("button[type=submit]").first.click()
    expect(page.locator(SIGNED_IN)).to_be_visible()
    expect(page.locator(".account-nav a[href$='/accounts/login/']")).to_have_count(0)

    log_out(page)
    expect(page.locator(LOGOUT_BUTTON)).to_have_count(0)
    expect(page.locator(".account-nav a[href$='/accounts/login/']")).to_be_visible()


def test_review_and_experience(page, live_server, login, english):
    instrument = InstrumentFactory(
        title="Cultuurscan", facets={"phase": ["execute"], "audience": ["facilitators"]}
    )
    user = UserFactory()
    login(page, user.email)

    page.goto(instrument.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Cultuurscan")
    review_form = page.locator("form#review-form")
    expect(review_form).to_be_hidden()  # the form opens on demand
    page.locator("#review-disclosure > summary").click()

    # No rating chosen: an error summary, and the typed text survives.
    review_text = "Goed gesprek over onze cultuur, de vragen zetten ons aan het denken."
    review_form.locator("[name=text]").fill(review_text)
    review_form.locator("button[type=submit]").click()
    expect(page.locator("form#review-form .error-summary")).to_be_visible()
    expect(page.locator("form#review-form [name=text]")).to_have_value(review_text)
    expect(page.locator("[data-testid=rating-average]")).to_have_count(0)

    page.locator("form#review-form input[name=rating][value='4']").check()
    page.locator("form#review-form button[type=submit]").click()
    expect(page.locator("[data-testid=rating-average]")).to_have_text(re.compile(r"^\s*4[,.]0\s*$"))
    expect(page.locator(".reviews .review")).to_have_count(1)
    expect(page.locator(".reviews")).to_contain_text(review_text)
    expect(page.locator("form#review-form .error-summary")).to_have_count(0)

    what_worked = "Iedereen kwam aan het woord in kleine groepjes."
    tips = "Plan een half uur extra voor de nabespreking."
    experience_form = page.locator("form#experience-form")
    page.locator("#experience-disclosure > summary").click()
    experience_form.locator("[name=what_worked]").fill(what_worked)
    experience_form.locator("[name=tips]").fill(tips)
    experience_form.locator("input[name=would_use_again][value=yes]").check()
    experience_form.locator("select[name=theme]").select_option("health")
    experience_form.locator("button[type=submit]").click()

    experience = page.locator("#experiences article.experience")
    expect(experience).to_have_count(1)
    expect(experience).to_contain_text(what_worked)
    expect(experience).to_contain_text(tips)
    expect(page.locator("form#experience-form .error-summary")).to_have_count(0)

    english(page)
    page.goto("/instruments/")
    card = page.locator(".card", has=page.locator(".card-title a", has_text="Cultuurscan"))
    expect(card.locator(".card-footer")).to_contain_text(re.compile(r"\b1 experience\b"))
    expect(card.locator(".card-footer")).to_contain_text(re.compile(r"4\.0 from 1 review\b"))


def test_responsive_screenshots(page, live_server, screenshots):
    instrument = InstrumentFactory(
        title="Cultuurscan",
        facets={"phase": ["execute"], "audience": ["facilitators"], "pillar": ["culture"]},
        tags=["dialoog"],
    )
    InstrumentFactory(title="Teamcanvas", facets={"phase": ["design"], "audience": ["participants"]})

    paths = screenshots(page, "/instruments/", "catalogue")
    paths += screenshots(page, instrument.get_absolute_url(), "instrument")

    names = sorted(path.name for path in paths)
    assert names == [
        "catalogue-1280px.png",
        "catalogue-375px.png",
        "instrument-1280px.png",
        "instrument-375px.png",
    ]
    for path in paths:
        assert path.is_file() and path.stat().st_size > 1000, path
