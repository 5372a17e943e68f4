"""Sprint start/end, value follow-ups, digests and join decisions."""

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.roles import Role
from communities import services as community_services
from communities.mails import JOIN_DECISION_KIND
from communities.models import JoinRequest, StandupAnswer
from instruments.models import Bookmark, Experience, InstrumentStatus, Review
from outbox.models import DeliveryStatus, OutboxMail
from reminders import scanning, tasks
from reminders.models import DigestFrequency, ReminderKind, ReminderPreference, SentReminder
from reminders.scanning import scan
from tests.communities.factories import SprintFactory
from tests.factories import InstrumentFactory, UserFactory

from .conftest import utc

pytestmark = pytest.mark.django_db


def run(capture, now):
    with time_machine.travel(now, tick=False), capture(execute=True):
        scan(now)
        tasks.queue_pending(now)


def test_sprint_start_and_end_reminders_go_to_every_member_once(team, django_capture_on_commit_callbacks):
    sprint = SprintFactory(
        community=team.community,
        number=1,
        goal="Inregelen oefenen",
        starts_on=dt.date(2026, 11, 23),
        ends_on=dt.date(2026, 12, 4),
    )
    run(django_capture_on_commit_callbacks, utc(2026, 11, 23, 6, 59))  # 07:59 Amsterdam: not yet
    assert not SentReminder.objects.filter(kind=ReminderKind.SPRINT_START).exists()
    run(django_capture_on_commit_callbacks, utc(2026, 11, 23, 7, 0))
    run(django_capture_on_commit_callbacks, utc(2026, 11, 23, 12, 0))
    starts = [m for m in mail.outbox if "Inregelen oefenen" in m.body and "sprint 1" in m.subject.lower()]
    assert len(starts) == 3
    mail.outbox.clear()
    run(django_capture_on_commit_callbacks, utc(2026, 12, 4, 7, 5))
    run(django_capture_on_commit_callbacks, utc(2026, 12, 4, 9, 5))
    assert len(mail.outbox) == 3
    facilitator_mail = next(m for m in mail.outbox if m.to == [team.facilitator.email])
    member_mail = next(m for m in mail.outbox if m.to == [team.members[0].email])
    assert f"/communities/{team.community.slug}/sprints/{sprint.number}/edit/" in facilitator_mail.body
    assert f"/communities/{team.community.slug}/timeline/" in member_mail.body
    # The value link: the value-creation form if that app has it, the timeline otherwise.
    assert f"/communities/{team.community.slug}/" in member_mail.body


def test_old_sprints_are_not_reminded_after_a_long_outage(team, django_capture_on_commit_callbacks):
    SprintFactory(
        community=team.community, number=1, starts_on=dt.date(2026, 11, 2), ends_on=dt.date(2026, 11, 13)
    )
    run(django_capture_on_commit_callbacks, utc(2026, 11, 23, 9, 0))
    assert mail.outbox == []


@dataclass
class FakePrompt:
    occurrence: str
    recipient_id: int
    community_id: int
    title: str
    path: str
    since: dt.date


def test_value_followups_from_the_value_creation_contract(
    team, monkeypatch, django_capture_on_commit_callbacks
):
    seen_days = []

    def due_followups(today):
        seen_days.append(today)
        return [
            FakePrompt(
                occurrence="valueentry:7:applied",
                recipient_id=team.members[1].pk,
                community_id=team.community.pk,
                title="Nieuwe inregelmethode",
                path=f"/communities/{team.community.slug}/value/7/",
                since=dt.date(2026, 10, 12),
            )
        ]

    monkeypatch.setattr(scanning, "due_followups", due_followups)
    run(django_capture_on_commit_callbacks, utc(2026, 11, 23, 9, 0))
    run(django_capture_on_commit_callbacks, utc(2026, 11, 23, 9, 5))
    assert seen_days[0] == dt.date(2026, 11, 23)
    followups = [m for m in mail.outbox if "Nieuwe inregelmethode" in m.subject]
    assert len(followups) == 1
    assert followups[0].to == [team.members[1].email]
    assert f"http://127.0.0.1:8000/communities/{team.community.slug}/value/7/" in followups[0].body
    # No "next" cycle is suggested: the publication (2.3) says the cycles are not a ladder.
    assert "not steps to climb in order" in followups[0].body


def test_followup_about_an_instrument_use_says_so(team, monkeypatch, django_capture_on_commit_callbacks):
    prompt = FakePrompt(
        occurrence="instrument-use:5",
        recipient_id=team.members[1].pk,
        community_id=team.community.pk,
        title="Afwegingskader vertrouwen",
        path=f"/communities/{team.community.slug}/value/new/?instrument_use=5",
        since=dt.date(2026, 10, 12),
    )
    monkeypatch.setattr(scanning, "due_followups", lambda today: [prompt])
    run(django_capture_on_commit_callbacks, utc(2026, 11, 23, 9, 0))
    [followup] = [m for m in mail.outbox if "Afwegingskader vertrouwen" in m.subject]
    assert "your community used this instrument" in followup.body
    assert "you logged this value" not in followup.body


def _instrument_with_news(owner=None):
    author = UserFactory()
    instrument = InstrumentFactory(title="Cultuurscan", status=InstrumentStatus.PUBLISHED)
    if owner:
        instrument.owners.add(owner)
    Experience.objects.create(instrument=instrument, author=author, what_worked="De dialoog kwam op gang.")
    Review.objects.create(instrument=instrument, author=author, rating=4, text="Goed")
    return instrument


def test_weekly_digest_bundles_news_about_followed_instruments_in_one_mail(
    db, django_capture_on_commit_callbacks
):
    follower = UserFactory(language="en")
    owner = UserFactory(language="en")
    nobody = UserFactory()
    instrument = _instrument_with_news(owner=owner)
    Bookmark.objects.create(user=follower, instrument=instrument)
    Experience.objects.update(created_at=utc(2026, 11, 20, 10, 0))
    Review.objects.update(created_at=utc(2026, 11, 20, 10, 0))
    run(django_capture_on_commit_callbacks, utc(2026, 11, 23, 5, 59))  # Monday 06:59 Amsterdam
    assert mail.outbox == []
    run(django_capture_on_commit_callbacks, utc(2026, 11, 23, 6, 0))
    run(django_capture_on_commit_callbacks, utc(2026, 11, 23, 6, 5))
    assert sorted(m.to[0] for m in mail.outbox) == sorted([follower.email, owner.email])
    digest = next(m for m in mail.outbox if m.to == [follower.email])
    assert "weekly digest" in digest.subject
    assert "Cultuurscan" in digest.body and "4/5" in digest.body
    assert nobody.email not in [m.to[0] for m in mail.outbox]
    assert SentReminder.objects.get(recipient=follower).occurrence == "digest:weekly:2026-W48"


def test_daily_digest_and_off(db, django_capture_on_commit_callbacks):
    daily, off = UserFactory(), UserFactory()
    ReminderPreference.objects.create(user=daily, digest_frequency=DigestFrequency.DAILY)
    ReminderPreference.objects.create(user=off, digest_frequency=DigestFrequency.OFF)
    instrument = _instrument_with_news()
    for user in (daily, off):
        Bookmark.objects.create(user=user, instrument=instrument)
    Experience.objects.update(created_at=utc(2026, 11, 20, 10, 0))
    Review.objects.update(created_at=utc(2026, 11, 20, 10, 0))
    run(django_capture_on_commit_callbacks, utc(2026, 11, 21, 6, 30))  # Saturday: daily only
    assert [m.to[0] for m in mail.outbox] == [daily.email]


def test_digest_for_facilitators_and_coordinators(team, django_capture_on_commit_callbacks):
    coordinator = UserFactory(role=Role.NETWORK_COORDINATOR)
    ReminderPreference.objects.create(user=coordinator, digest_frequency=DigestFrequency.DAILY)
    ReminderPreference.objects.create(user=team.facilitator, digest_frequency=DigestFrequency.DAILY)
    InstrumentFactory(title="Nieuw canvas", status=InstrumentStatus.SUBMITTED)
    standup = community_services.standup_create(
        actor=None, community=team.community, date=dt.date(2026, 11, 16)
    )
    answer = StandupAnswer.objects.create(
        standup=standup, member=team.members[0], did="a", will_do="b", blockers="Geen sleutel"
    )
    StandupAnswer.objects.filter(pk=answer.pk).update(created_at=utc(2026, 11, 20, 9, 0))
    run(django_capture_on_commit_callbacks, utc(2026, 11, 21, 6, 30))
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert "Geen sleutel" in by_recipient[team.facilitator.email].body
    # Mail goes out in the recipient's language (Dutch by default).
    assert "1 ingediend instrument wacht op beoordeling" in by_recipient[coordinator.email].body
    assert "/admin/instruments/instrument/?status__exact=submitted" in by_recipient[coordinator.email].body


def test_an_empty_digest_is_not_sent(db, django_capture_on_commit_callbacks):
    UserFactory()
    run(django_capture_on_commit_callbacks, utc(2026, 11, 23, 6, 30))
    assert mail.outbox == []


def test_join_approval_mail_goes_through_celery_after_commit(team, django_capture_on_commit_callbacks):
    applicant = UserFactory(language="en")
    join_request = JoinRequest.objects.create(community=team.community, user=applicant)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        community_services.join_request_decide(
            actor=team.facilitator, join_request=join_request, approve=True
        )
    assert mail.outbox == []  # nothing inside the request's transaction
    # The page cache's version raises (core.contentversion, one per savepoint level) run after the
    # commit too; the mail is the one other callback.
    queued = [callback for callback in callbacks if not getattr(callback, "raises_versions", False)]
    assert len(queued) == 1
    queued[0]()
    assert [m.to[0] for m in mail.outbox] == [applicant.email]
    assert "approved" in mail.outbox[0].body
    assert OutboxMail.objects.get(kind=JOIN_DECISION_KIND).status == DeliveryStatus.SENT
    assert "List-Unsubscribe" not in mail.outbox[0].extra_headers  # a reply, not a reminder


def test_due_timestamps_use_the_scan_clock(team):
    scan(utc(2026, 11, 22, 15, 1))
    assert SentReminder.objects.first().next_attempt_at == utc(2026, 11, 22, 15, 1)
    assert timezone.is_aware(SentReminder.objects.first().created_at)
