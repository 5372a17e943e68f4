from django import template
from django.contrib.auth.models import AnonymousUser

from instruments import selectors as instrument_selectors

from .. import associations, fit, selectors, services

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or AnonymousUser()


@register.inclusion_tag("discovery/partials/instrument_discovery.html", takes_context=True)
def instrument_discovery(context, instrument):
    """Routes, context ratings, proven elsewhere and related instruments for the instrument page."""
    user = _user(context)
    suggestions, crossovers = selectors.stored_instrument_lists(instrument, user)
    if suggestions is None:
        # Never computed (a fresh install, a new instrument before the worker got to it): once, here,
        # stored for every later view; changes and the schedule keep it up to date from then on.
        services.associations_compute_instrument(instrument)
        suggestions = selectors.stored_related_instruments(instrument, user) or []
    return {
        "instrument": instrument,
        "routes": selectors.routes_with(instrument, user),
        # No query when there is nothing to group (the counters are kept exact by instruments.services),
        # and none of their own otherwise: the reviews and experiences the page loaded already.
        "context_ratings": (
            associations.ratings_by_context(
                instrument, instrument_selectors.reviews_on_page(instrument, user)
            )
            if instrument.rating_count
            else []
        ),
        "proven": (
            associations.proven_elsewhere(
                instrument, user, instrument_selectors.experiences_on_page(instrument, user)[:500]
            )
            if instrument.experience_count
            else []
        ),
        "suggestions": suggestions,
        # Filled by discovery.refresh_meaning once the worker embedded the catalogue (same query).
        "crossovers": crossovers,
    }


@register.inclusion_tag("discovery/partials/community_discovery.html", takes_context=True)
def community_discovery(context, community):
    """Comparable communities (same challenge, then same region) and the instruments that worked for them."""
    user = _user(context)
    comparables = selectors.stored_comparable_communities(community, user)
    if comparables is None:
        # As for instruments: computed once when nobody did yet, then kept up to date off the request path.
        services.associations_compute_community(community)
        comparables = selectors.stored_comparable_communities(community, user) or []
    worked = selectors.stored_instruments_that_worked(community, user) or []
    return {
        "community": community,
        "same_challenge": [c for c in comparables if c.same_challenge],
        "same_region": [c for c in comparables if c.same_region and not c.same_challenge],
        "other_regions": [c for c in comparables if not c.same_region and not c.same_challenge],
        "worked": worked,
    }


@register.simple_tag(takes_context=True)
def fit_contexts(context):
    """The contexts of the viewer's communities, for the "best fit" sort."""
    return fit.contexts_of(_user(context))
