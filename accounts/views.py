from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.forms import add_service_error
from core.redirects import safe_next

from . import services
from .forms import OnboardingForm, ProfileForm, RoleRequestForm
from .models import Purpose, RoleRequestStatus
from .roles import REQUESTABLE_ROLES, ROLE_DESCRIPTIONS, Role, has_role
from .services import user_update_profile


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user_update_profile(user=request.user, **form.cleaned_data)
        translation.activate(request.user.language)
        messages.success(request, _("Your profile has been saved."))
        response = redirect("accounts:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            request.user.language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
        )
        return response
    roles = [
        Role(name).label for name in request.user.groups.values_list("name", flat=True) if name in Role.values
    ]
    return render(request, "accounts/profile.html", {"form": form, "roles": roles})


def _role_page(request, form, *, status=200):
    held = set(request.user.groups.values_list("name", flat=True))
    requests = list(request.user.role_requests.order_by("-created_at")[:20])
    roles = [
        {
            "role": role,
            "description": ROLE_DESCRIPTIONS[role],
            "held": role.value in held,
            "pending": any(r.role == role.value and r.is_pending for r in requests),
        }
        for role in REQUESTABLE_ROLES
    ]
    context = {"form": form, "roles": roles, "requests": requests}
    return render(request, "accounts/roles.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def roles(request):
    """The roles a person may ask for, what each is for, and the request form."""
    initial_role = request.GET.get("role")
    initial = {"role": initial_role} if initial_role in {r.value for r in REQUESTABLE_ROLES} else {}
    form = RoleRequestForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.role_request_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Your request has been sent. A network coordinator will decide and let you know."),
                )
                return redirect("accounts:roles")
        return _role_page(request, form, status=400)
    return _role_page(request, form)


def role_needed(request, role: Role, *, intro: str):
    """Instead of a bare 403: what the role is for, and a way to ask for it (status stays 403)."""
    pending = (
        request.user.is_authenticated
        and request.user.role_requests.filter(role=role.value, status=RoleRequestStatus.PENDING).exists()
    )
    context = {
        "role": role,
        "intro": intro,
        "description": ROLE_DESCRIPTIONS[role],
        "pending": pending,
        "form": RoleRequestForm(initial={"role": role.value}),
    }
    return render(request, "accounts/role_needed.html", context, status=403)


ROLE_FOR_PURPOSE = {Purpose.FACILITATE: Role.FACILITATOR, Purpose.DEVELOP: Role.INSTRUMENT_DEVELOPER}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def onboarding(request):
    """First sign-in: name, organisation, municipality, what brings you here. Skippable."""
    form = OnboardingForm(request.POST or None, instance=request.user)
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"), reverse("home:home"))
    if request.method == "POST":
        if "skip" in request.POST:
            services.user_onboard(user=request.user, skip=True)
            return redirect(next_url)
        if form.is_valid():
            services.user_onboard(user=request.user, **form.cleaned_data)
            messages.success(
                request, _("Welcome! Your answers have been saved; change them any time on your profile.")
            )
            role = ROLE_FOR_PURPOSE.get(form.cleaned_data.get("purpose"))
            if role is not None and not has_role(request.user, role):
                return redirect(f"{reverse('accounts:roles')}?role={quote(role.value)}#request")
            return redirect(next_url)
        return render(request, "accounts/onboarding.html", {"form": form, "next": next_url}, status=400)
    return render(request, "accounts/onboarding.html", {"form": form, "next": next_url})
