"""Background work of communities: mail that must not hold up a request."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int) -> bool:
    """Mail the invitation link; skips invitations that were used or replaced meanwhile."""
    from .models import Invitation

    invitation = Invitation.objects.select_related("community", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.is_used:
        return False
    context = {
        "invitation": invitation,
        "community": invitation.community,
        "inviter": invitation.invited_by,
        "link": settings.SITE_URL + reverse("communities:invitation", kwargs={"token": invitation.token}),
        "expires_at": timezone.localtime(invitation.expires_at),
    }
    subject = render_to_string("communities/email/invitation_subject.txt", context).strip()
    body = render_to_string("communities/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    logger.info("Invitation %s mailed", invitation.pk)
    return True
