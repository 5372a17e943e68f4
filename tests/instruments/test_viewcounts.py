"""Instrument page views, added up in memory and written in batches."""

import datetime
import logging
import threading

import pytest
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from instruments import viewcounts
from instruments.models import InstrumentViewDay
from tests.factories import InstrumentFactory

BROWSER = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
pytestmark = pytest.mark.django_db


@pytest.fixture
def batched(settings):
    settings.VIEW_COUNT_FLUSH_SECONDS = 60
    settings.VIEW_COUNT_MAX_PENDING = 1000


def views_of(instrument):
    return sum(InstrumentViewDay.objects.filter(instrument=instrument).values_list("views", flat=True))


def test_views_wait_in_memory_until_the_batch_is_written(client, batched):
    instrument = InstrumentFactory()
    for _ in range(3):
        assert client.get(instrument.get_absolute_url(), **BROWSER).status_code == 200
    assert not InstrumentViewDay.objects.exists()
    assert viewcounts.buffer.pending() == {(instrument.pk, timezone.localdate()): 3}
    assert viewcounts.buffer.flush() == 3
    assert views_of(instrument) == 3
    assert viewcounts.buffer.flush() == 0
    assert views_of(instrument) == 3


def test_a_batch_adds_to_the_counter_of_the_day(batched):
    instrument = InstrumentFactory()
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    InstrumentViewDay.objects.create(instrument=instrument, day=today, views=5)
    for day in (today, today, yesterday):
        viewcounts.record_view(instrument.pk, day)
    viewcounts.buffer.flush()
    assert InstrumentViewDay.objects.get(instrument=instrument, day=today).views == 7
    assert InstrumentViewDay.objects.get(instrument=instrument, day=yesterday).views == 1


def test_the_batch_is_written_once_the_oldest_view_is_old_enough(batched, monkeypatch):
    instrument = InstrumentFactory()
    clock = [1000.0]
    monkeypatch.setattr(viewcounts.time, "monotonic", lambda: clock[0])
    viewcounts.record_view(instrument.pk)
    clock[0] += 59
    viewcounts.record_view(instrument.pk)
    assert views_of(instrument) == 0
    clock[0] += 1
    viewcounts.record_view(instrument.pk)
    assert views_of(instrument) == 3
    assert viewcounts.buffer.pending() == {}


def test_too_many_pending_counters_are_written_at_once(batched, settings):
    settings.VIEW_COUNT_MAX_PENDING = 3
    instruments = InstrumentFactory.create_batch(3)
    for instrument in instruments[:2]:
        viewcounts.record_view(instrument.pk)
    assert not InstrumentViewDay.objects.exists()
    viewcounts.record_view(instruments[2].pk)
    assert [views_of(instrument) for instrument in instruments] == [1, 1, 1]


def test_large_batches_are_written_in_chunks(batched, monkeypatch):
    monkeypatch.setattr(viewcounts, "CHUNK", 2)
    instruments = InstrumentFactory.create_batch(5)
    for number, instrument in enumerate(instruments, start=1):
        for _ in range(number):
            viewcounts.record_view(instrument.pk)
    assert viewcounts.buffer.flush() == 15
    assert [views_of(instrument) for instrument in instruments] == [1, 2, 3, 4, 5]


def test_views_of_a_deleted_instrument_do_not_lose_the_others(batched):
    kept, deleted = InstrumentFactory.create_batch(2)
    viewcounts.record_view(kept.pk)
    viewcounts.record_view(deleted.pk)
    deleted.delete()
    assert viewcounts.buffer.flush() == 1
    assert views_of(kept) == 1


def test_a_database_error_is_logged_and_the_batch_dropped(batched, monkeypatch, caplog):
    instrument = InstrumentFactory()
    viewcounts.record_view(instrument.pk)
    viewcounts.record_view(instrument.pk)

    def broken(counts):
        raise DatabaseError("server closed the connection")

    monkeypatch.setattr(viewcounts, "write_views", broken)
    with caplog.at_level(logging.ERROR, logger="instruments.viewcounts"):
        assert viewcounts.buffer.flush() == 0
    assert "Lost 2 instrument page views" in caplog.text
    assert viewcounts.buffer.pending() == {}


def test_pending_views_are_written_when_the_process_exits(batched):
    instrument = InstrumentFactory()
    viewcounts.record_view(instrument.pk)
    viewcounts._flush_at_exit()
    assert views_of(instrument) == 1


def test_without_batching_every_view_is_written_at_once(client):
    instrument = InstrumentFactory()
    client.get(instrument.get_absolute_url(), **BROWSER)
    assert views_of(instrument) == 1
    assert viewcounts.buffer.pending() == {}


def test_a_cached_instrument_page_costs_one_query_and_still_counts(
    client, batched, settings, django_assert_max_num_queries
):
    settings.PAGE_CACHE_SECONDS = 300
    instrument = InstrumentFactory()
    url = reverse("instruments:detail", args=[instrument.slug])
    first = client.get(url, **BROWSER)
    # Served from the cache: the content-version lookup is the only query.
    with django_assert_max_num_queries(1):
        cached = client.get(url, **BROWSER)
    assert cached.content == first.content
    # A crawler served from the same cached page is not counted.
    client.get(url, HTTP_USER_AGENT="Googlebot/2.1")
    assert viewcounts.buffer.pending() == {(instrument.pk, timezone.localdate()): 2}


def test_an_unlisted_instrument_served_from_the_cache_is_not_counted(client, batched, settings, user):
    settings.PAGE_CACHE_SECONDS = 300
    instrument = InstrumentFactory(status="archived")
    url = reverse("instruments:detail", args=[instrument.slug])
    responses = [client.get(url, **BROWSER).status_code for _ in range(2)]
    assert viewcounts.buffer.pending() == {}
    assert responses[0] == responses[1]


def test_a_timer_writes_the_views_of_a_worker_that_gets_no_more_requests(batched, settings, monkeypatch):
    settings.VIEW_COUNT_FLUSH_SECONDS = 0.05
    written = threading.Event()
    batches = []

    def write(counts):
        batches.append((dict(counts), threading.current_thread() is not threading.main_thread()))
        written.set()
        return sum(counts.values())

    monkeypatch.setattr(viewcounts, "write_views", write)
    viewcounts.record_view(41, datetime.date(2026, 11, 20))
    assert written.wait(timeout=5)
    assert batches == [({(41, datetime.date(2026, 11, 20)): 1}, True)]
    assert viewcounts.buffer.pending() == {}


def test_clearing_the_buffer_stops_its_timer(batched):
    viewcounts.record_view(41)
    timer = viewcounts.buffer._timer
    assert timer is not None and timer.is_alive()
    viewcounts.buffer.clear()
    timer.join(timeout=5)
    assert not timer.is_alive() and viewcounts.buffer._timer is None
