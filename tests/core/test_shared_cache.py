"""The shared cache: Redis when REDIS_URL is set, failing open when Redis is down."""

import os

import pytest
from django.test import override_settings
from django.urls import reverse

from core.cache import FailOpenRedisCache
from lcplatform import settings as project_settings
from tests.factories import InstrumentFactory

CLOSED_PORT = "redis://127.0.0.1:1/0"  # nothing listens on port 1
DOWN = {
    "default": {"BACKEND": "core.cache.FailOpenRedisCache", "LOCATION": CLOSED_PORT},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "down-pages"},
}


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="only with REDIS_URL set")
def test_redis_serves_the_shared_cache_when_redis_url_is_set():
    # The test run swaps in local memory caches (tests/conftest.py); the project's own setting is this.
    config = project_settings.CACHES["default"]
    assert config["BACKEND"] == "core.cache.FailOpenRedisCache"
    cache = FailOpenRedisCache(config["LOCATION"], config)
    cache.set("shared-cache-probe", 41)
    assert cache.incr("shared-cache-probe") == 42
    cache.delete("shared-cache-probe")


def test_every_operation_is_a_miss_when_redis_is_down():
    cache = FailOpenRedisCache(CLOSED_PORT, {})
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False
    cache.set("k", 1)
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.delete("k") is False
    assert cache.has_key("k") is False
    with pytest.raises(ValueError):  # what a missing key gives: callers start a new count
        cache.incr("k")


@pytest.mark.django_db
@override_settings(CACHES=DOWN, PAGE_CACHE_SECONDS=0)
def test_pages_keep_answering_with_redis_down(client):
    instrument = InstrumentFactory(title="Werkt zonder Redis")
    assert "Werkt zonder Redis" in client.get(instrument.get_absolute_url()).content.decode()
    assert client.get(reverse("instruments:list")).status_code == 200
    assert client.get("/").status_code == 200
