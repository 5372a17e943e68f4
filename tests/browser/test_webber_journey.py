"""The Webber journey of issue 18, through the real forms in Dutch.

A Webber in Raalte signs up, sets their municipality, follows "Aardgasvrije wijken", finds colleague
communities in other municipalities and their shared steps, asks a question there and hears a colleague's
reply (the bell and a mail); then asks the developers of an instrument those colleagues used, the owner
answers, and the answer shows on the instrument page. A new account's first posts wait for a coordinator
(EXCHANGE_HOLD_FIRST_POSTS, on by default), so a coordinator approves them on the way, as in production.
"""

import re
import time
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from exchange.models import Thread
from tests.browser.conftest import VIEWPORT, axe_violations, format_violations, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "lc-demo-2026"  # noqa: S105 - seed_demo's public demo password
COORDINATOR = "coordinator@lcplatform.local"  # Marloes Jansen
COLLEAGUE = "facilitator@lcplatform.local"  # Sanne Bakker, facilitator in Zwolle, Deventer and Groningen
DEVELOPER = "developer@lcplatform.local"  # Pieter van Dijk, owner of the demo catalogue

EMAIL = "joris.wever@example.org"
PASSWORD = "Lerende-Gemeenschap-2026!"  # noqa: S105
QUESTION = "Hoe krijg je huurders naar de eerste wijkavond over het warmtenet?"
REPLY = "Wij nodigden per portiek uit, samen met de corporatie: de opkomst verdubbelde."
INSTRUMENT = "Co-creatiewiel"
DEV_QUESTION = "Past het co-creatiewiel bij een buurt die net begint?"
DEV_ANSWER = "Ja: begin met de buitenste ring en laat de technische vragen voor een tweede sessie."


def assert_accessible(page, label):
    found = axe_violations(page)
    assert not found, format_violations(label, page.url, found)


def mails_to(address, subject_part, timeout=10.0):
    """The mails to ``address`` whose subject names ``subject_part`` (the outbox sends after the commit)."""
    deadline = time.monotonic() + timeout
    while True:
        found = [m for m in mail.outbox if m.to == [address] and subject_part in m.subject]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def signed_in_page(browser, live_server, email, password=DEMO_PASSWORD):
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="nl-NL")
    context.set_default_timeout(30_000)
    other = context.new_page()
    log_in(other, email, password)
    return other


def approve(coordinator, url):
    """The coordinator lets a new account's waiting post through on the thread page."""
    coordinator.goto(url)
    coordinator.locator("[data-testid=post]").get_by_role("button", name="Goedkeuren").first.click()
    expect(coordinator.locator(".messages")).to_contain_text("Het bericht is nu openbaar.")


def test_webber_meets_colleagues_and_developers(page, browser, live_server, screenshots):
    page.set_default_timeout(30_000)  # a long journey on a shared, busy machine
    call_command("seed_demo", "--quiet", stdout=StringIO())

    # 1. Sign up through allauth, confirm the address, sign in; the welcome questions are skipped for now.
    page.goto("/accounts/signup/")
    form = page.locator("main form:has(input[name=password1])")
    form.locator("input[name=email]").fill(EMAIL)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    confirmation = mails_to(EMAIL, "")[-1]  # seed_demo has mailed others already
    link = re.search(r"https?://\S+?(/accounts/confirm-email/[^/\s]+/)", confirmation.body).group(1)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.goto("/accounts/login/")
    login_form = page.locator("main form:has(input[name=password])")
    login_form.locator("input[name=login]").fill(EMAIL)
    login_form.locator("input[name=password]").fill(PASSWORD)
    login_form.locator("button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/profile/welcome/"))
    page.get_by_role("button", name="Nu overslaan").click()

    # 2. The municipality, on the profile.
    page.goto("/profile/")
    profile = page.locator("main form:has(input[name=municipality])")
    profile.locator("input[name=name]").fill("Joris Wever")
    profile.get_by_label("Gemeente").fill("Raalte")  # a text field with suggestions; the server checks it
    profile.get_by_role("button", name="Profiel opslaan").click()
    expect(page.locator("input[name=municipality]")).to_have_value("Raalte (GM0177)")

    # 3. Follow the challenge.
    page.goto("/challenges/")
    page.locator("main a", has_text="Aardgasvrije wijken").first.click()
    expect(page.locator("h1")).to_have_text("Aardgasvrije wijken")
    challenge_url = page.url
    page.get_by_role("button", name="Volgen", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("Je volgt dit nu")
    expect(page.locator(".follow-form button[value=unfollow]")).to_have_attribute("aria-pressed", "true")

    # 4. Colleague communities in other municipalities, and the steps they shared.
    communities = page.locator("[data-testid=challenge-communities]")
    expect(communities.locator("li", has_text="Aardgasvrij Holtenbroek")).to_contain_text("Zwolle")
    expect(communities.locator("li", has_text="Warmteteam Rivierenwijk")).to_contain_text("Deventer")
    expect(communities).not_to_contain_text("Raalte")
    expect(page.locator("main")).to_contain_text("In 3 gemeenten")
    steps = page.locator("[data-testid=challenge-steps]")
    expect(steps.locator("article", has_text="Eerste twintig woningen op het warmtenet")).to_contain_text(
        "Aardgasvrij Holtenbroek"
    )
    expect(steps.locator("article", has_text="Sprintreview: drie warmteopties doorgerekend")).to_contain_text(
        "Warmteteam Rivierenwijk"
    )

    # 5. Ask a question on the challenge; a similar one is shown first, then posted anyway.
    page.locator("#discussions").get_by_role("link", name="Stel een vraag").click()
    expect(page.locator("input[name=kind][value=question]")).to_be_checked()
    page.get_by_label("Titel").fill(QUESTION)
    page.get_by_label("Bericht").fill("In Raalte komen vooral eigenaren. Hoe bereiken jullie de huurders?")
    page.locator("main form").get_by_role("button", name="Plaatsen").click()
    expect(page.locator("[data-testid=similar-threads]")).to_contain_text(
        "Hoe krijg je bewoners naar de eerste wijkavond?"
    )
    expect(page.get_by_label("Titel")).to_have_value(QUESTION)
    page.get_by_role("button", name="Toch plaatsen").click()
    expect(page.locator("h1")).to_contain_text(QUESTION)
    expect(page.locator(".messages")).to_contain_text("Omdat je account nieuw is")
    expect(page.locator("[data-testid=pending-notice]")).to_be_visible()
    thread_url = page.url
    thread = Thread.objects.get(title=QUESTION)
    assert thread.is_question and thread.challenge.title == "Aardgasvrije wijken"

    coordinator = signed_in_page(browser, live_server, COORDINATOR)
    approve(coordinator, thread_url)

    # 6. A colleague from Zwolle finds it on the challenge page and replies.
    colleague = signed_in_page(browser, live_server, COLLEAGUE)
    colleague.goto(challenge_url)
    colleague.locator("[data-testid=subject-threads] a", has_text=QUESTION).click()
    colleague.get_by_label("Je reactie").fill(REPLY)
    colleague.get_by_role("button", name="Reactie plaatsen").click()
    expect(colleague.locator(".messages")).to_contain_text("Je bericht is geplaatst.")
    colleague.context.close()

    # 7. The bell shows it, and a mail arrives.
    page.goto(challenge_url)
    bell = page.locator("header .notification-bell")
    expect(bell.locator(".badge")).to_have_text("1")
    expect(bell).to_contain_text("ongelezen")
    answer_mails = mails_to(EMAIL, QUESTION)
    assert len(answer_mails) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert thread_url.split("?")[0].removeprefix(live_server.url) in answer_mails[0].body
    bell.click()
    page.locator(".notification-list a", has_text=QUESTION).click()
    expect(page.locator("[data-testid=post]", has_text=REPLY)).to_contain_text("Sanne Bakker")
    assert_accessible(page, "thread with a colleague's reply")

    # 8. Ask the developers of an instrument the colleagues used.
    page.goto(challenge_url)
    page.locator("ul.use-list a", has_text=INSTRUMENT).first.click()
    expect(page.locator("h1")).to_contain_text(INSTRUMENT)
    expect(page.locator(".owner-names")).to_contain_text("Pieter van Dijk")
    instrument_url = page.url
    page.get_by_role("link", name="Stel de ontwikkelaars een vraag").click()
    expect(page.locator("h1")).to_have_text("Stel de ontwikkelaars een vraag")
    page.get_by_label("Titel").fill(DEV_QUESTION)
    page.get_by_label("Bericht").fill("Onze buurt staat nog aan het begin; is het wiel dan niet te abstract?")
    page.locator("main form").get_by_role("button", name="Plaatsen", exact=True).click()
    expect(page.locator("h1")).to_contain_text(DEV_QUESTION)  # nothing similar: posted at once
    dev_thread_url = page.url
    approve(coordinator, dev_thread_url)  # the Webber's second post: still a new account
    assert mails_to(DEVELOPER, DEV_QUESTION), [(m.to, m.subject) for m in mail.outbox]

    # 9. The owner answers at once (a developer on his own instrument is not held as a new account),
    # his reply carries the developer badge, and he marks it as the answer himself.
    coordinator.context.close()
    developer = signed_in_page(browser, live_server, DEVELOPER)
    developer.locator("header .notification-bell").click()
    developer.locator(".notification-list a", has_text=DEV_QUESTION).click()
    developer.get_by_label("Je reactie").fill(DEV_ANSWER)
    developer.get_by_role("button", name="Reactie plaatsen").click()
    expect(developer.locator(".messages")).to_contain_text("Je bericht is geplaatst.")
    reply = developer.locator("[data-testid=post]", has_text=DEV_ANSWER)
    expect(reply.locator("[data-testid=developer-badge]")).to_have_text("ontwikkelaar")
    reply.get_by_role("button", name="Als antwoord markeren").click()
    expect(developer.locator(".messages")).to_contain_text("Gemarkeerd als antwoord.")
    developer.context.close()

    # 10. The Webber hears of it; the answer is on the thread and on the instrument page.
    assert mails_to(EMAIL, DEV_QUESTION), [(m.to, m.subject) for m in mail.outbox]
    page.goto(dev_thread_url)
    expect(page.locator("[data-testid=accepted-answer]")).to_contain_text(DEV_ANSWER)
    expect(page.locator("h1 .badge")).to_have_text("Beantwoord")
    # Opening the threads read what the bell said about them: it is dark again.
    expect(page.locator("header .notification-bell .badge")).to_have_count(0)
    assert_accessible(page, "answered question to the developers")
    page.goto(instrument_url)
    faq = page.locator("[data-testid=instrument-faq]")
    expect(faq.locator("dt", has_text=DEV_QUESTION)).to_be_visible()
    expect(faq).to_contain_text(DEV_ANSWER)
    expect(faq).to_contain_text("Pieter van Dijk")
    screenshots(page, instrument_url, "webber-instrument-faq")
