"""How a role decision reads in the notification list and mail (registered in apps.py)."""

from django.urls import reverse
from django.utils.translation import gettext

from accounts.models import RoleRequest, RoleRequestStatus
from accounts.roles import Role


def role_requests_of(user):
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
