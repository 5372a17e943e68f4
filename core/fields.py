"""Model fields shared by the apps."""

from django.db import models


class URLField(models.URLField):
    """A URL field whose forms read "example.org" as https://example.org.

    Django 6 changes the default scheme of ``forms.URLField`` from http to https and warns about every
    form field that leaves it implicit; we choose https now, for the site's forms and admin alike.
    ``deconstruct`` reports the plain Django field, so migrations see no change.
    """

    def formfield(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(**kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs
