from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from core.vocabularies import Audience, Level, Phase, Pillar, Theme

from . import experience_contexts
from .models import Experience, Facet, Instrument, Review
from .services import INSTRUMENT_FIELDS

MAX_TAGS = 10


class BoundedTagField(TagField):
    def clean(self, value):
        tags = super().clean(value)
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("Use at most %(max)s tags.") % {"max": MAX_TAGS})
        if any(len(tag) > 50 for tag in tags):
            raise forms.ValidationError(_("A tag can be at most 50 characters long."))
        return tags


class ClassifiedInstrumentForm(forms.ModelForm):
    """An instrument form with its five facets as checkbox lists (web and admin)."""

    FACETS = ("phase", "pillar", "level", "audience", "theme")
    REQUIRED_FACETS: tuple[str, ...] = ()

    phase = forms.MultipleChoiceField(label=Facet.PHASE.label, choices=Phase.choices)
    pillar = forms.MultipleChoiceField(label=Facet.PILLAR.label, choices=Pillar.choices)
    level = forms.MultipleChoiceField(label=Facet.LEVEL.label, choices=Level.choices)
    audience = forms.MultipleChoiceField(label=Facet.AUDIENCE.label, choices=Audience.choices)
    theme = forms.MultipleChoiceField(label=Facet.THEME.label, choices=Theme.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for facet in self.FACETS:
            self.fields[facet].required = facet in self.REQUIRED_FACETS
            self.fields[facet].widget = forms.CheckboxSelectMultiple(choices=self.fields[facet].choices)
            if self.instance.pk:
                self.fields[facet].initial = self.instance.facet_values(facet)

    def facet_data(self) -> dict:
        return {facet: self.cleaned_data.get(facet) or [] for facet in self.FACETS}


class InstrumentForm(ClassifiedInstrumentForm):
    REQUIRED_FACETS = ("phase", "audience")

    tags = BoundedTagField(
        label=_("Tags"), required=False, help_text=_("Sectors and keywords, comma separated.")
    )

    class Meta:
        model = Instrument
        fields = list(INSTRUMENT_FIELDS)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tags"].initial = ", ".join(t.name for t in self.instance.tags.all())

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {"data": data, "facets": self.facet_data(), "tags": self.cleaned_data["tags"]}


class ReviewForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        coerce=int,
        choices=[(n, n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a rating from 1 to 5 stars.")},
    )

    class Meta:
        model = Review
        fields = ["rating", "text", "context_level", "context_phase", "context_theme"]
        labels = {
            "context_level": _("Level of your community"),
            "context_phase": _("Phase you used it in"),
            "context_theme": _("Theme"),
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}


class ExperienceForm(forms.ModelForm):
    would_use_again = forms.TypedChoiceField(
        label=_("Would you use it again?"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        initial="yes",
    )

    class Meta:
        model = Experience
        fields = [
            "theme",
            "sector",
            "level",
            "phase",
            "what_worked",
            "what_did_not_work",
            "tips",
            "would_use_again",
        ]
        widgets = {
            "what_worked": forms.Textarea(attrs={"rows": 3}),
            "what_did_not_work": forms.Textarea(attrs={"rows": 3}),
            "tips": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, writer=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Fields of the apps above instruments (a community to link to: experience_contexts.py).
        self.context_names = []
        if writer is not None and writer.is_authenticated:
            existing = self.instance if self.instance.pk else None
            for context in experience_contexts.registered():
                field = context.field(writer, existing)
                if field is not None:
                    self.fields[context.name] = field
                    self.context_names.append(context.name)

    def service_kwargs(self) -> dict:
        """The experience's own fields, and the contexts' values under ``contexts``."""
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        return {**data, "contexts": {name: self.cleaned_data.get(name) for name in self.context_names}}


class OwnerInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of the co-owner"),
        help_text=_(
            "They receive a link by e-mail. It works once they are logged in with this address; "
            "someone without an account signs up with it first."
        ),
    )
