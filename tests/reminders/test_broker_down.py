"""With the broker unreachable, pages keep working and the next scan sends what was left behind."""

import datetime as dt

import pytest
from django.core import mail

from communities.models import JoinRequest, Membership, Standup, StandupAnswer
from lcplatform import settings as project_settings
from reminders import tasks
from reminders.models import ReminderKind, SentReminder, SentStatus
from tests.factories import DEFAULT_PASSWORD, UserFactory

from .conftest import reset_broker_connections

pytestmark = pytest.mark.django_db(transaction=True)

CLOSED_PORT = "redis://127.0.0.1:1/15"


@pytest.fixture
def broker_down(settings):
    from lcplatform.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = CLOSED_PORT
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    settings.CELERY_BROKER_CONNECTION_TIMEOUT = 1
    # Celery reads Django's settings live unless a value was set on app.conf (which
    # freezes it): set the closed port there too, and drop the frozen values afterwards.
    keys = ("broker_url", "broker_transport_options", "broker_connection_timeout")
    app.conf.update(broker_url=CLOSED_PORT, broker_transport_options={}, broker_connection_timeout=1)
    reset_broker_connections()  # before and after: pooled connections know the old URL
    yield
    for key in keys:
        app.conf.changes.pop(key, None)
    reset_broker_connections()


def test_approving_a_join_request_with_the_broker_down_saves_and_redirects(
    team, client_for, broker_down, settings, caplog
):
    applicant = UserFactory(language="en")
    join_request = JoinRequest.objects.create(community=team.community, user=applicant)
    response = client_for(team.facilitator).post(
        f"/communities/{team.community.slug}/requests/{join_request.pk}/approve/"
    )
    assert response.status_code == 302
    assert Membership.objects.filter(community=team.community, user=applicant).exists()
    assert "Could not queue reminders.deliver" in caplog.text
    reminder = SentReminder.objects.get(kind=ReminderKind.JOIN_DECISION)
    assert reminder.status == SentStatus.PENDING
    assert mail.outbox == []

    # The broker is back: a later scan queues the pending notice and it is sent once.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    reset_broker_connections()
    later = reminder.enqueued_at + dt.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS + 1)
    tasks.queue_pending(later)
    tasks.queue_pending(later + dt.timedelta(minutes=30))
    assert [m.to[0] for m in mail.outbox] == [applicant.email]


def test_closing_a_standup_with_the_broker_down_still_works_and_the_scan_catches_up(
    team, client_for, broker_down, settings
):
    standup = Standup.objects.create(community=team.community, date=dt.date.today())
    StandupAnswer.objects.create(
        standup=standup, member=team.members[0], did="a", will_do="b", blockers="Kapotte laptop"
    )
    response = client_for(team.facilitator).post(
        f"/communities/{team.community.slug}/standups/{standup.pk}/close/"
    )
    assert response.status_code == 302
    standup.refresh_from_db()
    assert not standup.is_open
    assert mail.outbox == []
    settings.CELERY_TASK_ALWAYS_EAGER = True
    reset_broker_connections()
    tasks.scan_reminders.apply()
    assert [m.to[0] for m in mail.outbox] == [team.facilitator.email]


def test_invitations_with_the_broker_down_are_saved(team, client_for, broker_down):
    response = client_for(team.facilitator).post(
        f"/communities/{team.community.slug}/members/invite/", {"emails": "nieuw@example.org"}
    )
    assert response.status_code == 302
    assert team.community.invitations.filter(email="nieuw@example.org").exists()


def test_login_and_signup_work_with_the_broker_down(client, broker_down, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "none"
    user = UserFactory(email="lid@example.org")
    response = client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    client.logout()
    response = client.post(
        "/accounts/signup/",
        {
            "email": "nieuw-lid@example.org",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
        },
    )
    assert response.status_code == 302


def test_rate_limit_counters_live_in_the_database_cache_not_in_redis():
    # tests/conftest.py swaps in a memory cache per test; the project setting is what production runs.
    assert project_settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
