"""The content version: raised after every committed write, read by the page cache.

Every SQL statement Django sends passes a connection wrapper; a write to a
content table (anything but sessions, caches, counters and delivery logs)
queues one raise of the version for after the commit. So ORM saves, bulk
``update()``s of moderation, admin actions, Celery tasks and management
commands all count, without a call in each service.

Raising after the commit is what keeps cached pages correct: a reader that
sees the new number also sees the new data; a reader that rendered the old
data did so under the old number, which nobody asks for any more.
"""

import logging
import re

from django.db import DatabaseError, connections, transaction
from django.db.models import F

# Written on ordinary reads or by machinery, and shown on no cached page. These are core's and
# Django's; every other app adds its own with ignore_tables() in its AppConfig.ready(), so core names
# no other app's table.
IGNORED_TABLES = {
    "core_contentversion",
    "django_session",
    "lc_cache",
    "django_migrations",
}
logger = logging.getLogger(__name__)
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)"?', re.I)


def ignore_tables(*tables: str) -> None:
    """Writes to these tables (counters, delivery logs, version rows) never raise the content version."""
    IGNORED_TABLES.update(table.lower() for table in tables)


def writes_content(sql: str) -> bool:
    match = WRITE.match(sql)
    return bool(match) and match.group(1).lower() not in IGNORED_TABLES


def raise_version(using: str = "default") -> None:
    """Runs outside any transaction (after the commit, or in autocommit)."""
    from .models import ContentVersion

    try:
        updated = ContentVersion.objects.using(using).filter(pk=1).update(number=F("number") + 1)
        if not updated:
            ContentVersion.objects.using(using).get_or_create(pk=1, defaults={"number": 1})
    except DatabaseError:
        # Before migrations made the table there are no cached pages to invalidate.
        logger.warning("Could not raise the content version", exc_info=True)


def current_version(using: str = "default") -> int:
    from .models import ContentVersion

    return ContentVersion.objects.using(using).filter(pk=1).values_list("number", flat=True).first() or 0


class _Watcher:
    def __init__(self, alias: str):
        self.alias = alias

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not _migrating and isinstance(sql, str) and writes_content(sql):
            self._queue()
        return result

    def _queue(self):
        connection = connections[self.alias]
        if not connection.in_atomic_block:
            raise_version(self.alias)
            return
        # One raise per transaction, however many statements write.
        for _sids, func, _robust in connection.run_on_commit:
            if getattr(func, "raises_version", False) and not func.ran:
                return
        alias = self.alias

        def after_commit():
            after_commit.ran = True
            raise_version(alias)

        after_commit.raises_version = True
        after_commit.ran = False
        transaction.on_commit(after_commit, using=alias)


_migrating = False


def pause_during_migrate(sender=None, **kwargs):
    """``pre_migrate``: the table may not exist yet, and no page is cached across a migration."""
    global _migrating
    _migrating = True


def resume_after_migrate(sender=None, **kwargs):
    global _migrating
    _migrating = False


def watch_connection(sender, connection, **kwargs):
    """``connection_created`` receiver: add the watcher once per connection object."""
    if not any(isinstance(wrapper, _Watcher) for wrapper in connection.execute_wrappers):
        connection.execute_wrappers.append(_Watcher(connection.alias))
