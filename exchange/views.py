from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from communities.selectors import community_for_view
from core.forms import add_service_error
from core.vocabularies import Theme

from . import permissions, selectors, services
from .forms import ChallengeForm, CommunityChallengesForm, StatusForm, StepForm
from .models import ChallengeStatus, DevelopmentStep

PAGE_SIZE = 24
GET_POST = require_http_methods(["GET", "HEAD", "POST"])


def _deny(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def community_view(permission):
    """Fetch the community through its visibility selector (404 when invisible), then check ``permission``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            community = community_for_view(request.user, slug)
            if not permission(request.user, community):
                return _deny(request)
            return view(request, community, *args, **kwargs)

        wrapper.permission = permission
        return wrapper

    return decorator


def _failed(request):
    messages.error(request, _("Nothing was saved; see the form below."))


def _form_page(request, template, form, status=None, **context):
    """A form page; 400 when it came back with errors (what was typed is in the form)."""
    return render(
        request, template, {"form": form, **context}, status=status or (400 if form.errors else 200)
    )


# -- challenges -------------------------------------------------------------------------


@require_safe
def challenge_list(request):
    theme = request.GET.get("theme", "")
    theme = theme if theme in Theme.values else ""
    archived = request.GET.get("status") == ChallengeStatus.ARCHIVED
    status = ChallengeStatus.ARCHIVED if archived else ChallengeStatus.ACTIVE
    queryset = selectors.challenge_list(request.user, theme=theme or None, status=status)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    context = {
        "page": page,
        "theme": theme,
        "themes": Theme.choices,
        "archived": archived,
        "can_propose": permissions.can_propose(user),
        "can_manage": permissions.can_manage_challenges(user),
        "proposals": list(
            selectors.pending_proposals()
            if permissions.can_manage_challenges(user)
            else selectors.own_proposals(user)
        ),
    }
    return render(request, "exchange/challenge_list.html", context)


@require_safe
def challenge_detail(request, slug):
    challenge = selectors.challenge_for_view(request.user, slug)
    user = request.user
    context = {
        "challenge": challenge,
        "page": selectors.challenge_page(user, challenge),
        "can_edit": permissions.can_edit_challenge(user, challenge),
        "can_manage": permissions.can_manage_challenges(user),
        "can_follow": permissions.can_follow(user, challenge),
        "statuses": ChallengeStatus,
    }
    return render(request, "exchange/challenge_detail.html", context)


@login_required
@GET_POST
def challenge_propose(request):
    if not permissions.can_propose(request.user):
        raise PermissionDenied
    form = ChallengeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                challenge = services.challenge_propose(actor=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                if challenge.status == ChallengeStatus.PROPOSED:
                    messages.success(
                        request,
                        _(
                            "Thank you. Your proposal waits for a network coordinator; "
                            "only you see it until then."
                        ),
                    )
                else:
                    messages.success(request, _("The challenge has been created."))
                return redirect(challenge)
        _failed(request)
    return _form_page(request, "exchange/challenge_form.html", form, is_proposal=True)


@GET_POST
def challenge_create(request):
    if not permissions.can_manage_challenges(request.user):
        return _deny(request)
    form = ChallengeForm(request.POST or None, with_status=True)
    if request.method == "POST":
        if form.is_valid():
            try:
                challenge = services.challenge_create(actor=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The challenge has been created."))
                return redirect(challenge)
        _failed(request)
    return _form_page(request, "exchange/challenge_form.html", form, is_new=True)


@GET_POST
def challenge_edit(request, slug):
    challenge = selectors.challenge_for_view(request.user, slug)
    if not permissions.can_edit_challenge(request.user, challenge):
        return _deny(request)
    form = ChallengeForm(request.POST or None, instance=challenge, with_status=True)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.challenge_update(actor=request.user, challenge=challenge, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The challenge has been saved."))
                return redirect(challenge)
        _failed(request)
    return _form_page(request, "exchange/challenge_form.html", form, challenge=challenge)


@require_POST
def challenge_status(request, slug):
    """Approve a proposal, archive a challenge or make it active again; decline deletes a proposal."""
    challenge = selectors.challenge_for_view(request.user, slug)
    if not permissions.can_manage_challenges(request.user):
        return _deny(request)
    if request.POST.get("status") == "declined":
        try:
            services.challenge_reject(actor=request.user, challenge=challenge)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(challenge)
        messages.success(request, _("The proposal has been declined and removed."))
        return redirect("exchange:challenge_list")
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect(challenge)
    services.challenge_set_status(actor=request.user, challenge=challenge, status=form.cleaned_data["status"])
    messages.success(
        request, _("The challenge is now: %(status)s.") % {"status": ChallengeStatus(challenge.status).label}
    )
    return redirect(challenge)


# -- a community's challenges and steps -------------------------------------------------------


@GET_POST
@community_view(permissions.can_link_challenges)
def community_challenges(request, community):
    # Bound on every POST: unticking every box posts nothing, and that is a choice too.
    form = CommunityChallengesForm(request.POST if request.method == "POST" else None, community=community)
    if request.method == "POST":
        if form.is_valid():
            services.community_challenges_set(
                actor=request.user, community=community, challenges=form.cleaned_data["challenges"]
            )
            messages.success(request, _("The community's challenges have been saved."))
            return redirect(community)
        _failed(request)
    return _form_page(
        request,
        "exchange/community_challenges.html",
        form,
        community=community,
        current=selectors.community_challenges(request.user, community),
    )


@GET_POST
@community_view(permissions.can_publish_step)
def step_create(request, community):
    form = StepForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                step = services.step_publish(actor=request.user, community=community, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The step has been published: everyone can read it now."))
                return redirect(step)
        _failed(request)
    return _form_page(request, "exchange/step_form.html", form, community=community, is_new=True)


@require_safe
def step_detail(request, slug, pk):
    community = community_for_view(request.user, slug)
    step = selectors.step_for_view(request.user, community, pk)
    context = {
        "community": community,
        "step": step,
        "can_edit": permissions.can_edit_step(request.user, step),
        "challenges": selectors.community_challenges(request.user, community),
    }
    return render(request, "exchange/step_detail.html", context)


def _editable_step(community, pk) -> DevelopmentStep:
    return get_object_or_404(DevelopmentStep.objects.select_related("community"), community=community, pk=pk)


@GET_POST
@community_view(permissions.can_publish_step)
def step_edit(request, community, pk):
    step = _editable_step(community, pk)
    form = StepForm(request.POST or None, instance=step)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.step_update(actor=request.user, step=step, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The step has been saved."))
                return redirect(step)
        _failed(request)
    return _form_page(request, "exchange/step_form.html", form, community=community, step=step)


@require_POST
@community_view(permissions.can_publish_step)
def step_delete(request, community, pk):
    step = _editable_step(community, pk)
    services.step_delete(actor=request.user, step=step)
    messages.success(request, _("The step has been deleted."))
    return redirect(community)
