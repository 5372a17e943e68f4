"""seed_scans: the publication's scans and canvases, idempotent, linked to the catalogue."""

from io import StringIO

import pytest
from django.core.management import call_command

from scans import definitions
from scans.models import Answer, Canvas, CanvasBlock, Dimension, Item, Round, Scan
from tests.factories import InstrumentFactory

pytestmark = pytest.mark.django_db


def _seed():
    call_command("seed_scans", stdout=StringIO(), stderr=StringIO())


def test_seed_loads_every_definition_and_is_idempotent():
    _seed()
    counts = (Scan.objects.count(), Dimension.objects.count(), Item.objects.count(), Canvas.objects.count())
    _seed()
    assert counts == (
        Scan.objects.count(),
        Dimension.objects.count(),
        Item.objects.count(),
        Canvas.objects.count(),
    )
    assert counts[0] == len(definitions.SCANS) == 8 and counts[3] == len(definitions.CANVASES) == 4


def test_seeded_scans_match_the_publication():
    _seed()

    def scored(slug):
        return Item.objects.filter(dimension__scan__slug=slug).exclude(scale="open")

    assert scored("actiebereidheid").count() == 5  # 3.2c: five statements
    assert set(scored("ontwerpoverwegingen").values_list("scale", flat=True)) == {"bipolar"}
    assert scored("ontwerpoverwegingen").count() == 4  # 3.2f: four considerations
    assert scored("verduurzamen").count() == 9  # 3.5: tips a-i
    assert set(scored("verduurzamen").values_list("scale", flat=True)) == {"score_10"}
    assert list(Dimension.objects.filter(scan__slug="basisbehoeften").values_list("title_nl", flat=True)) == [
        "Verbondenheid",
        "Autonomie",
        "Competentie",
    ]
    assert Dimension.objects.filter(scan__slug="bouwstenen-lerende-innovatie-community").count() == 7  # 3.2b
    assert Dimension.objects.filter(scan__slug="grensoverschrijding").count() == 4  # 2.2
    assert CanvasBlock.objects.filter(canvas__slug="sociale-innovatie-businessmodel").count() == 4  # 3.2g
    assert CanvasBlock.objects.filter(canvas__slug="werkblad-micro-lc").count() == 6  # 3.3d
    colours = CanvasBlock.objects.filter(canvas__slug="sociale-innovatie-businessmodel").values_list(
        "colour", flat=True
    )
    assert list(colours) == ["red", "yellow", "green", "blue"]


def test_seed_links_instruments_by_slug_once_they_exist():
    _seed()
    assert Scan.objects.get(slug="actiebereidheid").instrument is None
    instrument = InstrumentFactory(title="Actiebereidheid: vijf stellingen")
    _seed()
    assert Scan.objects.get(slug="actiebereidheid").instrument == instrument


def test_seed_keeps_the_scale_of_items_with_answers(monkeypatch):
    from scans.management.commands import seed_scans

    from .factories import answer_all, make_community

    _seed()
    community, facilitator, members = make_community(members=3)
    scan = Scan.objects.get(slug="basisbehoeften")
    from scans import services

    round_ = services.round_open(actor=facilitator, community=community, scan=scan)
    answer_all(round_, members)
    changed = [dict(s) for s in definitions.SCANS]
    changed[3] = dict(changed[3], dimensions=[dict(d) for d in changed[3]["dimensions"]])
    changed[3]["dimensions"][0]["items"] = [
        dict(i, scale="score_10") for i in changed[3]["dimensions"][0]["items"]
    ]
    monkeypatch.setattr(seed_scans.definitions, "SCANS", changed)
    _seed()
    assert set(Item.objects.filter(dimension__scan=scan).values_list("scale", flat=True)) == {"agree_5"}
    assert Answer.objects.filter(response__round=round_).count() == 18


def test_seed_demo_adds_demo_rounds_with_a_visible_change():
    call_command("seed_demo", "--quiet", stdout=StringIO())
    rounds = list(Round.objects.filter(scan__slug="actiebereidheid").order_by("opened_at"))
    # Both closed: an open round shows no results (issue 16, finding 8).
    assert len(rounds) == 2 and rounds[0].closed_at is not None and not rounds[1].is_open
    assert (rounds[1].opened_at - rounds[0].opened_at).days >= 28
    from scans import selectors

    results = selectors.results(Scan.objects.get(slug="actiebereidheid"), rounds)
    for dimension in results.dimensions:
        first, second = dimension.stats
        assert first.shown and second.shown and second.mean > first.mean
    before = Round.objects.count()
    call_command("seed_demo", "--quiet", stdout=StringIO())
    assert Round.objects.count() == before


def test_every_scan_and_canvas_points_to_a_catalogue_entry():
    import json
    from pathlib import Path

    from django.conf import settings
    from django.utils.text import slugify

    fixture = Path(settings.BASE_DIR) / "fixtures" / "instruments.json"
    slugs = {slugify(item["title"]) for item in json.loads(fixture.read_text(encoding="utf-8"))}
    for spec in definitions.SCANS + definitions.CANVASES:
        assert spec["instrument"] in slugs, spec["slug"]


def test_after_seed_demo_every_scan_and_canvas_is_linked(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--quiet", stdout=StringIO())
    assert not Scan.objects.filter(instrument__isnull=True).exists()
    assert not Canvas.objects.filter(instrument__isnull=True).exists()


def test_the_nine_tips_scan_is_not_presented_as_seeds_of_innovation():
    # Publication 3.5 has nine tips (a-i); Seeds of Innovation (table 3.4f) scores twelve factors.
    spec = next(s for s in definitions.SCANS if s["slug"] == "verduurzamen")
    assert [d["title"][0] for d in spec["dimensions"]] == list("abcdefghi")
    assert spec["instrument"] != "seeds-of-innovation"
    assert "twaalf factoren" in spec["intro"] and "negen tips" in spec["intro"]
    english = definitions.ENGLISH_SCANS["verduurzamen"]["intro"]
    assert "twelve factors" in english and "nine tips" in english
    # The publication describes Seeds of Innovation in two ways; the scan names both places.
    for intro in (spec["intro"], english):
        assert "3.4f" in intro and "3.5" in intro


def test_every_text_has_an_english_version_and_every_english_key_exists():
    for spec in definitions.SCANS:
        english = definitions.ENGLISH_SCANS[spec["slug"]]
        assert english["title"] and english["intro"], spec["slug"]
        assert set(english["dimensions"]) == {d["key"] for d in spec["dimensions"]}, spec["slug"]
        for dim in spec["dimensions"]:
            dim_en = english["dimensions"][dim["key"]]
            assert dim_en["title"], (spec["slug"], dim["key"])
            assert bool(dim.get("description")) == bool(dim_en.get("description")), dim["key"]
            for item in dim["items"]:
                statement, left, right = definitions.english_item(dim_en, item["key"])
                assert statement, (spec["slug"], item["key"])
                assert bool(item.get("left_label")) == bool(left) and bool(item.get("right_label")) == bool(
                    right
                )
    for spec in definitions.CANVASES:
        english = definitions.ENGLISH_CANVASES[spec["slug"]]
        assert english["title"] and english["intro"], spec["slug"]
        assert set(english["blocks"]) == {b["key"] for b in spec["blocks"]}, spec["slug"]
        assert all(title and prompt for title, prompt in english["blocks"].values()), spec["slug"]


def test_scan_texts_follow_the_active_language():
    from django.utils import translation

    _seed()
    scan = Scan.objects.get(slug="grensoverschrijding")
    item = Item.objects.get(dimension__scan__slug="ontwerpoverwegingen", key="intern-extern")
    block = CanvasBlock.objects.get(canvas__slug="werkblad-micro-lc", key="project")
    with translation.override("nl"):
        assert scan.title == "Vier vormen van boundary crossing"
        assert item.left_label == "Intern gericht"
        assert block.title == "1. Welk project?"
    with translation.override("en"):
        assert scan.title == "Four forms of boundary crossing"
        assert item.left_label == "Internally focused"
        assert block.title == "1. Which project?"
        assert str(scan.dimensions.get(key="transformatie")) == "Transformation"
