"""Snapshots and differences of an instrument's editable content, for the edit history.

A snapshot is a flat dict of JSON-friendly values: the model fields in
``INSTRUMENT_FIELDS``, one ``facet:<name>`` list per facet and a ``tags`` list.
The same keys are used by ``InstrumentChange.changes`` and by
``InstrumentRevision.data``, so a history entry can be shown and reverted and a
proposed change applied with one code path.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .models import Classification, Facet, Instrument

INSTRUMENT_FIELDS = (
    "title",
    "summary",
    "description",
    "goal",
    "format",
    "url",
    "origin_organisation",
    "authors",
    "year",
    "language",
    "licence",
    "effort",
    "group_size",
)
FACET_KEYS = tuple(f"facet:{facet.value}" for facet in Facet)
TAGS_KEY = "tags"

# Changes to these decide where a published instrument shows up (its name, its
# link, its place in the catalogue's filters); owners' changes to them wait for
# a coordinator. Everything else an owner changes applies at once.
REVIEWED_KEYS = ("title", "url", "format", *FACET_KEYS)


def snapshot(instrument: Instrument) -> dict:
    """The instrument's current content, read from the database for facets and tags."""
    data = {field: getattr(instrument, field) for field in INSTRUMENT_FIELDS}
    values: dict[str, list[str]] = {key: [] for key in FACET_KEYS}
    if instrument.pk:
        for facet, value in Classification.objects.filter(instrument=instrument).values_list(
            "facet", "value"
        ):
            values[f"facet:{facet}"].append(value)
        tags = sorted(instrument.tags.values_list("name", flat=True))
    else:
        tags = []
    data.update({key: sorted(v) for key, v in values.items()})
    data[TAGS_KEY] = tags
    return data


def proposed_snapshot(
    base: Mapping, data: Mapping, facets: Mapping[str, Iterable[str]] | None, tags: Iterable[str] | None
) -> dict:
    """``base`` with the values a form submitted (the same keys as :func:`snapshot`)."""
    after = dict(base)
    for field in INSTRUMENT_FIELDS:
        if field in data:
            value = data[field]
            after[field] = "" if value is None and field != "year" else value
    for facet, values in (facets or {}).items():
        after[f"facet:{facet}"] = sorted(set(values))
    if tags is not None:
        after[TAGS_KEY] = sorted(set(tags))
    return after


def diff(before: Mapping, after: Mapping) -> dict:
    """``{key: {"before": ..., "after": ...}}`` for every key whose value changed."""
    return {
        key: {"before": before.get(key), "after": after[key]}
        for key in after
        if before.get(key) != after[key]
    }


def split_for_service(values: Mapping) -> tuple[dict, dict, list | None]:
    """Turn snapshot-style keys back into (data, facets, tags) for the services."""
    data = {key: value for key, value in values.items() if key in INSTRUMENT_FIELDS}
    facets = {key.split(":", 1)[1]: value for key, value in values.items() if key in FACET_KEYS}
    tags = values.get(TAGS_KEY)
    return data, facets, tags


def key_label(key: str) -> str:
    """A readable, translated name for a snapshot key."""
    if key.startswith("facet:"):
        return str(Facet(key.split(":", 1)[1]).label)
    if key == TAGS_KEY:
        return str(Instrument._meta.get_field("tags").verbose_name)
    if key == "status":
        return str(Instrument._meta.get_field("status").verbose_name)
    try:
        return str(Instrument._meta.get_field(key).verbose_name)
    except Exception:  # an old history entry may name a field that no longer exists
        return key


def form_initial(values: Mapping) -> dict:
    """Form initial values (field names of InstrumentForm) for snapshot-style ``values``."""
    initial = {}
    for key, value in values.items():
        if key.startswith("facet:"):
            initial[key.split(":", 1)[1]] = value
        elif key == TAGS_KEY:
            initial["tags"] = ", ".join(value)
        else:
            initial[key] = value
    return initial


@dataclass
class ChangeRow:
    label: str
    before: object
    after: object


def change_rows(changes: Mapping) -> list[ChangeRow]:
    """Rows for display, with facet codes turned into their labels."""
    rows = []
    for key, value in changes.items():
        rows.append(
            ChangeRow(
                key_label(key),
                display_value(key, value.get("before")),
                display_value(key, value.get("after")),
            )
        )
    return rows


def display_value(key: str, value):
    from core.vocabularies import InstrumentFormat, Language

    from .models import FACET_VOCABULARIES, InstrumentStatus

    """A readable string: labels for codes, lists joined; None and "" stay empty."""
    if key.startswith("facet:") and isinstance(value, list):
        vocabulary = dict(FACET_VOCABULARIES[Facet(key.split(":", 1)[1])].choices)
        return ", ".join(str(vocabulary.get(code, code)) for code in value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    choices = {"format": InstrumentFormat, "language": Language, "status": InstrumentStatus}.get(key)
    if choices is not None and value in choices.values:
        return str(choices(value).label)
    return "" if value is None else str(value)
