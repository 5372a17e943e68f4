import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.vocabularies import Level, Phase, Province, Theme
from places.forms import MunicipalityField

from .models import Community, CommunityTheme

SEARCH_MAX_LENGTH = 200


def _multiple(label, choices):
    return django_filters.MultipleChoiceFilter(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple
    )


class MunicipalityFilter(django_filters.Filter):
    """A name or CBS code; an unknown one is reported like every invalid filter (and ignored)."""

    field_class = MunicipalityField

    def filter(self, qs, value):
        return qs if value is None else qs.filter(municipality=value)


class CommunityFilter(django_filters.FilterSet):
    """Filters of the community list; values within one filter combine with OR, filters with AND."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=SEARCH_MAX_LENGTH)
    level = _multiple(_("Level"), Level.choices)
    theme = django_filters.MultipleChoiceFilter(
        label=_("Theme"), choices=Theme.choices, method="filter_theme", widget=forms.CheckboxSelectMultiple
    )
    province = _multiple(_("Region"), Province.choices)
    municipality = MunicipalityFilter(label=_("Municipality"), help_text="")
    phase = _multiple(_("Phase"), Phase.choices)

    class Meta:
        model = Community
        fields: list[str] = []

    def filter_search(self, queryset, name, value):
        condition = Q()
        for word in value.split()[:8]:
            condition &= Q(name__icontains=word) | Q(challenge__icontains=word) | Q(region__icontains=word)
        return queryset.filter(condition)

    def filter_theme(self, queryset, name, value):
        if not value:
            return queryset
        # Exists() instead of a join: no duplicates and no DISTINCT needed.
        has_theme = CommunityTheme.objects.filter(community=OuterRef("pk"), theme__in=value)
        return queryset.filter(Exists(has_theme))

    def valid_data(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "", [])}
