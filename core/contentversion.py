"""Table versions: a number per table, raised after every committed write to it, read by the page cache.

Every SQL statement Django sends passes a connection wrapper. A write
statement names the tables it writes (``INSERT INTO``, ``UPDATE``, ``DELETE
FROM``, ``TRUNCATE``, also inside a ``WITH``); after the commit each of them
(and the tables declared derived from them) gets its version raised, once per
transaction. So ORM saves, bulk ``update()``s of moderation, admin actions,
Celery tasks and management commands all count, without a call in each
service, and a write in one community leaves pages that never read its tables
alone.

Raising after the commit is what keeps cached pages correct: a reader that
sees the new number also sees the new data; a reader that rendered the old
data did so under the old number, which no longer matches.

While a cached page renders, ``recording()`` collects every table its
statements name (core.pagecache keeps the page with those tables' versions).

Apps declare their own exceptions in their ``AppConfig.ready()``, so core
names no other app's table: ``ignore_tables()`` for counters and logs shown
on no cached page, ``ignore_statements()`` for one statement shape that
changes nothing shown (the last login), ``derive_table()`` for a table the
database writes itself (a trigger-kept counter) when its source tables change.
"""

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.apps import apps
from django.db import DatabaseError, connections, transaction

# Written on ordinary reads or by machinery, and shown on no cached page. These are core's and
# Django's; every other app adds its own with ignore_tables() in its AppConfig.ready().
IGNORED_TABLES = {
    "core_tableversion",
    "django_session",
    "lc_cache",
    "django_migrations",
}
# Whole statements (whitespace collapsed) that raise nothing: see ignore_statements().
_IGNORED_STATEMENTS: list[re.Pattern] = []
# source table -> the tables the database derives from it (triggers), raised with it.
_DERIVED: dict[str, set[str]] = {}
_known_tables: dict[str, frozenset[str]] = {}
logger = logging.getLogger(__name__)

_WRITE_STATEMENT = re.compile(r"^\s*(?:WITH|INSERT|UPDATE|DELETE|TRUNCATE|REPLACE)\b", re.I)
_NAME = r'(?:"[^"]+"|\w+)(?:\s*\.\s*(?:"[^"]+"|\w+))?'
# The table after each writing keyword, wherever it stands (a data-modifying CTE writes too).
_TARGET = re.compile(
    rf"\b(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO|UPDATE(?:\s+ONLY)?|DELETE\s+FROM(?:\s+ONLY)?)\s+({_NAME})",
    re.I,
)
_TRUNCATE = re.compile(
    rf"\bTRUNCATE\s+(?:TABLE\s+)?((?:ONLY\s+)?{_NAME}(?:\s*,\s*(?:ONLY\s+)?{_NAME})*)", re.I
)
# What follows UPDATE where it writes nothing: ON CONFLICT DO UPDATE SET, FOR UPDATE OF/SKIP LOCKED/NOWAIT.
_NOT_A_TABLE = {"set", "of", "skip", "nowait"}
_WORD = re.compile(r"[a-z_][a-z0-9_$]*")


def ignore_tables(*tables: str) -> None:
    """Writes to these tables (counters, delivery logs, derived rows) raise no version."""
    IGNORED_TABLES.update(table.lower() for table in tables)
    _known_tables.clear()


def ignore_statements(*patterns: str) -> None:
    """Statements matching one of these regular expressions as a whole raise no version.

    For a write that changes nothing a cached page shows, in exactly the shape
    Django sends it, so other writes to the same table still count. Matched
    against the statement with its whitespace collapsed to single spaces.
    """
    _IGNORED_STATEMENTS.extend(re.compile(pattern, re.I) for pattern in patterns)


def derive_table(derived: str, *, sources: Iterable[str]) -> None:
    """``derived`` is written by the database when one of ``sources`` is (a trigger).

    The watcher never sees a trigger's statements, so a write to a source
    table raises the derived table's version too, after the same commit.
    """
    for source in sources:
        _DERIVED.setdefault(source.lower(), set()).add(derived.lower())
    _known_tables.clear()


def _table_name(name: str) -> str:
    return name.split(".")[-1].strip().strip('"').lower()


def written_tables(sql: str) -> set[str]:
    """The tables a statement writes, with those derived from them, less the ignored ones."""
    if not _WRITE_STATEMENT.match(sql):
        return set()
    if _IGNORED_STATEMENTS:
        flat = " ".join(sql.split())
        if any(pattern.fullmatch(flat) for pattern in _IGNORED_STATEMENTS):
            return set()
    tables = {_table_name(match) for match in _TARGET.findall(sql)}
    for names in _TRUNCATE.findall(sql):
        tables.update(
            _table_name(re.sub(r"^ONLY\s+", "", name.strip(), flags=re.I)) for name in names.split(",")
        )
    tables -= _NOT_A_TABLE
    for table in list(tables):
        tables |= _DERIVED.get(table, set())
    return tables - IGNORED_TABLES


def known_tables(using: str = "default") -> frozenset[str]:
    """Every table name a statement can mention: the models', the derived ones and the database's own."""
    if using not in _known_tables:
        names = {model._meta.db_table.lower() for model in apps.get_models(include_auto_created=True)}
        for derived in _DERIVED.values():
            names |= derived
        try:
            names |= {name.lower() for name in connections[using].introspection.table_names()}
        except DatabaseError:
            logger.warning("Could not list the database's tables", exc_info=True)
        _known_tables[using] = frozenset(names - IGNORED_TABLES)
    return _known_tables[using]


def read_tables(sql: str, known: frozenset[str]) -> set[str]:
    """Every word of the statement that is a table name: a missed table would mean a stale page."""
    return set(_WORD.findall(sql.lower())) & known


def _version_table() -> str:
    from .models import TableVersion

    return TableVersion._meta.db_table


def raise_tables(tables: Iterable[str], using: str = "default") -> None:
    """One statement raising each table's version; runs outside any transaction (after the commit)."""
    names = sorted(set(tables))
    if not names:
        return
    table = _version_table()
    # Sorted, so two writers take the rows in the same order and cannot deadlock.
    rows = ", ".join(["(%s, 1)"] * len(names))
    sql = (
        f'INSERT INTO "{table}" ("name", "version") VALUES {rows} '  # noqa: S608 (names are parameters)
        f'ON CONFLICT ("name") DO UPDATE SET "version" = "{table}"."version" + 1'
    )
    try:
        with connections[using].cursor() as cursor:
            cursor.execute(sql, names)
    except DatabaseError:
        # Before migrations made the table there are no cached pages to invalidate.
        logger.warning("Could not raise the table versions", exc_info=True)


def table_versions(tables: Iterable[str] | None = None, using: str = "default") -> dict[str, int]:
    """The versions of ``tables`` (all rows when None), in one query; a table never written is absent (0)."""
    from .models import TableVersion

    rows = TableVersion.objects.using(using)
    if tables is not None:
        names = sorted(set(tables))
        if not names:
            return {}
        rows = rows.filter(name__in=names)
    return dict(rows.values_list("name", "version"))


class _Pending:
    """The tables one transaction (one savepoint level of it) wrote, raised after its commit."""

    raises_versions = True

    def __init__(self, alias: str, raised: set[str]):
        self.alias = alias
        self.tables: set[str] = set()
        # Shared by the levels of one transaction, so each table is raised once.
        self.raised = raised
        self.ran = False

    def __call__(self):
        self.ran = True
        tables = self.tables - self.raised
        self.raised |= tables
        raise_tables(tables, self.alias)


class _Watcher:
    def __init__(self, alias: str):
        self.alias = alias
        self.recordings: list[set[str]] = []
        self.known: frozenset[str] = frozenset()

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if isinstance(sql, str) and not _migrating:
            for recording in self.recordings:
                recording |= read_tables(sql, self.known)
            tables = written_tables(sql)
            if tables:
                self._queue(tables)
        return result

    def _queue(self, tables: set[str]) -> None:
        connection = connections[self.alias]
        if not connection.in_atomic_block:
            raise_tables(tables, self.alias)
            return
        # One callback per savepoint level: a savepoint rolled back drops its callback, and so its
        # tables, and nothing else; the levels that commit share which tables were raised.
        level = set(connection.savepoint_ids)
        raised = None
        for sids, func, _robust in connection.run_on_commit:
            if isinstance(func, _Pending) and not func.ran:
                if sids == level:
                    func.tables |= tables
                    return
                raised = func.raised
        pending = _Pending(self.alias, raised if raised is not None else set())
        pending.tables |= tables
        transaction.on_commit(pending, using=self.alias)


_migrating = False


def pause_during_migrate(sender=None, **kwargs):
    """``pre_migrate``: the table may not exist yet, and no page is cached across a migration."""
    global _migrating
    _migrating = True


def resume_after_migrate(sender=None, **kwargs):
    global _migrating
    _migrating = False


def _watcher(connection) -> _Watcher:
    for wrapper in connection.execute_wrappers:
        if isinstance(wrapper, _Watcher):
            return wrapper
    watcher = _Watcher(connection.alias)
    # First in the list: ``connection.execute_wrapper()`` pops the LAST wrapper when its block ends,
    # so a watcher appended inside someone's block (bench/middleware.py's query counter, when the
    # request opened the connection) would be removed in its place.
    connection.execute_wrappers.insert(0, watcher)
    return watcher


def watch_connection(sender, connection, **kwargs):
    """``connection_created`` receiver: add the watcher once per connection object."""
    _watcher(connection)


@contextmanager
def recording(using: str = "default") -> Iterator[set[str]]:
    """Collects the tables the statements sent in the block name (ignored ones left out)."""
    connection = connections[using]
    watcher = _watcher(connection)
    watcher.known = known_tables(using)
    tables: set[str] = set()
    watcher.recordings.append(tables)
    try:
        yield tables
    finally:
        # By identity: an equal set of an enclosing recording is another recording.
        watcher.recordings[:] = [other for other in watcher.recordings if other is not tables]
