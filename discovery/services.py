"""Writes of routes. Views call these; each checks the actor and validates before saving."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.slugs import unique_slug
from instruments.models import Instrument, InstrumentStatus

from .models import Route, RouteBookmark, RouteStep
from .permissions import can_bookmark, can_curate

RESERVED_SLUGS = {"new"}
MAX_STEPS = 20


def _check_curator(actor):
    if not can_curate(actor):
        raise PermissionDenied(_("Only network coordinators curate routes."))


def _set_steps(route: Route, steps: list[tuple[Instrument, str]]):
    if len(steps) > MAX_STEPS:
        raise ValidationError(_("A route has at most %(max)s steps.") % {"max": MAX_STEPS})
    seen = set()
    for instrument, _why in steps:
        if instrument.pk in seen:
            raise ValidationError(_("“%(title)s” appears twice in the route.") % {"title": instrument.title})
        if instrument.status != InstrumentStatus.PUBLISHED:
            raise ValidationError(_("Only published instruments can be part of a route."))
        seen.add(instrument.pk)
    route.steps.all().delete()
    for position, (instrument, why) in enumerate(steps, start=1):
        step = RouteStep(route=route, instrument=instrument, position=position, why=why.strip())
        step.full_clean(exclude=["route"])
        step.save()


@transaction.atomic
def route_create(
    *, actor, title: str, purpose: str, is_published: bool = False, steps: list[tuple[Instrument, str]] = ()
) -> Route:
    """A new route with its steps in the given order. Raises PermissionDenied for non-curators."""
    _check_curator(actor)
    route = Route(
        title=title.strip(),
        purpose=purpose.strip(),
        is_published=is_published,
        curated_by=actor if actor and actor.is_authenticated else None,
    )
    route.slug = unique_slug(
        route.title, queryset=Route.objects.all(), reserved=RESERVED_SLUGS, fallback="route"
    )
    route.full_clean()
    route.save()
    _set_steps(route, list(steps))
    return route


@transaction.atomic
def route_update(
    *, actor, route: Route, title: str, purpose: str, is_published: bool, steps: list[tuple[Instrument, str]]
) -> Route:
    """Replace the route's fields and steps; the slug stays, so shared links keep working."""
    _check_curator(actor)
    route.title = title.strip()
    route.purpose = purpose.strip()
    route.is_published = is_published
    route.full_clean()
    route.save()
    _set_steps(route, list(steps))
    return route


@transaction.atomic
def route_delete(*, actor, route: Route) -> None:
    _check_curator(actor)
    route.delete()


@transaction.atomic
def route_bookmark_toggle(*, actor, route: Route) -> bool:
    """Bookmark the route, or remove the bookmark; returns the new state."""
    if not can_bookmark(actor, route):
        raise PermissionDenied
    deleted, _counts = RouteBookmark.objects.filter(user=actor, route=route).delete()
    if deleted:
        return False
    RouteBookmark.objects.get_or_create(user=actor, route=route)
    return True
