"""SQLite triggers that each app keeps on its own tables, made again after every ``migrate``.

On PostgreSQL an app's triggers live in its migrations. SQLite alters a column
by rebuilding the table, which silently drops the table's triggers, so a later
migration of any app would leave them missing. An app that needs triggers on
SQLite registers a function here (in its ``ready()``) that returns the
statements for the tables that exist; ``ensure_triggers`` runs them all after
each ``migrate`` (connected to ``post_migrate`` in core's ``ready()``).

core knows no app: it only holds the registered functions.
"""

from collections.abc import Callable

from django.db import connections

# tables that exist -> statements (DROP TRIGGER IF EXISTS, CREATE TRIGGER ...), in order
TriggerStatements = Callable[[set[str]], list[str]]

_makers: dict[str, TriggerStatements] = {}


def register_triggers(name: str, statements: TriggerStatements) -> None:
    """Run ``statements(tables)`` after every migrate on SQLite; registering a ``name`` again replaces it."""
    _makers[name] = statements


def ensure_triggers(sender=None, using="default", **kwargs) -> None:
    """(Re)create every registered app's triggers on SQLite; a no-op on other databases."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {name for (name,) in cursor.fetchall()}
        for statements in _makers.values():
            for statement in statements(tables):
                cursor.execute(statement)
