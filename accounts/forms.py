from django import forms
from django.utils.translation import gettext_lazy as _

from places.selectors import current_municipalities

from .models import User
from .roles import REQUESTABLE_ROLES


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "organisation", "bio", "language"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}


class RoleRequestForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Which role"),
        choices=[(role.value, role.label) for role in REQUESTABLE_ROLES],
        widget=forms.RadioSelect,
    )
    motivation = forms.CharField(
        label=_("Why do you ask for this role?"),
        help_text=_(
            "A few sentences for the network coordinator: your community or instruments, your organisation."
        ),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_motivation(self):
        motivation = self.cleaned_data["motivation"].strip()
        if len(motivation) < 10:
            raise forms.ValidationError(_("Tell the coordinator a little more (at least 10 characters)."))
        return motivation


class OnboardingForm(forms.ModelForm):
    """The first-sign-in questions; every answer can be changed later on the profile."""

    class Meta:
        model = User
        fields = ["name", "organisation", "municipality", "purpose"]
        labels = {
            "name": _("Your name as others see it"),
            "organisation": _("Organisation"),
            "municipality": _("Municipality where you work"),
            "purpose": _("What brings you here?"),
        }
        help_texts = {
            "name": _("Shown with your reviews, experiences and in your communities."),
        }
        widgets = {"purpose": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].required = True
        self.fields["municipality"].queryset = current_municipalities()
        self.fields["municipality"].empty_label = _("(choose, optional)")
        self.fields["purpose"].choices = list(self.fields["purpose"].choices)[1:]  # no empty radio

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Fill in the name others see."))
        return name
