"""The mail of a notification: decided again at sending time, in the recipient's language."""

import pytest
from django.core import mail as django_mail
from django.urls import reverse

from communities.models import Visibility
from core.mail import send_templated_mail
from notifications import mails, services
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
