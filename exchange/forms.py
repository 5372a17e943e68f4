from django import forms
from django.utils.translation import gettext_lazy as _

from communities.selectors import instruments_to_record
from core.markdown import MAX_MARKDOWN_LENGTH
from core.vocabularies import Theme
from instruments.forms import BoundedTagField

from . import selectors
from .models import Challenge, ChallengeStatus, DevelopmentStep, StepKind


class ChallengeForm(forms.ModelForm):
    """Propose a challenge (anyone signed in) or, with ``status``, create and edit one (coordinators)."""

    themes = forms.MultipleChoiceField(
        label=_("Themes"), choices=Theme.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    sectors = BoundedTagField(
        label=_("Sectors"),
        required=False,
        help_text=_("Sectors, comma separated (housing, care, logistics ...)."),
    )

    class Meta:
        model = Challenge
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, with_status: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["description"].max_length = MAX_MARKDOWN_LENGTH
        if with_status:
            self.fields["status"] = forms.ChoiceField(
                label=_("Status"),
                choices=ChallengeStatus.choices,
                initial=self.instance.status if self.instance.pk else ChallengeStatus.ACTIVE,
                widget=forms.RadioSelect,
            )
        if self.instance.pk:
            self.fields["themes"].initial = self.instance.theme_codes
            self.fields["sectors"].initial = ", ".join(t.name for t in self.instance.sectors.all())

    def _post_clean(self):
        # The service validates the challenge (its title check says what to do instead, which the
        # model's unique constraint cannot); this form only cleans the fields and never saves.
        pass

    def service_kwargs(self) -> dict:
        data = {
            "title": self.cleaned_data["title"],
            "description": self.cleaned_data["description"],
            "themes": self.cleaned_data["themes"],
            "sectors": self.cleaned_data["sectors"],
        }
        if "status" in self.fields:
            data["status"] = self.cleaned_data["status"]
        return data


class CommunityChallengesForm(forms.Form):
    challenges = forms.ModelMultipleChoiceField(
        label=_("Challenges this community works on"),
        queryset=Challenge.objects.none(),
        # Slugs, not ids: a hostile 30-digit id would overflow SQLite's integer in the IN query.
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenges"].queryset = selectors.linkable_challenges()
        self.fields["challenges"].initial = list(
            selectors.linkable_challenges()
            .filter(pk__in=selectors.challenge_ids_of(community))
            .values_list("slug", flat=True)
        )


class StepForm(forms.ModelForm):
    class Meta:
        model = DevelopmentStep
        fields = ["kind", "title", "what_we_did", "what_we_learned", "instrument"]
        widgets = {
            "kind": forms.RadioSelect,
            "what_we_did": forms.Textarea(attrs={"rows": 5}),
            "what_we_learned": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "what_we_did": _("Markdown allowed. Everyone can read this: leave out names of people."),
            "what_we_learned": _("What would you tell a community that starts on the same challenge?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = StepKind.choices
        self.fields["instrument"].queryset = instruments_to_record()
        self.fields["instrument"].required = False

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=ChallengeStatus.choices)
