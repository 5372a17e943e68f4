"""Preferences page and calendar feeds through the HTTP layer."""

import datetime as dt

import pytest

from communities.models import Visibility
from reminders import ics, services
from reminders.models import DigestFrequency, ReminderPreference
from tests.communities.factories import SprintFactory, StandupFactory
from tests.factories import UserFactory

from .conftest import make_team

pytestmark = pytest.mark.django_db


def test_preferences_page_saves_each_kind_and_the_digest_frequency(client_for, user):
    client = client_for(user)
    response = client.get("/profile/reminders/")
    assert response.status_code == 200
    assert b'name="digest_frequency"' in response.content
    response = client.post(
        "/profile/reminders/", {"standup": "on", "sprint_end": "on", "digest_frequency": "daily"}
    )
    assert response.status_code == 302
    preference = ReminderPreference.objects.get(user=user)
    assert (preference.standup, preference.sprint_start, preference.sprint_end) == (True, False, True)
    assert preference.digest_frequency == DigestFrequency.DAILY


def test_preferences_bad_input_is_a_400_with_the_form(client_for, user):
    response = client_for(user).post("/profile/reminders/", {"digest_frequency": "hourly"})
    assert response.status_code == 400
    assert not ReminderPreference.objects.filter(user=user).exists()


def test_preferences_need_login(client):
    response = client.get("/profile/reminders/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_account_subnav_links_to_the_preferences(client_for, user):
    assert b'href="/profile/reminders/"' in client_for(user).get("/profile/").content


def _unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_public_feed_lists_scheduled_standups_and_sprints_without_workspace_details(client, db):
    team = make_team(visibility=Visibility.PUBLIC)
    team.schedule.online_url = "https://meet.example.org/geheim"
    team.schedule.save()
    SprintFactory(
        community=team.community,
        number=1,
        goal="Geheim doel",
        starts_on=dt.date.today(),
        ends_on=dt.date.today() + dt.timedelta(days=13),
    )
    response = client.get(f"/communities/{team.community.slug}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    lines = _unfold(body)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert "BEGIN:VTIMEZONE" in lines and "TZID:Europe/Amsterdam" in lines
    starts = [line for line in lines if line.startswith("DTSTART;TZID=Europe/Amsterdam:")]
    assert len(starts) >= 13 and all(line.endswith("T090000") for line in starts)
    assert any(line.startswith("DTSTART;VALUE=DATE:") for line in lines)
    assert "geheim" not in body.lower()  # no online link, no sprint goal, no place
    assert "Bouwkeet" not in body


def test_members_only_community_has_no_plain_feed(client_for, db):
    team = make_team(visibility=Visibility.MEMBERS_ONLY)
    url = f"/communities/{team.community.slug}/calendar.ics"
    assert client_for(None).get(url).status_code == 404
    assert client_for(team.members[0]).get(url).status_code == 404


def test_member_feed_with_token_works_without_login_and_reset_kills_the_old_url(client_for, db):
    team = make_team(visibility=Visibility.MEMBERS_ONLY)
    team.schedule.online_url = "https://meet.example.org/standup"
    team.schedule.save()
    member = team.members[0]
    page = client_for(member).get(team.community.get_absolute_url())
    assert not ReminderPreference.objects.filter(user=member).exists()  # showing the link writes nothing
    feed_url = f"/communities/{team.community.slug}/calendar/{services.calendar_token_for(member)}.ics"
    assert feed_url.encode() in page.content
    anonymous = client_for(None)
    response = anonymous.get(feed_url)
    assert response.status_code == 200
    body = "".join(_unfold(response.content.decode()))
    assert "meet.example.org/standup" in body and "Bouwkeet" in body
    assert response["Cache-Control"].startswith("private")

    client = client_for(member)
    response = client.post("/profile/reminders/calendar-link/", {"next": team.community.get_absolute_url()})
    assert response.status_code == 302 and response["Location"] == team.community.get_absolute_url()
    assert anonymous.get(feed_url).status_code == 404
    new_token = services.calendar_token_for(member)
    assert anonymous.get(f"/communities/{team.community.slug}/calendar/{new_token}.ics").status_code == 200


def test_token_of_a_non_member_a_forged_or_an_unknown_token_is_404(client, db):
    team = make_team(visibility=Visibility.MEMBERS_ONLY)
    outsider = UserFactory()
    token = services.calendar_token_for(outsider)
    assert client.get(f"/communities/{team.community.slug}/calendar/{token}.ics").status_code == 404
    assert client.get(f"/communities/{team.community.slug}/calendar/unknown.ics").status_code == 404
    member = team.members[0]
    forged = services.calendar_token_for(member).rsplit(":", 1)[0] + ":forged"
    assert client.get(f"/communities/{team.community.slug}/calendar/{forged}.ics").status_code == 404
    other_user = services.calendar_token(outsider, 0).replace(f"{outsider.pk}.", f"{member.pk}.", 1)
    assert client.get(f"/communities/{team.community.slug}/calendar/{other_user}.ics").status_code == 404
    member.is_active = False
    member.save()
    token = services.calendar_token_for(member)
    assert client.get(f"/communities/{team.community.slug}/calendar/{token}.ics").status_code == 404


def test_calendar_reset_ignores_a_foreign_next_url(client_for, user):
    response = client_for(user).post("/profile/reminders/calendar-link/", {"next": "https://evil.example/"})
    assert response["Location"] == "/profile/reminders/"


def test_recorded_standups_are_in_the_feed_with_stable_uids(client_for, db):
    team = make_team()
    past = dt.date.today() - dt.timedelta(days=(dt.date.today().weekday() - 0) % 7 + 7)
    StandupFactory(community=team.community, date=past)
    token = services.calendar_token_for(team.members[0])
    url = f"/communities/{team.community.slug}/calendar/{token}.ics"
    first = client_for(None).get(url).content.decode()
    second = client_for(None).get(url).content.decode()
    uid = f"UID:standup-{team.community.pk}-{past.isoformat()}@127.0.0.1"
    assert uid in first and uid in second


# -- the writer ---------------------------------------------------------------------------


def test_text_escaping():
    assert ics.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def test_folding_at_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "é" * 100
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode()) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(parts)) == line


def test_every_line_ends_with_crlf_and_stays_short():
    calendar = ics.Calendar(name="Test, met komma")
    calendar.add_event(
        uid="x@y",
        stamp=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        summary="Lang " * 40,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 1, 2),
    )
    body = calendar.to_ical()
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert "X-WR-CALNAME:Test\\, met komma" in body
    assert "DTSTAMP:20260101T000000Z" in body
