"""A facilitator sets the reminder lead time; a member gets the reminder, unsubscribes in one
click from the mail, adjusts the rest in the preferences and subscribes to the calendar."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from communities.models import StandupSchedule, Visibility
from reminders import tasks
from reminders.models import DigestFrequency, ReminderPreference
from tests.reminders.conftest import make_team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_lead_time_reminder_unsubscribe_preferences_and_calendar(page, browser, live_server, login, english):
    team = make_team(visibility=Visibility.MEMBERS_ONLY, languages=("en",))
    member = team.members[0]
    slug = team.community.slug

    # 1. The facilitator sets the stand-up to "in ten minutes" with a five-minute lead.
    english(page)
    login(page, team.facilitator.email)
    starts = timezone.localtime() + dt.timedelta(minutes=10)
    page.goto(f"/communities/{slug}/schedule/")
    page.locator("select[name=weekday]").select_option(str(starts.weekday()))
    page.locator("input[name=time]").fill(starts.strftime("%H:%M"))
    page.locator("input[name=reminder_lead_minutes]").fill("5")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/timeline/$"))
    assert StandupSchedule.objects.get(community=team.community).reminder_lead_minutes == 5

    # 2. Five minutes later the beat scan finds it: one reminder per member.
    with override_settings(SITE_URL=live_server.url):
        tasks.scan_reminders.apply()  # too early: nothing yet
        assert mail.outbox == []
        # The clock moves for the scan and for delivery alike: the outbox only sends what is due.
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=5, seconds=30), tick=True):
            tasks.scan_reminders.apply()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in team.everyone)
    reminder = next(m for m in mail.outbox if m.to == [member.email])
    standup_link = re.search(r"https?://\S+/standups/\d+/", reminder.body).group(0)
    unsubscribe_link = re.search(r"https?://\S+/reminders/unsubscribe/\S+/", reminder.body).group(0)

    # 3. The member follows the stand-up link (logged in) and then unsubscribes without logging in.
    member_page = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    english(member_page)
    member_page.goto(unsubscribe_link.replace(live_server.url, ""))
    member_page.get_by_role("button", name="Yes, unsubscribe").click()
    expect(member_page.locator("h1")).to_have_text("Unsubscribed")
    assert ReminderPreference.objects.get(user=member).standup is False

    login(member_page, member.email)
    member_page.goto(standup_link.replace(live_server.url, ""))
    expect(member_page.locator("form[action$='/answer/']")).to_be_visible()

    # 4. Preferences: reachable from the account menu; daily digest, no sprint-end mails.
    member_page.goto("/profile/")
    member_page.locator("nav.subnav a[href='/profile/reminders/']").click()
    expect(member_page.locator("input[name=standup]")).not_to_be_checked()
    member_page.locator("input[name=sprint_end]").uncheck()
    member_page.locator("input[name=digest_frequency][value=daily]").check()
    member_page.locator("main form.reminder-preferences button[type=submit]").click()
    expect(member_page.locator(".messages, [role=status], .message").first).to_be_visible()
    preference = ReminderPreference.objects.get(user=member)
    assert (preference.sprint_end, preference.digest_frequency) == (False, DigestFrequency.DAILY)

    # 5. The community page offers a personal calendar link; renewing it kills the old one.
    member_page.goto(f"/communities/{slug}/")
    member_page.get_by_role("button", name=re.compile("Make my calendar link")).click()
    feed = member_page.locator("#calendar-private-url").input_value()
    assert member_page.request.get(feed).status == 200
    member_page.get_by_role("button", name=re.compile("Renew my calendar link")).click()
    new_feed = member_page.locator("#calendar-private-url").input_value()
    assert new_feed != feed
    assert member_page.request.get(feed).status == 404
    response = member_page.request.get(new_feed)
    assert response.status == 200 and "BEGIN:VCALENDAR" in response.text()
    member_page.context.close()
