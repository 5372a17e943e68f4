"""The scan and canvas pages through the HTTP layer: what users see, what is stored, bad input."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from communities.models import Visibility
from scans import services
from scans.models import CanvasVersion, Item, Response, Round

from .factories import UserFactory, answer_all, make_canvas, make_community, make_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    community, facilitator, members = make_community(members=3, name="Warmtepompen Salland")
    scan = make_scan(slug="actie", dimensions=3, open_question=True)
    return community, facilitator, members, scan


def _round_url(community, round_, name="round_detail"):
    return reverse(f"scans:{name}", kwargs={"slug": community.slug, "pk": round_.pk})


def _answers(scan, value="3", text=""):
    data = {}
    for item in Item.objects.filter(dimension__scan=scan):
        data[f"item_{item.pk}"] = value if item.is_scored else text
    return data


def test_facilitator_opens_a_round_through_the_form(client, setup):
    community, facilitator, _members, scan = setup
    client.force_login(facilitator)
    url = reverse("scans:round_open", kwargs={"slug": community.slug})
    page = client.get(url + "?scan=actie")
    assert b'value="actie" selected' in page.content
    response = client.post(url, {"scan": "actie", "min_respondents": "3", "note": "Start sprint 1"})
    round_ = Round.objects.get()
    assert response.status_code == 302 and response["Location"] == _round_url(community, round_)
    assert round_.note == "Start sprint 1" and round_.opened_by == facilitator


@pytest.mark.parametrize(
    "data,message",
    [
        ({"scan": "actie", "min_respondents": "2"}, b"greater than or equal to 3"),
        ({"scan": "bestaat-niet", "min_respondents": "3"}, b"Choose one of the scans"),
        (
            {"scan": "actie", "min_respondents": "3", "closes_at": "2001-01-01T10:00"},
            b"must lie in the future",
        ),
    ],
)
def test_opening_with_bad_input_explains_what_is_wrong(client, setup, data, message):
    community, facilitator, _members, _scan = setup
    client.force_login(facilitator)
    response = client.post(reverse("scans:round_open", kwargs={"slug": community.slug}), data)
    assert response.status_code == 400 and message in response.content
    assert not Round.objects.exists()


def test_opening_while_a_round_runs_is_refused_with_a_reason(client, setup):
    community, facilitator, _members, scan = setup
    services.round_open(actor=facilitator, community=community, scan=scan)
    client.force_login(facilitator)
    response = client.post(
        reverse("scans:round_open", kwargs={"slug": community.slug}),
        {"scan": "actie", "min_respondents": "3"},
    )
    assert response.status_code == 400 and b"still open" in response.content
    assert Round.objects.count() == 1


def test_member_answers_and_then_edits(client, setup):
    community, facilitator, members, scan = setup
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    client.force_login(members[0])
    page = client.get(_round_url(community, round_))
    assert b"Send my answers" in page.content
    response = client.post(_round_url(community, round_, "round_answer"), _answers(scan, "2"), follow=True)
    assert b"your answers are saved" in response.content
    response = client.post(_round_url(community, round_, "round_answer"), _answers(scan, "4"), follow=True)
    assert b"Your answers are updated" in response.content
    assert Response.objects.filter(round=round_).count() == 1
    assert set(Response.objects.get().answers.values_list("value", flat=True)) == {4}
    # The form now shows the member's own answers, ready to change.
    page = client.get(_round_url(community, round_)).content.decode()
    assert len(re.findall(r'<input type="radio"[^>]*value="4"[^>]*checked', page)) == 3
    assert b"Update my answers" in response.content


def test_answer_outside_the_scale_is_a_clear_form_error(client, setup):
    community, facilitator, members, scan = setup
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    client.force_login(members[0])
    data = _answers(scan, "3")
    first = Item.objects.filter(dimension__scan=scan, scale="agree_5").first()
    data[f"item_{first.pk}"] = "7"
    response = client.post(_round_url(community, round_, "round_answer"), data)
    assert response.status_code == 400
    assert b"7 is outside the scale: choose a number from 1 to 5." in response.content
    assert not Response.objects.exists()


def test_missing_answer_is_a_clear_form_error(client, setup):
    community, facilitator, members, scan = setup
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    client.force_login(members[0])
    data = _answers(scan, "3")
    first = Item.objects.filter(dimension__scan=scan, scale="agree_5").first()
    del data[f"item_{first.pk}"]
    response = client.post(_round_url(community, round_, "round_answer"), data)
    assert response.status_code == 400 and b"Give an answer to this statement." in response.content


def test_answering_a_closed_round_says_so(client, setup):
    community, facilitator, members, scan = setup
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    services.round_close(actor=facilitator, round=round_)
    client.force_login(members[0])
    response = client.post(_round_url(community, round_, "round_answer"), _answers(scan))
    assert response.status_code == 400
    assert b"This round is closed; answers can no longer be added or changed." in response.content
    assert not Response.objects.exists()
    assert b"Send my answers" not in client.get(_round_url(community, round_)).content


def test_chart_appears_once_three_members_answered(client, setup):
    community, facilitator, members, scan = setup
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    answer_all(round_, members[:2])
    client.force_login(members[0])
    page = client.get(_round_url(community, round_)).content
    assert b"<svg" not in page and b"This round is still open" in page
    answer_all(round_, members[2:])
    services.round_close(actor=facilitator, round=round_)
    page = client.get(_round_url(community, round_)).content
    assert b'class="chart chart-radar"' in page and b'<title id="chart-title">' in page
    assert b'<table class="table scan-results">' in page


def test_open_answers_only_for_facilitators_and_without_names(client, setup):
    community, facilitator, members, scan = setup
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    answer_all(round_, members, text="Meer tijd voor de werksessie")
    client.force_login(members[1])
    page = client.get(_round_url(community, round_)).content.decode()
    assert page.count("Meer tijd voor de werksessie") == 1  # only their own answer, in their form
    services.round_close(actor=facilitator, round=round_)
    client.force_login(facilitator)
    page = client.get(_round_url(community, round_)).content.decode()
    assert page.count("Meer tijd voor de werksessie") == 3
    for member in members:
        assert member.display_name not in page
    client.force_login(members[1])
    page = client.get(_round_url(community, round_)).content.decode()
    assert 'class="open-answers"' not in page


def test_members_never_see_each_others_answers(client, setup):
    community, facilitator, members, scan = setup
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    answer_all(round_, members[:1], value_for=lambda index, item: 5)
    client.force_login(members[1])
    page = client.get(_round_url(community, round_)).content.replace(b"\n", b"")
    assert b"checked" not in page


def test_facilitator_closes_the_round(client, setup):
    community, facilitator, _members, scan = setup
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    client.force_login(facilitator)
    response = client.post(_round_url(community, round_, "round_close"), follow=True)
    assert b"The round is closed" in response.content
    round_.refresh_from_db()
    assert round_.closed_at is not None and round_.closed_by == facilitator
    response = client.post(_round_url(community, round_, "round_close"), follow=True)
    assert b"already closed" in response.content


def test_results_page_shows_rounds_side_by_side(client, setup):
    community, facilitator, members, scan = setup
    first = services.round_open(actor=facilitator, community=community, scan=scan)
    answer_all(first, members, value_for=lambda index, item: 2)
    services.round_close(actor=facilitator, round=first)
    second = services.round_open(actor=facilitator, community=community, scan=scan)
    answer_all(second, members, value_for=lambda index, item: 4)
    services.round_close(actor=facilitator, round=second)
    client.force_login(members[0])
    page = client.get(
        reverse("scans:scan_results", kwargs={"slug": community.slug, "scan_slug": scan.slug})
    ).content.decode()
    assert page.count('class="chart-series series-') == 2
    assert "<strong>2,0</strong>" in page or "<strong>2.0</strong>" in page
    assert "<strong>4,0</strong>" in page or "<strong>4.0</strong>" in page


def test_print_view_has_results_without_navigation(client, setup):
    community, facilitator, members, scan = setup
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    answer_all(round_, members)
    services.round_close(actor=facilitator, round=round_)
    client.force_login(members[0])
    page = client.get(reverse("scans:scan_print", kwargs={"slug": community.slug, "scan_slug": scan.slug}))
    assert b"print-page" in page.content and b"<svg" in page.content
    assert b"community-nav" not in page.content


def test_csv_export_holds_aggregates_only(client, setup):
    community, facilitator, members, scan = setup
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    answer_all(round_, members, value_for=lambda index, item: [1, 3, 5][index], text="Geheim")
    services.round_close(actor=facilitator, round=round_)
    client.force_login(facilitator)
    response = client.get(
        reverse("scans:scan_export", kwargs={"slug": community.slug, "scan_slug": scan.slug})
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    dimension_rows = [r for r in rows if r["level"] == "dimension"]
    assert len(dimension_rows) == 3 and len(rows) == 6
    assert dimension_rows[0]["mean"] == "3.00" and dimension_rows[0]["respondents"] == "3"
    # Three answers: no lowest and highest (they would give all three away).
    assert dimension_rows[0]["min"] == "" and dimension_rows[0]["max"] == ""
    assert "Geheim" not in body
    for member in members:
        assert member.email not in body and member.display_name not in body


def test_csv_export_leaves_figures_out_below_the_threshold(client, setup):
    community, facilitator, members, scan = setup
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    answer_all(round_, members[:2], value_for=lambda index, item: 5)
    client.force_login(facilitator)
    body = client.get(
        reverse("scans:scan_export", kwargs={"slug": community.slug, "scan_slug": scan.slug})
    ).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body)))
    assert all(r["mean"] == "" and r["min"] == "" and r["shown"] == "no" for r in rows)
    assert rows[0]["respondents"] == "2"


def test_csv_export_neutralises_formulas(client, setup):
    community, facilitator, members, scan = setup
    scan.dimensions.filter(key="d0").update(title_nl="=HYPERLINK(1)")
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    answer_all(round_, members)
    client.force_login(facilitator)
    body = client.get(
        reverse("scans:scan_export", kwargs={"slug": community.slug, "scan_slug": scan.slug})
    ).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body


# -- slots on other apps' pages --------------------------------------------------------------


def test_instrument_page_offers_fill_in_with_your_community(client, setup, instrument):
    community, facilitator, _members, scan = setup
    scan.instrument = instrument
    scan.save()
    url = instrument.get_absolute_url()
    page = client.get(url).content.decode()
    assert "Fill in with your community" in page and "as a facilitator of a community" in page
    client.force_login(facilitator)
    page = client.get(url).content.decode()
    assert f'<option value="{community.slug}">' in page
    start = reverse("scans:scan_start", kwargs={"scan_slug": scan.slug})
    response = client.get(start, {"community": community.slug})
    assert (
        response["Location"] == reverse("scans:round_open", kwargs={"slug": community.slug}) + "?scan=actie"
    )
    client.force_login(UserFactory())
    page = client.get(url).content.decode()
    assert "Only facilitators of a community can open a round" in page


def test_instrument_without_scan_has_no_panel(client, instrument):
    assert b"fill-in-together" not in client.get(instrument.get_absolute_url()).content


def test_community_profile_panel_lists_recent_rounds_for_members_only(client, setup):
    community, facilitator, members, scan = setup
    services.round_open(actor=facilitator, community=community, scan=scan)
    client.force_login(members[0])
    page = client.get(community.get_absolute_url()).content.decode()
    assert "scans-panel" in page and scan.title in page
    assert reverse("scans:community_scans", kwargs={"slug": community.slug}) in page
    client.force_login(UserFactory())
    page = client.get(community.get_absolute_url()).content.decode()
    assert community.visibility == Visibility.PUBLIC
    assert "scans-panel" not in page and scan.title not in page
    assert reverse("scans:community_scans", kwargs={"slug": community.slug}) not in page


def test_scans_tab_lists_scans_rounds_and_canvases(client, setup):
    community, facilitator, members, scan = setup
    make_canvas()
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    client.force_login(members[0])
    page = client.get(reverse("scans:community_scans", kwargs={"slug": community.slug})).content.decode()
    assert scan.title in page and _round_url(community, round_) in page
    assert "answer now" in page and "Start: Canvas testcanvas" in page
    assert "Open a scan round" not in page


# -- canvases -----------------------------------------------------------------------------


def test_members_fill_in_a_canvas_together_with_versions(client, setup):
    community, _facilitator, members, _scan = setup
    canvas = make_canvas(blocks=("waarde", "wie"))
    client.force_login(members[0])
    create = reverse("scans:canvas_create", kwargs={"slug": community.slug})
    response = client.post(create, {"canvas": canvas.slug, "title": "De samenwerking"})
    sheet = community.canvases.get()
    edit = reverse("scans:canvas_edit", kwargs={"slug": community.slug, "pk": sheet.pk})
    assert response["Location"] == edit
    client.post(edit, {"base_version": "0", "block_waarde": "Samen leren", "block_wie": ""})
    client.force_login(members[1])
    response = client.post(
        edit,
        {"base_version": "1", "block_waarde": "Samen leren en werken", "block_wie": "Monteurs"},
        follow=True,
    )
    assert b"Saved as version 2" in response.content
    versions = list(CanvasVersion.objects.order_by("number"))
    assert [v.author for v in versions] == [members[0], members[1]]
    assert versions[0].texts == {"waarde": "Samen leren", "wie": ""}
    old = client.get(
        reverse("scans:canvas_version", kwargs={"slug": community.slug, "pk": sheet.pk, "number": 1})
    ).content.decode()
    # escaped: the factory's names may hold an apostrophe ("Lynn van 't Riet")
    assert "Samen leren" in old and "earlier version" in old and escape(members[0].display_name) in old


def test_canvas_save_on_a_stale_version_keeps_the_text_and_explains(client, setup):
    community, _facilitator, members, _scan = setup
    canvas = make_canvas()
    sheet = services.canvas_start(actor=members[0], community=community, canvas=canvas, title="Geheel")
    services.canvas_save(actor=members[0], sheet=sheet, texts={"a": "Eerste"})
    services.canvas_save(actor=members[1], sheet=sheet, texts={"a": "Tweede"}, base_version=1)
    client.force_login(members[2])
    edit = reverse("scans:canvas_edit", kwargs={"slug": community.slug, "pk": sheet.pk})
    response = client.post(edit, {"base_version": "1", "block_a": "Mijn eigen tekst", "block_b": ""})
    assert response.status_code == 400
    assert b"Someone else saved version 2" in response.content and b"Mijn eigen tekst" in response.content
    assert CanvasVersion.objects.count() == 2


def test_canvas_unchanged_save_makes_no_version(client, setup):
    community, _facilitator, members, _scan = setup
    canvas = make_canvas()
    sheet = services.canvas_start(actor=members[0], community=community, canvas=canvas, title="Geheel")
    services.canvas_save(actor=members[0], sheet=sheet, texts={"a": "Eerste"})
    client.force_login(members[0])
    edit = reverse("scans:canvas_edit", kwargs={"slug": community.slug, "pk": sheet.pk})
    response = client.post(edit, {"base_version": "1", "block_a": "Eerste", "block_b": ""}, follow=True)
    assert b"Nothing changed" in response.content and CanvasVersion.objects.count() == 1


def test_canvas_duplicate_title_is_refused(client, setup):
    community, _facilitator, members, _scan = setup
    canvas = make_canvas()
    services.canvas_start(actor=members[0], community=community, canvas=canvas, title="Geheel")
    client.force_login(members[1])
    response = client.post(
        reverse("scans:canvas_create", kwargs={"slug": community.slug}),
        {"canvas": canvas.slug, "title": "geheel"},
    )
    assert response.status_code == 400 and b"already has a sheet with this title" in response.content


def test_canvas_print_layout_follows_the_paper_size(client, setup):
    community, _facilitator, members, _scan = setup
    canvas = make_canvas()
    sheet = services.canvas_start(actor=members[0], community=community, canvas=canvas, title="Geheel")
    services.canvas_save(actor=members[0], sheet=sheet, texts={"a": "Tekst"})
    client.force_login(members[0])
    url = reverse("scans:canvas_print", kwargs={"slug": community.slug, "pk": sheet.pk})
    assert b"canvas-print-a3" in client.get(url).content
    assert b"canvas-print-a4" in client.get(url, {"size": "A4"}).content
    assert b"canvas-print-a3" in client.get(url, {"size": "Letter"}).content
    assert client.get(url, {"version": "9"}).status_code == 404
