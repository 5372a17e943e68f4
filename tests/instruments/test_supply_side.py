"""Edit history and revert, insights, view counting and co-owners."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from instruments import services
from instruments.insights import insights_for
from instruments.models import (
    ChangeAction,
    InstrumentChange,
    InstrumentStatus,
    InstrumentViewDay,
    OwnerInvitation,
)
from moderation.models import Decision, DecisionAction
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_copy")]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36"


@pytest.fixture
def owned(make_user):
    return InstrumentFactory(
        title="Dialoogkaarten",
        owner=make_user("developer"),
        status=InstrumentStatus.PUBLISHED,
        facets={"phase": ["start"], "audience": ["facilitators"]},
        tags=["dialoog"],
    )


# --- Edit history ------------------------------------------------------------------


def test_every_change_is_recorded_with_before_and_after(owned, coordinator):
    services.instrument_update(
        actor=coordinator,
        instrument=owned,
        data={"summary": "Nieuwe samenvatting", "year": 2024},
        facets={"phase": ["start", "design"]},
        tags=["dialoog", "zorg"],
    )
    change = InstrumentChange.objects.filter(action=ChangeAction.EDITED).get()
    assert change.actor == coordinator
    assert change.changes["summary"] == {"before": "Een korte samenvatting.", "after": "Nieuwe samenvatting"}
    assert change.changes["year"] == {"before": None, "after": 2024}
    assert change.changes["facet:phase"] == {"before": ["start"], "after": ["design", "start"]}
    assert change.changes["tags"] == {"before": ["dialoog"], "after": ["dialoog", "zorg"]}
    assert "title" not in change.changes


def test_an_edit_that_changes_nothing_leaves_no_entry(owned, coordinator):
    services.instrument_update(actor=coordinator, instrument=owned, data={"summary": owned.summary})
    assert not InstrumentChange.objects.filter(action=ChangeAction.EDITED).exists()


def test_creation_and_status_changes_are_in_the_history(make_user):
    instrument = InstrumentFactory(owner=make_user("developer"), status=InstrumentStatus.SUBMITTED)
    services.instrument_set_status(
        actor=None, instrument=instrument, status=InstrumentStatus.PUBLISHED, reason=""
    )
    actions = list(InstrumentChange.objects.filter(instrument=instrument).values_list("action", flat=True))
    assert sorted(actions) == ["created", "status"]


def test_history_page_shows_who_changed_what(client, owned, coordinator):
    services.instrument_update(actor=coordinator, instrument=owned, data={"summary": "Anders verwoord"})
    client.force_login(owned.owners.get())
    page = client.get(reverse("instruments:history", args=[owned.slug])).content.decode()
    assert "Anders verwoord" in page and escape(coordinator.display_name) in page
    assert "Revert this change" not in page  # owners see, coordinators revert


def test_coordinator_reverts_a_change_and_the_log_records_it(client, owned, coordinator):
    vandal = owned.owners.get()
    services.instrument_update(
        actor=vandal, instrument=owned, data={"summary": "Rommel"}, facets={"phase": ["sustain"]}
    )
    change = InstrumentChange.objects.get(action=ChangeAction.EDITED)
    client.force_login(coordinator)
    response = client.post(
        reverse("instruments:revert", args=[owned.slug, change.pk]), {"reason": "Vandalisme"}
    )
    assert response.status_code == 302
    owned.refresh_from_db()
    assert owned.summary == "Een korte samenvatting."
    assert owned.facet_values("phase") == ["start"]
    assert InstrumentChange.objects.filter(action=ChangeAction.REVERTED).exists()
    decision = Decision.objects.get(action=DecisionAction.REVERT)
    assert decision.reason == "Vandalisme" and decision.target_user == vandal


def test_owners_cannot_revert(client, owned, coordinator):
    services.instrument_update(actor=coordinator, instrument=owned, data={"summary": "Anders"})
    change = InstrumentChange.objects.get(action=ChangeAction.EDITED)
    client.force_login(owned.owners.get())
    assert client.post(reverse("instruments:revert", args=[owned.slug, change.pk])).status_code == 403
    owned.refresh_from_db()
    assert owned.summary == "Anders"


# --- Page views ------------------------------------------------------------------


def test_views_are_counted_per_day_not_per_row(client, owned):
    for _ in range(3):
        client.get(owned.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    row = InstrumentViewDay.objects.get()
    assert row.views == 3 and row.day == timezone.localdate()


def test_owner_coordinator_and_bot_views_do_not_count(client, owned, coordinator):
    client.get(owned.get_absolute_url(), HTTP_USER_AGENT="Googlebot/2.1")
    client.force_login(owned.owners.get())
    client.get(owned.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    client.force_login(coordinator)
    client.get(owned.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
    assert not InstrumentViewDay.objects.exists()


# --- Insights ----------------------------------------------------------------------


def test_insights_figures(owned, make_user):
    from communities.models import Visibility
    from tests.communities.factories import CommunityFactory, InstrumentUseFactory

    today = timezone.localdate()
    InstrumentViewDay.objects.create(instrument=owned, day=today, views=5)
    InstrumentViewDay.objects.create(instrument=owned, day=today - datetime.timedelta(days=60), views=7)
    for rating in (5, 4, 4):
        services.review_save(actor=UserFactory(), instrument=owned, rating=rating)
    ExperienceFactory(instrument=owned, author=UserFactory(), theme="energy", level="meso", phase="start")
    ExperienceFactory(instrument=owned, author=UserFactory(), theme="energy", would_use_again=False)
    public = CommunityFactory(name="Warmte Zwolle", facilitator=make_user("facilitator"))
    secret = CommunityFactory(
        name="Geheime kring", facilitator=make_user("facilitator"), visibility=Visibility.MEMBERS_ONLY
    )
    InstrumentUseFactory(community=public, instrument=owned)
    InstrumentUseFactory(community=public, instrument=owned)
    InstrumentUseFactory(community=secret, instrument=owned)
    services.bookmark_toggle(actor=UserFactory(), instrument=owned)

    insights = insights_for(owned, today=today)
    assert insights.views_total == 12 and insights.views_recent == 5
    assert sum(bar.value for bar in insights.view_bars) == 12
    assert dict(insights.distribution) == {5: 1, 4: 2, 3: 0, 2: 0, 1: 0}
    assert insights.experience_total == 2 and insights.would_use_again == 1
    assert [(t.label, t.count) for t in insights.by_theme] == [
        ("Energy transition and sustainability", 2)
    ] or (insights.by_theme[0].count == 2)
    assert [(c.name, c.uses) for c in insights.named_communities] == [("Warmte Zwolle", 2)]
    assert insights.unnamed_communities == 1
    assert insights.bookmarks_total == 1
    if insights.cycles is not None:  # the value-creation app provides these
        assert len(insights.cycles) == 6


def test_insights_page_never_names_members_only_communities(client, owned, make_user):
    from communities.models import Visibility
    from tests.communities.factories import CommunityFactory, InstrumentUseFactory

    secret = CommunityFactory(
        name="Geheime kring", facilitator=make_user("facilitator"), visibility=Visibility.MEMBERS_ONLY
    )
    InstrumentUseFactory(community=secret, instrument=owned)
    client.force_login(owned.owners.get())
    page = client.get(reverse("instruments:insights", args=[owned.slug])).content.decode()
    assert "Geheime kring" not in page
    assert "members-only communit" in page
    assert "<svg" in page


def test_hidden_reviews_are_left_out_of_insights(owned):
    review = services.review_save(actor=UserFactory(), instrument=owned, rating=1)
    services.review_set_hidden(actor=None, review=review, hidden=True)
    assert insights_for(owned).rating_count == 0


# --- Co-owners -------------------------------------------------------------------


def test_owner_invites_a_co_owner_who_accepts(client, owned, django_capture_on_commit_callbacks):
    owner = owned.owners.get()
    colleague = UserFactory(email="collega@example.org")
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("instruments:owners", args=[owned.slug]), {"email": "Collega@example.org"}
        )
    assert response.status_code == 302
    invitation = OwnerInvitation.objects.get()
    assert mail.outbox[0].to == ["collega@example.org"]
    assert invitation.token in mail.outbox[0].body

    # Someone else holding the link cannot use it.
    client.force_login(UserFactory())
    client.post(reverse("instruments:owner_invitation", args=[invitation.token]))
    assert list(owned.owners.all()) == [owner]

    client.force_login(colleague)
    assert client.get(reverse("instruments:owner_invitation", args=[invitation.token])).status_code == 200
    client.post(reverse("instruments:owner_invitation", args=[invitation.token]))
    assert set(owned.owners.all()) == {owner, colleague}
    # Used once.
    assert client.get(reverse("instruments:owner_invitation", args=[invitation.token])).status_code == 410


def test_the_last_owner_cannot_be_removed(client, owned):
    owner = owned.owners.get()
    client.force_login(owner)
    client.post(reverse("instruments:owner_remove", args=[owned.slug, owner.pk]))
    assert list(owned.owners.all()) == [owner]


def test_an_owner_can_remove_a_co_owner(client, owned):
    owner = owned.owners.get()
    colleague = UserFactory()
    owned.owners.add(colleague)
    client.force_login(owner)
    client.post(reverse("instruments:owner_remove", args=[owned.slug, colleague.pk]))
    assert list(owned.owners.all()) == [owner]


def test_inviting_an_existing_owner_is_refused_with_a_message(client, owned):
    owner = owned.owners.get()
    client.force_login(owner)
    response = client.post(reverse("instruments:owners", args=[owned.slug]), {"email": owner.email})
    assert response.status_code == 400
    assert not OwnerInvitation.objects.exists()
