"""A facilitator starts a community, invites a newcomer, who signs up and answers a stand-up."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from communities.models import Community, Membership, StandupAnswer
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _next_monday() -> str:
    today = timezone.localdate()
    return (today + datetime.timedelta(days=(0 - today.weekday()) % 7)).isoformat()


def test_create_invite_join_and_standup(page, browser, live_server, login):
    facilitator = UserFactory(role=Role.FACILITATOR, email="webber@example.org", name="Sanne Webber")
    login(page, facilitator.email)

    # 1. Start a community.
    page.goto("/communities/new/")
    form = page.locator("main form")
    form.locator("[name=name]").fill("Warmtepompen Salland")
    form.locator("[name=challenge]").fill("Monteurs leren samen warmtepompen inregelen.")
    form.locator("input[name=level][value=micro]").check()
    form.locator("select[name=province]").select_option("overijssel")
    form.locator("input[name=visibility][value=members_only]").check()
    form.locator("input[name=themes][value=energy]").check()
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Warmtepompen Salland")
    community = Community.objects.get(name="Warmtepompen Salland")

    # 2. A stand-up schedule (Mondays) and a stand-up; a Tuesday is refused with a reason.
    page.goto(f"/communities/{community.slug}/schedule/")
    page.locator("select[name=weekday]").select_option("0")
    page.locator("input[name=time]").fill("08:30")
    page.locator("input[name=place]").fill("Bouwkeet")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/timeline/$"))
    tuesday = (datetime.date.fromisoformat(_next_monday()) + datetime.timedelta(days=1)).isoformat()
    page.locator("form[action$='/standups/new/'] input[name=date]").fill(tuesday)
    page.locator("form[action$='/standups/new/'] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("form[action$='/standups/new/'] input[name=date]")).to_have_value(tuesday)
    page.locator("form[action$='/standups/new/'] input[name=date]").fill(_next_monday())
    page.locator("form[action$='/standups/new/'] button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/standups/\d+/$"))
    standup_url = page.url

    # 3. Invite a newcomer by e-mail.
    page.goto(f"/communities/{community.slug}/members/invite/")
    page.locator("textarea[name=emails]").fill("nieuwe.monteur@example.org")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/members/$"))
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+?(/communities/invitations/[^/\s]+/)", mail.outbox[0].body).group(1)

    # 4. The newcomer follows the link in a fresh browser, signs up and becomes a member.
    newcomer = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    newcomer.goto(link)
    expect(newcomer.locator("h1")).to_contain_text("Warmtepompen Salland")
    newcomer.locator("main a.button").first.click()
    signup = newcomer.locator("main form:has(input[name=password1])")
    expect(signup.locator("input[name=email]")).to_have_value("nieuwe.monteur@example.org")
    signup.locator("input[name=password1]").fill("Warmte-Pomp-2026!")
    signup.locator("input[name=password2]").fill("Warmte-Pomp-2026!")
    signup.locator("button[type=submit]").click()
    expect(newcomer.locator("h1")).to_have_text("Warmtepompen Salland")
    assert Membership.objects.filter(community=community, user__email="nieuwe.monteur@example.org").exists()

    # 5. The new member answers the stand-up.
    newcomer.goto(standup_url.replace(live_server.url, ""))
    answer = newcomer.locator("form[action$='/answer/']")
    answer.locator("[name=did]").fill("Eerste warmtepomp ingeregeld.")
    answer.locator("[name=will_do]").fill("Tweede installatie samen met een collega.")
    answer.locator("button[type=submit]").click()
    expect(newcomer.locator(".standup-answer")).to_have_count(1)
    assert StandupAnswer.objects.filter(member__email="nieuwe.monteur@example.org").exists()
    newcomer.context.close()

    # 6. The facilitator sees the answer on the stand-up page.
    page.goto(standup_url)
    expect(page.locator(".standup-answer")).to_contain_text("Eerste warmtepomp ingeregeld.")
