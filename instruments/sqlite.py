"""The catalogue-version triggers on SQLite (PostgreSQL: migration 0003).

SQLite drops a table's triggers when a migration rebuilds it, so these are
made again after every ``migrate`` (registered with ``core.sqlite`` in this
app's ``ready()``); tests/instruments/test_catalogue_cache.py checks both
databases.
"""

_CATALOGUE_BUMP = "UPDATE lc_catalogue_version SET n = n + 1 WHERE id = 1;"
_CATALOGUE_TRIGGERS = {
    # table: events that can change a facet count or total
    "instruments_classification": ("INSERT", "UPDATE", "DELETE"),
    "taggit_taggeditem": ("INSERT", "UPDATE", "DELETE"),
    "taggit_tag": ("UPDATE", "DELETE"),
    "instruments_instrument": ("INSERT", "DELETE"),
}
_LISTING_COLUMNS = ("status", "is_hidden", "format")


def catalogue_trigger_statements(tables: set[str]) -> list[str]:
    """The statements that (re)make the catalogue version and its triggers, once all their tables exist."""
    if not set(_CATALOGUE_TRIGGERS) <= tables:
        return []
    statements = [
        "CREATE TABLE IF NOT EXISTS lc_catalogue_version (id integer PRIMARY KEY, n integer NOT NULL)",
        "INSERT OR IGNORE INTO lc_catalogue_version (id, n) VALUES (1, 0)",
    ]
    triggers = {
        f"lc_catalogue_{table}_{event.lower()}": f"AFTER {event} ON {table} BEGIN {_CATALOGUE_BUMP} END"
        for table, events in _CATALOGUE_TRIGGERS.items()
        for event in events
    }
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _LISTING_COLUMNS)
    triggers["lc_catalogue_listing"] = (
        f"AFTER UPDATE ON instruments_instrument WHEN {changed} BEGIN {_CATALOGUE_BUMP} END"
    )
    for name, definition in triggers.items():
        statements += [f"DROP TRIGGER IF EXISTS {name}", f"CREATE TRIGGER {name} {definition}"]
    return statements
