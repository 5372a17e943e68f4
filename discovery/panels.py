"""What discovery shows on other apps' pages: routes, context ratings and related instruments."""

from instruments import selectors as instrument_selectors
from instruments.panels import Slot, register_panel

from . import associations, selectors, services


def instrument_discovery_context(instrument, viewer, request) -> dict:
    """Routes, context ratings, proven elsewhere and related instruments for the instrument page."""
    suggestions, crossovers = selectors.stored_instrument_lists(instrument, viewer)
    if suggestions is None:
        # Never computed (a fresh install, a new instrument before the worker got to it): once, here,
        # stored for every later view; changes and the schedule keep it up to date from then on.
        services.associations_compute_instrument(instrument)
        suggestions = selectors.stored_related_instruments(instrument, viewer) or []
    return {
        "routes": selectors.routes_with(instrument, viewer),
        # No query when there is nothing to group (the counters are kept exact by instruments.services),
        # and none of their own otherwise: the reviews and experiences the page loaded already.
        "context_ratings": (
            associations.ratings_by_context(
                instrument, instrument_selectors.reviews_on_page(instrument, viewer)
            )
            if instrument.rating_count
            else []
        ),
        "proven": (
            associations.proven_elsewhere(
                instrument, viewer, instrument_selectors.experiences_on_page(instrument, viewer)[:500]
            )
            if instrument.experience_count
            else []
        ),
        "suggestions": suggestions,
        # Filled by discovery.refresh_meaning once the worker embedded the catalogue (same query).
        "crossovers": crossovers,
    }


def register() -> None:
    register_panel(
        "discovery.instrument",
        slot=Slot.MAIN,
        order=40,
        template="discovery/partials/instrument_discovery.html",
        context=instrument_discovery_context,
    )
