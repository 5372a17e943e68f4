from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.pagecache import cache_for_visitors, cached_page
from core.redirects import safe_next
from moderation.ratelimit import RateLimitExceeded, check_rate_limit

from . import history, permissions, selectors, services
from .catalogue import DEFAULT_SORT, SORT_CHOICES, Catalogue
from .filters import InstrumentFilter
from .forms import ExperienceForm, InstrumentForm, OwnerInviteForm, ReviewForm
from .insights import insights_for
from .models import Experience, Instrument


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("per_page", settings.CATALOGUE_PAGE_SIZES[0]))
    except (TypeError, ValueError):
        return settings.CATALOGUE_PAGE_SIZES[0]
    return size if size in settings.CATALOGUE_PAGE_SIZES else settings.CATALOGUE_PAGE_SIZES[0]


def _active_filters(filterset: InstrumentFilter, data: dict, groups) -> list[dict]:
    """Chips for the active filters, each with the parameter to remove."""
    chips = []
    if data.get("q"):
        chips.append({"label": f"“{data['q']}”", "key": "q", "value": None})
    for group in groups:
        for option in group.options:
            if option.selected:
                chips.append(
                    {
                        "label": f"{group.label}: {option.label}",
                        "key": group.name,
                        "value": option.value,
                    }
                )
    return chips


@require_safe
@cache_for_visitors
def instrument_list(request):
    filterset = InstrumentFilter(request.GET or None, queryset=selectors.published_instruments())
    data = filterset.valid_data()
    # Searches once; the list, its count and the facet counts all narrow the matches. The first paint
    # never waits for the model: without a cached query vector the full-text results render, and
    # static/js/search-meaning.js asks again with meaning=1 (the link does without JS), as the site search.
    catalogue = Catalogue(
        data,
        sort=filterset.effective_sort,
        fit_context=filterset.fit_context(),
        compute_meaning=request.GET.get("meaning") == "1",
    )
    page = catalogue.page(request.GET.get("page"), _page_size(request))
    groups = catalogue.facet_groups()
    context = {
        "filterset": filterset,
        "page": page,
        "groups": groups,
        "active_filters": _active_filters(filterset, data, groups),
        "bookmarked": selectors.bookmarked_ids(request.user, (i.pk for i in page)),
        "page_sizes": settings.CATALOGUE_PAGE_SIZES,
        "current_sort": data.get("sort") or DEFAULT_SORT,
        "sort_choices": SORT_CHOICES,
        "filter_errors": filterset.errors,
        "meaning_pending": catalogue.meaning_pending,
    }
    return render(request, "instruments/instrument_list.html", context)


def _detail_context(request, instrument, *, review_form=None, experience_form=None):
    user = request.user
    own_review = None
    reviews = selectors.reviews_on_page(instrument, user)
    if user.is_authenticated:
        own_review = next((review for review in reviews if review.author_id == user.pk), None)
    return {
        "instrument": instrument,
        "reviews": reviews,
        "distribution": selectors.rating_distribution(instrument, reviews),
        "experience_groups": selectors.experiences_by_context(instrument, user),
        "is_owner": permissions.is_owner(user, instrument),
        "is_bookmarked": selectors.is_bookmarked(user, instrument),
        "can_edit": permissions.can_edit(user, instrument),
        "can_review": permissions.can_review(user, instrument),
        "own_review": own_review,
        "review_form": review_form or ReviewForm(instance=own_review),
        "experience_form": experience_form or ExperienceForm(writer=user),
    }


@require_safe
def instrument_detail(request, slug):
    def render_page():
        instrument = selectors.instrument_for_detail(request.user, slug)
        response = render(request, "instruments/instrument_detail.html", _detail_context(request, instrument))
        # Kept with a cached page, so a hit counts the view without looking the instrument up.
        counts = permissions.counts_views_of(request.user, instrument)
        response.cached_facts = {"counted_instrument": instrument.pk if counts else None}
        return response

    response = cached_page(request, render_page)
    counted = response.cached_facts["counted_instrument"]
    browser = request.headers.get("User-Agent", "")
    if counted and request.method == "GET" and not permissions.is_crawler(browser):
        services.instrument_record_view(instrument_id=counted)
    return response


def _rate_limited(request, action: str, form) -> RateLimitExceeded | None:
    """Check the hourly limit; on excess the form carries the message (and the view answers 429)."""
    try:
        check_rate_limit(request.user, action)
    except RateLimitExceeded as error:
        form.add_error(None, error.message)
        return error
    return None


def _reviewable(request, slug):
    instrument = selectors.instrument_for_detail(request.user, slug)
    if not permissions.can_review(request.user, instrument):
        # Unpublished instruments collect no reviews; owners see why.
        messages.error(request, _("Only published instruments can be reviewed."))
        return instrument, False
    return instrument, True


@login_required
@require_POST
def review_save(request, slug):
    instrument, allowed = _reviewable(request, slug)
    if not allowed:
        return redirect(instrument)
    own = selectors.reviews_for(instrument, request.user).filter(author=request.user).first()
    form = ReviewForm(request.POST, instance=own)
    # Only a new review counts against the hourly limit; editing your own does not.
    limited = form.is_valid() and own is None and _rate_limited(request, "review", form)
    if limited:
        messages.error(request, limited.message)
        context = _detail_context(request, instrument, review_form=form)
        return render(request, "instruments/instrument_detail.html", context, status=limited.status_code)
    if form.is_valid():
        services.review_save(actor=request.user, instrument=instrument, **form.cleaned_data)
        messages.success(
            request, _("Your review has been updated.") if own else _("Thank you for your review.")
        )
        return redirect(instrument.get_absolute_url() + "#reviews")
    messages.error(request, _("Your review could not be saved; see the form below."))
    context = _detail_context(request, instrument, review_form=form)
    return render(request, "instruments/instrument_detail.html", context, status=400)


@login_required
@require_POST
def experience_create(request, slug):
    instrument, allowed = _reviewable(request, slug)
    if not allowed:
        return redirect(instrument)
    form = ExperienceForm(request.POST, writer=request.user)
    limited = form.is_valid() and _rate_limited(request, "experience", form)
    if limited:
        messages.error(request, limited.message)
        context = _detail_context(request, instrument, experience_form=form)
        return render(request, "instruments/instrument_detail.html", context, status=limited.status_code)
    if form.is_valid():
        try:
            services.experience_create(actor=request.user, instrument=instrument, **form.service_kwargs())
        except ValidationError as error:
            # A context the writer may not choose (a community they are not in): told on the form.
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for sharing your experience."))
            return redirect(instrument.get_absolute_url() + "#experiences")
    messages.error(request, _("Your experience could not be saved; see the form below."))
    context = _detail_context(request, instrument, experience_form=form)
    return render(request, "instruments/instrument_detail.html", context, status=400)


@login_required
@require_POST
def review_delete(request, slug):
    instrument = selectors.instrument_for_detail(request.user, slug)
    own = selectors.reviews_for(instrument, request.user).filter(author=request.user).first()
    if own is None:
        raise Http404
    services.review_delete(actor=request.user, review=own)
    messages.success(request, _("Your review has been deleted."))
    return redirect(instrument.get_absolute_url() + "#reviews")


def _own_experience(request, slug, pk):
    """The signed-in person's own experience of this instrument; 404 for anyone else's."""
    instrument = selectors.instrument_for_detail(request.user, slug)
    experience = get_object_or_404(Experience, pk=pk, instrument=instrument, author=request.user)
    return instrument, experience


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def experience_edit(request, slug, pk):
    instrument, experience = _own_experience(request, slug, pk)
    # The yes/no radios hold "yes"/"no", the model a boolean: start from the stored answer.
    initial = {"would_use_again": "yes" if experience.would_use_again else "no"}
    form = ExperienceForm(request.POST or None, instance=experience, initial=initial, writer=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.experience_update(actor=request.user, experience=experience, **form.service_kwargs())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your experience has been updated."))
                return redirect(f"{instrument.get_absolute_url()}#experience-{experience.pk}")
        status = 400
    else:
        status = 200
    context = {"instrument": instrument, "experience": experience, "form": form}
    return render(request, "instruments/experience_form.html", context, status=status)


@login_required
@require_POST
def experience_delete(request, slug, pk):
    instrument, experience = _own_experience(request, slug, pk)
    services.experience_delete(actor=request.user, experience=experience)
    messages.success(request, _("Your experience has been deleted."))
    return redirect(instrument.get_absolute_url() + "#experiences")


@login_required
@require_POST
def bookmark_toggle(request, slug):
    instrument = selectors.instrument_for_detail(request.user, slug)
    added = services.bookmark_toggle(actor=request.user, instrument=instrument)
    messages.success(
        request,
        _("Added to your toolbox.") if added else _("Removed from your toolbox."),
    )
    return redirect(safe_next(request, request.POST.get("next"), instrument.get_absolute_url()))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def instrument_submit(request):
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        limited = _rate_limited(request, "submission", form)
        if limited:
            return render(
                request,
                "instruments/instrument_form.html",
                {"form": form, "is_new": True},
                status=limited.status_code,
            )
        try:
            instrument = services.instrument_create(actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you! Your instrument has been submitted. A network coordinator "
                    "will review it before it appears in the catalogue."
                ),
            )
            return redirect(instrument)
    return render(request, "instruments/instrument_form.html", {"form": form, "is_new": True})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def instrument_edit(request, slug):
    instrument = selectors.instrument_for_change(request.user, slug)
    if not permissions.can_edit(request.user, instrument):
        if permissions.can_view(request.user, instrument):
            messages.error(request, _("You cannot edit this instrument."))
            return redirect(instrument)
        raise Http404
    direct = permissions.edits_apply_directly(request.user, instrument)
    revision = None if direct else selectors.pending_revision_of(instrument)
    # An owner sees their pending proposal in the form, not the published values.
    initial = history.form_initial(revision.data) if revision else None
    form = InstrumentForm(request.POST or None, instance=instrument, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _instrument, revision, queued = services.instrument_edit(
                actor=request.user,
                instrument=instrument,
                trusted=permissions.is_trusted_editor(request.user),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if revision is not None:
                messages.success(
                    request,
                    _(
                        "Saved. Your change to the title, link or classification waits for a network "
                        "coordinator; until then the published version stays visible."
                    ),
                )
            elif queued:
                messages.success(
                    request, _("Saved and submitted again: a network coordinator will review it.")
                )
            else:
                messages.success(request, _("The instrument has been saved."))
            return redirect(instrument)
    return render(
        request,
        "instruments/instrument_form.html",
        {
            "form": form,
            "instrument": instrument,
            "is_new": False,
            "direct": direct,
            "pending_revision": revision,
        },
    )


@login_required
@require_safe
def my_instruments(request):
    return render(
        request,
        "instruments/my_instruments.html",
        {"instruments": selectors.owned_by(request.user)},
    )


@login_required
@require_safe
def toolbox(request):
    return render(request, "instruments/toolbox.html", {"instruments": selectors.toolbox_for(request.user)})


def _managed_instrument(request, slug, allowed) -> Instrument:
    """The instrument if the user may see it and ``allowed`` says yes; 404 otherwise (never leaks)."""
    instrument = selectors.instrument_for_detail(request.user, slug)
    if not allowed(request.user, instrument):
        raise Http404
    return instrument


@login_required
@require_safe
def instrument_history(request, slug):
    instrument = _managed_instrument(request, slug, permissions.can_view_history)
    page = Paginator(selectors.history_of(instrument), 25).get_page(request.GET.get("page"))
    entries = [(change, history.change_rows(change.changes)) for change in page.object_list]
    return render(
        request,
        "instruments/history.html",
        {
            "instrument": instrument,
            "page": page,
            "entries": entries,
            "can_revert": permissions.can_revert(request.user, instrument),
        },
    )


@login_required
@require_POST
def instrument_revert(request, slug, pk):
    instrument = _managed_instrument(request, slug, permissions.can_view_history)
    if not permissions.can_revert(request.user, instrument):
        raise PermissionDenied
    change = get_object_or_404(selectors.history_of(instrument), pk=pk)
    from moderation.forms import RevertForm

    from .moderation import change_revert

    # Through the form: a reason read raw from request.POST kept NUL characters,
    # which PostgreSQL refuses to store (a 500).
    form = RevertForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
        return redirect("instruments:history", slug=instrument.slug)
    try:
        change_revert(actor=request.user, change=change, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The change has been reverted."))
    return redirect("instruments:history", slug=instrument.slug)


@login_required
@require_safe
def instrument_insights(request, slug):
    instrument = _managed_instrument(request, slug, permissions.can_view_insights)
    return render(
        request,
        "instruments/insights.html",
        {"instrument": instrument, "insights": insights_for(instrument)},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def instrument_owners(request, slug):
    instrument = _managed_instrument(request, slug, permissions.can_manage_owners)
    form = OwnerInviteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.owner_invite(
                    actor=request.user, instrument=instrument, email=form.cleaned_data["email"]
                )
            except ValidationError as error:
                form.add_error("email", error)
            else:
                messages.success(
                    request,
                    _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
                )
                return redirect("instruments:owners", slug=instrument.slug)
        status = 400
    return render(
        request,
        "instruments/owners.html",
        {
            "instrument": instrument,
            "owners": selectors.owners_of(instrument),
            "invitations": selectors.pending_owner_invitations(instrument),
            "form": form,
        },
        status=status,
    )


@login_required
@require_POST
def instrument_owner_remove(request, slug, user_id):
    instrument = _managed_instrument(request, slug, permissions.can_manage_owners)
    owner = get_object_or_404(instrument.owners.all(), pk=user_id)
    try:
        services.owner_remove(actor=request.user, instrument=instrument, user=owner)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("instruments:owners", slug=instrument.slug)
    messages.success(request, _("%(name)s is no longer an owner.") % {"name": owner.display_name})
    if owner.pk == request.user.pk and not permissions.can_view(request.user, instrument):
        return redirect("instruments:mine")
    if owner.pk == request.user.pk and not permissions.can_manage_owners(request.user, instrument):
        return redirect(instrument)
    return redirect("instruments:owners", slug=instrument.slug)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def owner_invitation(request, token):
    invitation = get_object_or_404(selectors.owner_invitation_by_token(token))
    if request.method == "POST":
        try:
            instrument = services.owner_invitation_accept(actor=request.user, invitation=invitation)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("You are now co-owner of %(title)s.") % {"title": instrument.title})
            return redirect(instrument)
    return render(
        request,
        "instruments/owner_invitation.html",
        {
            "invitation": invitation,
            "matches": request.user.email.lower() == invitation.email.lower(),
        },
        status=200 if invitation.is_pending else 410,
    )
