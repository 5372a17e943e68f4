"""Preferences page and calendar feeds through the HTTP layer."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from communities.models import Membership, MembershipRole, Visibility
from reminders import ics, services
from reminders.models import CalendarFeed, DigestFrequency, ReminderPreference
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
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=13),
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


def test_member_feed_with_token_works_without_login_and_renewing_kills_the_old_url(client_for, db):
    team = make_team(visibility=Visibility.MEMBERS_ONLY)
    team.schedule.online_url = "https://meet.example.org/standup"
    team.schedule.save()
    member = team.members[0]
    client = client_for(member)
    page = client.get(team.community.get_absolute_url())
    assert not CalendarFeed.objects.filter(user=member).exists()  # showing the page writes nothing
    assert f'action="/communities/{team.community.slug}/calendar-link/"'.encode() in page.content
    response = client.post(f"/communities/{team.community.slug}/calendar-link/")
    assert response.status_code == 302 and response["Location"] == team.community.get_absolute_url()
    feed_url = (
        f"/communities/{team.community.slug}/calendar/{CalendarFeed.objects.get(user=member).token}.ics"
    )
    assert feed_url.encode() in client.get(team.community.get_absolute_url()).content
    anonymous = Client()  # a calendar app: no session
    response = anonymous.get(feed_url)
    assert response.status_code == 200
    body = "".join(_unfold(response.content.decode()))
    assert "meet.example.org/standup" in body and "Bouwkeet" in body
    assert response["Cache-Control"].startswith("private")

    response = client.post(
        f"/communities/{team.community.slug}/calendar-link/",
        {"renew": "1", "next": team.community.get_absolute_url()},
    )
    assert response.status_code == 302 and response["Location"] == team.community.get_absolute_url()
    assert anonymous.get(feed_url).status_code == 404
    new_token = CalendarFeed.objects.get(user=member).token
    assert anonymous.get(f"/communities/{team.community.slug}/calendar/{new_token}.ics").status_code == 200


def test_token_of_a_non_member_a_forged_or_an_unknown_token_is_404(client, db):
    team = make_team(visibility=Visibility.MEMBERS_ONLY)
    outsider = UserFactory()
    token = services.calendar_token_for(outsider, team.community)
    assert client.get(f"/communities/{team.community.slug}/calendar/{token}.ics").status_code == 404
    assert client.get(f"/communities/{team.community.slug}/calendar/unknown.ics").status_code == 404
    member = team.members[0]
    token = services.calendar_token_for(member, team.community)
    assert client.get(f"/communities/{team.community.slug}/calendar/{token[:-1]}x.ics").status_code == 404
    member.is_active = False
    member.save()
    assert client.get(f"/communities/{team.community.slug}/calendar/{token}.ics").status_code == 404


def test_a_calendar_link_opens_only_its_own_community(client, db):
    """Issue 16, finding 5: a link copied from a public community does not open another one."""
    public = make_team(visibility=Visibility.PUBLIC)
    members_only = make_team(visibility=Visibility.MEMBERS_ONLY)
    person = public.members[0]
    Membership.objects.create(community=members_only.community, user=person, role=MembershipRole.MEMBER)
    token = services.calendar_token_for(person, public.community)
    assert client.get(f"/communities/{public.community.slug}/calendar/{token}.ics").status_code == 200
    assert client.get(f"/communities/{members_only.community.slug}/calendar/{token}.ics").status_code == 404


def test_a_coordinators_link_opens_one_community_only(client, make_user, db):
    first, second = make_team(), make_team(visibility=Visibility.MEMBERS_ONLY)
    coordinator = make_user("coordinator")
    token = services.calendar_token_for(coordinator, first.community)
    assert client.get(f"/communities/{first.community.slug}/calendar/{token}.ics").status_code == 200
    assert client.get(f"/communities/{second.community.slug}/calendar/{token}.ics").status_code == 404


def test_calendar_tokens_are_random_and_name_nobody(db):
    team = make_team()
    member = team.members[0]
    token = services.calendar_token_for(member, team.community)
    # 32 random bytes, URL-safe: no user id, no signature to strip or recombine.
    assert len(token) >= 40 and ":" not in token and "." not in token
    assert services.calendar_token_for(team.members[1], team.community) != token
    services.calendar_feed_renew(actor=member, community=team.community)
    assert CalendarFeed.objects.get(user=member).token != token


def test_links_are_listed_on_the_profile_and_revoked_one_by_one(client_for, db):
    first, second = make_team(), make_team()
    member = first.members[0]
    Membership.objects.create(community=second.community, user=member, role=MembershipRole.MEMBER)
    keep = services.calendar_token_for(member, first.community)
    drop = services.calendar_token_for(member, second.community)
    client = client_for(member)
    page = client.get("/profile/reminders/").content.decode()
    assert first.community.name in page and second.community.name in page
    feed = CalendarFeed.objects.get(user=member, community=second.community)
    assert f'action="/profile/reminders/calendar-links/{feed.pk}/revoke/"' in page
    assert client.post(f"/profile/reminders/calendar-links/{feed.pk}/revoke/").status_code == 302
    anonymous = Client()  # a calendar app: no session
    assert anonymous.get(f"/communities/{second.community.slug}/calendar/{drop}.ics").status_code == 404
    assert anonymous.get(f"/communities/{first.community.slug}/calendar/{keep}.ics").status_code == 200
    # Someone else's link cannot be revoked (404, and it keeps working).
    other = CalendarFeed.objects.get(user=member, community=first.community)
    assert (
        client_for(UserFactory()).post(f"/profile/reminders/calendar-links/{other.pk}/revoke/").status_code
        == 404
    )
    assert anonymous.get(f"/communities/{first.community.slug}/calendar/{keep}.ics").status_code == 200


def test_calendar_reset_ignores_a_foreign_next_url(client_for, user):
    response = client_for(user).post("/profile/reminders/calendar-link/", {"next": "https://evil.example/"})
    assert response["Location"] == "/profile/reminders/"


def test_recorded_standups_are_in_the_feed_with_stable_uids(client_for, db):
    team = make_team()
    past = timezone.localdate() - dt.timedelta(days=(timezone.localdate().weekday() - 0) % 7 + 7)
    StandupFactory(community=team.community, date=past)
    token = services.calendar_token_for(team.members[0], team.community)
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
