"""Reporting content: counts once per person, three people hide it, a coordinator decides."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from instruments import services as instrument_services
from instruments.models import Instrument, Review
from moderation import services
from moderation.models import Decision, DecisionAction, FlaggedItem, FlagState, Report
from tests.factories import ExperienceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_reporting_twice_counts_once(review, report):
    reporter = UserFactory()
    _first, created = report(reporter, "review", review)
    _second, created_again = report(reporter, "review", review, reason="offensive")
    assert created and not created_again
    assert Report.objects.count() == 1


def test_the_database_refuses_a_second_open_report_by_the_same_person(review, report):
    from django.db import IntegrityError, transaction

    reporter = UserFactory()
    first, _ = report(reporter, "review", review)
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(item=first.item, reporter=reporter, reason="spam")


def test_three_different_reporters_hide_the_review_and_its_rating(review, report, client):
    instrument = review.instrument
    instrument.refresh_from_db()
    assert instrument.rating_count == 1
    for _ in range(2):
        report(UserFactory(), "review", review)
    review.refresh_from_db()
    assert not review.is_hidden  # two reports do not hide
    report(UserFactory(), "review", review)
    review.refresh_from_db()
    instrument.refresh_from_db()
    assert review.is_hidden
    assert instrument.rating_count == 0 and instrument.rating_avg is None
    item = FlaggedItem.objects.get()
    assert item.state == FlagState.AUTO_HIDDEN
    auto = Decision.objects.get(action=DecisionAction.AUTO_HIDE)
    assert auto.actor is None and auto.target_user == review.author
    # Gone for everyone else, shown with a notice to the author.
    page = client.get(instrument.get_absolute_url())
    assert "Koop nu goedkope horloges" not in page.content.decode()
    client.force_login(review.author)
    page = client.get(instrument.get_absolute_url())
    assert "Koop nu goedkope horloges" in page.content.decode()
    assert "Hidden by moderation" in page.content.decode()


def test_keep_shows_the_review_again_and_closes_the_reports(review, report, coordinator):
    for _ in range(3):
        report(UserFactory(), "review", review)
    item = FlaggedItem.objects.get()
    services.item_decide(actor=coordinator, item=item, action=DecisionAction.KEEP)
    review.refresh_from_db()
    review.instrument.refresh_from_db()
    assert not review.is_hidden
    assert review.instrument.rating_count == 1
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    item.refresh_from_db()
    assert item.state == FlagState.KEPT
    # A new round starts from zero: one new report does not hide it again.
    report(UserFactory(), "review", review)
    review.refresh_from_db()
    item.refresh_from_db()
    assert not review.is_hidden and item.state == FlagState.OPEN


def test_the_same_reporter_may_report_again_after_a_decision(review, report, coordinator):
    reporter = UserFactory()
    report(reporter, "review", review)
    services.item_decide(actor=coordinator, item=FlaggedItem.objects.get(), action=DecisionAction.KEEP)
    _again, created = report(reporter, "review", review)
    assert created
    assert Report.objects.filter(reporter=reporter).count() == 2


def test_authors_cannot_report_their_own_contribution(review, report):
    with pytest.raises(ValidationError):
        report(review.author, "review", review)


def test_deleted_items_cannot_be_reported_again(review, report, coordinator):
    report(UserFactory(), "review", review)
    services.item_decide(
        actor=coordinator, item=FlaggedItem.objects.get(), action=DecisionAction.DELETE, reason="Spam"
    )
    review.refresh_from_db()
    assert review.is_hidden and Review.objects.filter(pk=review.pk).exists()  # soft
    with pytest.raises(ValidationError):
        report(UserFactory(), "review", review)


def test_decisions_other_than_keep_need_a_reason(review, report, coordinator):
    report(UserFactory(), "review", review)
    with pytest.raises(ValidationError):
        services.item_decide(actor=coordinator, item=FlaggedItem.objects.get(), action=DecisionAction.HIDE)


def test_warning_hides_and_mails_the_author(review, report, coordinator, django_capture_on_commit_callbacks):
    reporter = UserFactory()
    report(reporter, "review", review)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_decide(
            actor=coordinator, item=FlaggedItem.objects.get(), action=DecisionAction.WARN, reason="Reclame"
        )
    review.refresh_from_db()
    assert review.is_hidden
    to_author = [m for m in mail.outbox if m.to == [review.author.email]]
    assert len(to_author) == 1
    assert "Reclame" in to_author[0].body
    assert to_author[0].alternatives  # plain text plus HTML
    # The reporter hears the outcome (notifications), never the reason given to the author.
    to_reporter = [m for m in mail.outbox if m.to == [reporter.email]]
    assert len(to_reporter) == 1 and "Reclame" not in to_reporter[0].body
    assert len(mail.outbox) == 2


def test_suspension_locks_the_account_and_hides_all_contributions(
    review, report, coordinator, client, django_capture_on_commit_callbacks
):
    author = review.author
    other = ExperienceFactory(instrument=review.instrument, author=author)
    own_instrument = Instrument.objects.create(
        title="Eigen", slug="eigen", summary="x", goal="x", format="scan"
    )
    own_instrument.owners.add(author)
    report(UserFactory(), "review", review)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_decide(
            actor=coordinator, item=FlaggedItem.objects.get(), action=DecisionAction.SUSPEND, reason="Spammer"
        )
    author.refresh_from_db()
    other.refresh_from_db()
    own_instrument.refresh_from_db()
    assert not author.is_active and author.is_suspended and author.suspension_reason == "Spammer"
    assert other.is_hidden and own_instrument.is_hidden
    review.instrument.refresh_from_db()
    assert review.instrument.experience_count == 0
    assert "geschorst" in mail.outbox[-1].subject  # the recipient's language: Dutch by default
    # Cannot log in any more (the allauth form refuses an inactive account).
    assert not client.login(email=author.email, password="correct-horse-battery-42")

    # Lifting the suspension shows what the suspension hid, not the reported review.
    services.user_reinstate(actor=coordinator, user=author, reason="Beterschap beloofd")
    author.refresh_from_db()
    other.refresh_from_db()
    review.refresh_from_db()
    assert author.is_active and not author.is_suspended
    assert not other.is_hidden and review.is_hidden


def test_coordinators_cannot_be_suspended(published, report, coordinator, make_user):
    colleague = make_user("coordinator")
    review = instrument_services.review_save(actor=colleague, instrument=published, rating=2)
    report(UserFactory(), "review", review)
    with pytest.raises(ValidationError):
        services.item_decide(
            actor=coordinator, item=FlaggedItem.objects.get(), action=DecisionAction.SUSPEND, reason="x"
        )


def test_three_reports_hide_an_instrument_from_the_catalogue(published, report, client):
    for _ in range(3):
        report(UserFactory(), "instrument", published)
    published.refresh_from_db()
    assert published.is_hidden
    assert client.get(published.get_absolute_url()).status_code == 404
    assert published.title not in client.get(reverse("instruments:list")).content.decode()
    owner = published.owners.get()
    client.force_login(owner)
    assert client.get(published.get_absolute_url()).status_code == 200


def test_three_reports_send_a_community_to_the_coordinators_without_hiding_it(report, client, make_user):
    """Issue 16, finding 4: reports cannot take a community away; a coordinator decides."""
    from tests.communities.factories import CommunityFactory

    community = CommunityFactory(facilitator=make_user("facilitator"))
    for _ in range(3):
        report(UserFactory(), "community", community)
    community.refresh_from_db()
    assert not community.is_hidden
    assert FlaggedItem.objects.get(kind="community", object_id=community.pk).state == FlagState.OPEN
    assert client.get(community.get_absolute_url()).status_code == 200
    coordinator = make_user("coordinator")
    client.force_login(coordinator)
    assert community.name in client.get(reverse("moderation:queue")).content.decode()


def test_an_experience_can_be_reported_and_hidden(published, report):
    experience = ExperienceFactory(instrument=published, author=UserFactory())
    for _ in range(3):
        report(UserFactory(), "experience", experience)
    experience.refresh_from_db()
    published.refresh_from_db()
    assert experience.is_hidden and published.experience_count == 0


def test_a_value_entry_can_be_reported_and_hidden(report, make_user):
    pytest.importorskip("valuecreation.models")
    from tests.communities.factories import CommunityFactory, MembershipFactory
    from tests.valuecreation.factories import ValueEntryFactory

    community = CommunityFactory(facilitator=make_user("facilitator"))
    author = UserFactory()
    MembershipFactory(community=community, user=author)
    entry = ValueEntryFactory(community=community, author=author, visibility="public")
    reporters = [UserFactory() for _ in range(3)]
    for reporter in reporters:
        report(reporter, "valueentry", entry)
    entry.refresh_from_db()
    assert entry.is_hidden


# --- Through the web ---------------------------------------------------------------


def test_report_form_through_the_web(client, review):
    reporter = UserFactory()
    client.force_login(reporter)
    url = reverse("moderation:report", args=["review", review.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"reason": "spam", "text": "Reclame", "next": review.instrument.get_absolute_url()}
    )
    assert response.status_code == 302
    assert Report.objects.filter(reporter=reporter, text="Reclame").exists()


def test_report_form_without_a_reason_keeps_the_text(client, review):
    client.force_login(UserFactory())
    response = client.post(reverse("moderation:report", args=["review", review.pk]), {"text": "Mijn uitleg"})
    assert response.status_code == 400
    assert "Mijn uitleg" in response.content.decode()
    assert not Report.objects.exists()


def test_unknown_kind_or_invisible_item_is_404(client, make_user):
    from instruments.models import InstrumentStatus
    from tests.factories import InstrumentFactory

    client.force_login(UserFactory())
    assert client.get(reverse("moderation:report", args=["bogus", 1])).status_code == 404
    hidden = InstrumentFactory(owner=make_user("developer"), status=InstrumentStatus.SUBMITTED)
    assert client.get(reverse("moderation:report", args=["instrument", hidden.pk])).status_code == 404


def test_members_only_community_cannot_be_reported_by_outsiders(client, make_user):
    from communities.models import Visibility
    from tests.communities.factories import CommunityFactory

    community = CommunityFactory(facilitator=make_user("facilitator"), visibility=Visibility.MEMBERS_ONLY)
    client.force_login(UserFactory())
    assert client.get(reverse("moderation:report", args=["community", community.pk])).status_code == 404


def test_report_link_is_shown_to_others_but_not_to_the_author_or_anonymous(client, review):
    url = review.instrument.get_absolute_url()
    link = reverse("moderation:report", args=["review", review.pk])
    assert link not in client.get(url).content.decode()
    client.force_login(review.author)
    assert link not in client.get(url).content.decode()
    client.force_login(UserFactory())
    assert link in client.get(url).content.decode()


def test_a_suspended_user_is_logged_out_of_an_open_session(client, coordinator):
    from moderation.services import user_suspend

    person = UserFactory()
    client.force_login(person)
    assert client.get(reverse("instruments:mine")).status_code == 200
    user_suspend(actor=coordinator, user=person, reason="Misbruik")
    response = client.get(reverse("instruments:mine"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
