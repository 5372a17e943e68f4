"""What scans show on other apps' pages: the digital scans and canvases of an instrument.

Two panels of the instrument page share one lookup (``selectors.tools_for_instrument`` keeps it on
the instrument): a button in the header and the section it links to.
"""

from instruments.panels import Slot, register_panel

from . import selectors


def instrument_tools_context(instrument, viewer, request) -> dict | None:
    """The instrument's active scans and canvases and where the viewer may start them; None: none."""
    tools = selectors.tools_for_instrument(viewer, instrument)
    if not tools.any:
        return None
    return {"scan_tools": tools}


def register() -> None:
    register_panel(
        "scans.instrument_button",
        slot=Slot.ACTIONS,
        order=20,
        template="scans/partials/instrument_actions.html",
        context=instrument_tools_context,
    )
    register_panel(
        "scans.instrument_tools",
        slot=Slot.MAIN,
        order=20,
        template="scans/partials/instrument_panel.html",
        context=instrument_tools_context,
    )
