"""The mail of a notification: decided again at sending time, in the recipient's language."""

import pytest
from django.apps import apps
from django.core import mail as django_mail
from django.urls import reverse

from communities.models import Visibility
from core.mail import send_templated_mail
from notifications import mails, registry, services
from notifications.models import Delivery, Notification, NotificationKind
from tests.communities.factories import CommunityFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _notification(user, target, kind=NotificationKind.ROLE_DECISION, actor=None):
    services.preferences_update(actor=user, choices={kind: Delivery.MAIL})
    services.notify(
        kind=kind, event_key="e", recipients=[user], target=target, actor=actor, can_see=lambda u: True
    )
    return Notification.objects.select_related("recipient", "actor").get(recipient=user)


def _send(built, user):
    send_templated_mail(built.template, built.context, to=user.email, language=user.language)
    return django_mail.outbox[-1]


@pytest.mark.parametrize(("language", "greeting"), [("nl", "Hallo"), ("en", "Hello")])
def test_mail_is_in_the_recipients_language_with_a_one_click_unsubscribe(language, greeting):
    user = UserFactory(language=language, name="Noor")
    notification = _notification(user, CommunityFactory(name="Dorpshuis"))
    built = mails.build(notification)
    assert not built.skip_reason
    message = _send(built, user)
    assert "Dorpshuis" in message.subject and "Dorpshuis" in message.body
    assert message.body.startswith(f"{greeting} Noor") or greeting in message.body
    token = services.unsubscribe_token(user, NotificationKind.ROLE_DECISION)
    assert built.unsubscribe_url.endswith(reverse("notifications:unsubscribe", kwargs={"token": token}))
    assert built.unsubscribe_url in message.body


def test_no_mail_once_the_recipient_can_no_longer_see_the_target():
    user = UserFactory()
    private = CommunityFactory(name="Achter gesloten deuren", visibility=Visibility.MEMBERS_ONLY)
    membership = MembershipFactory(community=private, user=user)
    notification = _notification(user, private)
    membership.delete()
    built = mails.build(notification)
    assert built.skip_reason and not built.context
    assert "Achter gesloten deuren" not in repr(built)


def test_no_mail_after_unsubscribing_or_for_inactive_accounts():
    user = UserFactory()
    notification = _notification(user, CommunityFactory())
    services.unsubscribe(user=user, kind=NotificationKind.ROLE_DECISION)
    assert mails.build(notification).skip_reason
    services.preferences_update(actor=user, choices={NotificationKind.ROLE_DECISION: Delivery.MAIL})
    user.is_active = False
    user.save()
    assert mails.build(Notification.objects.select_related("recipient").get(pk=notification.pk)).skip_reason


def test_the_reminders_digest_carries_notifications_chosen_for_it_in_the_readers_language():
    import datetime as dt

    from django.utils import timezone

    from core.mail import render_mail
    from reminders import selectors as reminder_selectors

    reader = UserFactory(language="en")
    private = CommunityFactory(name="Kring van zes", visibility=Visibility.MEMBERS_ONLY)
    MembershipFactory(community=private, user=reader)
    public = CommunityFactory(name="Open veld")
    services.preferences_update(
        actor=reader,
        choices={NotificationKind.ROLE_DECISION: Delivery.DIGEST, NotificationKind.NEW_THREAD: Delivery.APP},
    )
    for key, target in (("a", public), ("b", private)):
        services.notify(
            kind=NotificationKind.ROLE_DECISION,
            event_key=key,
            recipients=[reader],
            target=target,
            can_see=lambda u: True,
        )
    services.notify(  # in the app only: not in the digest
        kind=NotificationKind.NEW_THREAD,
        event_key="c",
        recipients=[reader],
        target=public,
        can_see=lambda u: True,
    )
    private.memberships.filter(user=reader).delete()  # lost access since
    now = timezone.now()
    since, until = now - dt.timedelta(days=1), now + dt.timedelta(seconds=1)
    assert reader.pk in reminder_selectors.digest_recipient_ids(since, until)
    digest = reminder_selectors.digest_for(reader, since, until)
    assert [item.title for item in digest.notifications] == ["A decision about your role: “Open veld”"]
    _subject, text, html = render_mail(
        "reminders/email/digest",
        {"digest": digest, "since": since, "until": until, "user": reader},
        language="en",
    )
    assert "Open veld" in text and "Open veld" in html
    assert "Kring van zes" not in text + html


@pytest.mark.skipif(not apps.is_installed("outbox"), reason="the outbox (issue 23) is not installed")
def test_mail_at_once_goes_through_the_outbox_exactly_once_in_the_recipients_language(
    django_capture_on_commit_callbacks,
):
    from outbox.models import OutboxMail

    dutch, english, digest_reader = UserFactory(language="nl"), UserFactory(language="en"), UserFactory()
    services.preferences_update(
        actor=digest_reader, choices={NotificationKind.ROLE_DECISION: Delivery.DIGEST}
    )
    private = CommunityFactory(name="Binnenkring", visibility=Visibility.MEMBERS_ONLY)
    outsider = UserFactory()
    for user in (dutch, english, digest_reader):
        MembershipFactory(community=private, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(2):  # a retried event
            services.notify(
                kind=NotificationKind.ROLE_DECISION,
                event_key="role:1",
                recipients=[dutch, english, digest_reader, outsider],
                target=private,
                can_see=registry.visibility_check(private),
            )
    assert set(OutboxMail.objects.filter(kind=mails.OUTBOX_KIND).values_list("recipient", flat=True)) == {
        dutch.pk,
        english.pk,
    }
    sent = {message.to[0]: message for message in django_mail.outbox}
    assert set(sent) == {dutch.email, english.email}  # not the digest reader, not the outsider
    assert "Hallo" in sent[dutch.email].body and "Hello" in sent[english.email].body
    assert "Binnenkring" in sent[english.email].subject
    assert "/notifications/unsubscribe/" in sent[english.email].body
    assert sent[english.email].extra_headers.get("List-Unsubscribe")


@pytest.mark.skipif(not apps.is_installed("outbox"), reason="the outbox (issue 23) is not installed")
def test_the_outbox_mail_is_decided_again_when_it_goes_out(django_capture_on_commit_callbacks):
    from outbox.models import OutboxMail

    user = UserFactory()
    private = CommunityFactory(name="Verdwenen kring", visibility=Visibility.MEMBERS_ONLY)
    membership = MembershipFactory(community=private, user=user)
    services.preferences_update(actor=user, choices={NotificationKind.ROLE_DECISION: Delivery.MAIL})
    services.notify(
        kind=NotificationKind.ROLE_DECISION,
        event_key="role:2",
        recipients=[user],
        target=private,
        can_see=registry.visibility_check(private),
    )
    row = OutboxMail.objects.get(kind=mails.OUTBOX_KIND)
    membership.delete()  # before the worker gets to it
    message = mails.outbox_message(row)
    assert message.skip_reason and "Verdwenen kring" not in (message.subject + message.body)
