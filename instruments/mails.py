"""Mail of the catalogue, recorded in the outbox with the change that causes it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from outbox.services import mail_enqueue


def owner_invitation_mail(invitation) -> bool:
    """Mail a co-owner invitation link, in the invitee's language when they have an account."""
    invitee = get_user_model().objects.filter(email__iexact=invitation.email).first()
    return mail_enqueue(
        kind="instruments.owner_invitation",
        key=f"owner_invitation:{invitation.pk}",
        recipient=invitation.email,
        language=invitee.language if invitee else None,
        subject_template="instruments/email/owner_invitation_subject.txt",
        body_template="instruments/email/owner_invitation_body.txt",
        html_template="instruments/email/owner_invitation_body.html",
        context={
            "invitation": invitation,
            "instrument": invitation.instrument,
            "inviter": invitation.invited_by,
            "has_account": invitee is not None,
            "link": settings.SITE_URL
            + reverse("instruments:owner_invitation", kwargs={"token": invitation.token}),
            "expires_at": timezone.localtime(invitation.expires_at),
        },
    )
