from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.vocabularies import Audience, Phase

from . import finder
from .models import Route
from .search import MAX_QUERY_LENGTH, Kind


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=MAX_QUERY_LENGTH, required=False)
    kind = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("Everything"))] + [(kind, label) for kind, label in Kind.LABELS.items()],
    )


class FinderForm(forms.Form):
    """The finder's three steps; each is optional so a partial URL shows the next step."""

    phase = forms.ChoiceField(
        label=_("Which phase is your community in?"), choices=Phase.choices, required=False
    )
    goal = forms.CharField(label=_("What do you want to achieve?"), required=False, max_length=40)
    audience = forms.ChoiceField(
        label=_("Who is it for?"),
        choices=[("any", _("Anyone"))] + list(Audience.choices),
        required=False,
    )

    def clean(self):
        data = super().clean()
        goal = data.get("goal")
        if goal:
            known = finder.GOALS_BY_CODE.get(goal)
            if known is None or known.phase != data.get("phase"):
                self.add_error("goal", _("Choose one of the goals for this phase."))
                data["goal"] = ""
        return data


class RouteForm(forms.ModelForm):
    class Meta:
        model = Route
        fields = ["title", "purpose", "is_published"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3})}


class RouteStepForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=None, required=False)
    why = forms.CharField(label=_("Why this step"), max_length=500, required=False)
    position = forms.IntegerField(label=_("Position"), min_value=1, max_value=99, required=False)

    def __init__(self, *args, instruments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments

    def clean(self):
        data = super().clean()
        if data.get("instrument") and not (data.get("why") or "").strip():
            self.add_error("why", _("Say in a sentence why this step is in the route."))
        if (data.get("why") or "").strip() and not data.get("instrument"):
            self.add_error("instrument", _("Choose the instrument for this step."))
        return data


class BaseRouteStepFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        chosen = [f.cleaned_data["instrument"].pk for f in self.forms if f.cleaned_data.get("instrument")]
        if len(chosen) != len(set(chosen)):
            raise ValidationError(_("Each instrument can be in the route only once."))
        if not chosen:
            raise ValidationError(_("Add at least one step."))

    def ordered_steps(self):
        """(instrument, why) in the order of the position fields, then of the rows."""
        rows = [
            (
                f.cleaned_data.get("position") or 100 + index,
                index,
                f.cleaned_data["instrument"],
                f.cleaned_data["why"],
            )
            for index, f in enumerate(self.forms)
            if f.cleaned_data.get("instrument")
        ]
        return [
            (instrument, why) for _pos, _index, instrument, why in sorted(rows, key=lambda r: (r[0], r[1]))
        ]


# absolute_max: Django builds as many forms as the posted TOTAL_FORMS says, up to max_num + 1000, and
# renders them all back with the error; a route has at most 20 steps, so 20 are built at most.
RouteStepFormSet = forms.formset_factory(
    RouteStepForm, formset=BaseRouteStepFormSet, extra=3, max_num=20, absolute_max=20, validate_max=True
)
