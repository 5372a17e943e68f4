"""What apps above instruments add to an experience: a form field, a stored link and a label.

A member links their experience to a community they belong to, so the instrument page says "used
in community X". communities sits above instruments in the layer contract (pyproject.toml), so
instruments cannot name a community: the app that knows the context registers an
:class:`ExperienceContext` in its AppConfig.ready() (communities/experiences.py), and the
experience form, services and selector go through this registry. The link is stored in the
registering app's own table, so instruments holds no reference to a model it may not import, and
who may choose what and who may read which label stay that app's rules.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet


@dataclass(frozen=True)
class ContextLabel:
    """What the instrument page shows on an experience: ``intro`` and ``name``, linking to ``url``."""

    intro: str  # "Used in the community", in the viewer's language
    name: str
    url: str


@dataclass(frozen=True)
class ExperienceContext:
    """One kind of context an experience can be linked to.

    ``field(writer, experience)``: the form field offered to ``writer`` (editing ``experience``, or
    None for a new one), or None when there is nothing to choose.
    ``save(actor=, experience=, value=)``: store the cleaned value; checks that ``actor`` may choose
    it and raises ``ValidationError`` (for the field ``name``) when not. Runs inside the
    experience's own transaction.
    ``with_labels(queryset, viewer)``: the experience queryset with what ``label`` reads, in the same
    query (no query per experience, no extra query per page).
    ``label(experience)``: the label for an experience of that queryset, or None (no link, or one
    the viewer may not know about).
    """

    name: str
    field: Callable[[Any, Any], forms.Field | None]
    save: Callable[..., None]
    with_labels: Callable[[QuerySet, Any], QuerySet]
    label: Callable[[Any], ContextLabel | None]


_contexts: dict[str, ExperienceContext] = {}


def register(context: ExperienceContext) -> None:
    """Add (or replace, by name) a context; called from an AppConfig.ready()."""
    _contexts[context.name] = context


def registered() -> list[ExperienceContext]:
    return list(_contexts.values())


def with_labels(queryset: QuerySet, viewer) -> QuerySet:
    for context in _contexts.values():
        queryset = context.with_labels(queryset, viewer)
    return queryset


def attach_labels(experiences) -> None:
    """Set ``context_labels`` on each experience (fetched through :func:`with_labels`)."""
    for experience in experiences:
        experience.context_labels = [
            label for context in _contexts.values() if (label := context.label(experience)) is not None
        ]
