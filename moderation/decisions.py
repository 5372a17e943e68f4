"""The decision half of a moderation review page, the same on every page that decides.

A coordinator's decision page (a report, a role request, an account, a submitted instrument, a
proposed change) shows what is decided about and a :class:`~moderation.forms.DecisionForm`; a
POST is checked by the form, handed to the owning app's service, and either redirects with a
message or shows the form again (400) with the service's refusal as a form error. The view keeps
its own half (what to load, which service, where to go after); this is the other half. The
template half is ``moderation/partials/decision_form.html``.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect

from .forms import DecisionForm


@dataclass(frozen=True)
class Decision:
    form: DecisionForm
    # 200 for a page to decide on, 400 for a refused POST; None with ``response``.
    status: int
    # The redirect after a saved decision; None while the page is to be shown.
    response: HttpResponse | None = None


def decision_take(
    request,
    form_class: type[DecisionForm],
    decide: Callable[[str, str], object],
    *,
    saved: str,
    next_url: str,
) -> Decision:
    """Bind ``form_class`` to the request; on a valid POST call ``decide(action, reason)``.

    ``decide`` is the owning app's service (it checks and logs the decision); a ``ValidationError``
    it raises is shown as an error of the form. After a saved decision the result carries the
    redirect to ``next_url`` and ``saved`` is shown as a success message.
    """
    form = form_class(request.POST or None)
    if request.method != "POST":
        return Decision(form=form, status=200)
    if form.is_valid():
        try:
            decide(form.cleaned_data["action"], form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, saved)
            return Decision(form=form, status=302, response=redirect(next_url))
    return Decision(form=form, status=400)
