from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from . import permissions, selectors, services
from .catalogue import DEFAULT_SORT, SORT_CHOICES, facet_groups
from .filters import InstrumentFilter
from .forms import ExperienceForm, InstrumentForm, ReviewForm


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
def instrument_list(request):
    filterset = InstrumentFilter(request.GET or None, queryset=selectors.published_instruments())
    data = filterset.valid_data()
    queryset = filterset.qs
    if not data.get("sort"):
        queryset = filterset.filter_sort(queryset, "sort", DEFAULT_SORT)
    paginator = Paginator(selectors.with_card_data(queryset), _page_size(request))
    page = paginator.get_page(request.GET.get("page"))
    groups = facet_groups(data)
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
    }
    return render(request, "instruments/instrument_list.html", context)


def _detail_context(request, instrument, *, review_form=None, experience_form=None):
    user = request.user
    own_review = None
    if user.is_authenticated:
        own_review = selectors.reviews_for(instrument).filter(author=user).first()
    return {
        "instrument": instrument,
        "reviews": selectors.reviews_for(instrument),
        "distribution": selectors.rating_distribution(instrument),
        "experience_groups": selectors.experiences_by_context(instrument),
        "related": selectors.related_instruments(instrument),
        "is_bookmarked": instrument.pk in selectors.bookmarked_ids(user, [instrument.pk]),
        "can_edit": permissions.can_edit(user, instrument),
        "can_review": permissions.can_review(user, instrument),
        "own_review": own_review,
        "review_form": review_form or ReviewForm(instance=own_review),
        "experience_form": experience_form or ExperienceForm(),
    }


@require_safe
def instrument_detail(request, slug):
    instrument = selectors.instrument_for_detail(request.user, slug)
    return render(request, "instruments/instrument_detail.html", _detail_context(request, instrument))


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
    own = selectors.reviews_for(instrument).filter(author=request.user).first()
    form = ReviewForm(request.POST, instance=own)
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
    form = ExperienceForm(request.POST)
    if form.is_valid():
        services.experience_create(actor=request.user, instrument=instrument, **form.cleaned_data)
        messages.success(request, _("Thank you for sharing your experience."))
        return redirect(instrument.get_absolute_url() + "#experiences")
    messages.error(request, _("Your experience could not be saved; see the form below."))
    context = _detail_context(request, instrument, experience_form=form)
    return render(request, "instruments/instrument_detail.html", context, status=400)


@login_required
@require_POST
def bookmark_toggle(request, slug):
    instrument = selectors.instrument_for_detail(request.user, slug)
    added = services.bookmark_toggle(actor=request.user, instrument=instrument)
    messages.success(
        request,
        _("Added to your toolbox.") if added else _("Removed from your toolbox."),
    )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = instrument.get_absolute_url()
    return redirect(target)


@login_required
def instrument_submit(request):
    form = InstrumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
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
def instrument_edit(request, slug):
    instrument = selectors.instrument_for_change(request.user, slug)
    if not permissions.can_edit(request.user, instrument):
        if permissions.can_view(request.user, instrument):
            messages.error(request, _("You cannot edit this instrument."))
            return redirect(instrument)
        raise Http404
    form = InstrumentForm(request.POST or None, instance=instrument)
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_update(actor=request.user, instrument=instrument, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The instrument has been saved."))
            return redirect(instrument)
    return render(
        request,
        "instruments/instrument_form.html",
        {"form": form, "instrument": instrument, "is_new": False},
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
