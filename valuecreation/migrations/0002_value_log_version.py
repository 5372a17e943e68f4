"""A version number per community's value log, raised by the database on every change that counts.

The value dashboard caches its tallies and monthly series (valuecreation.selectors)
under this number instead of counting the whole log on every request. Triggers
rather than calls in the services, as discovery/0002 keeps its search vectors:
hiding by moderation (also the bulk ``update()`` of a suspension), the admin's
bulk actions, cascades when a user or sprint is deleted, raw SQL all raise it in
the same transaction as the change, so no path can leave a stale figure.

Raised for a community when one of its entries is inserted or deleted, or an
update changes a column the dashboard counts or filters by (community, cycle,
level, date, visibility, hidden, sprint, author); not for text edits or story
links. On PostgreSQL the triggers run once per statement over the changed rows
and take the version rows in community order, so two bulk updates cannot
deadlock on them.

PostgreSQL only. SQLite drops a table's triggers whenever a migration rebuilds
the table (its way of altering a column), so there ensure_triggers makes them
after every ``migrate`` instead (valuecreation/sqlite.py, core/sqlite.py); tests/valuecreation/test_dashboard_cache.py
checks both.
"""

from django.db import migrations

TABLE = "lc_value_log_version"
ENTRIES = "valuecreation_valueentry"
COUNTED = ["community_id", "cycle", "level", "date", "visibility", "is_hidden", "sprint_id", "author_id"]


def _pg_bump(rows: str) -> str:
    return f"""INSERT INTO {TABLE} AS v (community_id, n)
            SELECT DISTINCT community_id, 1 FROM ({rows}) AS changed ORDER BY community_id
            ON CONFLICT (community_id) DO UPDATE SET n = v.n + 1"""


def _postgresql() -> list[str]:
    old = ", ".join(f"o.{c}" for c in COUNTED)
    new = ", ".join(f"n.{c}" for c in COUNTED)
    changed = f"FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE ({old}) IS DISTINCT FROM ({new})"
    bodies = {
        "insert": _pg_bump("SELECT community_id FROM new_rows"),
        "delete": _pg_bump("SELECT community_id FROM old_rows"),
        "update": _pg_bump(f"SELECT o.community_id {changed} UNION SELECT n.community_id {changed}"),
        "truncate": f"UPDATE {TABLE} SET n = n + 1",
    }
    referencing = {
        "insert": "REFERENCING NEW TABLE AS new_rows",
        "delete": "REFERENCING OLD TABLE AS old_rows",
        "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "truncate": "",
    }
    statements = [f"CREATE TABLE IF NOT EXISTS {TABLE} (community_id bigint PRIMARY KEY, n bigint NOT NULL)"]
    for event, body in bodies.items():
        function = f"lc_value_log_{event}"
        statements += [
            f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
            BEGIN
                {body};
                RETURN NULL;
            END
            $$ LANGUAGE plpgsql""",
            f"DROP TRIGGER IF EXISTS {function} ON {ENTRIES}",
            f"CREATE TRIGGER {function} AFTER {event.upper()} ON {ENTRIES} {referencing[event]}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
        ]
    return statements


def _forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in _postgresql():
        schema_editor.execute(statement)


def _backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for event in ("insert", "delete", "update", "truncate"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS lc_value_log_{event} ON {ENTRIES}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS lc_value_log_{event}()")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("valuecreation", "0001_initial")]

    operations = [migrations.RunPython(_forward, _backward, elidable=False)]
