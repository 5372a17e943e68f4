"""Corrections to the publication's data reach installations seeded by an earlier version, in place."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from instruments import services
from instruments.models import Instrument
from scans.models import Answer, Canvas, CanvasBlock, Dimension, Item, Response, Round, Scan

pytestmark = pytest.mark.django_db

OLD_SEEDS_DESCRIPTION = "Deelnemers geven ieder een score op twaalf factoren."


@pytest.fixture
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _seed_demo():
    call_command("seed_demo", "--quiet", stdout=StringIO(), stderr=StringIO())


def _as_previous_version():
    """Put back what the previous version of the fixture and the scan definitions stored."""
    Instrument.objects.filter(title="Seeds of Innovation").update(description=OLD_SEEDS_DESCRIPTION)
    Instrument.objects.filter(title="Bouwstenen voor de lerende innovatie community").update(
        description="5. Procesgerichte aanpak"
    )
    seeds = Instrument.objects.get(title="Seeds of Innovation")
    Scan.objects.filter(slug="verduurzamen").update(instrument=seeds)
    Scan.objects.filter(slug="grensoverschrijding").update(title_nl="Vier vormen van grensoverschrijding")
    Dimension.objects.filter(key="procesgericht").update(title_nl="Procesgerichte aanpak")


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Instrument, Scan, Dimension, Item, Canvas, CanvasBlock, Round, Response, Answer)
    }


def test_rerunning_seed_demo_on_an_older_installation_corrects_in_place(fast_hasher):
    _seed_demo()
    _as_previous_version()
    answers = set(Answer.objects.values_list("pk", "value", "text"))
    assert answers  # the demo rounds hold answers that must survive
    before = _counts()

    _seed_demo()
    _seed_demo()

    after = _counts()
    new_instruments = after.pop("Instrument") - before.pop("Instrument")
    assert new_instruments == 0
    assert after == before  # no duplicates: scans, dimensions, items and canvases matched by key
    assert set(Answer.objects.values_list("pk", "value", "text")) == answers  # nothing lost
    assert not Instrument.objects.values("title").annotate(n=Count("id")).filter(n__gt=1).exists()

    seeds = Instrument.objects.get(title="Seeds of Innovation")
    assert "twaalf factoren" in seeds.description and "negen tips" in seeds.description
    assert (
        "Procesgeoriënteerde"
        in Instrument.objects.get(title="Bouwstenen voor de lerende innovatie community").description
    )
    assert Scan.objects.get(slug="grensoverschrijding").title == "Vier vormen van boundary crossing"
    assert Dimension.objects.get(key="procesgericht").title == "Procesgeoriënteerde aanpak"
    assert Scan.objects.get(slug="verduurzamen").instrument.title != "Seeds of Innovation"


def test_refresh_leaves_an_instrument_edited_on_the_platform_alone(fast_hasher):
    _seed_demo()
    seeds = Instrument.objects.get(title="Seeds of Innovation")
    owner = seeds.owners.first()
    services.instrument_update(actor=owner, instrument=seeds, data={"description": "Onze eigen tekst."})
    out = StringIO()
    call_command("refresh_catalogue", stdout=out)
    seeds.refresh_from_db()
    assert seeds.description == "Onze eigen tekst."
    assert "Seeds of Innovation" in out.getvalue()


def test_refresh_twice_writes_history_once(fast_hasher):
    _seed_demo()
    Instrument.objects.filter(title="Seeds of Innovation").update(description=OLD_SEEDS_DESCRIPTION)
    call_command("refresh_catalogue", stdout=StringIO())
    seeds = Instrument.objects.get(title="Seeds of Innovation")
    changes = seeds.changes.count()
    call_command("refresh_catalogue", stdout=StringIO())
    assert seeds.changes.count() == changes
    assert seeds.slug == Instrument.objects.get(pk=seeds.pk).slug
