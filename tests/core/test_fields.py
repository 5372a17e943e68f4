"""core.fields.URLField: https for addresses typed without a scheme, and no Django 6 warning."""

import warnings

from django import forms
from django.db import models

from core.fields import URLField


def test_form_field_assumes_https_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Django 5.2 warns here when assume_scheme is left implicit
        field = URLField(blank=True).formfield()
    assert field.clean("example.org/page") == "https://example.org/page"
    assert field.clean("http://example.org") == "http://example.org"


def test_migrations_see_the_plain_django_field():
    _name, path, _args, kwargs = URLField(max_length=500, blank=True).deconstruct()
    assert path == "django.db.models.URLField"
    assert kwargs == {"max_length": 500, "blank": True}


def test_every_url_field_of_the_project_uses_it():
    from django.apps import apps

    plain = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if not model.__module__.startswith(("django.", "allauth.", "taggit."))
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField) and not isinstance(field, URLField)
    ]
    assert plain == []


def test_a_model_form_built_from_it_is_quiet():
    from instruments.models import Instrument

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        form_class = forms.modelform_factory(Instrument, fields=["url"])
    assert form_class().fields["url"].assume_scheme == "https"
