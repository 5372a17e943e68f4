"""Everything moderation knows about instruments, reviews and experiences (see ``moderation.registry``).

* the adapters: how moderation reads, reports and hides the three kinds;
* the approval workflow: submitted instruments and owners' proposed changes wait
  for a coordinator in two lists of the moderation queue, decided on two review
  pages in the moderation namespace (``moderation:instrument``, ``moderation:revision``);
* reverting an edit-history entry, logged as a moderation decision;
* hourly limits on new reviews, experiences and submissions.

:func:`register` hands all of it to moderation from ``InstrumentsConfig.ready()``;
moderation itself imports nothing of instruments.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from moderation import decisions, queue, ratelimit, registry
from moderation import selectors as moderation_selectors
from moderation import services as moderation_services
from moderation.forms import DecisionForm
from moderation.models import DecisionAction
from moderation.permissions import can_moderate, coordinator_required
from moderation.registry import ModerationAdapter
from outbox.services import mail_enqueue

from . import history, panels, permissions, selectors, services
from .models import (
    ChangeAction,
    Experience,
    Instrument,
    InstrumentChange,
    InstrumentRevision,
    InstrumentStatus,
    Review,
    RevisionStatus,
)

# The kind the adapter registers; approvals, revisions and reverts are logged under it too.
INSTRUMENT = "instrument"


class ReviewAdapter(ModerationAdapter):
    key = "review"
    label = gettext_lazy("Review")
    model = Review
    authored = True
    select_related = ("instrument", "author")

    def visible_to(self, user) -> QuerySet:
        # The instrument page's own rule (selectors.reviews_for, experiences_by_context): a hidden one
        # stays with its author and the coordinators.
        instruments = selectors.instruments_visible_to(user)
        return selectors.visible_unless_hidden(self.model.objects.filter(instrument__in=instruments), user)

    def url(self, obj) -> str:
        return f"{obj.instrument.get_absolute_url()}#review-{obj.pk}"

    def describe(self, obj) -> str:
        author = obj.author.display_name if obj.author_id else "?"
        return f"{self.label} · {obj.instrument.title} · {author}"[:200]

    def excerpt(self, obj) -> str:
        return f"{'★' * obj.rating} {obj.text}"

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.review_set_hidden(actor=actor, review=obj, hidden=hidden)

    def hide_for_suspension(self, *, actor, user) -> list[int]:
        # One recompute per instrument rather than one per review.
        return services.author_reviews_hide(actor=actor, author=user)


class ExperienceAdapter(ReviewAdapter):
    key = "experience"
    label = gettext_lazy("Experience")
    model = Experience

    def url(self, obj) -> str:
        return f"{obj.instrument.get_absolute_url()}#experience-{obj.pk}"

    def excerpt(self, obj) -> str:
        return " · ".join(t for t in (obj.what_worked, obj.what_did_not_work, obj.tips) if t)

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.experience_set_hidden(actor=actor, experience=obj, hidden=hidden)

    def hide_for_suspension(self, *, actor, user) -> list[int]:
        return services.author_experiences_hide(actor=actor, author=user)


class InstrumentAdapter(ModerationAdapter):
    key = INSTRUMENT
    label = gettext_lazy("Instrument")
    model = Instrument

    def visible_to(self, user) -> QuerySet:
        # Owners keep seeing their hidden instrument; they cannot report it anyway.
        return selectors.instruments_visible_to(user)

    def authors(self, obj) -> list:
        return list(obj.owners.all())

    def is_author(self, user, obj) -> bool:
        return bool(user.is_authenticated and permissions.is_owner(user, obj))

    def excerpt(self, obj) -> str:
        return obj.summary

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.instrument_set_hidden(actor=actor, instrument=obj, hidden=hidden)

    def hide_for_suspension(self, *, actor, user) -> list[int]:
        # Instruments only this person owns leave the catalogue; shared ones stay with their co-owners.
        return services.solo_instruments_hide(actor=actor, owner=user)

    def after_hidden_url(self, obj) -> str | None:
        return reverse("instruments:list")


ADAPTERS = (ReviewAdapter(), ExperienceAdapter(), InstrumentAdapter())


# --- Approvals: the queue's lists and counts ----------------------------------------


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


def queue_counts() -> dict[str, int]:
    """Submissions and proposed changes in one query (the navigation counts them on every page)."""
    return Instrument.objects.aggregate(
        submitted=Count("pk", filter=Q(status=InstrumentStatus.SUBMITTED), distinct=True),
        revisions=Count("revisions", filter=Q(revisions__status=RevisionStatus.PENDING), distinct=True),
    )


# --- Decisions ---------------------------------------------------------------------

INSTRUMENT_DECISIONS = {
    DecisionAction.APPROVE: InstrumentStatus.PUBLISHED,
    DecisionAction.REJECT: InstrumentStatus.REJECTED,
    DecisionAction.REQUEST_CHANGES: InstrumentStatus.CHANGES_REQUESTED,
}


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


@transaction.atomic
def instrument_decide(*, actor, instrument: Instrument, action: str, reason: str = ""):
    """Approve, reject or send back a submitted instrument; the owners are mailed.

    Rejecting and requesting changes need a reason, which the owners see on
    their instrument and on "My instruments".
    """
    if action not in INSTRUMENT_DECISIONS:
        raise ValidationError(_("Unknown decision."))
    instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
    if instrument.status != InstrumentStatus.SUBMITTED:
        raise ValidationError(_("This instrument is not waiting for review (any more)."))
    reason = (reason or "").strip()
    if action != DecisionAction.APPROVE:
        reason = moderation_services.require_reason(reason)
    services.instrument_set_status(
        actor=actor, instrument=instrument, status=INSTRUMENT_DECISIONS[action], reason=reason
    )
    owners = list(instrument.owners.all())
    decision = moderation_services.decision_record(
        actor=actor,
        action=action,
        kind=INSTRUMENT,
        object_id=instrument.pk,
        label=instrument.title,
        target_user=owners[0] if len(owners) == 1 else None,
        reason=reason,
    )
    owners_notify(decision, instrument)
    return decision


@transaction.atomic
def revision_decide(*, actor, revision: InstrumentRevision, approve: bool, reason: str = ""):
    """Apply or turn down an owner's proposed change to a published instrument."""
    revision = InstrumentRevision.objects.select_for_update().select_related("instrument").get(pk=revision.pk)
    instrument = revision.instrument
    if approve:
        services.revision_apply(actor=actor, revision=revision)
        action = DecisionAction.APPROVE_REVISION
    else:
        reason = moderation_services.require_reason(reason)
        services.revision_reject(actor=actor, revision=revision, reason=reason)
        action = DecisionAction.REJECT_REVISION
    decision = moderation_services.decision_record(
        actor=actor,
        action=action,
        kind=INSTRUMENT,
        object_id=instrument.pk,
        label=instrument.title,
        target_user=revision.author,
        reason=reason,
        details={"revision": revision.pk},
    )
    owners_notify(decision, instrument)
    return decision


@transaction.atomic
def change_revert(*, actor, change: InstrumentChange, reason: str = ""):
    """Revert one edit-history entry (coordinators); logged like every moderation decision."""
    instrument = services.instrument_revert_change(actor=actor, change=change)
    return moderation_services.decision_record(
        actor=actor,
        action=DecisionAction.REVERT,
        kind=INSTRUMENT,
        object_id=instrument.pk,
        label=instrument.title,
        target_user=change.actor,
        reason=reason
        or _("Reverted the change of %(date)s")
        % {"date": timezone.localtime(change.created_at).strftime("%Y-%m-%d %H:%M")},
        details={"change": change.pk, "fields": sorted(change.changes)},
    )


# --- The two review pages (in the moderation namespace) -----------------------------


class InstrumentDecisionForm(DecisionForm):
    ACTIONS = [
        (DecisionAction.APPROVE, gettext_lazy("Approve and publish")),
        (DecisionAction.REQUEST_CHANGES, gettext_lazy("Ask for changes")),
        (DecisionAction.REJECT, gettext_lazy("Reject")),
    ]
    REASON_OPTIONAL_FOR = (DecisionAction.APPROVE,)


class RevisionDecisionForm(DecisionForm):
    ACTIONS = [
        (DecisionAction.APPROVE_REVISION, gettext_lazy("Approve: publish the proposed change")),
        (DecisionAction.REJECT_REVISION, gettext_lazy("Reject: keep the published version")),
    ]
    REASON_OPTIONAL_FOR = (DecisionAction.APPROVE_REVISION,)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def instrument_review(request, slug):
    instrument = get_object_or_404(
        Instrument.objects.prefetch_related("owners", "classifications", "tags"), slug=slug
    )
    decision = decisions.decision_take(
        request,
        InstrumentDecisionForm,
        lambda action, reason: instrument_decide(
            actor=request.user, instrument=instrument, action=action, reason=reason
        ),
        saved=_("Decision saved; the owners are told by e-mail."),
        next_url=reverse("moderation:queue"),
    )
    if decision.response:
        return decision.response
    context = {
        "instrument": instrument,
        "form": decision.form,
        "waiting": instrument.status == InstrumentStatus.SUBMITTED,
        "decisions": moderation_selectors.decisions_about(INSTRUMENT, instrument.pk)[:20],
    }
    return render(request, "moderation/instrument_review.html", context, status=decision.status)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def revision_review(request, pk):
    revision = get_object_or_404(InstrumentRevision.objects.select_related("instrument", "author"), pk=pk)
    decision = decisions.decision_take(
        request,
        RevisionDecisionForm,
        lambda action, reason: revision_decide(
            actor=request.user,
            revision=revision,
            approve=action == DecisionAction.APPROVE_REVISION,
            reason=reason,
        ),
        saved=_("Decision saved; the owners are told by e-mail."),
        next_url=reverse("moderation:queue"),
    )
    if decision.response:
        return decision.response
    current = history.snapshot(revision.instrument)
    rows = [
        {
            "label": history.key_label(key),
            "before": history.display_value(key, current.get(key)),
            "after": history.display_value(key, value),
        }
        for key, value in revision.data.items()
    ]
    context = {
        "revision": revision,
        "rows": rows,
        "form": decision.form,
        "waiting": revision.status == RevisionStatus.PENDING,
    }
    return render(request, "moderation/revision_review.html", context, status=decision.status)


# --- Registration ------------------------------------------------------------------


def _recent_reviews(user, since) -> int:
    return Review.objects.filter(author=user, created_at__gte=since).count()


def _recent_experiences(user, since) -> int:
    return Experience.objects.filter(author=user, created_at__gte=since).count()


def _recent_submissions(user, since) -> int:
    return InstrumentChange.objects.filter(
        actor=user, action=ChangeAction.CREATED, created_at__gte=since
    ).count()


def register() -> None:
    """Hand moderation the adapters, the queue's lists, the review pages and the rate limits."""
    for adapter in ADAPTERS:
        registry.register(adapter)
    # Submissions come before the other apps' approvals (30), proposed changes after them.
    queue.register_queue_list(
        queue.QueueList(
            "submissions", "moderation/partials/queue_submissions.html", submitted_instruments, position=20
        )
    )
    queue.register_queue_list(
        queue.QueueList(
            "revisions", "moderation/partials/queue_revisions.html", pending_revisions, position=40
        )
    )
    queue.register_queue_counts(queue_counts)
    queue.register_urls(
        path("moderation/instruments/<slug:slug>/", instrument_review, name="instrument"),
        path("moderation/revisions/<int:pk>/", revision_review, name="revision"),
    )
    ratelimit.register_action("review", label=gettext_lazy("reviews"), limit=10, recent=_recent_reviews)
    ratelimit.register_action(
        "experience", label=gettext_lazy("experiences"), limit=10, recent=_recent_experiences
    )
    ratelimit.register_action(
        "submission", label=gettext_lazy("instrument submissions"), limit=5, recent=_recent_submissions
    )
    # The instrument page's moderation buttons and notices, in the slots of the other apps' panels.
    panels.register_panel(
        "instruments.moderation_actions",
        slot=panels.Slot.ACTIONS,
        order=10,
        template="moderation/partials/instrument_actions.html",
        context=_actions_panel_context,
    )
    panels.register_panel(
        "instruments.moderation_state",
        slot=panels.Slot.MAIN,
        order=30,
        template="moderation/partials/instrument_panel.html",
        context=_state_panel_context,
    )


# --- The moderation panels of the instrument page (instruments.panels) ------------------------


def _actions_panel_context(instrument, viewer, request) -> dict:
    """History, insights and co-owners for owners and coordinators; review for coordinators; report."""
    is_moderator = can_moderate(viewer)
    return {
        "is_moderator": is_moderator,
        "manages": is_moderator or permissions.is_owner(viewer, instrument),
        "waiting": instrument.status == InstrumentStatus.SUBMITTED,
    }


def _state_panel_context(instrument, viewer, request) -> dict | None:
    """For owners and coordinators: a hidden state, a pending change; None for everyone else."""
    if not (can_moderate(viewer) or permissions.is_owner(viewer, instrument)):
        return None
    return {"revision": selectors.pending_revision_of(instrument), "is_moderator": can_moderate(viewer)}
