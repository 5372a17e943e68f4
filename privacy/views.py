import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from . import services
from .forms import DeleteAccountForm


@never_cache
@login_required
@require_safe
def export(request):
    """Everything the platform keeps about the signed-in person, as a JSON download."""
    body = json.dumps(services.personal_data(request.user), ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"lc-platform-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            services.account_delete(user=request.user)
            logout(request)
            messages.success(request, _("Your account has been deleted. Thank you for taking part."))
            return redirect("core:privacy")
        return render(request, "privacy/delete_confirm.html", {"form": form}, status=400)
    return render(request, "privacy/delete_confirm.html", {"form": form})
