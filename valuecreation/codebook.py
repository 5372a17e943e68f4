"""The columns of the CSV export, each with what it means and which codes it uses.

One list drives the export's header row, its cells and the codebook (page and
CSV), so the three can never disagree.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from core.spreadsheets import safe_cell

from .models import (
    CAPITAL_EXPLANATIONS,
    CYCLE_EXPLANATIONS,
    LEVEL_EXPLANATIONS,
    Capital,
    Cycle,
    EntryVisibility,
    ValueLevel,
)


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    value: object  # callable(entry) -> str
    codes: list = field(default_factory=list)  # (code, label, explanation)


def _date(value):
    return value.isoformat() if value else ""


def _id(value):
    return str(value) if value else ""


COLUMNS = [
    Column("entry_id", _("Number of the entry on the platform; stable, unique."), lambda e: str(e.pk)),
    Column(
        "date", _("Date the value was noticed (YYYY-MM-DD), as given by the author."), lambda e: _date(e.date)
    ),
    Column(
        "cycle",
        _(
            "Value-creation cycle (Wenger, Trayner and De Laat 2011; "
            "expected value after Dingyloudi and Strijbos 2015)."
        ),
        lambda e: e.cycle,
        [(c, label, CYCLE_EXPLANATIONS[c]) for c, label in Cycle.choices],
    ),
    Column(
        "capital",
        _("Kind of capital; only for potential value, empty otherwise."),
        lambda e: e.capital,
        [(c, label, CAPITAL_EXPLANATIONS[c]) for c, label in Capital.choices],
    ),
    Column(
        "level",
        _("For whom the value counts."),
        lambda e: e.level,
        [(c, label, LEVEL_EXPLANATIONS[c]) for c, label in ValueLevel.choices],
    ),
    Column("title", _("Short title the author gave."), lambda e: e.title),
    Column("story", _("The story in the author's own words (free text)."), lambda e: e.story),
    Column(
        "author_id",
        _(
            "Pseudonymous number of the author: the same person has the same number "
            "in every export; no names."
        ),
        lambda e: str(e.author_id),
    ),
    Column(
        "sprint_number",
        _("Number of the sprint the entry came from; empty if none."),
        lambda e: _id(e.sprint and e.sprint.number),
    ),
    Column(
        "standup_date",
        _("Date of the stand-up the entry came from; empty if none."),
        lambda e: _date(e.standup and e.standup.date),
    ),
    Column(
        "instrument_id",
        _("Number of the catalogue instrument the entry relates to; empty if none."),
        lambda e: _id(e.instrument_id),
    ),
    Column(
        "instrument_title",
        _("Title of that instrument."),
        lambda e: e.instrument.title if e.instrument_id else "",
    ),
    Column(
        "instrument_use_id",
        _("Number of the recorded instrument use the entry came from; empty if none."),
        lambda e: _id(e.instrument_use_id),
    ),
    Column(
        "follows_id",
        _("entry_id of the earlier entry this one grew out of; empty for the start of a story."),
        lambda e: _id(e.follows_id),
    ),
    Column(
        "story_id",
        _("entry_id of the first entry of the story; entries with the same story_id form one value story."),
        lambda e: str(e.story_root_id or e.pk),
    ),
    Column(
        "visibility",
        _("Who may see the entry on the platform."),
        lambda e: e.visibility,
        [(c, label, "") for c, label in EntryVisibility.choices],
    ),
    Column("evidence_url", _("Link to evidence, if given."), lambda e: e.evidence_url),
    Column("evidence_note", _("Note on the evidence, if given."), lambda e: e.evidence_note),
    Column("created_at", _("When the entry was logged (ISO 8601, UTC)."), lambda e: e.created_at.isoformat()),
]

HEADER = [column.name for column in COLUMNS]


def row(entry) -> list[str]:
    return [safe_cell(column.value(entry)) for column in COLUMNS]


def codebook_rows() -> list[list[str]]:
    """The codebook as CSV rows: one per column, and one per code of a coded column."""
    rows = [["column", "code", "label", "description"]]
    for column in COLUMNS:
        rows.append([column.name, "", "", str(column.description)])
        for code, label, explanation in column.codes:
            rows.append([column.name, code, str(label), str(explanation)])
    return rows
