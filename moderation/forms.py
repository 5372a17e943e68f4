from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DecisionAction, ReportReason

REASON_REQUIRED = _("Give a reason: the author sees it, and it goes into the moderation log.")


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with it?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what is wrong with it.")},
    )
    text = forms.CharField(
        label=_("Explanation (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the network coordinators read this."),
    )


class DecisionForm(forms.Form):
    """A decision with a reason; ``REASON_OPTIONAL_FOR`` lists the actions that need none."""

    ACTIONS: list = []
    REASON_OPTIONAL_FOR: tuple = ()

    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The people concerned see this; it is kept in the moderation log."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = self.ACTIONS

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action and action not in self.REASON_OPTIONAL_FOR and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", REASON_REQUIRED)
        return cleaned


class ItemDecisionForm(DecisionForm):
    ACTIONS = [
        (DecisionAction.KEEP, _("Keep: nothing wrong, show it (again)")),
        (DecisionAction.HIDE, _("Hide it")),
        (DecisionAction.DELETE, _("Delete it (soft: kept for the record, never shown)")),
        (DecisionAction.WARN, _("Hide it and warn the author by e-mail")),
        (DecisionAction.SUSPEND, _("Hide it and suspend the author (cannot log in, contributions hidden)")),
    ]
    REASON_OPTIONAL_FOR = (DecisionAction.KEEP,)


class AccountDecisionForm(DecisionForm):
    ACTIONS = [
        (DecisionAction.SUSPEND, _("Suspend the account")),
        (DecisionAction.REINSTATE, _("Lift the suspension")),
    ]


class RevertForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False)


class RoleRequestDecisionForm(DecisionForm):
    ACTIONS = [
        (DecisionAction.APPROVE_ROLE, _("Approve: give the person this role")),
        (DecisionAction.DECLINE_ROLE, _("Decline")),
    ]
    REASON_OPTIONAL_FOR = (DecisionAction.APPROVE_ROLE,)
