"""Every moderation write: reports, decisions, suspensions, role requests.

Each decision writes one :class:`Decision` row per person concerned (the audit
log) in the same transaction as its effect, and queues its mail on commit. The
apps' own decisions (approving a submitted instrument, say) live in their
``<app>/moderation.py`` and log through :func:`decision_record`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import services as account_services
from accounts.roles import is_coordinator
from notifications.models import NotificationKind
from notifications.services import notify

from . import mails
from .models import Decision, DecisionAction, FlaggedItem, FlagState, Report
from .registry import ModerationAdapter, get_kind, kinds

DEFAULT_AUTO_HIDE_REPORTS = 3

# Item decisions and what they do to the item.
ITEM_ACTIONS = {
    DecisionAction.KEEP: (False, FlagState.KEPT),
    DecisionAction.HIDE: (True, FlagState.HIDDEN),
    DecisionAction.DELETE: (True, FlagState.DELETED),
    DecisionAction.WARN: (True, FlagState.HIDDEN),
    DecisionAction.SUSPEND: (True, FlagState.HIDDEN),
}


def auto_hide_threshold() -> int:
    return int(getattr(settings, "MODERATION_AUTO_HIDE_REPORTS", DEFAULT_AUTO_HIDE_REPORTS))


def decision_record(
    *, actor, action, kind="", object_id=None, label="", target_user=None, item=None, reason="", details=None
) -> Decision:
    """Write one row of the moderation log (call it in the transaction of the decision's effect)."""
    return Decision.objects.create(
        actor=actor,
        action=action,
        kind=kind,
        object_id=object_id,
        target_label=label[:200],
        target_user=target_user,
        item=item,
        reason=reason,
        details=details or {},
    )


def require_reason(reason: str) -> str:
    """The stripped reason; ValidationError when there is none (the author sees it, the log keeps it)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason: the author sees it, and it goes into the moderation log."))
    return reason


# --- Reports -----------------------------------------------------------------------


@transaction.atomic
def report_create(*, actor, kind: ModerationAdapter, obj, reason: str, text: str = "") -> tuple[Report, bool]:
    """Report ``obj``; returns the report and whether it is new.

    Reporting an item twice counts once (the open report is returned). When
    ``MODERATION_AUTO_HIDE_REPORTS`` (default 3) different people have reported
    an item since the last decision, it is hidden until a coordinator decides
    (kinds with ``auto_hide = False`` only wait in the queue).
    """
    if get_kind(kind.key) is None:
        raise ValidationError(_("This cannot be reported."))
    if kind.is_author(actor, obj):
        raise ValidationError(_("You cannot report your own contribution."))
    item, _created = FlaggedItem.objects.select_for_update().get_or_create(
        kind=kind.key, object_id=obj.pk, defaults={"opened_at": timezone.now(), "label": kind.describe(obj)}
    )
    # Lock the row also when it already existed (get_or_create only locks an existing row).
    item = FlaggedItem.objects.select_for_update().get(pk=item.pk)
    if item.state == FlagState.DELETED:
        raise ValidationError(_("This item has already been removed."))
    existing = Report.objects.filter(item=item, reporter=actor, resolved_at__isnull=True).first()
    if existing is not None:
        return existing, False
    if not item.is_open:
        # A new round of reports after an earlier decision.
        item.state = FlagState.OPEN
        item.opened_at = timezone.now()
    item.label = kind.describe(obj)
    item.save(update_fields=["state", "opened_at", "label"])
    report = Report(item=item, reporter=actor, reason=reason, text=text)
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        # A double click raced us: the first report counts.
        return Report.objects.get(item=item, reporter=actor, resolved_at__isnull=True), False

    reporters = (
        Report.objects.filter(item=item, resolved_at__isnull=True).values("reporter").distinct().count()
    )
    if (
        kind.auto_hide
        and item.state == FlagState.OPEN
        and reporters >= auto_hide_threshold()
        and not obj.is_hidden
    ):
        kind.set_hidden(actor=None, obj=obj, hidden=True)
        item.state = FlagState.AUTO_HIDDEN
        item.save(update_fields=["state"])
        authors = kind.authors(obj)
        decision_record(
            actor=None,
            action=DecisionAction.AUTO_HIDE,
            kind=kind.key,
            object_id=obj.pk,
            label=item.label,
            target_user=authors[0] if len(authors) == 1 else None,
            item=item,
            reason=_("Reported by %(n)s different people.") % {"n": reporters},
        )
    return report, True


@transaction.atomic
def item_decide(*, actor, item: FlaggedItem, action: str, reason: str = "") -> list[Decision]:
    """Decide about a reported item: keep, hide, delete (soft), warn or suspend its author.

    Warn and suspend also hide the item. Deleting is soft: the item stays in the
    database, hidden for everyone, and cannot be reported again. The open
    reports are closed by the decision.
    """
    if action not in ITEM_ACTIONS:
        raise ValidationError(_("Unknown decision."))
    if action != DecisionAction.KEEP:
        reason = require_reason(reason)
    item = FlaggedItem.objects.select_for_update().get(pk=item.pk)
    kind = get_kind(item.kind)
    obj = kind.all_objects().filter(pk=item.object_id).first() if kind is not None else None
    authors = kind.authors(obj) if obj is not None else []
    if action == DecisionAction.SUSPEND:
        suspendable = [user for user in authors if _may_suspend(actor, user)]
        if not suspendable:
            raise ValidationError(_("The author of this item cannot be suspended."))
    hide, state = ITEM_ACTIONS[action]
    if obj is not None and obj.is_hidden != hide:
        kind.set_hidden(actor=actor, obj=obj, hidden=hide)
    if action == DecisionAction.SUSPEND:
        concerned = suspendable
    elif action == DecisionAction.WARN:
        concerned = authors or [None]
    else:
        # One row for the item; it names the author when there is exactly one.
        concerned = [authors[0] if len(authors) == 1 else None]
    decisions = [
        decision_record(
            actor=actor,
            action=action,
            kind=item.kind,
            object_id=item.object_id,
            label=item.label,
            target_user=user,
            item=item,
            reason=reason,
        )
        for user in concerned
    ]
    closed = list(item.reports.filter(resolved_at__isnull=True).select_related("reporter"))
    item.reports.filter(resolved_at__isnull=True).update(resolved_at=timezone.now(), decision=decisions[0])
    from .notifications import notify_reporters

    notify_reporters(closed, action=action, actor=actor)
    item.state = state
    item.decided_at = timezone.now()
    item.save(update_fields=["state", "decided_at"])

    if action == DecisionAction.WARN:
        for decision in decisions:
            if decision.target_user is not None:
                mails.author_notify(decision)
    if action == DecisionAction.SUSPEND:
        for decision in decisions:
            if _may_suspend(actor, decision.target_user):
                _suspend(actor=actor, user=decision.target_user, reason=reason, decision=decision)
                mails.author_notify(decision)
    return decisions


# --- Role requests -------------------------------------------------------------------


@transaction.atomic
def role_request_decide(*, actor, role_request, approve: bool, reason: str = "") -> Decision:
    """Approve or decline a role request, log it and tell the person.

    The person hears it through a ``role_decision`` notification: in the app, and
    by mail through the outbox unless they chose otherwise; the coordinator's note
    is on their roles page, where the notification links.

    Raises PermissionDenied for non-coordinators and ValidationError when the request
    was already decided (for example by another coordinator a moment earlier).
    """
    decided = account_services.role_request_decide(
        actor=actor, role_request=role_request, approve=approve, note=reason
    )
    person = decided.user
    decision = decision_record(
        actor=actor,
        action=DecisionAction.APPROVE_ROLE if approve else DecisionAction.DECLINE_ROLE,
        label=f"{decided.role_label}: {person.display_name}",
        target_user=person,
        reason=decided.decision_note,
        details={"role": decided.role, "role_request": decided.pk},
    )
    notify(
        kind=NotificationKind.ROLE_DECISION,
        event_key=f"role_decision:{decided.pk}",
        recipients=[person],
        target=decided,
        actor=actor,
        can_see=lambda user: user.pk == person.pk,
    )
    return decision


# --- Suspension --------------------------------------------------------------------


def _may_suspend(actor, user) -> bool:
    return bool(
        user is not None
        and user.pk != getattr(actor, "pk", None)
        and user.is_active
        and not user.is_staff
        and not user.is_superuser
        and not is_coordinator(user)
    )


def _suspend(*, actor, user, reason: str, decision: Decision) -> None:
    """Lock the account and hide the person's contributions, noting which ones in ``decision``."""
    User = get_user_model()
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(
        is_active=False,
        suspended_at=now,
        suspension_reason=reason,
        session_generation=F("session_generation") + 1,
    )
    user.is_active, user.suspended_at, user.suspension_reason = False, now, reason
    user.refresh_from_db(fields=["session_generation"])
    # Each kind hides through its own app's service (rating figures, "hidden by" follow).
    hidden: dict[str, list[int]] = {}
    for kind in kinds():
        ids = kind.hide_for_suspension(actor=actor, user=user)
        if ids:
            hidden[kind.key] = ids
    decision.details = {"hidden": hidden}
    decision.save(update_fields=["details"])


@transaction.atomic
def user_suspend(*, actor, user, reason: str) -> Decision:
    """Suspend ``user`` outside a report (e.g. from the moderation log): same effect as the item decision."""
    reason = require_reason(reason)
    if not _may_suspend(actor, user):
        raise ValidationError(_("This account cannot be suspended."))
    decision = decision_record(
        actor=actor,
        action=DecisionAction.SUSPEND,
        label=user.display_name,
        target_user=user,
        reason=reason,
    )
    _suspend(actor=actor, user=user, reason=reason, decision=decision)
    mails.author_notify(decision)
    return decision


@transaction.atomic
def user_reinstate(*, actor, user, reason: str) -> Decision:
    """Lift a suspension and show again what the suspension hid (nothing hidden for other reasons)."""
    reason = require_reason(reason)
    if not user.is_suspended:
        raise ValidationError(_("This account is not suspended."))
    User = get_user_model()
    User.objects.filter(pk=user.pk).update(is_active=True, suspended_at=None, suspension_reason="")
    user.is_active, user.suspended_at, user.suspension_reason = True, None, ""
    last = (
        Decision.objects.filter(action=DecisionAction.SUSPEND, target_user=user)
        .order_by("-created_at")
        .first()
    )
    hidden = (last.details or {}).get("hidden", {}) if last else {}
    for key, ids in hidden.items():
        kind = get_kind(key)
        if kind is None:
            continue
        for obj in kind.all_objects().filter(pk__in=ids, is_hidden=True):
            flagged = FlaggedItem.objects.filter(kind=key, object_id=obj.pk).first()
            # Items a coordinator hid or deleted on their own merits stay hidden.
            if flagged is None or flagged.state in (FlagState.KEPT, FlagState.OPEN):
                kind.set_hidden(actor=actor, obj=obj, hidden=False)
    return decision_record(
        actor=actor,
        action=DecisionAction.REINSTATE,
        label=user.display_name,
        target_user=user,
        reason=reason,
    )
