"""The panels other apps put on the instrument page, and the facts they need from the page's query.

The instrument page carries panels of apps above this one (communities' "used in", scans' digital
tools, discovery's routes and related instruments, exchange's questions and discussions) and this
app's own moderation panels. This is the one way a panel gets onto the page:

* A **panel**: the app registers it in its AppConfig.ready() with :func:`register_panel`: a name,
  the slot it appears in (:class:`Slot`), its order within the slot, its template and a context
  function ``(instrument, viewer, request) -> dict | None``. The page's template renders each slot
  with ``{% load instrument_panels %}{% instrument_panels "main" %}``; a context function that
  returns None leaves its panel out. The template gets the dict plus ``instrument``, ``user`` (the
  viewer) and ``request``, in a context of its own (as an inclusion tag's), so it sees nothing else
  of the page.
* A **fact**: most instruments have nothing for most panels. A panel's app may register, with
  :func:`register_fact`, an SQL expression (usually an ``Exists``) saying whether the panel has
  anything to show to this viewer. ``instruments.selectors.instrument_for_detail`` adds every fact
  to the query that loads the instrument, and a panel whose fact is False skips its own query
  (read it with :func:`fact`). A new panel registers a fact rather than asking the instruments app
  for a new annotation.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Expression, QuerySet, TextChoices

# -- panels -------------------------------------------------------------------------------------


class Slot(TextChoices):
    # Buttons in the page's header, next to "Edit".
    ACTIONS = "actions"
    # Sections below the reviews and experiences.
    MAIN = "main"


# (instrument, viewer, request) -> the template's context, or None: nothing to show.
PanelContext = Callable[[object, object, object], dict | None]


@dataclass(frozen=True)
class Panel:
    name: str
    slot: Slot
    order: int
    template: str
    context: PanelContext


_PANELS: dict[str, Panel] = {}


def register_panel(name: str, *, slot: Slot, order: int, template: str, context: PanelContext) -> None:
    """Show ``template`` in ``slot`` of the instrument page, rendered with ``context(...)``.

    ``order`` places it among the slot's panels (smaller first); registering ``name`` again
    replaces the panel.
    """
    _PANELS[name] = Panel(name=name, slot=Slot(slot), order=order, template=template, context=context)


def panels_in(slot: str) -> list[Panel]:
    return sorted((p for p in _PANELS.values() if p.slot == slot), key=lambda p: (p.order, p.name))


# -- facts --------------------------------------------------------------------------------------

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
