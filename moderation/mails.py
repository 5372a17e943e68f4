"""Mail about moderation decisions: recorded in the outbox with the decision, in the recipient's language."""

from outbox.services import mail_enqueue


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
