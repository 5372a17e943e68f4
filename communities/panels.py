"""What communities show on other apps' pages: the "used in communities" panel of the instrument page."""

from instruments.panels import Slot, register_panel

from . import selectors


def instrument_uses_context(instrument, viewer, request) -> dict | None:
    """In which communities the instrument was used, as far as the viewer may know; None: in none."""
    summary = selectors.instrument_use_summary(viewer, instrument)
    if not (summary.total or summary.hidden_some):
        return None
    return {"summary": summary}


def register() -> None:
    register_panel(
        "communities.instrument_uses",
        slot=Slot.MAIN,
        order=10,
        template="communities/partials/instrument_uses.html",
        context=instrument_uses_context,
    )
