"""The catalogue version: a number the database raises on every write that can change a facet count.

``instruments.catalogue`` caches the facet counts and totals of the catalogue
(without search words) under this number. Triggers rather than calls in the
services, for the reason discovery/0002 keeps its search vectors with
triggers: no code path can forget them. Publishing, hiding (also the bulk
``update()`` of a suspension), a format change, a new classification or tag,
the admin, raw SQL: each raises the version in the same transaction, so the
next request counts again.

Raised by: instruments inserted or deleted, an update of ``status``,
``is_hidden`` or ``format`` (not of ratings or texts, which no count depends
on), any change to classifications or tagged items, a tag renamed or deleted.
On PostgreSQL the version is one row updated by the writing transaction, so
readers see the new number exactly when they can see the change.

PostgreSQL only. SQLite drops a table's triggers whenever a migration rebuilds
the table (its way of altering a column), so there ensure_triggers makes them
after every ``migrate`` instead (instruments/sqlite.py, core/sqlite.py); tests/instruments/test_catalogue_cache.py
checks both.
"""

from django.db import migrations

TABLE = "lc_catalogue_version"
FUNCTION = "lc_catalogue_bump"
# (table, events)
STATEMENT_TRIGGERS = [
    ("instruments_instrument", "INSERT OR DELETE OR TRUNCATE"),
    ("instruments_classification", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    ("taggit_taggeditem", "INSERT OR UPDATE OR DELETE OR TRUNCATE"),
    ("taggit_tag", "UPDATE OR DELETE OR TRUNCATE"),
]
LISTING_COLUMNS = ["status", "is_hidden", "format"]
BUMP = f"UPDATE {TABLE} SET n = n + 1 WHERE id = 1"


def _postgresql() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in LISTING_COLUMNS)
    statements = [
        f"CREATE TABLE IF NOT EXISTS {TABLE} (id smallint PRIMARY KEY, n bigint NOT NULL)",
        f"INSERT INTO {TABLE} (id, n) VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
        f"""CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger AS $$
        BEGIN
            {BUMP};
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql""",
    ]
    for table, events in STATEMENT_TRIGGERS:
        statements += [
            f"DROP TRIGGER IF EXISTS lc_catalogue_change ON {table}",
            f"CREATE TRIGGER lc_catalogue_change AFTER {events} ON {table}"
            f" FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()",
        ]
    statements += [
        "DROP TRIGGER IF EXISTS lc_catalogue_listing ON instruments_instrument",
        f"""CREATE TRIGGER lc_catalogue_listing AFTER UPDATE ON instruments_instrument
            FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {FUNCTION}()""",
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
    for table, _events in STATEMENT_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS lc_catalogue_change ON {table}")
    schema_editor.execute("DROP TRIGGER IF EXISTS lc_catalogue_listing ON instruments_instrument")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [
        ("instruments", "0002_moderation_and_supply_side"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(_forward, _backward, elidable=False)]
