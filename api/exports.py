"""The open-data exports: the whole public catalogue as one JSON document and as CSV files.

Each is a generator for a StreamingHttpResponse that reads the database in
chunks (``iterator(chunk_size=...)`` with prefetching per chunk), so memory
and query count stay flat however large the catalogue grows.
"""

import csv
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone

from core.spreadsheets import safe_cell

from . import representations, selectors

EXPORT_FORMAT_VERSION = 1
CHUNK_SIZE = 500
# The platform's code is EUPL; its catalogue content has no licence of its own yet
# (PRODUCT.md names none). OPEN_DATA_LICENCE = {"name": ..., "url": ...} in the
# settings fills the field once the network has chosen one.
CODE_LICENCE = {
    "name": "EUPL-1.2",
    "url": "https://joinup.ec.europa.eu/collection/eupl/eupl-text-eupl-12",
    "note": "The licence of the LC Platform software, not of the catalogue content.",
}
CONTENT_LICENCE_NOTE = (
    "No licence has been chosen for the catalogue content as a whole. Each instrument's own "
    "licence, where its makers gave one, is in its `licence` field. When you reuse this data, "
    "name the LC Platform of the Netwerk Learning Communities and the instrument's origin."
)


def content_licence() -> dict:
    chosen = getattr(settings, "OPEN_DATA_LICENCE", None) or {}
    return {
        "name": chosen.get("name"),
        "url": chosen.get("url"),
        "note": chosen.get("note", CONTENT_LICENCE_NOTE),
    }


def _dumps(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def catalogue_json(absolute):
    """Chunks of the JSON export; ``absolute`` turns a path into a full URL."""
    site_url = absolute("/").rstrip("/")
    head = {
        "format_version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now(),
        "source": {
            "name": "LC Platform",
            "url": absolute("/"),
            "docs_url": absolute(reverse("api:docs")),
            "openapi_url": absolute(reverse("api:openapi")),
        },
        "licence": {
            "content": content_licence(),
            "code": CODE_LICENCE,
            "attribution": f"LC Platform, Netwerk Learning Communities ({site_url})",
        },
        "vocabularies": representations.vocabularies(),
    }
    # The head is a complete object; open it again to stream the instruments into it.
    yield _dumps(head)[:-1] + ', "instruments": ['
    instruments = experiences = 0
    for instrument in selectors.export_instruments(with_experiences=True).iterator(chunk_size=CHUNK_SIZE):
        data = representations.instrument_data(instrument, absolute)
        data["experiences"] = [
            representations.experience_data(experience, instrument_slug=instrument.slug)
            for experience in instrument.experiences.all()
        ]
        yield ("," if instruments else "") + _dumps(data)
        instruments += 1
        experiences += len(data["experiences"])
    yield f'], "instrument_count": {instruments}, "experience_count": {experiences}}}'


class _Echo:
    """A file-like object for csv.writer that hands each line back instead of storing it."""

    def write(self, value):
        return value


def _cells(values) -> list[str]:
    return [safe_cell(value) for value in values]


def instruments_csv(absolute):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # so spreadsheet programs read UTF-8
    yield writer.writerow([name for name, _value in representations.INSTRUMENT_COLUMNS])
    for instrument in selectors.export_instruments(with_experiences=False).iterator(chunk_size=CHUNK_SIZE):
        yield writer.writerow(
            _cells(value(instrument, absolute) for _name, value in representations.INSTRUMENT_COLUMNS)
        )


def experiences_csv():
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow([name for name, _value in representations.EXPERIENCE_COLUMNS])
    for experience in selectors.export_experiences().iterator(chunk_size=CHUNK_SIZE * 4):
        yield writer.writerow(
            _cells(value(experience) for _name, value in representations.EXPERIENCE_COLUMNS)
        )
