import pytest

from instruments import services as instrument_services
from instruments.models import InstrumentStatus, Review
from moderation import services
from moderation.registry import KINDS
from tests.factories import InstrumentFactory, UserFactory


@pytest.fixture
def published(make_user):
    """A published instrument owned by a developer."""
    owner = make_user("developer")
    return InstrumentFactory(title="Reflectiekaarten", owner=owner, status=InstrumentStatus.PUBLISHED)


@pytest.fixture
def review(published) -> Review:
    return instrument_services.review_save(
        actor=UserFactory(email="schrijver@example.org"),
        instrument=published,
        rating=1,
        text="Koop nu goedkope horloges",
    )


@pytest.fixture
def report():
    """Report ``obj`` of ``kind`` by ``user`` through the service."""

    def make(user, kind, obj, reason="spam", text=""):
        return services.report_create(actor=user, kind=KINDS[kind], obj=obj, reason=reason, text=text)

    return make


@pytest.fixture(autouse=True)
def _english(english_copy):
    """These tests read the English copy (see english_copy in tests/conftest.py)."""
