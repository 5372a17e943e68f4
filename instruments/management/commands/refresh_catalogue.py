"""Bring the publication's instruments (``fixtures/instruments.json``) up to date in place; idempotent.

``seed_demo`` creates fixture instruments that do not exist yet (matched by
title) but never touched existing ones, so corrections to the fixture did not
reach installations seeded earlier. This command applies them: a fixture
instrument is updated when nobody has edited it since it was seeded, that is
when its edit history holds only its creation and earlier refreshes by this
command. An instrument that an owner or coordinator changed is left alone
(their edit wins) and named in the output. Slugs never change, so links keep
working. Running it twice changes nothing the second time.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from instruments import history, services
from instruments.models import ChangeAction, Instrument

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "instruments.json"
REFRESH_NOTE = "Bijgewerkt naar fixtures/instruments.json (refresh_catalogue)"

# Fixture key -> facet name used by instruments.services (as in seed_demo).
FACET_KEYS = {
    "phases": "phase",
    "pillars": "pillar",
    "levels": "level",
    "audiences": "audience",
    "themes": "theme",
}


def load_fixture(path: Path = FIXTURE) -> list[dict]:
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read {path}: {exc}") from exc
    if not isinstance(items, list):
        raise CommandError(f"{path} must hold a JSON list")
    return items


def edited_by_someone(instrument: Instrument) -> bool:
    """True when the history shows a change other than the creation and this command's own refreshes."""
    return (
        instrument.changes.exclude(action=ChangeAction.CREATED)
        .exclude(action=ChangeAction.STATUS)
        .exclude(actor__isnull=True, note=REFRESH_NOTE)
        .exists()
    )


def _wanted(item: dict) -> dict:
    """The fixture entry in the keys of ``history.snapshot``."""
    data = {field: item.get(field, "") for field in history.INSTRUMENT_FIELDS}
    data["year"] = item.get("year")
    for key, facet in FACET_KEYS.items():
        data[f"facet:{facet}"] = sorted(item.get(key, []))
    data[history.TAGS_KEY] = sorted(tag.lower() for tag in item.get("tags", []))
    return data


class Command(BaseCommand):
    help = "Update unedited catalogue instruments in place from fixtures/instruments.json (idempotent)."

    def handle(self, *args, **options):
        items = load_fixture()
        updated, kept = 0, []
        with transaction.atomic():
            by_title = {i.title: i for i in Instrument.objects.filter(title__in=[x["title"] for x in items])}
            for item in items:
                instrument = by_title.get(item["title"])
                if instrument is None:
                    continue  # seed_demo creates it
                wanted = _wanted(item)
                current = history.snapshot(instrument)
                if all(current.get(key) == value for key, value in wanted.items()):
                    continue
                if edited_by_someone(instrument):
                    kept.append(instrument.title)
                    continue
                services.instrument_update(
                    actor=None,
                    instrument=instrument,
                    data={field: wanted[field] for field in history.INSTRUMENT_FIELDS},
                    facets={facet: wanted[f"facet:{facet}"] for facet in FACET_KEYS.values()},
                    tags=wanted[history.TAGS_KEY],
                    note=REFRESH_NOTE,
                )
                updated += 1
        self.stdout.write(f"Catalogue: {updated} instruments brought up to date.")
        for title in kept:
            self.stdout.write(f"  kept as edited on the platform: {title}")
