"""Mails: text + HTML, language, Amsterdam time, one-click unsubscribe (links and RFC 8058)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.test import Client

from reminders import services, tasks
from reminders.models import DigestFrequency, ReminderKind, ReminderPreference
from reminders.scanning import scan

from .conftest import utc

pytestmark = pytest.mark.django_db

DUE = utc(2026, 11, 22, 15, 1)


@pytest.fixture
def sent(team, django_capture_on_commit_callbacks):
    with time_machine.travel(DUE, tick=False), django_capture_on_commit_callbacks(execute=True):
        scan(DUE)
        tasks.queue_pending(DUE)
    return {m.to[0]: m for m in mail.outbox}


def test_each_mail_has_text_and_html_in_the_recipients_language(team, sent):
    english = sent[team.members[1].email]
    assert "Monday 23 November at 09:00" in english.body
    html, mimetype = english.alternatives[0]
    assert mimetype == "text/html" and '<html lang="en">' in html
    dutch = sent[team.members[0].email]
    assert "maandag 23 november" in dutch.body
    assert '<html lang="nl">' in dutch.alternatives[0][0]


def test_each_reminder_ends_with_its_unsubscribe_link_and_has_rfc8058_headers(team, sent):
    message = sent[team.members[1].email]
    last_line = message.body.strip().splitlines()[-1]
    assert "/reminders/unsubscribe/" in last_line
    url = last_line.split()[-1]
    assert message.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["Message-ID"].startswith("<reminder-")
    assert url in message.alternatives[0][0]


def _path(message):
    return message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://127.0.0.1:8000")


def test_unsubscribe_get_confirms_without_changing_anything(team, sent, client):
    response = client.get(_path(sent[team.members[1].email]))
    assert response.status_code == 200
    assert b"Yes, unsubscribe" in response.content or b"unsubscribe" in response.content.lower()
    assert not ReminderPreference.objects.filter(user=team.members[1], standup=False).exists()


def test_one_click_post_works_without_login_or_csrf_token(team, sent):
    client = Client(enforce_csrf_checks=True)
    response = client.post(_path(sent[team.members[1].email]), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    preference = ReminderPreference.objects.get(user=team.members[1])
    assert preference.standup is False
    assert preference.sprint_start is True  # only that kind
    # Repeating is harmless.
    assert client.post(_path(sent[team.members[1].email])).status_code == 200


def test_unsubscribing_from_the_digest_turns_it_off(user, client):
    token = services.unsubscribe_token(user, ReminderKind.DIGEST)
    client.post(f"/reminders/unsubscribe/{token}/")
    assert ReminderPreference.objects.get(user=user).digest_frequency == DigestFrequency.OFF


@pytest.mark.parametrize(
    "token",
    ["nonsense", "eyJ1IjoyLCJrIjoic3RhbmR1cCJ9:1xUgNU:forged", "x" * 400],
)
def test_a_bad_or_forged_token_is_a_clear_404(db, client, token):
    response = client.post(f"/reminders/unsubscribe/{token}/")
    assert response.status_code == 404
    assert b"not valid" in response.content


def test_a_token_for_a_transactional_kind_is_refused(user, client):
    from django.core import signing

    token = signing.dumps({"u": user.pk, "k": "join_decision"}, salt=services.UNSUBSCRIBE_SALT)
    assert client.post(f"/reminders/unsubscribe/{token}/").status_code == 404


def test_times_are_amsterdam_time_in_summer_too(db, django_capture_on_commit_callbacks):
    from .conftest import make_team

    make_team(weekday=0, time=dt.time(9, 0), lead=30, languages=("en",))
    with (
        time_machine.travel(utc(2026, 6, 29, 6, 31), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        scan(utc(2026, 6, 29, 6, 31))  # Monday 08:31 CEST
        tasks.queue_pending(utc(2026, 6, 29, 6, 31))
    assert all("at 09:00" in m.body for m in mail.outbox if "Monday" in m.body)
    assert len(mail.outbox) == 2
