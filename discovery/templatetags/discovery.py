from django import template
from django.contrib.auth.models import AnonymousUser

from .. import fit, selectors, services

register = template.Library()


def _user(context):
    request = context.get("request")
    return getattr(request, "user", None) or AnonymousUser()


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
