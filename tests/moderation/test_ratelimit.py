"""Hourly limits on creating reviews, experiences, reports and submissions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from instruments import services as instrument_services
from instruments.models import ChangeAction, Experience, Instrument, InstrumentChange, Review
from moderation.models import Report
from moderation.ratelimit import DEFAULT_RATE_LIMITS, RateLimitExceeded, check_rate_limit, limit_for
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight(settings):
    settings.MODERATION_RATE_LIMITS = {"review": 2, "experience": 1, "report": 2, "submission": 1}
    return settings.MODERATION_RATE_LIMITS


def test_defaults_apply_without_the_setting(settings):
    if hasattr(settings, "MODERATION_RATE_LIMITS"):
        del settings.MODERATION_RATE_LIMITS
    assert limit_for("review") == DEFAULT_RATE_LIMITS["review"]


def test_review_limit_answers_429_with_a_message_and_keeps_the_text(client, tight):
    user = UserFactory()
    for _ in range(2):
        instrument_services.review_save(actor=user, instrument=InstrumentFactory(), rating=4)
    target = InstrumentFactory()
    client.force_login(user)
    response = client.post(
        reverse("instruments:review", args=[target.slug]), {"rating": "5", "text": "Mijn tekst"}
    )
    assert response.status_code == 429
    body = response.content.decode()
    assert "Mijn tekst" in body and "limit of 2" in body
    assert not Review.objects.filter(instrument=target).exists()


def test_editing_an_existing_review_is_not_limited(client, tight):
    user = UserFactory()
    instrument = InstrumentFactory()
    instrument_services.review_save(actor=user, instrument=instrument, rating=2)
    instrument_services.review_save(actor=user, instrument=InstrumentFactory(), rating=2)
    client.force_login(user)
    response = client.post(reverse("instruments:review", args=[instrument.slug]), {"rating": "5"})
    assert response.status_code == 302
    assert Review.objects.get(author=user, instrument=instrument).rating == 5


def test_experience_limit(client, tight):
    user = UserFactory()
    instrument = InstrumentFactory()
    ExperienceFactory(instrument=instrument, author=user)
    client.force_login(user)
    response = client.post(
        reverse("instruments:experience", args=[instrument.slug]),
        {"what_worked": "Goed", "would_use_again": "yes"},
    )
    assert response.status_code == 429
    assert Experience.objects.filter(author=user).count() == 1


def test_limit_is_per_hour(tight):
    user = UserFactory()
    ExperienceFactory(instrument=InstrumentFactory(), author=user)
    Experience.objects.update(created_at=timezone.now() - datetime.timedelta(hours=2))
    check_rate_limit(user, "experience")  # no exception: the old one is outside the window


def test_report_limit(client, tight, make_user):
    user = UserFactory()
    reviews = [
        instrument_services.review_save(actor=UserFactory(), instrument=InstrumentFactory(), rating=3)
        for _ in range(3)
    ]
    client.force_login(user)
    for review in reviews[:2]:
        assert (
            client.post(
                reverse("moderation:report", args=["review", review.pk]), {"reason": "spam"}
            ).status_code
            == 302
        )
    response = client.post(reverse("moderation:report", args=["review", reviews[2].pk]), {"reason": "spam"})
    assert response.status_code == 429
    assert Report.objects.filter(reporter=user).count() == 2


def test_submission_limit(client, tight, make_user):
    developer = make_user("developer")
    client.force_login(developer)
    data = {
        "title": "Eerste",
        "summary": "s",
        "goal": "g",
        "format": "scan",
        "language": "nl",
        "phase": ["start"],
        "audience": ["facilitators"],
    }
    assert client.post(reverse("instruments:submit"), data).status_code == 302
    response = client.post(reverse("instruments:submit"), {**data, "title": "Tweede"})
    assert response.status_code == 429
    assert "Tweede" in response.content.decode()
    assert Instrument.objects.filter(title="Tweede").count() == 0
    assert InstrumentChange.objects.filter(actor=developer, action=ChangeAction.CREATED).count() == 1


def test_coordinators_are_not_limited(tight, coordinator):
    for _ in range(3):
        instrument_services.review_save(actor=coordinator, instrument=InstrumentFactory(), rating=4)
    check_rate_limit(coordinator, "review")


def test_exception_carries_the_limit(tight):
    user = UserFactory()
    instrument_services.review_save(actor=user, instrument=InstrumentFactory(), rating=4)
    instrument_services.review_save(actor=user, instrument=InstrumentFactory(), rating=4)
    with pytest.raises(RateLimitExceeded) as raised:
        check_rate_limit(user, "review")
    assert raised.value.limit == 2 and raised.value.status_code == 429
