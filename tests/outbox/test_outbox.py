"""The outbox: every mail recorded once with its cause, delivered once, and what is known when it fails."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocMemBackend
from django.db import transaction

from instruments import moderation as instrument_moderation
from instruments.models import InstrumentStatus
from moderation.models import DecisionAction
from outbox import delivery, tasks
from outbox.models import DeliveryStatus, OutboxMail
from outbox.services import mail_enqueue
from tests.factories import InstrumentFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
TEMPLATES = {
    "subject_template": "communities/email/join_decision_subject.txt",
    "body_template": "communities/email/join_decision_body.txt",
    "html_template": "communities/email/join_decision_body.html",
}


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(NOW, tick=False):
        yield


def enqueue(recipient, *, key="join_request:1", **extra):
    from tests.communities.factories import CommunityFactory

    community = extra.pop("community", None) or CommunityFactory(name="Warmte Salland")
    return mail_enqueue(
        kind="test.notice",
        key=key,
        recipient=recipient,
        context={"user": recipient, "community": community, "approved": True, "community_url": "http://x/"},
        **TEMPLATES,
        **extra,
    )


def test_a_mail_is_recorded_once_per_kind_key_and_recipient(django_capture_on_commit_callbacks):
    user = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        assert enqueue(user) is True
        assert enqueue(user) is False  # same kind, key and recipient
        assert enqueue(user, key="join_request:2") is True
    assert OutboxMail.objects.count() == 2
    assert len(mail.outbox) == 2
    assert set(OutboxMail.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}


def test_a_duplicate_does_not_break_the_callers_transaction():
    user = UserFactory()
    with transaction.atomic():
        enqueue(user)
        enqueue(user)
        assert UserFactory()  # the transaction is still usable
    assert OutboxMail.objects.count() == 1


def test_rendered_in_each_recipients_language(django_capture_on_commit_callbacks):
    dutch, english = UserFactory(language="nl"), UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(dutch)
        enqueue(english)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert "Welkom" in by_address[dutch.email].subject
    assert "Welcome" in by_address[english.email].subject
    assert by_address[english.email].alternatives  # the HTML part


def test_a_bare_address_gets_the_given_language(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue("Nieuw@Example.org", language="en")
        assert enqueue("nieuw@example.org", language="en") is False  # same address, any case
    assert [m.to[0] for m in mail.outbox] == ["Nieuw@Example.org"]
    assert "Welcome" in mail.outbox[0].subject


def test_nothing_is_recorded_when_the_causing_transaction_rolls_back(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        enqueue(user)
        raise RuntimeError("the change failed")
    assert not OutboxMail.objects.exists()
    assert mail.outbox == []


def test_each_step_is_recorded_and_the_message_id_is_stable(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(user, unsubscribe_url="http://testserver/stop/")
    row = OutboxMail.objects.get()
    assert row.claimed_at == NOW and row.handed_at == NOW and row.sent_at == NOW
    assert row.message_id == f"<mail-{row.pk}.test.notice@127.0.0.1>"
    headers = mail.outbox[0].extra_headers
    assert headers["Message-ID"] == row.message_id
    assert headers["List-Unsubscribe"] == "<http://testserver/stop/>"


def test_a_worker_that_died_before_handing_over_is_retried_automatically(django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    user = UserFactory()
    enqueue(user)  # on_commit never runs here: nothing queued
    row = OutboxMail.objects.get()
    claimed, _wait = delivery.claim(delivery.registry.source("outbox.mail"), row.pk)
    assert claimed is not None  # ... and the worker is killed here, before handing the mail over
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False), capture(execute=True):
        counts = tasks.sweep_now()
    assert counts["outbox.mail"]["retried"] == 1
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENT
    assert len(mail.outbox) == 1


def test_a_worker_that_died_after_handing_over_is_marked_unknown_not_resent(monkeypatch):
    user = UserFactory()
    enqueue(user)
    row = OutboxMail.objects.get()

    def killed(message, message_id):
        raise SystemExit("SIGKILL while talking to the mail server")

    monkeypatch.setattr(delivery, "_send", killed)
    with pytest.raises(SystemExit):
        delivery.deliver("outbox.mail", row.pk)
    monkeypatch.undo()
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SENDING and row.handed_at is not None
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        counts = tasks.sweep_now()
    assert counts["outbox.mail"]["unknown"] == 1
    row.refresh_from_db()
    assert row.status == DeliveryStatus.UNKNOWN and row.was_handed_over
    assert mail.outbox == []


class SecondOwnerFails(LocMemBackend):
    """The server refuses the second owner's address once."""

    failed = set()

    def send_messages(self, messages):
        for message in messages:
            if message.to[0].startswith("tweede") and message.to[0] not in SecondOwnerFails.failed:
                SecondOwnerFails.failed.add(message.to[0])
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (450, b"try again later")})
        return super().send_messages(messages)


def test_owner_mails_reach_each_owner_once_even_when_one_fails_and_is_retried(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.outbox.test_outbox.SecondOwnerFails"
    SecondOwnerFails.failed = set()
    first = UserFactory(email="eerste@example.org")
    second = UserFactory(email="tweede@example.org")
    instrument = InstrumentFactory(owner=first, status=InstrumentStatus.SUBMITTED)
    instrument.owners.add(second)
    with django_capture_on_commit_callbacks(execute=True):
        instrument_moderation.instrument_decide(
            actor=UserFactory(is_superuser=True, is_staff=True),
            instrument=instrument,
            action=DecisionAction.APPROVE,
        )
    with (
        time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tasks.sweep_now()
    assert sorted(m.to[0] for m in mail.outbox) == ["eerste@example.org", "tweede@example.org"]
    assert OutboxMail.objects.filter(kind="moderation.instrument_decision").count() == 2


def test_admin_lists_outgoing_mail_with_what_was_handed_over(client, django_capture_on_commit_callbacks):
    admin = UserFactory(is_superuser=True, is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(UserFactory())
    client.force_login(admin)
    row = OutboxMail.objects.get()
    assert client.get("/admin/outbox/outboxmail/").status_code == 200
    assert client.get(f"/admin/outbox/outboxmail/{row.pk}/change/").status_code == 200
    assert client.get("/admin/outbox/outboxmail/add/").status_code == 403


def test_a_mail_built_at_sending_time_uses_its_registered_builder(django_capture_on_commit_callbacks):
    from outbox import registry
    from outbox.delivery import Message
    from outbox.services import mail_enqueue_built

    def build(row):
        if row.ref.get("gone"):
            return Message(skip_reason="The thread was deleted.")
        return Message(subject=f"About {row.ref['title']}", body="Hello", unsubscribe_url="http://x/stop/")

    registry.register_builder("test.builder", build)
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_enqueue_built(
            kind="test.built", key="event:1", recipient=user, builder="test.builder", ref={"title": "Warmte"}
        )
        assert not mail_enqueue_built(
            kind="test.built", key="event:1", recipient=user, builder="test.builder"
        )
        mail_enqueue_built(
            kind="test.built", key="event:2", recipient=user, builder="test.builder", ref={"gone": True}
        )
    assert [(m.to[0], m.subject) for m in mail.outbox] == [(user.email, "About Warmte")]
    assert OutboxMail.objects.get(key="event:2").status == DeliveryStatus.SKIPPED
