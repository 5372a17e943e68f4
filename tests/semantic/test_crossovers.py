"""Cross-overs: the "meaning" associations filled after the vectors change, shown with their reason."""

import pytest
from django.contrib.auth.models import AnonymousUser

from discovery.models import Association, AssociationKind
from discovery.selectors import stored_meaning_instruments
from instruments.models import Instrument
from semantic import services as semantic_services
from tests.factories import ExperienceFactory, InstrumentFactory


@pytest.fixture
def care_and_energy(db):
    energy = InstrumentFactory(
        title="Energiekompas",
        summary="Vertrouwen opbouwen tussen buren in een energiecoöperatie.",
        goal="Samen.",
    )
    care = InstrumentFactory(
        title="Zorgkader", summary="Vertrouwen opbouwen tussen partners in de wijkzorg.", goal="Samenwerken."
    )
    InstrumentFactory(title="Robotkaart", summary="Magazijnrobots programmeren.", goal="Logistiek.")
    ExperienceFactory(
        instrument=care, sector="wijkverpleging", what_worked="Eerst in tweetallen scoren hielp."
    )
    return energy, care


def test_stored_vectors_fill_the_meaning_lists_with_the_experience_as_reason(
    care_and_energy, client, django_capture_on_commit_callbacks
):
    energy, care = care_and_energy
    with django_capture_on_commit_callbacks(execute=True):
        semantic_services.embed_kind("instruments")  # the worker's run; it queues discovery.refresh_meaning
    rows = Association.objects.filter(instrument=energy, kind=AssociationKind.MEANING, rank__gt=0)
    assert rows.first().target_instrument == care
    [crossover, *_rest] = stored_meaning_instruments(energy, AnonymousUser())
    assert crossover.instrument == care
    assert "wijkverpleging" in crossover.reasons[0].text

    html = client.get(energy.get_absolute_url()).content.decode()
    assert "discovery-crossovers" in html and "Zorgkader" in html and "wijkverpleging" in html


def test_a_target_that_is_no_longer_public_drops_out_of_the_cross_overs(
    care_and_energy, django_capture_on_commit_callbacks
):
    energy, care = care_and_energy
    with django_capture_on_commit_callbacks(execute=True):
        semantic_services.embed_kind("instruments")
    Instrument.objects.filter(pk=care.pk).update(is_hidden=True)
    assert care not in [s.instrument for s in stored_meaning_instruments(energy, AnonymousUser())]
