"""What value creation adds to an instrument's insights page (instruments/insights.py)."""

from instruments.insights import Insights, register
from instruments.models import Instrument

from .selectors import cycle_counts_for_instrument


def value_cycles(instrument: Instrument, result: Insights) -> None:
    """Value cycles communities reached with this instrument (counts only, never which community)."""
    result.cycles = list(cycle_counts_for_instrument(instrument))


def register_insights() -> None:
    register("valuecreation.cycles", value_cycles)
