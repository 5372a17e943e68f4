"""Django admin: definitions are editable with inlines; rounds show aggregates, never answers."""

import pytest
from django.urls import reverse

from scans import services

from .factories import answer_all, make_canvas, make_community, make_scan

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_(client, make_user):
    client.force_login(make_user("admin"))
    return client


def test_admin_pages_load(admin_client_):
    community, facilitator, members = make_community(members=3)
    scan = make_scan(open_question=True)
    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    answer_all(round_, members, value_for=lambda index, item: 4, text="Persoonlijk verhaal")
    services.round_close(actor=facilitator, round=round_)
    canvas = make_canvas()
    sheet = services.canvas_start(actor=members[0], community=community, canvas=canvas, title="Geheel")
    services.canvas_save(actor=members[0], sheet=sheet, texts={"a": "Tekst"})
    urls = [
        reverse("admin:scans_scan_changelist"),
        reverse("admin:scans_scan_change", args=[scan.pk]),
        reverse("admin:scans_scan_add"),
        reverse("admin:scans_dimension_change", args=[scan.dimensions.first().pk]),
        reverse("admin:scans_round_changelist"),
        reverse("admin:scans_canvas_change", args=[canvas.pk]),
        reverse("admin:scans_communitycanvas_change", args=[sheet.pk]),
    ]
    for url in urls:
        assert admin_client_.get(url).status_code == 200, url
    page = admin_client_.get(reverse("admin:scans_round_change", args=[round_.pk])).content.decode()
    assert "4.00 (n=3)" in page and "sd" not in page.split("4.00", 1)[1][:10]
    assert "Persoonlijk verhaal" not in page
    for member in members:
        assert member.email not in page
    assert admin_client_.get(reverse("admin:scans_round_add")).status_code == 403


def test_admin_refuses_mixed_scales_in_one_dimension(admin_client_):
    scan = make_scan(dimensions=1)
    dimension = scan.dimensions.get()
    item = dimension.items.get()
    url = reverse("admin:scans_dimension_change", args=[dimension.pk])
    data = {
        "scan": scan.pk,
        "key": dimension.key,
        "title_nl": dimension.title,
        "description_nl": "",
        "position": 0,
        "items-TOTAL_FORMS": "2",
        "items-INITIAL_FORMS": "1",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
        "items-0-id": item.pk,
        "items-0-dimension": dimension.pk,
        "items-0-position": 0,
        "items-0-key": item.key,
        "items-0-scale": "agree_5",
        "items-0-statement_nl": item.statement,
        "items-1-dimension": dimension.pk,
        "items-1-position": 1,
        "items-1-key": "nieuw",
        "items-1-scale": "score_10",
        "items-1-statement_nl": "Een cijfer",
    }
    response = admin_client_.post(url, data)
    assert response.status_code == 200
    assert b"same scale" in response.content
    assert dimension.items.count() == 1
