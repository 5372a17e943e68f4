import csv

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from communities.views import community_view
from core.forms import add_service_error
from core.http import GET_POST
from core.pagecache import cache_for_everyone
from core.pagination import KnownCountPaginator

from . import charts, codebook, permissions, selectors, services
from .filters import ValueEntryFilter
from .forms import PeriodForm, ValueEntryForm, quarter_of
from .models import CYCLE_EXPLANATIONS, CYCLE_QUESTIONS, Cycle, ValueLevel
from .prefill import prefill

PAGE_SIZE = 20


# -- dashboard --------------------------------------------------------------------------


@require_safe
# Outermost: the permission check's queries run inside the render, so a stored page was allowed
# under the same versions of the tables it read (core.pagecache).
@cache_for_everyone
@community_view(permissions.can_view_dashboard)
def dashboard(request, community):
    user = request.user
    insider = permissions.sees_community_entries(user, community)
    entries = selectors.visible_entries(user, community).filter(is_hidden=False)
    filterset = ValueEntryFilter(
        request.GET or None,
        queryset=entries,
        sprints=selectors.filter_sprints(community) if insider else None,
        members=selectors.filter_members(community) if insider else None,
    )
    filtered = filterset.qs
    # Cached until the log changes: counting a long log on every view would dominate the page.
    counts = selectors.cached_dashboard_counts(
        community,
        filtered,
        timezone.localdate(),
        audience="insider" if insider else "public",
        filters=filterset.valid_data(),
    )
    paginator = KnownCountPaginator(selectors.latest_entries(filtered), PAGE_SIZE, count=counts.total)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "community": community,
        "filterset": filterset,
        "filter_errors": filterset.errors if filterset.is_bound else {},
        "is_filtered": any(k != "page" for k in request.GET),
        "cycle_tallies": counts.cycles,
        "level_tallies": counts.levels,
        "by_cycle": counts.by_cycle,
        "by_level": counts.by_level,
        "cycle_chart": charts.stacked_bars(counts.by_cycle),
        "level_chart": charts.stacked_bars(counts.by_level),
        "page": page,
        "insider": insider,
        "can_log": permissions.can_log(user, community),
        "can_export": permissions.can_export(user, community),
    }
    return render(request, "valuecreation/dashboard.html", context)


# -- entries ---------------------------------------------------------------------------------


def _form_page(request, community, form, status=200, **extra):
    context = {
        "community": community,
        "form": form,
        "cycle_help": [
            (code, label, CYCLE_EXPLANATIONS[code], CYCLE_QUESTIONS[code]) for code, label in Cycle.choices
        ],
        **extra,
    }
    return render(request, "valuecreation/entry_form.html", context, status=400 if form.errors else status)


def _saved(request, entry):
    warning = services.cycle_order_warning(entry)
    if warning:
        messages.warning(request, warning)
    return redirect(entry)


@GET_POST
@community_view(permissions.can_log)
def entry_create(request, community):
    if request.method == "POST":
        form = ValueEntryForm(request.POST, community=community)
        form.instance.community, form.instance.author = community, request.user
        if form.is_valid():
            try:
                entry = services.value_entry_create(
                    actor=request.user, community=community, data=form.service_data()
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your value entry has been saved."))
                return _saved(request, entry)
        messages.error(request, _("Nothing was saved; see the form below."))
        follows = form.cleaned_data.get("follows") if hasattr(form, "cleaned_data") else None
        return _form_page(request, community, form, follows=follows, is_new=True)
    start = prefill(request.user, community, request.GET)
    if start.ignored:
        messages.info(
            request, _("The link pointed to something that is not in this community; the form starts empty.")
        )
    form = ValueEntryForm(initial=start.initial, community=community)
    return _form_page(request, community, form, source=start.source, follows=start.follows, is_new=True)


@require_safe
@community_view(permissions.can_view_dashboard)
def entry_detail(request, community, pk):
    entry = selectors.entry_for_view(request.user, community, pk)
    user = request.user
    context = {
        "community": community,
        "entry": entry,
        "links": selectors.entry_links(user, entry),
        "can_edit": permissions.can_edit(user, entry),
        "can_hide": permissions.can_hide(user, community),
        "can_log": permissions.can_log(user, community),
    }
    return render(request, "valuecreation/entry_detail.html", context)


@GET_POST
@community_view(permissions.can_log)
def entry_edit(request, community, pk):
    entry = selectors.entry_for_edit(community, pk)
    if not permissions.can_edit(request.user, entry):
        raise PermissionDenied
    form = ValueEntryForm(request.POST or None, instance=entry, community=community)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.value_entry_update(actor=request.user, entry=entry, data=form.service_data())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your value entry has been updated."))
                return _saved(request, entry)
        messages.error(request, _("Nothing was saved; see the form below."))
    return _form_page(
        request, community, form, entry=entry, follows=selectors.earlier_entry(request.user, entry)
    )


@require_POST
@community_view(permissions.can_hide)
def entry_hide(request, community, pk):
    entry = selectors.entry_for_edit(community, pk)
    if request.POST.get("action") == "unhide":
        services.value_entry_unhide(actor=request.user, entry=entry)
        messages.success(request, _("The entry is visible again."))
    else:
        services.value_entry_hide(actor=request.user, entry=entry)
        messages.success(
            request, _("The entry has been hidden; only facilitators and its author still see it.")
        )
    return redirect(entry)


@require_safe
@community_view(permissions.can_view_dashboard)
def story(request, community, pk):
    entry = selectors.entry_for_view(request.user, community, pk)
    chain = selectors.story(request.user, entry)
    context = {
        "community": community,
        "entry": entry,
        "chain": chain,
        "last": chain[-1] if chain else entry,
        "can_log": permissions.can_log(request.user, community),
    }
    return render(request, "valuecreation/story.html", context)


# -- export, codebook, report ---------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


@require_safe
@community_view(permissions.can_export)
def export_csv(request, community):
    """All non-hidden entries of the community, streamed in chunks so memory stays flat."""
    entries = (
        selectors.visible_entries(request.user, community)
        .filter(is_hidden=False)
        .select_related("sprint", "standup", "instrument")
        .order_by("date", "id")
    )
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # so spreadsheet programs read UTF-8
        yield writer.writerow(codebook.HEADER)
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow(codebook.row(entry))

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    filename = f"value-{community.slug}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@community_view(permissions.can_view_dashboard)
def codebook_view(request, community):
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="value-codebook.csv"'
        response.write("\ufeff")
        csv.writer(response).writerows(codebook.codebook_rows())
        return response
    context = {
        "community": community,
        "columns": codebook.COLUMNS,
        "can_export": permissions.can_export(request.user, community),
    }
    return render(request, "valuecreation/codebook.html", context)


@require_safe
@community_view(permissions.can_report)
def report(request, community):
    today = timezone.localdate()
    start, end = quarter_of(today)
    form = PeriodForm(request.GET or None, initial={"start": start, "end": end})
    data = None
    if form.is_bound and form.is_valid():
        data = selectors.period_report(community, form.cleaned_data["start"], form.cleaned_data["end"])
    elif not form.is_bound:
        data = selectors.period_report(community, start, end)
    previous_start, previous_end = quarter_of(start - timezone.timedelta(days=1))
    context = {
        "community": community,
        "form": form,
        "report": data,
        "this_quarter": (start, end),
        "previous_quarter": (previous_start, previous_end),
        "generated_on": today,
    }
    return render(request, "valuecreation/report.html", context, status=400 if form.errors else 200)


# -- network --------------------------------------------------------------------------------------------


@require_safe
def network(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_view_network(request.user):
        raise PermissionDenied
    context = {
        "network": selectors.network(),
        "cycles": Cycle.choices,
        "levels": ValueLevel.choices,
    }
    return render(request, "valuecreation/network.html", context)
