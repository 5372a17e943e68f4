"""Mail about moderation decisions: recorded in the outbox with the decision, in the recipient's language."""

from django.conf import settings

from outbox.services import mail_enqueue


def owners_notify(decision, instrument) -> int:
    """Tell every active owner of an instrument about a decision on it (approval, rejection ...).

    One outbox row per owner, so a failure mailing one owner never mails another twice.
    """
    recorded = 0
    for owner in instrument.owners.all():
        if not owner.is_active:
            continue
        recorded += mail_enqueue(
            kind="moderation.instrument_decision",
            key=f"decision:{decision.pk}",
            recipient=owner,
            subject_template="moderation/email/instrument_decision_subject.txt",
            body_template="moderation/email/instrument_decision_body.txt",
            html_template="moderation/email/instrument_decision_body.html",
            context={
                "decision": decision,
                "instrument": instrument,
                "recipient": owner,
                "link": settings.SITE_URL + instrument.get_absolute_url(),
            },
        )
    return recorded


def author_notify(decision) -> bool:
    """Warn an author, or tell them their account is suspended, with the coordinator's reason."""
    user = decision.target_user
    if user is None:
        return False
    template = f"moderation/email/author_{decision.action}"
    return mail_enqueue(
        kind=f"moderation.author_{decision.action}",
        key=f"decision:{decision.pk}",
        recipient=user,
        subject_template=f"{template}_subject.txt",
        body_template=f"{template}_body.txt",
        html_template=f"{template}_body.html",
        context={"decision": decision, "recipient": user},
    )
