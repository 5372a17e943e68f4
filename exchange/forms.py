from django import forms
from django.utils.translation import gettext_lazy as _

from communities.selectors import instruments_to_record
from core.markdown import MAX_MARKDOWN_LENGTH
from core.vocabularies import Phase, Theme
from instruments.forms import BoundedTagField
from instruments.models import Instrument

from . import selectors
from .models import (
    POST_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Challenge,
    ChallengeStatus,
    DevelopmentStep,
    InstrumentRequest,
    RequestStatus,
    StepKind,
    ThreadKind,
)


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


# -- discussions ------------------------------------------------------------------------------

MENTION_HELP = _("Markdown allowed. Mention someone with @ and their name without spaces, e.g. @FienJansen.")


class ThreadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ThreadKind.choices, initial=ThreadKind.DISCUSSION, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    body = forms.CharField(
        label=_("Message"),
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MENTION_HELP,
    )
    # Set once the writer has seen the similar threads and still wants to post.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=MENTION_HELP,
    )
    reply_to = forms.IntegerField(required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput)


class PostEditForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        max_length=POST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MENTION_HELP,
    )


class AnswerForm(forms.Form):
    post = forms.IntegerField(min_value=1, max_value=2**62)


class ReviewPostForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))])


# -- instrument requests ---------------------------------------------------------------------


class RequestForm(forms.ModelForm):
    challenge = forms.ModelChoiceField(
        label=_("Challenge"),
        queryset=Challenge.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("(none)"),
    )

    class Meta:
        model = InstrumentRequest
        fields = ["title", "description", "phase", "theme", "challenge"]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "title": _("For example: an instrument to map who owns the heat network in a neighbourhood.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["challenge"].queryset = selectors.linkable_challenges()
        self.fields["description"].max_length = MAX_MARKDOWN_LENGTH

    def _post_clean(self):
        pass  # the service validates and saves

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SuggestionForm(forms.Form):
    instrument = forms.ModelChoiceField(
        label=_("Instrument from the catalogue"), queryset=Instrument.objects.none(), to_field_name="slug"
    )
    note = forms.CharField(label=_("Why it fits"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = selectors.suggestable_instruments()


class FulfilForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("fulfil", _("Fulfilled")), ("reopen", _("Reopen"))], initial="fulfil"
    )
    instrument = forms.ModelChoiceField(
        label=_("Fulfilled by"),
        queryset=Instrument.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("(no instrument: withdraw the request)"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = selectors.suggestable_instruments()


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(choices=RequestStatus.choices, required=False)
    phase = forms.ChoiceField(choices=[("", _("All phases")), *Phase.choices], required=False)
    theme = forms.ChoiceField(choices=[("", _("All themes")), *Theme.choices], required=False)
    sort = forms.ChoiceField(choices=[("demand", _("Most wanted")), ("new", _("Newest"))], required=False)
