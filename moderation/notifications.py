"""What moderation tells the notifications app: a reporter hears the outcome of their report,
and a person the decision about their role request.

The notification's target is the reporter's own report, which only they can
see, so it keeps showing after the reported item was taken offline. It says
whether the item stays or went, never what happened to its author.
"""

from django.urls import reverse
from django.utils.translation import gettext

from accounts.models import RoleRequest, RoleRequestStatus
from accounts.roles import Role
from notifications import registry
from notifications.models import NotificationKind

from .models import DecisionAction, Report

STAYS = "stays"
REMOVED = "removed"


def reports_visible_to(user):
    if not user.is_authenticated:
        return Report.objects.none()
    return Report.objects.filter(reporter=user).select_related("item")


def _title(notification, report) -> str:
    label = report.item.label or str(report.item)
    if notification.data.get("outcome") == STAYS:
        sentence = gettext("Your report about “%(item)s” was reviewed: the item stays online.")
    else:
        sentence = gettext("Your report about “%(item)s” was reviewed: the item was taken offline.")
    return sentence % {"item": label}


def role_requests_of(user):
    """A role decision is shown only to the person who asked."""
    return RoleRequest.objects.filter(user=user) if user.is_authenticated else RoleRequest.objects.none()


def role_decision_title(notification, target: RoleRequest) -> str:
    approved = target.status == RoleRequestStatus.APPROVED
    if target.role == Role.FACILITATOR:
        if approved:
            return gettext("Your request to become a facilitator has been approved")
        return gettext("Your request to become a facilitator has been declined")
    if approved:
        return gettext("Your request to become an instrument developer has been approved")
    return gettext("Your request to become an instrument developer has been declined")


def role_decision_url(notification, target: RoleRequest) -> str:
    return reverse("accounts:roles")


def register() -> None:
    registry.register_target(RoleRequest, visible_to=role_requests_of)
    registry.register(
        NotificationKind.ROLE_DECISION,
        registry.Renderer(title=role_decision_title, url=role_decision_url, model=RoleRequest),
    )
    registry.register_target(Report, visible_to=reports_visible_to)
    # No page shows a reporter their report: the notification is the message.
    registry.register(
        NotificationKind.REPORT_OUTCOME, registry.Renderer(title=_title, url=lambda n, r: "", model=Report)
    )


def notify_reporters(reports, *, action: str, actor) -> int:
    """One notification per closed report (call in the decision's transaction)."""
    from notifications.services import notify

    outcome = STAYS if action == DecisionAction.KEEP else REMOVED
    return sum(
        notify(
            kind=NotificationKind.REPORT_OUTCOME,
            event_key=f"report_outcome:{report.pk}",
            recipients=[report.reporter],
            target=report,
            actor=actor,
            can_see=lambda user, report=report: user.pk == report.reporter_id,
            data={"outcome": outcome},
        )
        for report in reports
    )
