import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Cycle, ValueEntry, ValueLevel


class ValueEntryFilter(django_filters.FilterSet):
    """Dashboard filters. Invalid values are reported and ignored, never a 500.

    Sprint and member filters are for insiders only: an outsider must not
    learn a public community's member list from the filter's options.
    """

    cycle = django_filters.ChoiceFilter(label=_("Cycle"), choices=Cycle.choices, empty_label=_("All cycles"))
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=ValueLevel.choices, empty_label=_("All levels")
    )
    sprint = django_filters.ModelChoiceFilter(
        label=_("Sprint"), field_name="sprint", queryset=None, empty_label=_("All sprints")
    )
    member = django_filters.ModelChoiceFilter(
        label=_("Member"), field_name="author", queryset=None, empty_label=_("All members")
    )

    class Meta:
        model = ValueEntry
        fields: list[str] = []

    def __init__(self, *args, sprints=None, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        if sprints is None:
            del self.filters["sprint"]
        else:
            self.filters["sprint"].queryset = sprints
        if members is None:
            del self.filters["member"]
        else:
            self.filters["member"].queryset = members
            self.filters["member"].field.label_from_instance = lambda user: user.display_name

    def valid_data(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.form.cleaned_data.items() if v not in (None, "", [])}
