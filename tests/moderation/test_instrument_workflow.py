"""Submitted instruments: approve, reject, ask for changes, resubmit; owners are told."""

import pytest
from django.core import mail
from django.urls import reverse

from instruments.models import Instrument, InstrumentRevision, InstrumentStatus, RevisionStatus
from moderation.models import Decision, DecisionAction
from tests.factories import InstrumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(make_user):
    return InstrumentFactory(
        title="Nieuwe scan",
        owner=make_user("developer", email="maker@example.org", language="en"),
        status=InstrumentStatus.SUBMITTED,
        facets={"phase": ["start"], "audience": ["facilitators"]},
    )


def _decide(client, instrument, action, reason=""):
    return client.post(
        reverse("moderation:instrument", args=[instrument.slug]), {"action": action, "reason": reason}
    )


def test_approval_publishes_and_mails_the_owner(
    client, coordinator, submitted, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, submitted, "approve")
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == InstrumentStatus.PUBLISHED and submitted.published_at
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maker@example.org"]
    assert "is published" in message.subject  # in the owner's language (English)
    assert message.alternatives
    decision = Decision.objects.get()
    assert (decision.actor, decision.action, decision.object_id) == (coordinator, "approve", submitted.pk)
    client.logout()
    assert submitted.title in client.get(reverse("instruments:list")).content.decode()


def test_rejection_needs_a_reason_and_the_owner_sees_it(client, coordinator, submitted):
    client.force_login(coordinator)
    response = _decide(client, submitted, "reject")
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == InstrumentStatus.SUBMITTED
    _decide(client, submitted, "reject", "Geen instrument maar een advertentie.")
    submitted.refresh_from_db()
    assert submitted.status == InstrumentStatus.REJECTED
    owner = submitted.owners.get()
    client.force_login(owner)
    assert "Geen instrument maar een advertentie." in client.get(reverse("instruments:mine")).content.decode()
    assert (
        "Geen instrument maar een advertentie." in client.get(submitted.get_absolute_url()).content.decode()
    )


def test_request_changes_then_resubmission_returns_to_the_queue(client, coordinator, submitted):
    client.force_login(coordinator)
    _decide(client, submitted, "request_changes", "Voeg een link naar de handleiding toe.")
    submitted.refresh_from_db()
    assert submitted.status == InstrumentStatus.CHANGES_REQUESTED
    first_submitted_at = submitted.submitted_at
    queue = client.get(reverse("moderation:queue"))
    assert submitted.title not in queue.content.decode()

    owner = submitted.owners.get()
    client.force_login(owner)
    data = {
        "title": submitted.title,
        "summary": "Aangepast",
        "goal": submitted.goal,
        "format": submitted.format,
        "language": "nl",
        "url": "https://example.org/handleiding",
        "phase": ["start"],
        "audience": ["facilitators"],
    }
    response = client.post(reverse("instruments:edit", args=[submitted.slug]), data)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == InstrumentStatus.SUBMITTED
    assert submitted.submitted_at > first_submitted_at
    client.force_login(coordinator)
    assert submitted.title in client.get(reverse("moderation:queue")).content.decode()


def test_a_decided_instrument_cannot_be_decided_again(client, coordinator, submitted):
    client.force_login(coordinator)
    _decide(client, submitted, "approve")
    response = _decide(client, submitted, "reject", "Toch niet")
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == InstrumentStatus.PUBLISHED


def test_queue_lists_oldest_submission_first(client, coordinator, make_user):
    developer = make_user("developer")
    first = InstrumentFactory(title="Eerste inzending", owner=developer, status=InstrumentStatus.SUBMITTED)
    second = InstrumentFactory(title="Tweede inzending", owner=developer, status=InstrumentStatus.SUBMITTED)
    client.force_login(coordinator)
    submissions = list(client.get(reverse("moderation:queue")).context["submissions"].object_list)
    assert submissions == [first, second]


def test_navigation_shows_the_queue_count_to_coordinators_only(client, coordinator, submitted, make_user):
    client.force_login(coordinator)
    page = client.get("/").content.decode()
    assert 'data-testid="moderation-nav"' in page
    assert 'class="count-badge"' in page
    client.force_login(make_user("developer"))
    assert 'data-testid="moderation-nav"' not in client.get("/").content.decode()


# --- Owners editing a published instrument ------------------------------------------


@pytest.fixture
def live(make_user):
    return InstrumentFactory(
        title="Gepubliceerd",
        owner=make_user("developer"),
        status=InstrumentStatus.PUBLISHED,
        url="https://example.org/oud",
        facets={"phase": ["start"], "audience": ["facilitators"]},
    )


def _form(instrument, **changes):
    data = {
        "title": instrument.title,
        "summary": instrument.summary,
        "goal": instrument.goal,
        "format": instrument.format,
        "language": instrument.language,
        "url": instrument.url,
        "phase": instrument.facet_values("phase"),
        "audience": instrument.facet_values("audience"),
    }
    data.update(changes)
    return data


def test_owner_title_change_waits_while_text_change_applies(
    client, live, coordinator, django_capture_on_commit_callbacks
):
    owner = live.owners.get()
    client.force_login(owner)
    response = client.post(
        reverse("instruments:edit", args=[live.slug]),
        _form(live, title="Nieuwe titel", summary="Nieuwe samenvatting", phase=["start", "design"]),
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.title == "Gepubliceerd"  # the published version stays
    assert live.summary == "Nieuwe samenvatting"  # applied at once
    assert live.facet_values("phase") == ["start"]
    revision = InstrumentRevision.objects.get(status=RevisionStatus.PENDING)
    assert revision.data == {"title": "Nieuwe titel", "facet:phase": ["design", "start"]}
    # The form shows the pending proposal to the owner.
    assert "Nieuwe titel" in client.get(reverse("instruments:edit", args=[live.slug])).content.decode()

    client.force_login(coordinator)
    assert "Gepubliceerd" in client.get(reverse("moderation:queue")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("moderation:revision", args=[revision.pk]), {"action": "approve_revision"}
        )
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.title == "Nieuwe titel"
    assert sorted(live.facet_values("phase")) == ["design", "start"]
    assert Decision.objects.filter(action=DecisionAction.APPROVE_REVISION).exists()
    assert mail.outbox and mail.outbox[0].to == [owner.email]


def test_rejected_revision_keeps_the_published_version(client, live, coordinator):
    client.force_login(live.owners.get())
    client.post(reverse("instruments:edit", args=[live.slug]), _form(live, url="https://spam.example/"))
    revision = InstrumentRevision.objects.get()
    client.force_login(coordinator)
    assert (
        client.post(
            reverse("moderation:revision", args=[revision.pk]), {"action": "reject_revision"}
        ).status_code
        == 400
    )
    client.post(
        reverse("moderation:revision", args=[revision.pk]),
        {"action": "reject_revision", "reason": "Link klopt niet"},
    )
    revision.refresh_from_db()
    live.refresh_from_db()
    assert revision.status == RevisionStatus.REJECTED and revision.reason == "Link klopt niet"
    assert live.url == "https://example.org/oud"


def test_saving_the_published_values_again_withdraws_the_proposal(client, live):
    client.force_login(live.owners.get())
    url = reverse("instruments:edit", args=[live.slug])
    client.post(url, _form(live, title="Andere titel"))
    client.post(url, _form(live))
    assert not InstrumentRevision.objects.filter(status=RevisionStatus.PENDING).exists()


def test_coordinator_edits_of_a_published_instrument_apply_directly(client, live, coordinator):
    client.force_login(coordinator)
    client.post(reverse("instruments:edit", args=[live.slug]), _form(live, title="Door coördinator"))
    live.refresh_from_db()
    assert live.title == "Door coördinator"
    assert not InstrumentRevision.objects.exists()


def test_archived_instruments_are_not_editable_by_owners(client, live):
    Instrument.objects.filter(pk=live.pk).update(status=InstrumentStatus.ARCHIVED)
    client.force_login(live.owners.get())
    assert client.get(reverse("instruments:edit", args=[live.slug])).status_code == 302
