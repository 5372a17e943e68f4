"""The queue, the log and the insights page run a bounded number of queries."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from instruments import services as instrument_services
from instruments.models import InstrumentStatus, InstrumentViewDay
from moderation import services
from moderation.models import DecisionAction, FlaggedItem
from moderation.registry import KINDS
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

# Whatever the queue size; each kind awaiting approval (proposals, first posts) adds a count and a list.
QUEUE_MAX_QUERIES = 24
INSIGHTS_MAX_QUERIES = 20  # measured: 16, whatever the data size


def _fill_queue(n, make_user):
    developer = make_user("developer")
    reporters = [UserFactory() for _ in range(2)]
    for i in range(n):
        InstrumentFactory(title=f"Inzending {i}", owner=developer, status=InstrumentStatus.SUBMITTED)
        live = InstrumentFactory(title=f"Live {i}", owner=developer, facets={"phase": ["start"]})
        instrument_services.revision_propose(actor=developer, instrument=live, data={"title": f"Nieuw {i}"})
        review = instrument_services.review_save(actor=UserFactory(), instrument=live, rating=2, text="x")
        experience = ExperienceFactory(instrument=live, author=UserFactory())
        for reporter in reporters:
            services.report_create(actor=reporter, kind=KINDS["review"], obj=review, reason="spam")
            services.report_create(
                actor=reporter, kind=KINDS["experience"], obj=experience, reason="offensive"
            )
        services.report_create(actor=reporters[0], kind=KINDS["instrument"], obj=live, reason="incorrect")


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 12])
def test_queue_queries_do_not_grow(client, coordinator, make_user, django_assert_max_num_queries, n):
    _fill_queue(n, make_user)
    client.force_login(coordinator)
    with django_assert_max_num_queries(QUEUE_MAX_QUERIES):
        response = client.get(reverse("moderation:queue"))
    assert response.status_code == 200
    assert len(response.context["report_items"]) == min(3 * n, 25)
    assert response.context["submissions"].paginator.count == n


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 12])
def test_log_queries_do_not_grow(client, coordinator, make_user, django_assert_max_num_queries, n):
    _fill_queue(n, make_user)
    for item in FlaggedItem.objects.all():
        services.item_decide(actor=coordinator, item=item, action=DecisionAction.HIDE, reason="Weg ermee")
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("moderation:log")).status_code == 200


@pytest.mark.django_db
def test_navigation_counts_take_three_queries(coordinator, make_user, django_assert_num_queries):
    from moderation.selectors import queue_counts

    _fill_queue(3, make_user)
    # Instruments, reports, roles, and one COUNT per kind with approvals (proposed challenges, first posts).
    with django_assert_num_queries(5):
        counts = queue_counts()
    assert counts == {"submitted": 3, "revisions": 3, "reports": 9, "roles": 0, "approvals": 0, "total": 15}


@pytest.mark.django_db
@pytest.mark.parametrize("n", [2, 30])
def test_insights_queries_do_not_grow(client, make_user, django_assert_max_num_queries, n):
    from communities.models import Visibility
    from tests.communities.factories import CommunityFactory, InstrumentUseFactory

    owner = make_user("developer")
    instrument = InstrumentFactory(owner=owner, facets={"phase": ["start"]})
    today = timezone.localdate()
    facilitator = make_user("facilitator")
    for i in range(n):
        InstrumentViewDay.objects.create(
            instrument=instrument, day=today - datetime.timedelta(days=i), views=i + 1
        )
        instrument_services.review_save(actor=UserFactory(), instrument=instrument, rating=1 + i % 5)
        ExperienceFactory(
            instrument=instrument, author=UserFactory(), theme="energy", level="micro", phase="start"
        )
        community = CommunityFactory(
            facilitator=facilitator, visibility=Visibility.PUBLIC if i % 2 else Visibility.MEMBERS_ONLY
        )
        InstrumentUseFactory(community=community, instrument=instrument)
        instrument_services.bookmark_toggle(actor=UserFactory(), instrument=instrument)
    client.force_login(owner)
    with django_assert_max_num_queries(INSIGHTS_MAX_QUERIES):
        response = client.get(reverse("instruments:insights", args=[instrument.slug]))
    assert response.status_code == 200
    assert response.context["insights"].experience_total == n
