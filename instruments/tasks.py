"""Background work of the catalogue: mail that must not hold up a request."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from core.mail import send_templated_mail

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_owner_invitation(invitation_id: int) -> bool:
    """Mail a co-owner invitation link; skips invitations used or replaced meanwhile."""
    from .models import OwnerInvitation

    invitation = (
        OwnerInvitation.objects.select_related("instrument", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_pending:
        return False
    invitee = get_user_model().objects.filter(email__iexact=invitation.email).first()
    context = {
        "invitation": invitation,
        "instrument": invitation.instrument,
        "inviter": invitation.invited_by,
        "has_account": invitee is not None,
        "link": settings.SITE_URL
        + reverse("instruments:owner_invitation", kwargs={"token": invitation.token}),
        "expires_at": timezone.localtime(invitation.expires_at),
    }
    send_templated_mail(
        "instruments/email/owner_invitation",
        context,
        to=invitation.email,
        language=invitee.language if invitee else None,
    )
    logger.info("Co-owner invitation %s mailed", invitation.pk)
    return True
