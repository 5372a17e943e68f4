from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReminderPreference


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["standup", "sprint_start", "sprint_end", "blockers", "value_followup", "digest_frequency"]
        widgets = {"digest_frequency": forms.RadioSelect}
        help_texts = {
            "standup": _("Before each stand-up of your communities, with the three questions."),
            "sprint_start": _("When a sprint starts: its goal and dates."),
            "sprint_end": _("When a sprint ends: a link to the review and to logging value."),
            "value_followup": _("A while after you logged value: what did it lead to?"),
            "digest_frequency": _(
                "New experiences and reviews of instruments you bookmarked or own, stand-up blockers "
                "(facilitators) and the moderation queue (coordinators), in one mail. Not sent when there "
                "is nothing new."
            ),
        }
