from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import RoleRequest
from core.redirects import safe_next

from . import decisions, selectors, services
from .forms import AccountDecisionForm, ItemDecisionForm, ReportForm, RoleRequestDecisionForm
from .models import DecisionAction
from .permissions import coordinator_required
from .queue import QueuePagesForm, queue_lists
from .ratelimit import RateLimitExceeded, check_rate_limit
from .registry import get_kind

QUEUE_PAGE_SIZE = 25
LOG_PAGE_SIZE = 50


def _error_messages(error: ValidationError) -> str:
    return " ".join(error.messages)


# Moderation's own sections of the queue page, by position among the lists the apps register.
OWN_SECTIONS = (
    (10, "moderation/partials/queue_role_requests.html"),
    (30, "moderation/partials/queue_approvals.html"),
    (50, "moderation/partials/queue_reports.html"),
)


@coordinator_required
@require_safe
def queue(request):
    pages = QueuePagesForm(request.GET)
    pages.is_valid()  # a page number that is not one shows the first page

    def page(param, items):
        return Paginator(items, QUEUE_PAGE_SIZE).get_page(pages.cleaned_data.get(param))

    reports = page("reports", selectors.open_items())
    context = {
        "role_requests": page("roles", selectors.pending_role_requests()),
        "reports": reports,
        "report_items": selectors.with_targets(reports.object_list),
        "approvals": selectors.awaiting_approval(),
    }
    sections = list(OWN_SECTIONS)
    for queue_list in queue_lists():
        context[queue_list.name] = page(queue_list.name, queue_list.items())
        sections.append((queue_list.position, queue_list.template))
    context["sections"] = [template for _position, template in sorted(sections)]
    return render(request, "moderation/queue.html", context)


@coordinator_required
@require_safe
def log(request):
    action = request.GET.get("action") or None
    if action not in DecisionAction.values:
        action = None
    page = Paginator(selectors.decision_log(action=action), LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/log.html",
        {"page": page, "actions": DecisionAction.choices, "current_action": action or ""},
    )


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def role_request_review(request, pk):
    role_request = get_object_or_404(RoleRequest.objects.select_related("user", "decided_by"), pk=pk)
    decision = decisions.decision_take(
        request,
        RoleRequestDecisionForm,
        lambda action, reason: services.role_request_decide(
            actor=request.user,
            role_request=role_request,
            approve=action == DecisionAction.APPROVE_ROLE,
            reason=reason,
        ),
        saved=_("Decision saved; the person gets a mail and a message."),
        next_url=reverse("moderation:queue"),
    )
    if decision.response:
        return decision.response
    context = {"role_request": role_request, "form": decision.form, "waiting": role_request.is_pending}
    return render(request, "moderation/role_request_review.html", context, status=decision.status)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def item_review(request, pk):
    entry = selectors.item_for_decision(pk)
    decision = decisions.decision_take(
        request,
        ItemDecisionForm,
        lambda action, reason: services.item_decide(
            actor=request.user, item=entry.item, action=action, reason=reason
        ),
        saved=_("Decision saved."),
        next_url=reverse("moderation:queue"),
    )
    if decision.response:
        return decision.response
    kind = get_kind(entry.item.kind)
    authors = kind.authors(entry.target) if kind is not None and entry.target is not None else []
    context = {
        "entry": entry,
        "form": decision.form,
        "history": selectors.item_history(entry.item),
        "authors": authors,
    }
    return render(request, "moderation/item_review.html", context, status=decision.status)


@coordinator_required
@require_http_methods(["GET", "HEAD", "POST"])
def account(request, pk):
    person = get_object_or_404(get_user_model(), pk=pk)

    def decide(action, reason):
        if action == DecisionAction.SUSPEND:
            services.user_suspend(actor=request.user, user=person, reason=reason)
        else:
            services.user_reinstate(actor=request.user, user=person, reason=reason)

    decision = decisions.decision_take(
        request,
        AccountDecisionForm,
        decide,
        saved=_("Decision saved."),
        next_url=reverse("moderation:account", kwargs={"pk": person.pk}),
    )
    if decision.response:
        return decision.response
    context = {
        "person": person,
        "form": decision.form,
        "decisions": selectors.decision_log(user_id=person.pk)[:50],
    }
    return render(request, "moderation/account.html", context, status=decision.status)


def _safe_next(request, fallback: str) -> str:
    return safe_next(request, request.POST.get("next") or request.GET.get("next"), fallback)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report(request, kind, pk):
    content_kind = get_kind(kind)
    if content_kind is None:
        raise Http404
    # Only what the user can see can be reported: a guessed id gives 404.
    obj = get_object_or_404(content_kind.visible_to(request.user), pk=pk)
    back = _safe_next(request, content_kind.url(obj))
    if content_kind.is_author(request.user, obj):
        messages.error(request, _("You cannot report your own contribution."))
        return redirect(back)
    form = ReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                check_rate_limit(request.user, "report")
                _report, created = services.report_create(
                    actor=request.user, kind=content_kind, obj=obj, **form.cleaned_data
                )
            except RateLimitExceeded as error:
                form.add_error(None, error.message)
                status = error.status_code
            except ValidationError as error:
                messages.error(request, _error_messages(error))
                return redirect(back)
            else:
                if created:
                    messages.success(request, _("Thank you. A network coordinator will look at your report."))
                else:
                    messages.info(request, _("You had already reported this; a report counts once."))
                # The item may be hidden now: go back to the page it was on, not to the item;
                # a hidden instrument or community page itself would be a 404.
                if obj.is_hidden and content_kind.after_hidden_url(obj):
                    return redirect(content_kind.after_hidden_url(obj))
                return redirect(back.split("#", 1)[0])
        else:
            status = 400
    context = {
        "form": form,
        "kind": content_kind,
        "target": obj,
        "label": content_kind.describe(obj),
        "next": back,
        "action_url": reverse("moderation:report", kwargs={"kind": kind, "pk": pk}),
    }
    return render(request, "moderation/report_form.html", context, status=status)
