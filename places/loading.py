"""The shipped list of municipalities: read by the data migration and by ``load_municipalities``."""

import csv
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "municipalities.csv"


def read_municipalities(path: Path = DATA_FILE) -> list[dict[str, str]]:
    """Rows of ``code``, ``name``, ``province`` (a ``core.vocabularies.Province`` code)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {"code": row["code"].strip(), "name": row["name"].strip(), "province": row["province"].strip()}
            for row in csv.DictReader(handle)
        ]


def load_municipalities(model, rows: list[dict[str, str]]) -> tuple[int, int]:
    """Insert new codes, update changed names and provinces, mark codes not in ``rows`` as former.

    ``model`` is passed in so the data migration can use its historical model. Idempotent.
    """
    existing = {m.code: m for m in model.objects.all()}
    created = updated = 0
    codes = set()
    for row in rows:
        codes.add(row["code"])
        current = existing.get(row["code"])
        if current is None:
            model.objects.create(
                code=row["code"], name=row["name"], province=row["province"], is_current=True
            )
            created += 1
        elif (current.name, current.province, current.is_current) != (row["name"], row["province"], True):
            current.name, current.province, current.is_current = row["name"], row["province"], True
            current.save(update_fields=["name", "province", "is_current"])
            updated += 1
    model.objects.exclude(code__in=codes).update(is_current=False)
    return created, updated
