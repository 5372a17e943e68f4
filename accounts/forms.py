from django import forms

from places.forms import MunicipalityField

from .models import User


class ProfileForm(forms.ModelForm):
    municipality = MunicipalityField(required=False)

    class Meta:
        model = User
        fields = ["name", "organisation", "municipality", "bio", "language"]
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}
