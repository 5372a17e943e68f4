from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from communities.selectors import communities_visible_to
from core.http import GET_POST
from core.redirects import safe_next

from . import calendar, permissions, selectors, services
from .forms import ReminderPreferenceForm
from .models import ReminderKind, ReminderPreference


@login_required
@GET_POST
def preferences(request):
    instance = ReminderPreference.objects.filter(user=request.user).first() or ReminderPreference(
        user=request.user
    )
    form = ReminderPreferenceForm(request.POST or None, instance=instance)
    if request.method == "POST":
        if form.is_valid():
            services.preference_update(actor=request.user, data=form.cleaned_data)
            messages.success(request, _("Your reminder settings have been saved."))
            return redirect("reminders:preferences")
        messages.error(request, _("Nothing was saved; see the form below."))
    context = {"form": form, "calendar_feeds": selectors.calendar_feeds_of(request.user)}
    return render(request, "reminders/preferences.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def calendar_reset(request):
    services.calendar_feeds_revoke_all(actor=request.user)
    messages.success(
        request,
        _(
            "All your calendar links have been revoked and no longer work. "
            "Make a new one on a community page."
        ),
    )
    return redirect(safe_next(request, request.POST.get("next"), reverse("reminders:preferences")))


@login_required
@require_POST
def calendar_create(request, slug):
    """Make (or, with ``renew``, replace) the user's calendar link for one community."""
    community = get_object_or_404(communities_visible_to(request.user), slug=slug)
    if not permissions.can_use_private_feed(request.user, community):
        raise Http404
    if request.POST.get("renew"):
        services.calendar_feed_renew(actor=request.user, community=community)
        messages.success(request, _("Your calendar link has been renewed. The old one no longer works."))
    else:
        services.calendar_feed_create(actor=request.user, community=community)
        messages.success(request, _("Your calendar link is ready: subscribe to it in your calendar."))
    return redirect(safe_next(request, request.POST.get("next"), community.get_absolute_url()))


@login_required
@require_POST
def calendar_revoke(request, pk):
    feed = get_object_or_404(selectors.calendar_feeds_of(request.user), pk=pk)
    services.calendar_feed_revoke(actor=request.user, feed=feed)
    messages.success(
        request,
        _("The calendar link of %(community)s has been revoked.") % {"community": feed.community.name},
    )
    return redirect("reminders:preferences")


# The unsubscribe link is authenticated by its signature, not by a session:
# RFC 8058 one-click unsubscribe means the mail client POSTs
# "List-Unsubscribe=One-Click" to this URL without cookies or a CSRF token.
# A forged cross-site POST needs the signed token, which only the recipient
# has, and can at worst switch one kind of reminder off — so this one view is
# exempt from CSRF. The GET only shows a confirmation page with a button.
@csrf_exempt
@never_cache
@GET_POST
def unsubscribe(request, token):
    decoded = services.read_unsubscribe_token(token)
    user = None
    if decoded is not None:
        user = get_user_model().objects.filter(pk=decoded[0]).first()
    if user is None:
        return render(request, "reminders/unsubscribe_invalid.html", status=404)
    kind = decoded[1]
    context = {"kind_label": ReminderKind(kind).label, "kind": kind, "token": token}
    if request.method == "POST":
        services.unsubscribe(user=user, kind=kind)
        return render(request, "reminders/unsubscribe_done.html", context)
    return render(request, "reminders/unsubscribe_confirm.html", context)


def _ics_response(body: str, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.ics"'
    response["Cache-Control"] = "private, max-age=900" if private else "public, max-age=900"
    if private:
        response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def community_calendar(request, slug):
    """The plain feed of a public community: times and dates, no workspace details."""
    community = get_object_or_404(communities_visible_to(AnonymousUser()), slug=slug)
    if not permissions.can_use_public_feed(community):
        raise Http404
    return _ics_response(calendar.community_feed(community, detailed=False), community.slug, private=False)


@require_safe
def community_calendar_private(request, slug, token):
    """A member's feed: the token stands for one person in one community (calendar apps send no cookies)."""
    feed = selectors.calendar_feed_by_token(token)
    if feed is None or feed.community.slug != slug:
        raise Http404
    user = feed.user
    community = get_object_or_404(communities_visible_to(user), pk=feed.community_id)
    if not permissions.can_use_private_feed(user, community):
        raise Http404
    with translation.override(user.language):
        body = calendar.community_feed(community, detailed=True)
    return _ics_response(body, community.slug, private=True)
