"""Mail of communities (invitations, join decisions), recorded in the outbox with the change causing it."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from outbox.services import mail_enqueue

INVITATION_KIND = "communities.invitation"
JOIN_DECISION_KIND = "communities.join_decision"


def invitation_key(invitation) -> str:
    return f"invitation:{invitation.pk}"


def invitation_mail(invitation) -> bool:
    """The invitation link, in the invitee's language when the address has an account."""
    invitee = get_user_model().objects.filter(email__iexact=invitation.email).first()
    return mail_enqueue(
        kind=INVITATION_KIND,
        key=invitation_key(invitation),
        recipient=invitation.email,
        language=invitee.language if invitee else None,
        subject_template="communities/email/invitation_subject.txt",
        body_template="communities/email/invitation_body.txt",
        context={
            "invitation": invitation,
            "community": invitation.community,
            "inviter": invitation.invited_by,
            "link": settings.SITE_URL + reverse("communities:invitation", kwargs={"token": invitation.token}),
            "expires_at": timezone.localtime(invitation.expires_at),
        },
    )


def join_decision_mail(join_request, *, approved: bool) -> bool:
    """Tell the applicant the outcome of their join request (transactional: no unsubscribe)."""
    user = join_request.user
    community = join_request.community
    return mail_enqueue(
        kind=JOIN_DECISION_KIND,
        key=f"join_request:{join_request.pk}",
        recipient=user,
        subject_template="communities/email/join_decision_subject.txt",
        body_template="communities/email/join_decision_body.txt",
        html_template="communities/email/join_decision_body.html",
        context={
            "user": user,
            "community": community,
            "approved": approved,
            "community_url": settings.SITE_URL + community.get_absolute_url(),
        },
    )
