from django.shortcuts import render
from django.views.decorators.http import require_safe

from instruments import selectors as instrument_selectors


@require_safe
def home(request):
    context = {
        "latest": instrument_selectors.latest_published(limit=6),
        "published_count": instrument_selectors.published_count(),
    }
    return render(request, "home/home.html", context)
