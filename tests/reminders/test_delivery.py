"""Exactly once: the sent-log, the claim, redelivery, crashes and SMTP failures."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocMemBackend

from communities import services as community_services
from communities.models import Membership, StandupAnswer
from outbox import delivery as outbox_delivery
from reminders import delivery, tasks
from reminders.models import ReminderKind, ReminderPreference, SentReminder, SentStatus
from reminders.scanning import expire_stale_claims, scan

from .conftest import utc

pytestmark = pytest.mark.django_db

# Monday 2026-11-23 09:00 CET; the default reminder is Sunday 16:00 CET (15:00 UTC).
DUE = utc(2026, 11, 22, 15, 1)


@pytest.fixture(autouse=True)
def _worker_clock():
    """Delivery checks the due time and the stand-up's start against the clock: pin it to the scan's."""
    with time_machine.travel(DUE, tick=False):
        yield


def scan_and_send(capture, now=DUE):
    with time_machine.travel(now, tick=False), capture(execute=True):
        counts = scan(now)
        tasks.queue_pending(now)
    return counts


def test_one_reminder_per_member_with_the_sent_log_filled(team, django_capture_on_commit_callbacks):
    scan_and_send(django_capture_on_commit_callbacks)
    rows = SentReminder.objects.filter(kind=ReminderKind.STANDUP)
    assert rows.count() == 3
    assert set(rows.values_list("status", flat=True)) == {SentStatus.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in team.everyone)


def test_not_due_before_the_reminder_time(team, django_capture_on_commit_callbacks):
    # More than one scan interval before: nothing recorded yet.
    scan_and_send(django_capture_on_commit_callbacks, now=utc(2026, 11, 22, 14, 54))
    assert not SentReminder.objects.exists()
    # The last scan before the reminder time records it for that time, and does not send it early.
    scan_and_send(django_capture_on_commit_callbacks, now=utc(2026, 11, 22, 14, 59))
    assert set(SentReminder.objects.values_list("next_attempt_at", flat=True)) == {utc(2026, 11, 22, 15, 0)}
    assert mail.outbox == []
    scan_and_send(django_capture_on_commit_callbacks, now=utc(2026, 11, 22, 15, 0))
    assert len(mail.outbox) == len(team.everyone)


def test_scanning_again_and_again_sends_nothing_more(team, django_capture_on_commit_callbacks):
    for minutes in range(0, 60, 5):
        scan_and_send(django_capture_on_commit_callbacks, now=DUE + dt.timedelta(minutes=minutes))
    assert len(mail.outbox) == 3


def test_two_beats_scanning_at_the_same_moment_record_each_reminder_once(team):
    assert scan(DUE)["standup_candidates"] == 3
    assert scan(DUE)["standup_candidates"] == 0
    assert SentReminder.objects.count() == 3


def test_a_redelivered_delivery_task_does_not_send_twice(team):
    scan(DUE)
    reminder = SentReminder.objects.first()
    tasks.deliver_reminder.apply(args=[reminder.pk])
    tasks.deliver_reminder.apply(args=[reminder.pk])  # the broker delivers the same message again
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.status == SentStatus.SENT and reminder.attempts == 1


def test_a_crash_between_send_and_commit_does_not_produce_a_duplicate(team, monkeypatch):
    scan(DUE)
    reminder = SentReminder.objects.first()
    real_finish = outbox_delivery._finish

    def crash(reminder, status, **fields):
        if status == SentStatus.SENT:
            raise ConnectionError("database went away after the mail was accepted")
        return real_finish(reminder, status, **fields)

    monkeypatch.setattr(outbox_delivery, "_finish", crash)
    with pytest.raises(ConnectionError):
        delivery.deliver(reminder.pk)
    assert len(mail.outbox) == 1
    monkeypatch.setattr(outbox_delivery, "_finish", real_finish)

    # The task is redelivered (acks_late) and the scan runs again: nothing more goes out.
    delivery.deliver(reminder.pk)
    scan()
    tasks.queue_pending()
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.status == SentStatus.SENDING

    # Once the claim is stale, the row is marked "outcome unknown", not resent.
    later = reminder.claimed_at + dt.timedelta(hours=1)
    assert expire_stale_claims(later) == 1
    reminder.refresh_from_db()
    assert reminder.status == SentStatus.UNKNOWN
    delivery.deliver(reminder.pk)
    assert len(mail.outbox) == 1


class FlakySMTP(LocMemBackend):
    failures = 0

    def send_messages(self, messages):
        if FlakySMTP.failures > 0:
            FlakySMTP.failures -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


def test_smtp_failures_retry_with_backoff_then_succeed(team, settings, caplog):
    settings.EMAIL_BACKEND = "tests.reminders.test_delivery.FlakySMTP"
    FlakySMTP.failures = 2
    scan(DUE)
    reminder = SentReminder.objects.first()
    assert delivery.deliver(reminder.pk) == 60
    assert delivery.deliver(reminder.pk) == 60  # not due again yet: the task waits
    with time_machine.travel(DUE + dt.timedelta(seconds=60), tick=False):
        assert delivery.deliver(reminder.pk) == 120
    with time_machine.travel(DUE + dt.timedelta(seconds=180), tick=False):
        assert delivery.deliver(reminder.pk) is None
    reminder.refresh_from_db()
    assert reminder.status == SentStatus.SENT
    assert reminder.attempts == 3
    assert len(mail.outbox) == 1
    assert "retrying in 60s" in caplog.text and "retrying in 120s" in caplog.text


def test_smtp_failures_give_up_after_the_bounded_number_of_tries(team, settings, caplog):
    settings.EMAIL_BACKEND = "tests.reminders.test_delivery.FlakySMTP"
    settings.REMINDER_MAX_ATTEMPTS = 4
    FlakySMTP.failures = 100
    scan(DUE)
    reminder = SentReminder.objects.first()
    moment = DUE
    for _attempt in range(10):
        with time_machine.travel(moment, tick=False):
            retry_in = delivery.deliver(reminder.pk)
        if retry_in is None:
            break
        moment += dt.timedelta(seconds=retry_in)
    reminder.refresh_from_db()
    assert reminder.status == SentStatus.FAILED
    assert reminder.attempts == 4
    assert "SMTPServerDisconnected" in reminder.last_error
    assert "giving up" in caplog.text
    assert mail.outbox == []


def test_backoff_is_exponential_and_capped():
    assert [delivery.backoff_seconds(n) for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert delivery.backoff_seconds(20) == delivery.MAX_BACKOFF_SECONDS


def test_a_failed_retry_that_could_not_be_queued_is_picked_up_by_the_scan(team, settings):
    settings.EMAIL_BACKEND = "tests.reminders.test_delivery.FlakySMTP"
    FlakySMTP.failures = 1
    scan(DUE)
    reminder = SentReminder.objects.first()
    retry_in = delivery.deliver(reminder.pk)  # as if the retry publish then failed
    assert retry_in == 60
    reminder.refresh_from_db()
    assert reminder.status == SentStatus.PENDING
    # Not queued again before its backoff; a scan after that (plus the requeue delay) picks it up.
    assert reminder.pk not in tasks.scanning.pending_ids(reminder.next_attempt_at - dt.timedelta(seconds=1))
    assert reminder.pk in tasks.scanning.pending_ids(reminder.next_attempt_at + dt.timedelta(minutes=11))


def test_opted_out_members_are_not_recorded_and_late_opt_outs_are_skipped(team):
    ReminderPreference.objects.create(user=team.members[0], standup=False)
    scan(DUE)
    assert SentReminder.objects.count() == 2
    ReminderPreference.objects.create(user=team.members[1], standup=False)
    reminder = SentReminder.objects.get(recipient=team.members[1])
    delivery.deliver(reminder.pk)
    reminder.refresh_from_db()
    assert reminder.status == SentStatus.SKIPPED
    assert mail.outbox == []


def test_a_member_who_left_is_skipped(team):
    scan(DUE)
    Membership.objects.filter(user=team.members[0]).delete()
    reminder = SentReminder.objects.get(recipient=team.members[0])
    delivery.deliver(reminder.pk)
    reminder.refresh_from_db()
    assert reminder.status == SentStatus.SKIPPED


def test_closing_a_standup_with_blockers_notifies_facilitators_once(team, django_capture_on_commit_callbacks):
    standup = community_services.standup_create(
        actor=team.facilitator, community=team.community, date=dt.date(2026, 11, 23)
    )
    StandupAnswer.objects.create(
        standup=standup, member=team.members[0], did="a", will_do="b", blockers="Geen meetapparatuur"
    )
    StandupAnswer.objects.create(standup=standup, member=team.members[1], did="a", will_do="b")
    with django_capture_on_commit_callbacks(execute=True):
        community_services.standup_close(actor=team.facilitator, standup=standup)
    assert [m.to[0] for m in mail.outbox] == [team.facilitator.email]
    assert "Geen meetapparatuur" in mail.outbox[0].body
    # The scan sees the same closed stand-up and adds nothing.
    with django_capture_on_commit_callbacks(execute=True):
        scan()
        tasks.queue_pending()
    assert len(mail.outbox) == 1


def test_a_standup_without_blockers_sends_no_notice(team, django_capture_on_commit_callbacks):
    standup = community_services.standup_create(
        actor=team.facilitator, community=team.community, date=dt.date(2026, 11, 23)
    )
    StandupAnswer.objects.create(standup=standup, member=team.members[0], did="a", will_do="b")
    with django_capture_on_commit_callbacks(execute=True):
        community_services.standup_close(actor=team.facilitator, standup=standup)
    assert mail.outbox == []


def test_reminder_for_a_closed_standup_is_not_sent(team, django_capture_on_commit_callbacks):
    standup = community_services.standup_create(
        actor=team.facilitator, community=team.community, date=dt.date(2026, 11, 23)
    )
    community_services.standup_close(actor=team.facilitator, standup=standup)
    scan_and_send(django_capture_on_commit_callbacks)
    assert not SentReminder.objects.filter(kind=ReminderKind.STANDUP).exists()


def test_the_scan_opens_the_standup_so_the_link_goes_to_its_form(team, django_capture_on_commit_callbacks):
    scan_and_send(django_capture_on_commit_callbacks)
    standup = team.community.standups.get(date=dt.date(2026, 11, 23))
    assert f"/communities/{team.community.slug}/standups/{standup.pk}/" in mail.outbox[0].body
