"""Reads for the moderation pages, each in a fixed number of queries."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet

from accounts.models import RoleRequest, RoleRequestStatus
from instruments.models import Instrument, InstrumentRevision, InstrumentStatus, RevisionStatus

from .models import OPEN_STATES, Decision, FlaggedItem, Report
from .registry import get_kind


def queue_counts() -> dict:
    """What waits for a coordinator, in three COUNT queries (the navigation shows it on every page)."""
    instruments = Instrument.objects.aggregate(
        submitted=Count("pk", filter=Q(status=InstrumentStatus.SUBMITTED), distinct=True),
        revisions=Count("revisions", filter=Q(revisions__status=RevisionStatus.PENDING), distinct=True),
    )
    reports = FlaggedItem.objects.filter(state__in=OPEN_STATES).count()
    counts = {
        "submitted": instruments["submitted"],
        "revisions": instruments["revisions"],
        "reports": reports,
        "roles": RoleRequest.objects.filter(status=RoleRequestStatus.PENDING).count(),
    }
    counts["total"] = sum(counts.values())
    return counts


def pending_role_requests() -> QuerySet[RoleRequest]:
    """Role requests waiting for a decision, oldest first, with the person."""
    return (
        RoleRequest.objects.filter(status=RoleRequestStatus.PENDING)
        .select_related("user")
        .order_by("created_at", "id")
    )


def submitted_instruments() -> QuerySet[Instrument]:
    """Submissions, oldest first (a resubmission goes to the back of the queue)."""
    return (
        Instrument.objects.filter(status=InstrumentStatus.SUBMITTED)
        .prefetch_related("owners")
        .order_by(F("submitted_at").asc(nulls_first=True), "created_at", "pk")
    )


def pending_revisions() -> QuerySet[InstrumentRevision]:
    return (
        InstrumentRevision.objects.filter(status=RevisionStatus.PENDING)
        .select_related("instrument", "author")
        .order_by("created_at", "pk")
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


def decisions_about_instrument(instrument: Instrument) -> QuerySet[Decision]:
    from .services import INSTRUMENT

    return Decision.objects.filter(kind=INSTRUMENT, object_id=instrument.pk).select_related("actor")
