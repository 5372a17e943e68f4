import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from communities.models import CommunityInstrumentUse, Sprint, Standup, StandupAnswer
from instruments.models import Instrument, InstrumentStatus

from .models import (
    CAPITAL_EXPLANATIONS,
    CYCLE_EXPLANATIONS,
    CYCLE_QUESTIONS,
    LEVEL_EXPLANATIONS,
    Capital,
    Cycle,
    EntryVisibility,
    ValueEntry,
    ValueLevel,
)


def _foreign(thing):
    return {"invalid_choice": _("Choose a %(thing)s of this community.") % {"thing": thing}}


class EntryNumberField(forms.ModelChoiceField):
    """The entry a story grew out of, typed as its number (a select of every entry would not scale)."""

    widget = forms.NumberInput

    def label_from_instance(self, obj):
        return f"#{obj.pk} {obj.title}"


class ValueEntryForm(forms.ModelForm):
    class Meta:
        model = ValueEntry
        fields = [
            "cycle",
            "capital",
            "level",
            "title",
            "story",
            "date",
            "sprint",
            "instrument",
            "evidence_url",
            "evidence_note",
            "visibility",
            "follows",
            "standup",
            "standup_answer",
            "instrument_use",
        ]
        widgets = {
            "cycle": forms.RadioSelect,
            "capital": forms.RadioSelect,
            "level": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "story": forms.Textarea(attrs={"rows": 5}),
            "evidence_note": forms.Textarea(attrs={"rows": 2}),
            "standup": forms.HiddenInput,
            "standup_answer": forms.HiddenInput,
            "instrument_use": forms.HiddenInput,
        }
        field_classes = {"follows": EntryNumberField}

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        fields = self.fields
        fields["cycle"].choices = Cycle.choices
        fields["level"].choices = ValueLevel.choices
        fields["capital"].choices = [("", _("Not applicable"))] + list(Capital.choices)
        fields["sprint"].queryset = Sprint.objects.filter(community=community).order_by("number")
        fields["sprint"].error_messages.update(_foreign(_("sprint")))
        fields["standup"].queryset = Standup.objects.filter(community=community)
        fields["standup"].error_messages.update(_foreign(_("stand-up")))
        fields["standup_answer"].queryset = StandupAnswer.objects.filter(standup__community=community)
        fields["standup_answer"].error_messages.update(_foreign(_("stand-up answer")))
        fields["instrument_use"].queryset = CommunityInstrumentUse.objects.filter(community=community)
        fields["instrument_use"].error_messages.update(_foreign(_("instrument use")))
        fields["instrument"].queryset = Instrument.objects.filter(status=InstrumentStatus.PUBLISHED).order_by(
            "title"
        )
        listed = Q(is_hidden=False)
        if self.instance.follows_id:
            # The link it already has stays valid when that entry is hidden since: otherwise the author could
            # not save any other change to their own entry (the form does not name the hidden one).
            listed |= Q(pk=self.instance.follows_id)
        follows = ValueEntry.objects.filter(listed, community=community)
        if self.instance.pk:
            follows = follows.exclude(pk=self.instance.pk)
        fields["follows"].queryset = follows
        fields["follows"].error_messages["invalid_choice"] = _(
            "There is no entry with this number in this community."
        )
        fields["follows"].help_text = _(
            "The number of the earlier entry this one grew out of (shown as #number)."
        )
        if not community.is_public:
            fields["visibility"].choices = [(EntryVisibility.COMMUNITY, EntryVisibility.COMMUNITY.label)]
            fields["visibility"].help_text = _(
                "This community is members only, so its entries stay inside it."
            )
        if not self.is_bound and not self.instance.pk:
            fields["date"].initial = timezone.localdate()

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date and date > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(
                _("Value is logged once it has happened; the date cannot be in the future.")
            )
        return date

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    # Per-choice explanations for the template.
    def cycle_choices(self):
        return [
            (code, label, CYCLE_EXPLANATIONS[code], CYCLE_QUESTIONS[code]) for code, label in Cycle.choices
        ]

    def capital_choices(self):
        return [("", _("Not applicable"), _("Leave empty unless the cycle is potential value."))] + [
            (code, label, CAPITAL_EXPLANATIONS[code]) for code, label in Capital.choices
        ]

    def level_choices(self):
        return [(code, label, LEVEL_EXPLANATIONS[code]) for code, label in ValueLevel.choices]


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    MAX_DAYS = 3 * 366

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("The end of the period cannot be before its start."))
            if (end - start).days > self.MAX_DAYS:
                raise forms.ValidationError(_("A report covers at most three years."))
        return data


def quarter_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = datetime.date(day.year, first_month, 1)
    next_start = datetime.date(day.year + (first_month == 10), (first_month + 3 - 1) % 12 + 1, 1)
    return start, next_start - datetime.timedelta(days=1)
