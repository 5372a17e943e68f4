from django.shortcuts import render
from django.views.decorators.http import require_safe

from communities import permissions as community_permissions
from instruments import selectors as instrument_selectors

from .personal import personal_home


@require_safe
def home(request):
    """Visitors get the catalogue's front page; signed-in people their own home."""
    if request.user.is_authenticated:
        context = {
            "home": personal_home(request.user),
            "can_create_community": community_permissions.can_create(request.user),
        }
        return render(request, "home/personal_home.html", context)
    context = {
        "latest": instrument_selectors.latest_published(limit=6),
        "published_count": instrument_selectors.published_count(),
    }
    return render(request, "home/home.html", context)
