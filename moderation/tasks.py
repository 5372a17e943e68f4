"""Mail about moderation decisions, sent by the worker in the recipient's language."""

import logging

from celery import shared_task
from django.conf import settings

from core.mail import send_templated_mail

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_owners(decision_id: int) -> int:
    """Tell every owner of an instrument about a decision on it (approval, rejection ...)."""
    from instruments.models import Instrument

    from .models import Decision

    decision = Decision.objects.select_related("actor").filter(pk=decision_id).first()
    if decision is None or decision.object_id is None:
        return 0
    instrument = Instrument.objects.filter(pk=decision.object_id).prefetch_related("owners").first()
    if instrument is None:
        return 0
    sent = 0
    for owner in instrument.owners.all():
        if not owner.is_active:
            continue
        send_templated_mail(
            "moderation/email/instrument_decision",
            {
                "decision": decision,
                "instrument": instrument,
                "recipient": owner,
                "link": settings.SITE_URL + instrument.get_absolute_url(),
            },
            to=owner.email,
            language=owner.language,
        )
        sent += 1
    logger.info("Decision %s mailed to %s owner(s)", decision.pk, sent)
    return sent


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_author(decision_id: int) -> bool:
    """Warn an author, or tell them their account is suspended, with the coordinator's reason."""
    from .models import Decision

    decision = Decision.objects.select_related("target_user").filter(pk=decision_id).first()
    if decision is None or decision.target_user is None:
        return False
    user = decision.target_user
    send_templated_mail(
        f"moderation/email/author_{decision.action}",
        {"decision": decision, "recipient": user},
        to=user.email,
        language=user.language,
    )
    return True
