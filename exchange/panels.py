"""What the exchange shows on other apps' pages: questions and discussions about an instrument."""

from instruments.panels import Slot, register_panel

from . import permissions, selectors


def instrument_threads_context(instrument, viewer, request) -> dict | None:
    """The answered questions and latest discussions about a listed instrument; None: not listed."""
    if not instrument.is_listed:
        return None
    threads, faq = selectors.instrument_threads_and_faq(viewer, instrument)
    return {
        "subject": instrument,
        "subject_type": "instrument",
        "threads": threads,
        "faq": faq,
        "can_start": permissions.can_write_about(viewer, instrument),
    }


def register() -> None:
    register_panel(
        "exchange.instrument_threads",
        slot=Slot.MAIN,
        order=50,
        template="exchange/partials/threads_panel.html",
        context=instrument_threads_context,
    )
