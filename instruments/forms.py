from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.forms import TagField

from core.vocabularies import Audience, Level, Phase, Pillar, Theme

from .models import Experience, Facet, Instrument, Review

MAX_TAGS = 10


class BoundedTagField(TagField):
    def clean(self, value):
        tags = super().clean(value)
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(_("Use at most %(max)s tags.") % {"max": MAX_TAGS})
        if any(len(tag) > 50 for tag in tags):
            raise forms.ValidationError(_("A tag can be at most 50 characters long."))
        return tags


def _facet_field(facet, choices, required=False):
    return forms.MultipleChoiceField(
        label=facet.label,
        choices=choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
    )


class InstrumentForm(forms.ModelForm):
    phase = _facet_field(Facet.PHASE, Phase.choices, required=True)
    pillar = _facet_field(Facet.PILLAR, Pillar.choices)
    level = _facet_field(Facet.LEVEL, Level.choices)
    audience = _facet_field(Facet.AUDIENCE, Audience.choices, required=True)
    theme = _facet_field(Facet.THEME, Theme.choices)
    tags = BoundedTagField(
        label=_("Tags"), required=False, help_text=_("Sectors and keywords, comma separated.")
    )

    class Meta:
        model = Instrument
        fields = [
            "title",
            "summary",
            "goal",
            "description",
            "format",
            "url",
            "origin_organisation",
            "authors",
            "year",
            "language",
            "licence",
            "effort",
            "group_size",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 8}),
        }

    FACETS = ("phase", "pillar", "level", "audience", "theme")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for facet in self.FACETS:
                self.fields[facet].initial = self.instance.facet_values(facet)
            self.fields["tags"].initial = ", ".join(t.name for t in self.instance.tags.all())

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        facets = {facet: self.cleaned_data[facet] for facet in self.FACETS}
        return {"data": data, "facets": facets, "tags": self.cleaned_data["tags"]}


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
