"""Every decision is in the audit log: who, when, what and why; read-only in admin."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from moderation import services
from moderation.models import Decision, DecisionAction, FlaggedItem
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_each_decision_writes_who_what_why_and_when(review, report, coordinator):
    report(UserFactory(), "review", review)
    services.item_decide(
        actor=coordinator, item=FlaggedItem.objects.get(), action=DecisionAction.HIDE, reason="Reclame"
    )
    decision = Decision.objects.get()
    assert decision.actor == coordinator
    assert decision.action == DecisionAction.HIDE
    assert decision.reason == "Reclame"
    assert decision.created_at is not None
    assert decision.kind == "review" and decision.object_id == review.pk
    assert decision.target_user == review.author
    assert "Reflectiekaarten" in decision.target_label


def test_log_page_lists_decisions_for_coordinators(client, review, report, coordinator):
    report(UserFactory(), "review", review)
    services.item_decide(actor=coordinator, item=FlaggedItem.objects.get(), action=DecisionAction.KEEP)
    client.force_login(coordinator)
    response = client.get(reverse("moderation:log"))
    assert response.status_code == 200
    assert escape(coordinator.display_name) in response.content.decode()  # "van 't Riet"
    filtered = client.get(reverse("moderation:log"), {"action": "hide"})
    assert not filtered.context["page"].object_list
    # A bogus filter is ignored, not an error.
    assert client.get(reverse("moderation:log"), {"action": "<script>"}).status_code == 200


def test_log_is_read_only_in_admin(client, review, report, coordinator, make_user):
    report(UserFactory(), "review", review)
    services.item_decide(actor=coordinator, item=FlaggedItem.objects.get(), action=DecisionAction.KEEP)
    decision = Decision.objects.get()
    admin = make_user("admin")
    client.force_login(admin)
    assert client.get(reverse("admin:moderation_decision_changelist")).status_code == 200
    assert client.get(reverse("admin:moderation_decision_change", args=[decision.pk])).status_code == 200
    assert client.get(reverse("admin:moderation_decision_add")).status_code == 403
    response = client.post(reverse("admin:moderation_decision_delete", args=[decision.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_decision_through_the_queue_pages(client, review, report, coordinator):
    for _ in range(3):
        report(UserFactory(), "review", review)
    client.force_login(coordinator)
    queue = client.get(reverse("moderation:queue"))
    entry = queue.context["report_items"][0]
    assert entry.report_count == 3 and entry.reasons == [("Spam or advertising", 3)]
    item = FlaggedItem.objects.get()
    response = client.post(reverse("moderation:item", args=[item.pk]), {"action": "hide"})
    assert response.status_code == 400  # a reason is required
    response = client.post(reverse("moderation:item", args=[item.pk]), {"action": "keep"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert not review.is_hidden
    assert [d.action for d in Decision.objects.order_by("created_at", "id")] == ["auto_hide", "keep"]


def test_suspension_and_reinstatement_from_the_account_page(client, coordinator, make_user):
    person = make_user("member")
    client.force_login(coordinator)
    url = reverse("moderation:account", args=[person.pk])
    assert client.post(url, {"action": "suspend"}).status_code == 400
    assert client.post(url, {"action": "suspend", "reason": "Intimidatie"}).status_code == 302
    person.refresh_from_db()
    assert not person.is_active
    client.post(url, {"action": "reinstate", "reason": "Excuses aangeboden"})
    person.refresh_from_db()
    assert person.is_active
    assert list(
        Decision.objects.filter(target_user=person).values_list("action", flat=True).order_by("id")
    ) == [
        "suspend",
        "reinstate",
    ]
