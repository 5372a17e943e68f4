"""Reads for the moderation pages, each in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from accounts.models import RoleRequest, RoleRequestStatus

from .models import OPEN_STATES, Decision, FlaggedItem, Report
from .queue import QUEUE_COUNTS
from .registry import get_kind, kinds


def queue_counts() -> dict:
    """What waits for a coordinator, in a few COUNT queries (the navigation shows it on every page).

    Moderation's own lists take one each; the lists the apps register count through their
    ``register_queue_counts`` function (instruments: submissions and proposed changes in one).
    """
    counts = {}
    for app_counts in QUEUE_COUNTS:
        counts.update(app_counts())
    counts.update(
        reports=FlaggedItem.objects.filter(state__in=OPEN_STATES).count(),
        # One COUNT per kind with approvals (today: proposed challenges).
        approvals=sum(queryset.count() for _kind, queryset in _approval_querysets()),
        roles=RoleRequest.objects.filter(status=RoleRequestStatus.PENDING).count(),
    )
    counts["total"] = sum(counts.values())
    return counts


def _approval_querysets():
    for kind in kinds():
        queryset = kind.awaiting_approval()
        if queryset is not None:
            yield kind, queryset


@dataclass
class ApprovalGroup:
    kind: object
    items: list
    total: int


def awaiting_approval(limit: int = 50) -> list[ApprovalGroup]:
    """Objects of other apps that wait for a coordinator's approval, per kind, oldest first."""
    groups = []
    for kind, queryset in _approval_querysets():
        items = list(queryset[:limit])
        if items:
            groups.append(
                ApprovalGroup(kind, [(kind.describe(obj), kind.url(obj)) for obj in items], len(items))
            )
    return groups


def pending_role_requests() -> QuerySet[RoleRequest]:
    """Role requests waiting for a decision, oldest first, with the person."""
    return (
        RoleRequest.objects.filter(status=RoleRequestStatus.PENDING)
        .select_related("user")
        .order_by("created_at", "id")
    )


@dataclass
class QueueItem:
    item: FlaggedItem
    target: object | None
    url: str = ""
    excerpt: str = ""
    reports: list = field(default_factory=list)
    reasons: list = field(default_factory=list)  # (label, count), most frequent first

    @property
    def report_count(self) -> int:
        return len(self.reports)


def open_items() -> QuerySet[FlaggedItem]:
    """Reported items waiting for a decision, oldest report round first."""
    open_reports = (
        Report.objects.filter(resolved_at__isnull=True).select_related("reporter").order_by("created_at")
    )
    return (
        FlaggedItem.objects.filter(state__in=OPEN_STATES)
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .order_by("opened_at", "pk")
    )


def with_targets(items) -> list[QueueItem]:
    """Attach the reported objects: one query per kind on the page, whatever the number of items."""
    items = list(items)
    ids_by_kind: dict[str, list[int]] = {}
    for item in items:
        ids_by_kind.setdefault(item.kind, []).append(item.object_id)
    targets: dict[tuple[str, int], object] = {}
    for key, ids in ids_by_kind.items():
        kind = get_kind(key)
        if kind is not None:
            for obj in kind.all_objects().filter(pk__in=ids):
                targets[(key, obj.pk)] = obj
    result = []
    for item in items:
        kind = get_kind(item.kind)
        target = targets.get((item.kind, item.object_id))
        reports = getattr(item, "open_reports", None)
        if reports is None:
            reports = list(item.reports.filter(resolved_at__isnull=True).select_related("reporter"))
        reasons = Counter(report.get_reason_display() for report in reports)
        result.append(
            QueueItem(
                item=item,
                target=target,
                url=kind.url(target) if target is not None else "",
                excerpt=kind.excerpt(target) if target is not None else "",
                reports=reports,
                reasons=reasons.most_common(),
            )
        )
    return result


def item_for_decision(pk: int) -> QueueItem:
    from django.shortcuts import get_object_or_404

    item = get_object_or_404(FlaggedItem, pk=pk)
    return with_targets([item])[0]


def item_history(item: FlaggedItem) -> QuerySet[Decision]:
    return Decision.objects.filter(item=item).select_related("actor", "target_user")


def decision_log(*, action: str | None = None, user_id: int | None = None) -> QuerySet[Decision]:
    queryset = Decision.objects.select_related("actor", "target_user")
    if action:
        queryset = queryset.filter(action=action)
    if user_id:
        queryset = queryset.filter(target_user_id=user_id)
    return queryset.order_by("-created_at", "-id")


def decisions_about(kind: str, object_id: int) -> QuerySet[Decision]:
    """The log's rows about one object (a review page shows them), newest first."""
    return Decision.objects.filter(kind=kind, object_id=object_id).select_related("actor")
