"""Reads of routes, already limited to what the user may see."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from instruments.models import Instrument
from instruments.selectors import instruments_visible_to, published_instruments

from .models import Route, RouteBookmark, RouteStep
from .permissions import can_curate


def routes_visible_to(user) -> QuerySet[Route]:
    """Published routes; coordinators also see drafts."""
    if can_curate(user):
        return Route.objects.all()
    return Route.objects.filter(is_published=True)


def _visible_steps(user) -> QuerySet[RouteStep]:
    """Steps whose instrument the user may see: an unpublished instrument drops out of a route."""
    visible = instruments_visible_to(user).filter(is_hidden=False)
    return (
        RouteStep.objects.filter(instrument__in=visible.values("pk"))
        .select_related("instrument")
        .prefetch_related("instrument__classifications", "instrument__tags")
        .order_by("position", "id")
    )


def route_list(user) -> QuerySet[Route]:
    visible_instruments = instruments_visible_to(user).filter(is_hidden=False).values("pk")
    return (
        routes_visible_to(user)
        .annotate(
            step_count=Count("steps", filter=Q(steps__instrument__in=visible_instruments), distinct=True)
        )
        .select_related("curated_by")
        .order_by("title")
    )


def route_for_detail(user, slug: str) -> Route:
    queryset = (
        routes_visible_to(user)
        .select_related("curated_by")
        .prefetch_related(Prefetch("steps", queryset=_visible_steps(user), to_attr="visible_steps"))
    )
    return get_object_or_404(queryset, slug=slug)


def route_for_change(user, slug: str) -> Route:
    return get_object_or_404(routes_visible_to(user), slug=slug)


def routes_with(instrument: Instrument, user) -> list[tuple[Route, RouteStep, int]]:
    """Routes (visible to ``user``) that contain ``instrument``: (route, its step, number of steps)."""
    steps = (
        RouteStep.objects.filter(instrument=instrument, route__in=routes_visible_to(user))
        .select_related("route")
        .annotate(step_count=Count("route__steps"))
        .order_by("route__title")
    )
    return [(step.route, step, step.step_count) for step in steps]


def bookmarked_route_ids(user, route_ids) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        RouteBookmark.objects.filter(user=user, route_id__in=list(route_ids)).values_list(
            "route_id", flat=True
        )
    )


def bookmarked_routes(user) -> QuerySet[Route]:
    if not user.is_authenticated:
        return Route.objects.none()
    return route_list(user).filter(bookmarks__user=user)


def instrument_choices(user) -> QuerySet[Instrument]:
    """Instruments a curator can put in a route: listed ones only."""
    return published_instruments().order_by("title")
