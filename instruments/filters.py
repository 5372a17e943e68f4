import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.utils.translation import gettext_lazy as _

from core.vocabularies import Audience, InstrumentFormat, Level, Phase, Pillar, Theme

from . import catalogue
from .fit import FitContext
from .models import Facet

MAX_TAGS = 10
SEARCH_MAX_LENGTH = 200


class SlugListField(forms.Field):
    """Several slugs from repeated query parameters (``?tag=a&tag=b``)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("“%(value)s” is not a valid tag."),
        "too_many": _("Choose at most %(max)s tags."),
    }

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [str(v).strip() for v in value if str(v).strip()]

    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_TAGS:
            raise ValidationError(self.error_messages["too_many"], params={"max": MAX_TAGS})
        for item in value:
            try:
                if len(item) > 100:
                    raise ValidationError("too long")
                validate_slug(item)
            except ValidationError:
                raise ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": item[:40]}
                ) from None


class SlugListFilter(django_filters.Filter):
    field_class = SlugListField


def _facet_filter(facet: Facet, choices):
    return django_filters.MultipleChoiceFilter(
        label=facet.label,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
    )


class InstrumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), max_length=SEARCH_MAX_LENGTH)
    phase = _facet_filter(Facet.PHASE, Phase.choices)
    pillar = _facet_filter(Facet.PILLAR, Pillar.choices)
    level = _facet_filter(Facet.LEVEL, Level.choices)
    audience = _facet_filter(Facet.AUDIENCE, Audience.choices)
    theme = _facet_filter(Facet.THEME, Theme.choices)
    format = django_filters.MultipleChoiceFilter(
        label=_("Format"),
        choices=InstrumentFormat.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    tag = SlugListFilter(label=_("Tags"))
    # The context of "best fit for communities like mine"; only read by the sort.
    fit_level = django_filters.ChoiceFilter(label=_("Level of your community"), choices=Level.choices)
    fit_phase = django_filters.ChoiceFilter(label=_("Phase of your community"), choices=Phase.choices)
    fit_theme = django_filters.MultipleChoiceFilter(
        label=_("Themes of your community"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=catalogue.SORT_CHOICES,
        empty_label=None,
    )

    def filter_queryset(self, queryset):
        """``.qs``: the catalogue's one filter path (catalogue.filtered_catalogue, then sorted).

        The filters above only validate and describe the query string; the catalogue applies it
        (the page through catalogue.Catalogue, which gives the same list in fewer queries).
        """
        data = self.valid_data()
        return catalogue.apply_sort(
            catalogue.filtered_catalogue(data), self.effective_sort, fit_context=self.fit_context()
        )

    def fit_context(self):
        data = self.valid_data()
        return FitContext(
            level=data.get("fit_level", ""),
            phase=data.get("fit_phase", ""),
            themes=list(data.get("fit_theme", [])),
        )

    @property
    def effective_sort(self) -> str:
        """The sort in force: the chosen one, else relevance while searching, else A-Z."""
        return catalogue.effective_sort(self.valid_data())

    def valid_data(self) -> dict:
        """The values that passed validation; invalid ones are reported, not applied."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "", [])}
