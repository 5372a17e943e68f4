from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import RoleRequest, RoleRequestStatus, User
from .roles import REQUESTABLE_ROLES, Role, assign_role, has_role, is_coordinator


@transaction.atomic
def user_update_profile(*, user: User, name: str, organisation: str, bio: str, language: str) -> User:
    """Save the profile fields of ``user`` after model validation."""
    user.name = name
    user.organisation = organisation
    user.bio = bio
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name", "organisation", "bio", "language"])
    return user


# --- Role requests ------------------------------------------------------------------------


@transaction.atomic
def role_request_create(*, actor: User, role: str, motivation: str) -> RoleRequest:
    """Ask for ``role`` (one of ``REQUESTABLE_ROLES``) with a short motivation.

    Raises ValidationError when the role cannot be asked for, the person already
    has it, or a request for it is still waiting.
    """
    if role not in {r.value for r in REQUESTABLE_ROLES}:
        raise ValidationError(_("This role cannot be requested."))
    if has_role(actor, Role(role)):
        raise ValidationError(_("You already have this role."))
    if RoleRequest.objects.filter(user=actor, role=role, status=RoleRequestStatus.PENDING).exists():
        raise ValidationError(_("Your request for this role is already waiting for a network coordinator."))
    request = RoleRequest(user=actor, role=role, motivation=(motivation or "").strip())
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def role_request_decide(
    *, actor: User, role_request: RoleRequest, approve: bool, note: str = ""
) -> RoleRequest:
    """Approve (the person gets the role's group) or decline a waiting request.

    Only network coordinators and admins decide; the caller (moderation) logs the
    decision and tells the person. Raises ValidationError when already decided.
    """
    if not is_coordinator(actor):
        raise PermissionDenied
    locked = RoleRequest.objects.select_for_update().get(pk=role_request.pk)
    if locked.status != RoleRequestStatus.PENDING:
        raise ValidationError(_("This request has already been decided."))
    locked.status = RoleRequestStatus.APPROVED if approve else RoleRequestStatus.DECLINED
    locked.decided_at = timezone.now()
    locked.decided_by = actor
    locked.decision_note = (note or "").strip()
    locked.full_clean()
    locked.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    if approve:
        assign_role(locked.user, Role(locked.role))
    return locked


# --- Onboarding ---------------------------------------------------------------------------


@transaction.atomic
def user_onboard(*, user: User, skip: bool = False, **answers) -> User:
    """Save the first-sign-in answers (or skip them); either way the questions are not asked again."""
    fields = ["onboarded_at"]
    if not skip:
        for field, value in answers.items():
            setattr(user, field, value)
            fields.append(field)
    user.onboarded_at = timezone.now()
    user.full_clean(exclude=["password"])
    user.save(update_fields=fields)
    return user
