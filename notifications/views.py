from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from core.http import GET_POST
from core.redirects import safe_next

from . import registry, selectors, services
from .forms import FollowForm, PreferencesForm
from .models import NotificationKind

PAGE_SIZE = 30


@login_required
@require_safe
def notification_list(request):
    page = Paginator(selectors.notifications_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    # Targets the reader can no longer see are left out of the page (never named).
    items = selectors.items_for(request.user, page.object_list)
    # Those left out (target deleted or out of sight) would keep the bell lit
    # for ever, with nothing to click: they count as read once the page is seen.
    shown = {item.pk for item in items}
    unseen = [n.pk for n in page.object_list if n.pk not in shown and not n.is_read]
    if unseen:
        services.mark_read(user=request.user, notification_ids=unseen)
    return render(request, "notifications/notification_list.html", {"page": page, "items": items})


@login_required
@require_POST
def mark_read(request, pk):
    services.mark_read(user=request.user, notification_ids=[pk])
    return redirect(safe_next(request, request.POST.get("next"), reverse("notifications:list")))


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect(safe_next(request, request.POST.get("next"), reverse("notifications:list")))


@login_required
@GET_POST
def preferences(request):
    form = PreferencesForm(request.POST or None, initial_choices=selectors.preferences_of(request.user))
    if request.method == "POST":
        if form.is_valid():
            services.preferences_update(actor=request.user, choices=form.choices())
            messages.success(request, _("Your notification settings have been saved."))
            return redirect("notifications:preferences")
        messages.error(request, _("Nothing was saved; see the form below."))
    return render(
        request, "notifications/preferences.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def follow(request):
    """Follow or unfollow any registered, followable object the user may see; 404 for anything else."""
    form = FollowForm(request.POST)
    if not form.is_valid():
        raise Http404
    entry = registry.target_type(form.cleaned_data["target_type"])
    if entry is None or not entry.followable:
        raise Http404
    target = entry.visible_to(request.user).filter(pk=form.cleaned_data["target_id"]).first()
    if target is None:
        raise Http404
    if form.cleaned_data["action"] == "follow":
        services.follow(user=request.user, target=target)
        messages.success(
            request,
            _("You follow this now. You can choose how you hear about it in your notification settings."),
        )
    else:
        services.unfollow(user=request.user, target=target)
        messages.success(request, _("You no longer follow this."))
    fallback = getattr(target, "get_absolute_url", lambda: reverse("notifications:list"))()
    return redirect(safe_next(request, request.POST.get("next"), fallback))


# Like the reminders' link: authenticated by its signature, not by a session.
# RFC 8058 one-click unsubscribe means the mail client POSTs without cookies
# or a CSRF token; a forged POST needs the signed token, which only the
# recipient has, and can at worst stop one kind of mail. The GET only asks.
@csrf_exempt
@never_cache
@GET_POST
def unsubscribe(request, token):
    decoded = services.read_unsubscribe_token(token)
    if decoded is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=404)
    user, kind = decoded
    context = {"kind_label": NotificationKind(kind).label, "token": token}
    if request.method == "POST":
        services.unsubscribe(user=user, kind=kind)
        return render(request, "notifications/unsubscribe_done.html", context)
    return render(request, "notifications/unsubscribe_confirm.html", context)
