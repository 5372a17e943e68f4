from functools import wraps

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import Role
from accounts.views import role_needed
from core import frameworks
from core.forms import add_service_error
from core.http import GET_POST
from core.vocabularies import LEVEL_EXPLANATIONS, Level

from . import permissions, selectors, services
from .filters import CommunityFilter
from .forms import (
    BuildingBlocksForm,
    CommunityForm,
    ExecutionPhasesForm,
    HandoverForm,
    InstrumentUseForm,
    InvitationForm,
    JoinRequestForm,
    LearningGoalForm,
    ParkedPointForm,
    PartnerForm,
    ScheduleForm,
    SprintForm,
    StandupAnswerForm,
    StandupCreateForm,
    StandupReportForm,
)
from .models import JoinRequest, Membership, Partnership, Sprint, StandupSchedule
from .signals import SESSION_KEY

PAGE_SIZE = 24


def community_view(permission=None):
    """Fetch the community through the visibility selector, then check ``permission``.

    Invisible communities answer 404 before any permission is considered, so a
    members-only community looks the same as one that does not exist. Visible
    but not allowed: anonymous users are sent to log in, others get 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            community = selectors.community_for_view(request.user, slug)
            if permission is not None and not permission(request.user, community):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            return view(request, community, *args, **kwargs)

        wrapper.permission = permission
        return wrapper

    return decorator


def _form_failed(request, message=None):
    messages.error(request, message or _("Nothing was saved; see the form below."))


def _render_form(request, template, community, form, **extra):
    """A form page; 400 when the form came back with errors, so nothing typed is lost."""
    context = {"community": community, "form": form, **extra}
    return render(request, template, context, status=400 if form.errors else 200)


# -- list and profile -----------------------------------------------------------


@require_safe
def community_list(request):
    filterset = CommunityFilter(request.GET or None, queryset=selectors.communities_visible_to(request.user))
    filterset.valid_data()
    queryset = selectors.with_card_data(filterset.qs.order_by("name"))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page": page,
        "filter_errors": filterset.errors if filterset.is_bound else {},
        "is_filtered": any(k != "page" for k in request.GET),
        "can_create": permissions.can_create(request.user),
        "level_explanations": [(label, LEVEL_EXPLANATIONS[code]) for code, label in Level.choices],
    }
    return render(request, "communities/community_list.html", context)


# The community page lists the instruments most experiences were linked for; the rest are one
# click away on each instrument's page (its experiences name the community).
EXPERIENCED_SHOWN = 10


@require_safe
def community_detail(request, slug):
    community = selectors.community_for_detail(request.user, slug)
    user = request.user
    partners = list(selectors.partnerships(community))
    membership = selectors.membership_of(user, community)
    facilitator_memberships = list(selectors.facilitators(community))
    context = {
        "community": community,
        "membership": membership,
        "partners": partners,
        "helix": selectors.helix_mix(partners),
        "facilitators": facilitator_memberships,
        "member_count": community.memberships.count(),
        "temple": selectors.temple(community),
        "uses": list(selectors.instrument_uses(request.user, community)[:10]),
        "experienced": list(selectors.experienced_instruments(request.user, community)[:EXPERIENCED_SHOWN]),
        "current_sprint": selectors.current_sprint(community, timezone.localdate()),
        "schedule": StandupSchedule.objects.filter(community=community).first(),
        "can_edit": permissions.can_edit(user, community),
        "can_view_workspace": permissions.can_view_workspace(user, community),
        "can_participate": permissions.can_participate(user, community),
        "can_request_to_join": permissions.can_request_to_join(user, community),
        "has_pending_request": selectors.has_pending_join_request(user, community),
        "join_form": JoinRequestForm(),
    }
    return render(request, "communities/community_detail.html", context)


@login_required
@GET_POST
def community_create(request):
    if not permissions.can_create(request.user):
        # Not a bare 403: say what the facilitator role is for and offer to ask for it.
        return role_needed(
            request, Role.FACILITATOR, intro=_("To start a learning community you need the facilitator role")
        )
    form = CommunityForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                community = services.community_create(actor=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("The community has been created. You are its first facilitator: invite the members."),
                )
                return redirect(community)
        _form_failed(request)
    return render(request, "communities/community_form.html", {"form": form, "is_new": True})


@GET_POST
@community_view(permissions.can_edit)
def community_edit(request, community):
    form = CommunityForm(request.POST or None, instance=community)
    if request.method == "POST":
        if form.is_valid():
            try:
                old_slug = community.slug
                services.community_update(actor=request.user, community=community, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The community profile has been saved."))
                if community.slug != old_slug:
                    messages.info(
                        request,
                        _(
                            "Now that the community is members only, it has a new web address, so its name "
                            "cannot be found through the old one. Links shared before no longer work."
                        ),
                    )
                return redirect(community)
        _form_failed(request)
    return render(request, "communities/community_form.html", {"form": form, "community": community})


# -- partners ----------------------------------------------------------------------


@GET_POST
@community_view(permissions.can_edit)
def partners(request, community):
    form = PartnerForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                partnership = services.partner_add(
                    actor=request.user, community=community, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("%(name)s is now a partner.") % {"name": partnership.organisation.name}
                )
                return redirect("communities:partners", slug=community.slug)
        _form_failed(request)
    partner_list = list(selectors.partnerships(community))
    return _render_form(
        request,
        "communities/partners.html",
        community,
        form,
        partners=partner_list,
        helix=selectors.helix_mix(partner_list),
    )


@require_POST
@community_view(permissions.can_edit)
def partner_remove(request, community, pk):
    partnership = get_object_or_404(
        Partnership.objects.select_related("organisation"), community=community, pk=pk
    )
    services.partner_remove(actor=request.user, partnership=partnership)
    messages.success(request, _("%(name)s is no longer a partner.") % {"name": partnership.organisation.name})
    return redirect("communities:partners", slug=community.slug)


# -- members -----------------------------------------------------------------------


@require_safe
@community_view(permissions.can_view_workspace)
def members(request, community):
    can_edit = permissions.can_edit(request.user, community)
    context = {
        "community": community,
        "memberships": selectors.memberships(community),
        "membership": selectors.membership_of(request.user, community),
        "can_edit": can_edit,
        "join_requests": selectors.pending_join_requests(community) if can_edit else [],
        "invitations": selectors.pending_invitations(community) if can_edit else [],
        "handover_form": HandoverForm(),
    }
    return render(request, "communities/members.html", context)


@GET_POST
@community_view(permissions.can_edit)
def invite(request, community):
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            sent, skipped = services.invitations_create(
                actor=request.user, community=community, emails=form.cleaned_data["emails"]
            )
            if sent:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d invitation is queued; it is mailed in a moment.",
                        "%(count)d invitations are queued; they are mailed in a moment.",
                        len(sent),
                    )
                    % {"count": len(sent)},
                )
            if skipped:
                messages.info(
                    request, _("Already members, not invited: %(emails)s") % {"emails": ", ".join(skipped)}
                )
            return redirect("communities:members", slug=community.slug)
        _form_failed(request)
    return _render_form(request, "communities/invite.html", community, form)


@require_POST
@community_view(permissions.can_request_to_join)
def join(request, community):
    form = JoinRequestForm(request.POST)
    if form.is_valid():
        services.join_request_create(
            actor=request.user, community=community, message=form.cleaned_data["message"]
        )
        messages.success(request, _("Your request has been sent to the facilitators."))
    else:
        _form_failed(request, _("Your request could not be sent: the message is too long."))
    return redirect(community)


@require_POST
@community_view(permissions.can_edit)
def join_decide(request, community, pk, decision):
    join_request = get_object_or_404(JoinRequest.objects.select_related("user"), community=community, pk=pk)
    try:
        services.join_request_decide(
            actor=request.user, join_request=join_request, approve=decision == "approve"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if decision == "approve":
            messages.success(
                request, _("%(name)s is now a member.") % {"name": join_request.user.display_name}
            )
        else:
            messages.success(request, _("The request has been declined."))
    return redirect("communities:members", slug=community.slug)


@require_POST
@community_view(permissions.can_participate)
def leave(request, community):
    try:
        services.membership_leave(actor=request.user, community=community)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("communities:members", slug=community.slug)
    messages.success(request, _("You have left %(community)s.") % {"community": community.name})
    if permissions.can_view(request.user, community):
        return redirect(community)
    return redirect("communities:list")


def _membership_in(community, pk) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "community"), community=community, pk=pk
    )


@require_POST
@community_view(permissions.can_edit)
def member_remove(request, community, pk):
    membership = _membership_in(community, pk)
    try:
        services.membership_remove(actor=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s has been removed.") % {"name": membership.user.display_name})
    return redirect("communities:members", slug=community.slug)


@require_POST
@community_view(permissions.can_edit)
def member_handover(request, community, pk):
    membership = _membership_in(community, pk)
    form = HandoverForm(request.POST)
    form.is_valid()
    services.membership_handover(
        actor=request.user, membership=membership, step_down=form.cleaned_data.get("step_down", False)
    )
    messages.success(request, _("%(name)s is now a facilitator.") % {"name": membership.user.display_name})
    return redirect("communities:members", slug=community.slug)


@GET_POST
@community_view(permissions.can_participate)
def learning_goal(request, community):
    membership = selectors.membership_of(request.user, community)
    form = LearningGoalForm(request.POST or None, instance=membership)
    if request.method == "POST":
        if form.is_valid():
            services.membership_set_learning_goal(
                actor=request.user, membership=membership, learning_goal=form.cleaned_data["learning_goal"]
            )
            messages.success(request, _("Your learning goal has been saved."))
            return redirect("communities:members", slug=community.slug)
        _form_failed(request)
    return _render_form(request, "communities/learning_goal.html", community, form)


# -- invitations -------------------------------------------------------------------


@GET_POST
def invitation(request, token):
    """The link from the invitation mail: accept, or log in / sign up first."""
    invitation = services.invitation_by_token(token)
    user = request.user
    try:
        services.invitation_check(invitation, user if user.is_authenticated else None)
    except services.InvitationError as error:
        status = {"unknown": 404, "foreign": 403}.get(error.code, 410)
        return render(
            request,
            "communities/invitation_invalid.html",
            {"error": error, "invitation": invitation},
            status=status,
        )
    community = invitation.community
    if user.is_authenticated:
        if invitation.is_used:  # used by this very user: nothing left to do
            return redirect(community)
        if request.method == "POST":
            services.invitation_accept(actor=user, invitation=invitation)
            messages.success(request, _("Welcome to %(community)s!") % {"community": community.name})
            return redirect(community)
        return render(
            request, "communities/invitation.html", {"invitation": invitation, "community": community}
        )
    # Anonymous: remember the invitation; it is accepted right after log-in or sign-up.
    request.session[SESSION_KEY] = invitation.token
    # The address came from the mailed link, so signing up with it needs no second verification mail.
    get_adapter(request).stash_verified_email(request, invitation.email)
    here = reverse("communities:invitation", kwargs={"token": invitation.token})
    context = {
        "invitation": invitation,
        "community": community,
        "account_exists": get_user_model().objects.filter(email__iexact=invitation.email).exists(),
        "signup_url": reverse("account_signup") + "?" + urlencode({"email": invitation.email, "next": here}),
        "login_url": reverse("account_login") + "?" + urlencode({"next": here}),
    }
    return render(request, "communities/invitation.html", context)


# -- tempelmodel --------------------------------------------------------------------


@GET_POST
@community_view(permissions.can_edit)
def building_blocks(request, community):
    form = BuildingBlocksForm(request.POST or None, pillars=selectors.temple(community))
    if request.method == "POST":
        if form.is_valid():
            services.building_blocks_save(actor=request.user, community=community, texts=form.texts())
            messages.success(request, _("The temple model has been saved."))
            return redirect(community.get_absolute_url() + "#temple")
        _form_failed(request)
    return _render_form(request, "communities/building_blocks.html", community, form)


# -- execution ------------------------------------------------------------------------


@GET_POST
@community_view(permissions.can_edit)
def plan(request, community):
    form = ExecutionPhasesForm(request.POST or None, phases=community.execution_phases.all())
    if request.method == "POST":
        if form.is_valid():
            try:
                services.execution_phases_save(actor=request.user, community=community, phases=form.phases())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The phases have been saved."))
                return redirect("communities:timeline", slug=community.slug)
        _form_failed(request)
    return _render_form(request, "communities/plan.html", community, form)


@GET_POST
@community_view(permissions.can_edit)
def schedule(request, community):
    instance = StandupSchedule.objects.filter(community=community).first()
    form = ScheduleForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.schedule_save(actor=request.user, community=community, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The stand-up schedule has been saved."))
                return redirect("communities:timeline", slug=community.slug)
        _form_failed(request)
    return _render_form(request, "communities/schedule.html", community, form)


def _sprint_form_view(request, community, sprint=None):
    form = SprintForm(request.POST or None, instance=sprint)
    if request.method == "POST":
        if form.is_valid():
            data = {k: form.cleaned_data[k] for k in SprintForm.Meta.fields}
            try:
                if sprint is None:
                    sprint = services.sprint_create(actor=request.user, community=community, **data)
                else:
                    services.sprint_update(actor=request.user, sprint=sprint, **data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("%(sprint)s has been saved.") % {"sprint": sprint})
                return redirect("communities:timeline", slug=community.slug)
        _form_failed(request)
    return _render_form(request, "communities/sprint_form.html", community, form, sprint=sprint)


@GET_POST
@community_view(permissions.can_edit)
def sprint_create(request, community):
    return _sprint_form_view(request, community)


@GET_POST
@community_view(permissions.can_edit)
def sprint_edit(request, community, number):
    sprint = get_object_or_404(Sprint, community=community, number=number)
    return _sprint_form_view(request, community, sprint)


def _timeline_context(request, community, standup_form=None):
    standup_schedule = StandupSchedule.objects.filter(community=community).first()
    today = timezone.localdate()
    return {
        "community": community,
        "groups": selectors.timeline(community),
        "phases": list(community.execution_phases.all()),
        "schedule": standup_schedule,
        "can_edit": permissions.can_edit(request.user, community),
        "standup_form": standup_form
        or StandupCreateForm(initial={"date": services.next_scheduled_date(standup_schedule, today)}),
        "today": today,
    }


@require_safe
@community_view(permissions.can_view_workspace)
def timeline(request, community):
    return render(request, "communities/timeline.html", _timeline_context(request, community))


@require_POST
@community_view(permissions.can_edit)
def standup_create(request, community):
    form = StandupCreateForm(request.POST)
    if form.is_valid():
        try:
            standup = services.standup_create(
                actor=request.user, community=community, date=form.cleaned_data["date"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The stand-up is open for answers."))
            return redirect("communities:standup_detail", slug=community.slug, pk=standup.pk)
    _form_failed(request, _("The stand-up could not be opened; see the form below."))
    return render(
        request,
        "communities/timeline.html",
        _timeline_context(request, community, standup_form=form),
        status=400,
    )


def _standup_context(request, community, standup, answer_form=None, park_form=None, report_form=None):
    user = request.user
    answers = list(selectors.standup_answers(standup))
    own = next((a for a in answers if a.member_id == user.pk), None)
    can_participate = permissions.can_participate(user, community)
    member_list = list(selectors.memberships(community))
    answered = {a.member_id for a in answers}
    return {
        "community": community,
        "standup": standup,
        "answers": answers,
        "own_answer": own,
        "missing": [m for m in member_list if m.user_id not in answered],
        "parked_points": list(standup.parked_points.select_related("author")),
        "can_edit": permissions.can_edit(user, community),
        "can_participate": can_participate,
        "answer_form": answer_form or (StandupAnswerForm(instance=own) if can_participate else None),
        "park_form": park_form or ParkedPointForm(),
        "report_form": report_form or StandupReportForm(instance=standup),
        "standup_steps": frameworks.STANDUP_STEPS,
        "learning_activities": frameworks.WORKPLACE_LEARNING_ACTIVITIES,
    }


@require_safe
@community_view(permissions.can_view_workspace)
def standup_detail(request, community, pk):
    standup = selectors.standup_for_view(community, pk)
    return render(request, "communities/standup_detail.html", _standup_context(request, community, standup))


@require_POST
@community_view(permissions.can_participate)
def standup_answer(request, community, pk):
    standup = selectors.standup_for_view(community, pk)
    form = StandupAnswerForm(request.POST)
    if form.is_valid():
        try:
            _answer, created = services.standup_answer_save(
                actor=request.user, standup=standup, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Thank you, your answers are in.") if created else _("Your answers have been updated."),
            )
            return redirect("communities:standup_detail", slug=community.slug, pk=standup.pk)
    _form_failed(request, _("Your answers could not be saved; see the form below."))
    context = _standup_context(request, community, standup, answer_form=form)
    return render(request, "communities/standup_detail.html", context, status=400)


@require_POST
@community_view(permissions.can_edit)
def standup_park(request, community, pk):
    standup = selectors.standup_for_view(community, pk)
    form = ParkedPointForm(request.POST)
    if form.is_valid():
        services.standup_park(actor=request.user, standup=standup, text=form.cleaned_data["text"])
        messages.success(request, _("The point has been parked for the next work session."))
        return redirect("communities:standup_detail", slug=community.slug, pk=standup.pk)
    _form_failed(request)
    context = _standup_context(request, community, standup, park_form=form)
    return render(request, "communities/standup_detail.html", context, status=400)


@require_POST
@community_view(permissions.can_edit)
def standup_report(request, community, pk):
    standup = selectors.standup_for_view(community, pk)
    form = StandupReportForm(request.POST, instance=standup)
    if form.is_valid():
        services.standup_report_save(actor=request.user, standup=standup, report=form.cleaned_data["report"])
        messages.success(request, _("The meeting report has been saved."))
        return redirect("communities:standup_detail", slug=community.slug, pk=standup.pk)
    _form_failed(request)
    context = _standup_context(request, community, standup, report_form=form)
    return render(request, "communities/standup_detail.html", context, status=400)


@require_POST
@community_view(permissions.can_edit)
def standup_close(request, community, pk):
    standup = selectors.standup_for_view(community, pk)
    services.standup_close(actor=request.user, standup=standup)
    messages.success(request, _("The stand-up has been closed."))
    return redirect("communities:standup_detail", slug=community.slug, pk=standup.pk)


# -- instrument use ---------------------------------------------------------------------


@GET_POST
@community_view(permissions.can_participate)
def instrument_use(request, community):
    form = InstrumentUseForm(request.POST or None, initial={"phase": community.phase})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.instrument_use_record(actor=request.user, community=community, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The use of the instrument has been recorded."))
                return redirect(community.get_absolute_url() + "#instruments")
        _form_failed(request)
    return _render_form(
        request,
        "communities/instrument_use.html",
        community,
        form,
        uses=selectors.instrument_uses(request.user, community),
    )
