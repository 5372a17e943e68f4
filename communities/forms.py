import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from core.vocabularies import LEVEL_EXPLANATIONS, ExecutionPhase, Level, PracticeType, Theme
from instruments.forms import BoundedTagField

from .models import (
    Community,
    CommunityInstrumentUse,
    JoinRequest,
    Membership,
    Sprint,
    Standup,
    StandupAnswer,
    StandupSchedule,
)
from .selectors import instruments_to_record

MAX_INVITATIONS = 50


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class CommunityForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    sectors = BoundedTagField(
        label=_("Sectors"), required=False, help_text=_("Sectors, comma separated (logistics, care ...).")
    )

    class Meta:
        model = Community
        fields = [
            "name",
            "challenge",
            "shared_learning_goal",
            "level",
            "variant",
            "province",
            "region",
            "phase",
            "visibility",
            "starts_on",
            "ends_on",
            "website",
        ]
        widgets = {
            "challenge": forms.Textarea(attrs={"rows": 3}),
            "shared_learning_goal": forms.Textarea(attrs={"rows": 3}),
            "level": forms.RadioSelect,
            "visibility": forms.RadioSelect,
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].help_text = " ".join(
            f"{label}: {LEVEL_EXPLANATIONS[code]}" for code, label in Level.choices
        )
        if self.instance.pk:
            self.fields["themes"].initial = self.instance.theme_codes
            self.fields["sectors"].initial = ", ".join(t.name for t in self.instance.sectors.all())

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {"data": data, "themes": self.cleaned_data["themes"], "sectors": self.cleaned_data["sectors"]}


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Organisation"), max_length=200)
    practice_type = forms.ChoiceField(
        label=_("Practice type"),
        choices=PracticeType.choices,
        help_text=_("Used for a new organisation; a known organisation keeps its type."),
    )


class InvitationForm(forms.Form):
    emails = forms.CharField(
        label=_("E-mail addresses"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Paste one or more addresses, separated by commas, spaces or new lines."),
    )

    def clean_emails(self):
        raw = self.cleaned_data["emails"]
        items = [item.strip(" <>\"'") for item in re.split(r"[\s,;]+", raw) if item.strip(" <>\"'")]
        invalid = []
        for item in items:
            try:
                validate_email(item)
            except ValidationError:
                invalid.append(item)
        if invalid:
            raise ValidationError(
                _("These are not valid e-mail addresses: %(items)s"),
                params={"items": ", ".join(invalid[:10])},
            )
        unique = list(dict.fromkeys(item.lower() for item in items))
        if not unique:
            raise ValidationError(_("Enter at least one e-mail address."))
        if len(unique) > MAX_INVITATIONS:
            raise ValidationError(
                _("Invite at most %(max)s people at once."), params={"max": MAX_INVITATIONS}
            )
        return unique


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["message"]
        labels = {"message": _("Why would you like to join? (optional)")}
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}


class LearningGoalForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["learning_goal"]
        widgets = {"learning_goal": forms.Textarea(attrs={"rows": 4})}


class HandoverForm(forms.Form):
    step_down = forms.BooleanField(label=_("I step down as facilitator"), required=False)


class BuildingBlocksForm(forms.Form):
    """One text field per building block, named ``block_<id>``."""

    def __init__(self, *args, pillars, **kwargs):
        super().__init__(*args, **kwargs)
        self.pillars = pillars
        for pillar in pillars:
            for item in pillar.blocks:
                self.fields[f"block_{item.block.pk}"] = forms.CharField(
                    label=item.block.get_code_display(),
                    help_text=item.block.question,
                    required=False,
                    max_length=2000,
                    initial=item.text,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def grouped(self):
        return [
            (pillar, [self[f"block_{item.block.pk}"] for item in pillar.blocks]) for pillar in self.pillars
        ]

    def texts(self) -> dict[int, str]:
        return {int(name.removeprefix("block_")): value for name, value in self.cleaned_data.items()}


class ExecutionPhasesForm(forms.Form):
    def __init__(self, *args, phases, **kwargs):
        super().__init__(*args, **kwargs)
        current = {p.phase: p for p in phases}
        for code, label in ExecutionPhase.choices:
            row = current.get(code)
            self.fields[f"{code}_start"] = forms.DateField(
                label=_("%(phase)s: start") % {"phase": label},
                required=False,
                widget=DateInput(),
                initial=row.starts_on if row else None,
            )
            self.fields[f"{code}_end"] = forms.DateField(
                label=_("%(phase)s: end") % {"phase": label},
                required=False,
                widget=DateInput(),
                initial=row.ends_on if row else None,
            )

    def clean(self):
        cleaned = super().clean()
        for code in ExecutionPhase.values:
            start, end = cleaned.get(f"{code}_start"), cleaned.get(f"{code}_end")
            if bool(start) != bool(end):
                self.add_error(f"{code}_end", _("Give both a start and an end date, or neither."))
            elif start and end and end < start:
                self.add_error(f"{code}_end", _("The end date cannot be before the start date."))
        return cleaned

    def phases(self) -> dict:
        return {
            code: (self.cleaned_data.get(f"{code}_start"), self.cleaned_data.get(f"{code}_end"))
            for code in ExecutionPhase.values
        }


class SprintForm(forms.ModelForm):
    class Meta:
        model = Sprint
        fields = ["goal", "starts_on", "ends_on", "review_notes"]
        widgets = {
            "goal": forms.Textarea(attrs={"rows": 2}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "review_notes": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The sprint cannot end before it starts."))
        return cleaned


class ScheduleForm(forms.ModelForm):
    class Meta:
        model = StandupSchedule
        fields = ["weekday", "time", "place", "online_url", "reminder_lead_minutes"]
        widgets = {"time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def clean_reminder_lead_minutes(self):
        # Any lead of a minute or more is sent on time (the scan records reminders
        # one interval ahead, see reminders.scanning); a lead of 0 would arrive as
        # the stand-up starts, which is the cut-off, so it could never be sent.
        lead = self.cleaned_data.get("reminder_lead_minutes")
        if lead == 0:
            raise forms.ValidationError(
                _(
                    "A reminder needs at least 1 minute before the stand-up. "
                    "Leave it empty for the afternoon before."
                )
            )
        return lead


class StandupCreateForm(forms.Form):
    date = forms.DateField(label=_("Date of the stand-up"), widget=DateInput())


class StandupAnswerForm(forms.ModelForm):
    class Meta:
        model = StandupAnswer
        fields = ["experience", "did", "will_do", "blockers"]
        widgets = {
            "experience": forms.Textarea(attrs={"rows": 2}),
            "did": forms.Textarea(attrs={"rows": 2}),
            "will_do": forms.Textarea(attrs={"rows": 2}),
            "blockers": forms.Textarea(attrs={"rows": 2}),
        }


class StandupReportForm(forms.ModelForm):
    class Meta:
        model = Standup
        fields = ["report"]
        widgets = {"report": forms.Textarea(attrs={"rows": 5})}


class ParkedPointForm(forms.Form):
    text = forms.CharField(label=_("Discussion point for the next work session"), max_length=500)


class InstrumentUseForm(forms.ModelForm):
    class Meta:
        model = CommunityInstrumentUse
        fields = ["instrument", "used_on", "phase", "note"]
        widgets = {"used_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = instruments_to_record()
