"""The value-log version triggers on SQLite (PostgreSQL: migration 0002).

SQLite drops a table's triggers when a migration rebuilds it, so these are
made again after every ``migrate`` (registered with ``core.sqlite`` in this
app's ``ready()``); tests/valuecreation/test_dashboard_cache.py checks both
databases.
"""

_ENTRIES = "valuecreation_valueentry"
_VALUE_COLUMNS = (
    "community_id",
    "cycle",
    "level",
    "date",
    "visibility",
    "is_hidden",
    "sprint_id",
    "author_id",
)


def _value_bump(row: str) -> str:
    # ``row`` is OLD or NEW; nothing here comes from outside the code.
    insert = f"INSERT OR IGNORE INTO lc_value_log_version VALUES ({row}.community_id, 0);"  # noqa: S608
    update = f"UPDATE lc_value_log_version SET n = n + 1 WHERE community_id = {row}.community_id;"  # noqa: S608
    return f"{insert} {update}"


def value_log_trigger_statements(tables: set[str]) -> list[str]:
    """The statements that (re)make the value-log version table and its triggers, once the entries exist."""
    if _ENTRIES not in tables:
        return []
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _VALUE_COLUMNS)
    statements = [
        "CREATE TABLE IF NOT EXISTS lc_value_log_version"
        " (community_id integer PRIMARY KEY, n integer NOT NULL)"
    ]
    triggers = {
        "lc_value_log_insert": f"AFTER INSERT ON {_ENTRIES} BEGIN {_value_bump('NEW')} END",
        "lc_value_log_delete": f"AFTER DELETE ON {_ENTRIES} BEGIN {_value_bump('OLD')} END",
        "lc_value_log_update": (
            f"AFTER UPDATE ON {_ENTRIES} WHEN {changed} BEGIN {_value_bump('OLD')} {_value_bump('NEW')} END"
        ),
    }
    for name, definition in triggers.items():
        statements += [f"DROP TRIGGER IF EXISTS {name}", f"CREATE TRIGGER {name} {definition}"]
    return statements
