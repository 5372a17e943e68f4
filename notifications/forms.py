from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Delivery, NotificationKind


class PreferencesForm(forms.Form):
    """One choice per kind: in the app only, a mail at once, or the digest."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in NotificationKind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=initial_choices[kind.value],
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data[kind.value] for kind in NotificationKind}


class FollowForm(forms.Form):
    """What to follow: a registered type ("app_label.model") and an id; the view checks visibility."""

    target_type = forms.CharField(max_length=100)
    target_id = forms.IntegerField(min_value=1, max_value=2**63 - 1)
    action = forms.ChoiceField(choices=[("follow", _("Follow")), ("unfollow", _("Unfollow"))])
