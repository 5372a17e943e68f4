import pytest

from .world import build_world


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Hypothesis posts far more than a person could; the limits themselves are tested elsewhere."""
    settings.MODERATION_RATE_LIMITS = dict.fromkeys(("review", "experience", "report", "submission"), 10**6)
    settings.ACCOUNT_RATE_LIMITS = False


@pytest.fixture
def world(db):
    return build_world()
