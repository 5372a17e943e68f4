"""SQLite support: the SQL functions of the search fallback and the triggers of the cached counts.

PostgreSQL uses pg_trgm instead of ``lc_title_similarity``, and gets the
version triggers from migrations instruments/0003 and valuecreation/0002. On
SQLite those triggers are made here, after every ``migrate``: SQLite alters a
column by rebuilding the table, which silently drops the table's triggers, so
any later migration of instruments, classifications, tags or value entries
would leave the cached facet counts and dashboards without invalidation.
"""

import difflib
import re

from django.db import connections


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", (text or "").lower())


def title_similarity(query, title) -> float:
    """0..1: how close ``query`` is to ``title`` or to one of its words, ignoring spaces and hyphens.

    "co creatie wiel" matches "Co-creatiewiel" fully; "partnerschapkaart" matches
    "Partnerschapskaart" at about 0.97.
    """
    target = _compact(query)
    if len(target) < 4 or not title:
        return 0.0
    candidates = [_compact(title)] + [_compact(word) for word in str(title).split()]
    return max(difflib.SequenceMatcher(None, target, c, autojunk=False).ratio() for c in candidates if c)


def register_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("lc_title_similarity", 2, title_similarity, deterministic=True)


# -- version triggers (see instruments.catalogue and valuecreation.selectors) --------------

_CATALOGUE_BUMP = "UPDATE lc_catalogue_version SET n = n + 1 WHERE id = 1;"
_CATALOGUE_TRIGGERS = {
    # table: events that can change a facet count or total
    "instruments_classification": ("INSERT", "UPDATE", "DELETE"),
    "taggit_taggeditem": ("INSERT", "UPDATE", "DELETE"),
    "taggit_tag": ("UPDATE", "DELETE"),
    "instruments_instrument": ("INSERT", "DELETE"),
}
_LISTING_COLUMNS = ("status", "is_hidden", "format")
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


def _trigger_statements(tables: set[str]) -> list[str]:
    statements = []
    if set(_CATALOGUE_TRIGGERS) <= tables:
        statements += [
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
    if "valuecreation_valueentry" in tables:
        entries = "valuecreation_valueentry"
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _VALUE_COLUMNS)
        statements.append(
            "CREATE TABLE IF NOT EXISTS lc_value_log_version"
            " (community_id integer PRIMARY KEY, n integer NOT NULL)"
        )
        triggers = {
            "lc_value_log_insert": f"AFTER INSERT ON {entries} BEGIN {_value_bump('NEW')} END",
            "lc_value_log_delete": f"AFTER DELETE ON {entries} BEGIN {_value_bump('OLD')} END",
            "lc_value_log_update": (
                f"AFTER UPDATE ON {entries} WHEN {changed}"
                f" BEGIN {_value_bump('OLD')} {_value_bump('NEW')} END"
            ),
        }
        for name, definition in triggers.items():
            statements += [f"DROP TRIGGER IF EXISTS {name}", f"CREATE TRIGGER {name} {definition}"]
    return statements


def ensure_triggers(sender=None, using="default", **kwargs):
    """(Re)create the version triggers on SQLite; connected to ``post_migrate``."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {name for (name,) in cursor.fetchall()}
        for statement in _trigger_statements(tables):
            cursor.execute(statement)
