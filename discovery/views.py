from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.pagecache import cache_for_visitors
from core.redirects import safe_next
from core.vocabularies import Audience, Phase

from . import finder, permissions, selectors, services
from .forms import FinderForm, RouteForm, RouteStepFormSet, SearchForm
from .search import COUNT_CAP, Kind, search

PER_KIND = 5
PER_PAGE = 20


def _page_number(value) -> int:
    """The requested page of one kind's results; 1 if unreadable.

    Capped: the total is capped at COUNT_CAP anyway, and an unbounded number
    became an OFFSET beyond the database's integer range (a 500).
    """
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(1, number), COUNT_CAP // PER_PAGE + 1)


@require_safe
@cache_for_visitors
def search_view(request):
    form = SearchForm(request.GET or None)
    results, page, kind = None, None, ""
    # The first paint never waits for the model: without a cached query vector the full-text results
    # render, and static/js/search-meaning.js asks again with meaning=1 (the link does without JS).
    meaning = request.GET.get("meaning") == "1"
    if form.is_valid() and form.cleaned_data["q"]:
        kind = form.cleaned_data["kind"]
        if kind:
            # One kind, paginated: count first, then fetch only the requested page.
            number = _page_number(request.GET.get("page"))
            results = search(
                form.cleaned_data["q"],
                request.user,
                kinds=(kind,),
                limit=PER_PAGE,
                offset=(number - 1) * PER_PAGE,
                compute_meaning=meaning,
            )
            group = results.group(kind)
            paginator = Paginator(range(group.total), PER_PAGE)
            page = paginator.get_page(number)
            if page.number != number and group.total:
                results = search(
                    form.cleaned_data["q"],
                    request.user,
                    kinds=(kind,),
                    limit=PER_PAGE,
                    offset=(page.number - 1) * PER_PAGE,
                    compute_meaning=meaning,
                )
        else:
            results = search(form.cleaned_data["q"], request.user, limit=PER_KIND, compute_meaning=meaning)
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(
        request,
        "discovery/search.html",
        {"form": form, "results": results, "page": page, "kind": kind, "kind_labels": Kind.LABELS},
        status=status,
    )


@require_safe
def finder_view(request):
    form = FinderForm(request.GET or None)
    context = {"form": form, "phases": Phase.choices, "audiences": Audience.choices}
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        # A bad goal sends the user back to the goal step, with the phase kept.
        data = {key: form.cleaned_data.get(key) for key in ("phase",) if form.cleaned_data.get(key)}
    phase = data.get("phase")
    goal = finder.GOALS_BY_CODE.get(data.get("goal") or "")
    audience = data.get("audience")
    context.update(phase=phase, phase_label=Phase(phase).label if phase else "", goal=goal)
    if not phase:
        context["step"] = 1
    elif not goal:
        context.update(step=2, goals=finder.goals_for(phase))
    elif not audience:
        context["step"] = 3
    else:
        audience_code = None if audience == "any" else audience
        context.update(
            step=4,
            audience=audience,
            audience_label=Audience(audience_code).label if audience_code else _("anyone"),
            results=finder.find(phase=phase, goal=goal, audience=audience_code),
        )
    return render(request, "discovery/finder.html", context, status=400 if form.errors else 200)


@require_safe
def route_list(request):
    routes = selectors.route_list(request.user)
    page = Paginator(routes, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "discovery/route_list.html",
        {
            "page": page,
            "bookmarked": selectors.bookmarked_route_ids(request.user, (r.pk for r in page)),
            "can_curate": permissions.can_curate(request.user),
        },
    )


@require_safe
def route_detail(request, slug):
    route = selectors.route_for_detail(request.user, slug)
    return render(
        request,
        "discovery/route_detail.html",
        {
            "route": route,
            "steps": route.visible_steps,
            "is_bookmarked": route.pk in selectors.bookmarked_route_ids(request.user, [route.pk]),
            "can_curate": permissions.can_curate(request.user),
        },
    )


def _route_form(request, route=None):
    if not permissions.can_curate(request.user):
        raise PermissionDenied
    instruments = selectors.instrument_choices(request.user)
    initial = []
    if route is not None:
        initial = [
            {"instrument": step.instrument_id, "why": step.why, "position": step.position}
            for step in route.steps.order_by("position", "id")
        ]
    form = RouteForm(request.POST or None, instance=route)
    formset = RouteStepFormSet(
        request.POST or None, initial=initial, prefix="steps", form_kwargs={"instruments": instruments}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {
            "title": form.cleaned_data["title"],
            "purpose": form.cleaned_data["purpose"],
            "is_published": form.cleaned_data["is_published"],
            "steps": formset.ordered_steps(),
        }
        try:
            if route is None:
                route = services.route_create(actor=request.user, **fields)
            else:
                route = services.route_update(actor=request.user, route=route, **fields)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The route has been saved."))
            return redirect(route)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "discovery/route_form.html",
        {"form": form, "formset": formset, "route": route, "is_new": route is None or route.pk is None},
        status=status,
    )


@login_required
def route_create(request):
    return _route_form(request)


@login_required
def route_edit(request, slug):
    return _route_form(request, selectors.route_for_change(request.user, slug))


@login_required
@require_POST
def route_delete(request, slug):
    route = selectors.route_for_change(request.user, slug)
    if not permissions.can_curate(request.user):
        raise PermissionDenied
    services.route_delete(actor=request.user, route=route)
    messages.success(request, _("The route has been deleted."))
    return redirect("discovery:route_list")


@login_required
@require_POST
def route_bookmark(request, slug):
    route = selectors.route_for_change(request.user, slug)
    added = services.route_bookmark_toggle(actor=request.user, route=route)
    messages.success(request, _("Route bookmarked.") if added else _("Bookmark removed."))
    return redirect(safe_next(request, request.POST.get("next"), route.get_absolute_url()))
