"""Facts that other apps' panels on the instrument page need, read with the instrument itself.

The instrument page carries panels of apps above this one (communities' "used in", discovery's
routes, scans' digital tools), each a template tag with its own query, and most instruments have
nothing for most panels. A panel's app registers here, in its AppConfig.ready(), one fact: an SQL
expression (usually an ``Exists``) saying whether the panel has anything to show to this viewer.
``instruments.selectors.instrument_for_detail`` adds every fact to the query that loads the
instrument, and a panel whose fact is False skips its own query.

This is the one way a panel learns something about the instrument from the page's query: a new
panel registers a fact rather than asking the instruments app for a new annotation.
"""

from collections.abc import Callable

from django.db.models import Expression, QuerySet

# name -> function(viewer) -> an expression over the instrument row (OuterRef("pk") is the instrument).
_FACTS: dict[str, Callable[[object], Expression]] = {}


def register_fact(name: str, expression_for: Callable[[object], Expression]) -> None:
    """Register the fact ``name``: ``expression_for(viewer)`` is annotated on the instrument."""
    _FACTS[f"panel_{name}"] = expression_for


def with_facts(queryset: QuerySet, viewer) -> QuerySet:
    return queryset.annotate(**{name: expression_for(viewer) for name, expression_for in _FACTS.items()})


def fact(instrument, name: str) -> bool | None:
    """The registered fact for this instrument; None when it was not loaded with the page's query."""
    return getattr(instrument, f"panel_{name}", None)
