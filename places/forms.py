"""The municipality field: a text input with a list of suggestions, checked on the server.

Browsers show the ``<datalist>`` as an accessible autocomplete (the list is
announced and navigable with the arrow keys); without JavaScript, and in
browsers without datalist support, it is a plain text field. Either way the
server decides: an unknown name or code comes back with a clear message and
with what was typed still in the field.
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Municipality

MAX_LENGTH = 120


def display(municipality: Municipality) -> str:
    return f"{municipality.name} ({municipality.code})"


class MunicipalityInput(forms.TextInput):
    template_name = "places/widgets/municipality.html"

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "maxlength": MAX_LENGTH, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}-list"
        context["widget"]["attrs"]["list"] = list_id
        context["list_id"] = list_id
        context["options"] = [display(m) for m in selectors.current_municipalities()]
        return context


class MunicipalityField(forms.Field):
    widget = MunicipalityInput
    default_error_messages = {
        "unknown": _(
            "We do not know a municipality called “%(value)s”. Choose one from the list, "
            "or type its name or CBS code (e.g. GM0363)."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Municipality"))
        kwargs.setdefault(
            "help_text", _("Type a few letters and choose from the list, or enter the CBS code.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Municipality):
            return display(value)
        if isinstance(value, int):
            found = Municipality.objects.filter(pk=value).first()
            return display(found) if found else ""
        return value

    def to_python(self, value):
        text = " ".join(str(value or "").split())[:MAX_LENGTH]
        if not text:
            return None
        # Checked before the lookup: PostgreSQL refuses NUL in a query parameter.
        ProhibitNullCharactersValidator()(text)
        found = selectors.municipality_matching(text)
        if found is None:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        return found
