from django import forms

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name", "organisation", "bio", "language"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
