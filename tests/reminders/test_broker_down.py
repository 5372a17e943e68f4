"""With the broker unreachable, pages keep working and the next scan sends what was left behind."""

import datetime as dt
import os

import pytest
from django.core import mail
from django.utils import timezone

from communities.mails import INVITATION_KIND, JOIN_DECISION_KIND
from communities.models import JoinRequest, Membership, Standup, StandupAnswer
from lcplatform import settings as project_settings
from outbox import tasks as outbox_tasks
from outbox.models import DeliveryStatus, OutboxMail
from reminders import tasks
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
    assert "Could not queue outbox.deliver" in caplog.text
    notice = OutboxMail.objects.get(kind=JOIN_DECISION_KIND)
    assert notice.status == DeliveryStatus.PENDING
    # Not stamped "queued": the queueing failed, so the very next sweep takes it.
    assert notice.enqueued_at is None
    assert mail.outbox == []

    # The broker is back: the next sweep (every minute) sends it, once, without waiting for a requeue delay.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    reset_broker_connections()
    outbox_tasks.sweep_now()
    outbox_tasks.sweep_now(timezone.now() + dt.timedelta(hours=1))
    assert [m.to[0] for m in mail.outbox] == [applicant.email]
    notice.refresh_from_db()
    assert notice.status == DeliveryStatus.SENT and notice.sent_at is not None


# A Wednesday afternoon, far from the team's Monday 09:00 stand-up: the scan then has only the
# blocker notice to send, whatever the real date (LC_CLOCK_OFFSET_DAYS found this).
@pytest.mark.clock(dt.datetime(2026, 11, 25, 14, 0, tzinfo=dt.UTC))
def test_closing_a_standup_with_the_broker_down_still_works_and_the_scan_catches_up(
    team, client_for, broker_down, settings
):
    standup = Standup.objects.create(community=team.community, date=timezone.localdate())
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


def test_invitations_with_the_broker_down_are_queued_and_mailed_once_it_is_back(
    team, client_for, broker_down, settings
):
    facilitator = client_for(team.facilitator)
    response = facilitator.post(
        f"/communities/{team.community.slug}/members/invite/", {"emails": "nieuw@example.org"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    # The facilitator is told it is queued, not that it was sent.
    assert "1 invitation is queued" in page and "has been sent" not in page
    assert "mail: queued" in page
    assert team.community.invitations.filter(email="nieuw@example.org").exists()
    assert OutboxMail.objects.get(kind=INVITATION_KIND).status == DeliveryStatus.PENDING
    assert mail.outbox == []

    settings.CELERY_TASK_ALWAYS_EAGER = True
    reset_broker_connections()
    outbox_tasks.sweep_now()
    outbox_tasks.sweep_now()
    assert [m.to[0] for m in mail.outbox] == ["nieuw@example.org"]
    assert "mail: sent" in facilitator.get(f"/communities/{team.community.slug}/members/").content.decode()


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


def test_rate_limit_counters_never_make_a_page_wait_for_a_broken_redis():
    # tests/conftest.py swaps in a memory cache per test; the project setting is what production runs.
    # Rate limits and counts are shared between web servers: in the database without REDIS_URL, in
    # Redis with it (issue 20), through a cache that treats every Redis error as a miss, so an outage
    # costs the counters, never the page (tests/core/test_shared_cache.py).
    backend = project_settings.CACHES["default"]["BACKEND"]
    if os.environ.get("REDIS_URL"):
        assert backend == "core.cache.FailOpenRedisCache"
    else:
        assert backend == "django.core.cache.backends.db.DatabaseCache"
