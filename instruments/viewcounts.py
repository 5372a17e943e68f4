"""Page views of instruments, added up in memory and written in batches.

Writing every view with its own UPDATE was the largest cost of a cached
instrument page. Each worker process now adds its views up per instrument and
day and writes them with one upsert once ``VIEW_COUNT_FLUSH_SECONDS`` have
passed since the oldest pending view (a timer thread sees to that when no
request comes), when ``VIEW_COUNT_MAX_PENDING`` counters are pending, or
when the process exits. The price: a worker that is killed hard (SIGKILL,
out of memory) loses the views of its last few seconds. These are statistics
for instrument developers, so that is the trade-off we take;
``VIEW_COUNT_FLUSH_SECONDS = 0`` writes every view at once.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from .models import Instrument, InstrumentViewDay

logger = logging.getLogger(__name__)
CHUNK = 500


class ViewBuffer:
    def __init__(self):
        self._lock = threading.Lock()
        self._pending: Counter = Counter()
        self._oldest: float | None = None
        self._timer: threading.Timer | None = None

    def add(self, instrument_id: int, day) -> None:
        with self._lock:
            self._pending[(instrument_id, day)] += 1
            if self._oldest is None:
                self._oldest = time.monotonic()
                self._start_timer()
            due = self._due()
        if due:
            self.flush()

    def _start_timer(self) -> None:
        wait = getattr(settings, "VIEW_COUNT_FLUSH_SECONDS", 0)
        if wait > 0 and self._timer is None:
            # A worker that gets no more requests still writes its views in time.
            self._timer = threading.Timer(wait, self._flush_in_background)
            self._timer.daemon = True
            self._timer.start()

    def _flush_in_background(self) -> None:
        with self._lock:
            self._timer = None
        try:
            self.flush()
        finally:
            # This thread's own database connection; the requests' stay untouched.
            connections.close_all()

    def _due(self) -> bool:
        wait = getattr(settings, "VIEW_COUNT_FLUSH_SECONDS", 0)
        return (
            wait <= 0
            or len(self._pending) >= getattr(settings, "VIEW_COUNT_MAX_PENDING", 1000)
            or time.monotonic() - self._oldest >= wait
        )

    def pending(self) -> dict:
        with self._lock:
            return dict(self._pending)

    def clear(self) -> None:
        with self._lock:
            self._pending, self._oldest = Counter(), None
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None

    def flush(self) -> int:
        """Write the pending views; returns how many were written."""
        with self._lock:
            pending, self._pending, self._oldest = self._pending, Counter(), None
        if not pending:
            return 0
        try:
            return write_views(pending)
        except DatabaseError:
            # The database is away: the pages fail too, and keeping the counts
            # would only grow this process while it lasts.
            logger.exception("Lost %d instrument page views", sum(pending.values()))
            return 0


def write_views(counts: dict) -> int:
    """Add ``{(instrument_id, day): views}`` to the daily counters, in one transaction."""
    ids = {instrument_id for instrument_id, _day in counts}
    # An instrument deleted since its view was counted would break the whole batch.
    existing = set(Instrument.objects.filter(pk__in=ids).values_list("pk", flat=True))
    # Sorted, so two workers lock the same rows in the same order and cannot deadlock.
    rows = sorted((key, views) for key, views in counts.items() if key[0] in existing)
    table = connection.ops.quote_name(InstrumentViewDay._meta.db_table)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A crash may lose the last fraction of a second of view counts; in exchange
            # the write does not wait for the write-ahead log to reach the disk.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            params = []
            for (instrument_id, day), views in chunk:
                params += [instrument_id, connection.ops.adapt_datefield_value(day), views]
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            # Only placeholders and the model's own table name are put into the text.
            sql = (
                f'INSERT INTO {table} ("instrument_id", "day", "views") VALUES {values} '  # noqa: S608
                f'ON CONFLICT ("instrument_id", "day") '
                f'DO UPDATE SET "views" = {table}."views" + EXCLUDED."views"'
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
    return sum(views for _key, views in rows)


buffer = ViewBuffer()


def record_view(instrument_id: int, day=None) -> None:
    """Count one page view of the instrument (written now or with the next batch)."""
    buffer.add(instrument_id, day or timezone.localdate())


def _flush_at_exit():
    try:
        buffer.flush()
    except Exception:  # noqa: BLE001 - the interpreter is going away; say so and stop
        logger.exception("Could not write instrument page views at exit")


atexit.register(_flush_at_exit)
