"""Indexes and statistics for the catalogue's sorts and facet filters (PostgreSQL).

* The "newest" and "best rated" sorts order ``DESC NULLS LAST``; the indexes
  of migration 0001 are ``DESC`` (nulls first), so PostgreSQL could not walk
  them and sorted every listed instrument instead (bench/run's EXPLAIN check:
  a sequential scan of instruments_instrument for ``?phase=…&sort=newest``).
  These partial indexes hold the listed instruments only, in exactly the
  order of each sort, so a page is the first rows of an index walk.
* A facet value belongs to one facet ("execute" is always a phase), but the
  planner multiplies the selectivities of ``facet`` and ``value`` and expects
  a filter like ``phase=start&phase=design`` to match a few dozen instruments
  instead of thousands; it then sorted all matches (38 ms) instead of walking
  the title index until a page is full (1.4 ms). Extended statistics on the
  pair give it the real figures.

Not model indexes: they exist for one database's planner, like the search
indexes of discovery/0002. SQLite needs neither.
"""

from django.db import migrations

LISTED = "status = 'published' AND NOT is_hidden"
INDEXES = {
    "instr_listed_newest": "published_at DESC NULLS LAST, title",
    "instr_listed_rating": "rating_avg DESC NULLS LAST, rating_count DESC, title",
    "instr_listed_experiences": "experience_count DESC, title",
}
STATISTICS = "instruments_classification_facet_value"


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, columns in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON instruments_instrument ({columns}) WHERE {LISTED}"
        )
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (dependencies, mcv)"
        " ON facet, value FROM instruments_classification"
    )
    # Statistics count from the next ANALYZE; do not wait for autovacuum.
    schema_editor.execute("ANALYZE instruments_classification")


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")


class Migration(migrations.Migration):
    dependencies = [("instruments", "0003_catalogue_version")]

    operations = [migrations.RunPython(_forward, _backward, elidable=False)]
