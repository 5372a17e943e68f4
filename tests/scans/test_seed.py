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
    assert counts[0] == len(definitions.SCANS) == 6 and counts[3] == 2


def test_seeded_scans_match_the_publication():
    _seed()

    def scored(slug):
        return Item.objects.filter(dimension__scan__slug=slug).exclude(scale="open")

    assert scored("actiebereidheid").count() == 5  # 3.2c: five statements
    assert set(scored("ontwerpoverwegingen").values_list("scale", flat=True)) == {"bipolar"}
    assert scored("ontwerpoverwegingen").count() == 4  # 3.2f: four considerations
    assert scored("verduurzamen").count() == 9  # 3.5: tips a-i
    assert set(scored("verduurzamen").values_list("scale", flat=True)) == {"score_10"}
    assert list(Dimension.objects.filter(scan__slug="basisbehoeften").values_list("title", flat=True)) == [
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
