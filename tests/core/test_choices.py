"""core.choices: the same labels as Django's get_FOO_display(), by one dictionary lookup per call."""

import pytest
from django.apps import apps
from django.db.models import Model
from django.utils import translation

from communities.models import Community, Phase
from core.choices import ChoiceLabelsMixin


def _choice_fields():
    for model in apps.get_models():
        if model.__module__.startswith(("django.", "allauth.", "taggit.")):
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_every_model_with_choices_uses_the_mixin():
    plain = sorted(
        {model._meta.label for model, _field in _choice_fields() if not issubclass(model, ChoiceLabelsMixin)}
    )
    assert plain == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_labels_are_djangos_labels_in_the_readers_language(language):
    with translation.override(language):
        for model, field in _choice_fields():
            obj = model()
            for value, _label in field.flatchoices:
                setattr(obj, field.attname, value)
                # Django's own implementation, bypassing the mixin.
                assert obj._get_FIELD_display(field) == Model._get_FIELD_display(obj, field), (
                    model,
                    field,
                    value,
                )


def test_the_language_of_the_reader_decides_not_the_first_caller():
    community = Community(phase=Phase.choices[0][0])
    with translation.override("nl"):
        dutch = community.get_phase_display()
    with translation.override("en"):
        english = community.get_phase_display()
        assert english == str(Phase.choices[0][1])
    assert dutch != english


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Community(phase="unknown-phase").get_phase_display() == "unknown-phase"
