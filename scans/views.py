import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from communities.views import community_view
from core.forms import add_service_error
from core.http import GET_POST
from core.spreadsheets import safe_cell

from . import charts, permissions, selectors, services
from .forms import AnswerForm, CanvasEditForm, CanvasStartForm, RoundOpenForm
from .models import PaperSize

# -- the community's scans tab -------------------------------------------------------


@require_safe
@community_view(permissions.can_view)
def community_scans(request, community):
    user = request.user
    rounds = list(selectors.rounds_of(community)[:50])
    answered = selectors.answered_round_ids(user, rounds)
    for round_ in rounds:
        round_.answered_by_me = round_.pk in answered
    context = {
        "community": community,
        "scans": list(selectors.available_scans()),
        "rounds": rounds,
        "sheets": list(selectors.canvas_sheets(community)),
        "canvases": list(selectors.available_canvases()),
        "can_manage": permissions.can_manage_rounds(user, community),
        "can_answer": permissions.can_answer(user, community),
        "can_edit_canvas": permissions.can_edit_canvas(user, community),
    }
    return render(request, "scans/community_scans.html", context)


# -- rounds ---------------------------------------------------------------------------


@GET_POST
@community_view(permissions.can_manage_rounds)
def round_open(request, community):
    scans = selectors.available_scans()
    initial = {"scan": request.GET.get("scan")} if request.GET.get("scan") else {}
    form = RoundOpenForm(request.POST or None, scans=scans, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_open(
                actor=request.user,
                community=community,
                scan=form.cleaned_data["scan"],
                closes_at=form.cleaned_data["closes_at"],
                min_respondents=form.cleaned_data["min_respondents"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The round is open. Members can answer now."))
            return redirect("scans:round_detail", slug=community.slug, pk=round_.pk)
    if request.method == "POST":
        messages.error(request, _("The round was not opened; see the form below."))
    context = {"community": community, "form": form, "scans": list(scans)}
    return render(request, "scans/round_open.html", context, status=400 if form.errors else 200)


def _round_page(request, community, round_, answer_form=None, status=200):
    user = request.user
    scan = selectors.scan_with_items(round_.scan)
    can_answer = permissions.can_answer(user, community)
    own_response, own = selectors.own_answers(user, round_) if can_answer else (None, {})
    if answer_form is None and can_answer and round_.is_open:
        answer_form = AnswerForm(scan=scan, own=own)
    # This round beside the (at most three) rounds before it, so change is visible.
    earlier = list(
        selectors.rounds_of(community, scan)
        .filter(opened_at__lte=round_.opened_at)
        .exclude(pk=round_.pk)[: selectors.CHART_ROUNDS - 1]
    )
    results = selectors.results(scan, [round_, *earlier])
    can_read_open = permissions.can_read_open_answers(user, community)
    context = {
        "community": community,
        "round": round_,
        "scan": scan,
        "answer_form": answer_form,
        "own_response": own_response,
        "can_answer": can_answer,
        "can_manage": permissions.can_manage_rounds(user, community),
        "can_export": permissions.can_export(user, community),
        "results": results,
        "chart": charts.choose_chart(results),
        "this_round_index": results.rounds.index(round_),
        "open_answers": selectors.open_answers(round_) if can_read_open else [],
        "open_answers_from": selectors.mean_threshold(round_),
        "can_read_open": can_read_open,
        "has_open_items": any(not i.is_scored for d in scan.ordered_dimensions for i in d.items.all()),
    }
    return render(request, "scans/round_detail.html", context, status=status)


@require_safe
@community_view(permissions.can_view)
def round_detail(request, community, pk):
    round_ = selectors.round_for_view(community, pk)
    return _round_page(request, community, round_)


@require_POST
@community_view(permissions.can_answer)
def round_answer(request, community, pk):
    round_ = selectors.round_for_view(community, pk)
    if not round_.is_open:
        messages.error(request, _("This round is closed; answers can no longer be added or changed."))
        return _round_page(request, community, round_, status=400)
    scan = selectors.scan_with_items(round_.scan)
    form = AnswerForm(request.POST, scan=scan)
    if form.is_valid():
        try:
            _response, created = services.response_save(
                actor=request.user, round=round_, **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if created:
                messages.success(request, _("Thank you, your answers are saved."))
            else:
                messages.success(
                    request, _("Your answers are updated. You can change them until the round closes.")
                )
            return redirect("scans:round_detail", slug=community.slug, pk=round_.pk)
    messages.error(request, _("Your answers were not saved; see the statements marked below."))
    return _round_page(request, community, round_, answer_form=form, status=400)


@require_POST
@community_view(permissions.can_manage_rounds)
def round_close(request, community, pk):
    round_ = selectors.round_for_view(community, pk)
    try:
        services.round_close(actor=request.user, round=round_)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The round is closed. The results below are final."))
    return redirect("scans:round_detail", slug=community.slug, pk=round_.pk)


# -- results over time, print and export ---------------------------------------------


def _scan_results(community, scan_slug):
    scan = selectors.scan_for_community(scan_slug)
    rounds = list(selectors.rounds_of(community, scan))
    return scan, rounds, selectors.results(scan, rounds)


@require_safe
@community_view(permissions.can_view)
def scan_results(request, community, scan_slug):
    scan, rounds, results = _scan_results(community, scan_slug)
    context = {
        "community": community,
        "scan": scan,
        "results": results,
        "chart": charts.choose_chart(results),
        "can_export": permissions.can_export(request.user, community),
        "can_manage": permissions.can_manage_rounds(request.user, community),
    }
    return render(request, "scans/scan_results.html", context)


@require_safe
@community_view(permissions.can_view)
def scan_print(request, community, scan_slug):
    scan, rounds, results = _scan_results(community, scan_slug)
    context = {
        "community": community,
        "scan": scan,
        "results": results,
        "chart": charts.choose_chart(results),
        "printed_on": timezone.localdate(),
    }
    return render(request, "scans/scan_print.html", context)


def _csv_number(value) -> str:
    return "" if value is None else f"{value:.2f}"


@require_safe
@community_view(permissions.can_export)
def scan_export(request, community, scan_slug):
    """Aggregates per round, dimension and item; never one person's answers."""
    scan, rounds, results = _scan_results(community, scan_slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{slugify(community.name)[:60]}-{scan.slug}-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read the accents right
    writer = csv.writer(response)
    writer.writerow(
        [
            "round",
            "opened_on",
            "closed_on",
            "level",
            "dimension",
            "item",
            "scale",
            "scale_min",
            "scale_max",
            "respondents",
            "mean",
            "sd",
            "min",
            "max",
            "shown",
        ]
    )
    for index, round_ in enumerate(results.rounds):
        ended = round_.ended_at
        base = [
            index + 1,
            timezone.localtime(round_.opened_at).date().isoformat(),
            timezone.localtime(ended).date().isoformat() if ended else "",
        ]
        for dim in results.dimensions:
            low, high = dim.value_range
            rows = [("dimension", "", dim.stats[index])]
            rows += [("item", item.item.statement, item.stats[index]) for item in dim.items]
            for level, statement, stat in rows:
                writer.writerow(
                    [
                        *base,
                        level,
                        safe_cell(dim.dimension.title),
                        safe_cell(statement),
                        dim.scale,
                        low,
                        high,
                        stat.n,
                        _csv_number(stat.mean),
                        _csv_number(stat.sd),
                        "" if stat.low is None else stat.low,
                        "" if stat.high is None else stat.high,
                        "yes" if stat.shown else "no",
                    ]
                )
    return response


# -- from the instrument page ----------------------------------------------------------


@require_safe
@login_required
def scan_start(request, scan_slug):
    """The instrument page's "fill in with your community": go to the open-round form."""
    scan = selectors.scan_for_community(scan_slug)
    community = selectors.facilitated_community(request.user, request.GET.get("community", ""))
    url = reverse("scans:round_open", kwargs={"slug": community.slug})
    return redirect(f"{url}?{urlencode({'scan': scan.slug})}")


@require_safe
@login_required
def canvas_start(request, canvas_slug):
    canvas = selectors.canvas_for_start(canvas_slug)
    community = selectors.member_community(request.user, request.GET.get("community", ""))
    url = reverse("scans:canvas_create", kwargs={"slug": community.slug})
    return redirect(f"{url}?{urlencode({'canvas': canvas.slug})}")


# -- canvases ------------------------------------------------------------------------


@GET_POST
@community_view(permissions.can_edit_canvas)
def canvas_create(request, community):
    canvases = selectors.available_canvases()
    initial = {"canvas": request.GET.get("canvas")} if request.GET.get("canvas") else {}
    form = CanvasStartForm(request.POST or None, canvases=canvases, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sheet = services.canvas_start(
                actor=request.user,
                community=community,
                canvas=form.cleaned_data["canvas"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The sheet is ready; fill in the blocks together."))
            return redirect("scans:canvas_edit", slug=community.slug, pk=sheet.pk)
    if request.method == "POST":
        messages.error(request, _("Nothing was saved; see the form below."))
    context = {"community": community, "form": form, "canvases": list(canvases)}
    return render(request, "scans/canvas_create.html", context, status=400 if form.errors else 200)


@require_safe
@community_view(permissions.can_view)
def canvas_detail(request, community, pk):
    sheet = selectors.sheet_for_view(community, pk)
    versions = list(selectors.versions_of(sheet)[:100])
    current = versions[0] if versions else None
    context = {
        "community": community,
        "sheet": sheet,
        "version": current,
        "is_latest": True,
        "blocks": selectors.filled_blocks(sheet, current),
        "versions": versions,
        "can_edit": permissions.can_edit_canvas(request.user, community),
        "paper_sizes": PaperSize.values,
    }
    return render(request, "scans/canvas_detail.html", context)


@require_safe
@community_view(permissions.can_view)
def canvas_version(request, community, pk, number):
    sheet = selectors.sheet_for_view(community, pk)
    version = selectors.version_of(sheet, number)
    versions = list(selectors.versions_of(sheet)[:100])
    context = {
        "community": community,
        "sheet": sheet,
        "version": version,
        "is_latest": bool(versions) and versions[0].pk == version.pk,
        "blocks": selectors.filled_blocks(sheet, version),
        "versions": versions,
        "can_edit": permissions.can_edit_canvas(request.user, community),
        "paper_sizes": PaperSize.values,
    }
    return render(request, "scans/canvas_detail.html", context)


@GET_POST
@community_view(permissions.can_edit_canvas)
def canvas_edit(request, community, pk):
    sheet = selectors.sheet_for_view(community, pk)
    latest = selectors.version_of(sheet, None)
    blocks = list(sheet.canvas.blocks.all())
    base = latest.number if latest else 0
    form = CanvasEditForm(
        request.POST or None,
        blocks=blocks,
        texts=latest.texts if latest else {},
        initial={"base_version": base},
    )
    if request.method == "POST" and form.is_valid():
        try:
            version, created = services.canvas_save(
                actor=request.user,
                sheet=sheet,
                texts=form.texts(),
                note=form.cleaned_data["note"],
                base_version=form.cleaned_data["base_version"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if created:
                messages.success(request, _("Saved as version %(number)s.") % {"number": version.number})
            else:
                messages.info(request, _("Nothing changed, so no new version was made."))
            return redirect("scans:canvas_detail", slug=community.slug, pk=sheet.pk)
    if request.method == "POST":
        messages.error(request, _("Nothing was saved; see the form below."))
    context = {"community": community, "sheet": sheet, "form": form, "latest": latest}
    return render(request, "scans/canvas_edit.html", context, status=400 if form.errors else 200)


def _version_number(value: str) -> int | None:
    """A version number from the query string, or None for the latest.

    ``str.isdigit()`` alone also accepts "²" and other digits int() refuses,
    and very long digit strings exceed int()'s limit: both were a 500.
    """
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 9 else None


@require_safe
@community_view(permissions.can_view)
def canvas_print(request, community, pk):
    sheet = selectors.sheet_for_view(community, pk)
    version = selectors.version_of(sheet, _version_number(request.GET.get("version", "")))
    size = request.GET.get("size", sheet.canvas.paper_size)
    if size not in PaperSize.values:
        size = sheet.canvas.paper_size
    context = {
        "community": community,
        "sheet": sheet,
        "version": version,
        "blocks": selectors.filled_blocks(sheet, version),
        "size": size,
        "paper_sizes": PaperSize.values,
    }
    return render(request, "scans/canvas_print.html", context)
