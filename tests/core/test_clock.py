"""The test clock: ``@pytest.mark.clock`` pins a test together with its fixtures (tests/conftest.py)."""

import datetime as dt

import pytest
from django.utils import timezone

MOMENT = dt.datetime(2026, 11, 22, 15, 1, tzinfo=dt.UTC)


@pytest.fixture
def stamped():
    return timezone.now()


@pytest.mark.clock(MOMENT, tick=False)
def test_the_clock_marker_pins_the_fixtures_too(stamped):
    assert stamped == MOMENT
    assert timezone.now() == MOMENT


@pytest.mark.clock(MOMENT)
def test_a_ticking_clock_starts_at_the_moment(stamped):
    assert MOMENT <= stamped <= timezone.now() < MOMENT + dt.timedelta(minutes=5)
