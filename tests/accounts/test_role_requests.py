"""Self-service roles: a person asks, a network coordinator decides in the moderation queue."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import services
from accounts.models import RoleRequest, RoleRequestStatus
from accounts.roles import Role, has_role
from moderation import services as moderation_services
from moderation.models import Decision, DecisionAction

pytestmark = pytest.mark.django_db

MOTIVATION = "Ik begeleid de learning community Energie in Zwolle."


def test_member_asks_for_the_facilitator_role(client, make_user):
    member = make_user("member")
    client.force_login(member)
    response = client.post(reverse("accounts:roles"), {"role": "facilitator", "motivation": MOTIVATION})
    assert response.status_code == 302
    request = RoleRequest.objects.get(user=member)
    assert request.status == RoleRequestStatus.PENDING and request.motivation == MOTIVATION
    page = client.get(reverse("accounts:roles")).content.decode()
    assert "wacht op een netwerkcoördinator" in page


def test_a_second_pending_request_for_the_same_role_is_refused(client, make_user):
    member = make_user("member")
    services.role_request_create(actor=member, role="facilitator", motivation=MOTIVATION)
    client.force_login(member)
    response = client.post(reverse("accounts:roles"), {"role": "facilitator", "motivation": MOTIVATION})
    assert response.status_code == 400
    assert RoleRequest.objects.filter(user=member).count() == 1
    assert MOTIVATION in response.content.decode()  # nothing typed is lost


def test_short_motivation_and_unknown_role_are_refused(client, make_user):
    client.force_login(make_user("member"))
    assert (
        client.post(reverse("accounts:roles"), {"role": "facilitator", "motivation": "hoi"}).status_code
        == 400
    )
    response = client.post(
        reverse("accounts:roles"), {"role": "network coordinator", "motivation": MOTIVATION}
    )
    assert response.status_code == 400
    assert not RoleRequest.objects.exists()


def test_people_who_have_the_role_cannot_ask_again(make_user):
    with pytest.raises(ValidationError):
        services.role_request_create(
            actor=make_user("facilitator"), role="facilitator", motivation=MOTIVATION
        )


def test_coordinator_approves_in_the_queue_and_the_person_is_told(
    client, make_user, django_capture_on_commit_callbacks
):
    member = make_user("member")
    coordinator = make_user("coordinator")
    request = services.role_request_create(actor=member, role="facilitator", motivation=MOTIVATION)
    client.force_login(coordinator)
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert reverse("moderation:role_request", args=[request.pk]) in queue
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("moderation:role_request", args=[request.pk]), {"action": "approve_role"}
        )
    assert response.status_code == 302
    member.refresh_from_db()
    assert has_role(member, Role.FACILITATOR)
    decision = Decision.objects.get(action=DecisionAction.APPROVE_ROLE)
    assert decision.target_user == member and decision.actor == coordinator
    # One mail (the notification's, through the outbox) that links to the roles page.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    assert "/profile/roles/" in mail.outbox[0].body
    log = client.get(reverse("moderation:log")).content.decode()
    assert member.display_name in log
    # The in-app message, readable only by the person.
    from notifications.models import Notification
    from notifications.selectors import items_for

    notification = Notification.objects.get(recipient=member, kind="role_decision")
    (item,) = items_for(member, [notification])
    assert "goedgekeurd" in str(item.title) or "approved" in str(item.title)
    assert item.url == reverse("accounts:roles")


def test_declining_needs_a_reason_and_gives_no_role(client, make_user, django_capture_on_commit_callbacks):
    member = make_user("member")
    request = services.role_request_create(actor=member, role="instrument developer", motivation=MOTIVATION)
    client.force_login(make_user("coordinator"))
    url = reverse("moderation:role_request", args=[request.pk])
    assert client.post(url, {"action": "decline_role", "reason": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "decline_role", "reason": "Eerst een instrument in de bibliotheek?"})
    request.refresh_from_db()
    assert request.status == RoleRequestStatus.DECLINED
    assert not has_role(member, Role.INSTRUMENT_DEVELOPER)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [member.email]
    client.force_login(member)
    assert "Eerst een instrument" in client.get(reverse("accounts:roles")).content.decode()


def test_a_decided_request_cannot_be_decided_again(make_user):
    member = make_user("member")
    coordinator = make_user("coordinator")
    request = services.role_request_create(actor=member, role="facilitator", motivation=MOTIVATION)
    moderation_services.role_request_decide(
        actor=coordinator, role_request=request, approve=False, reason="Nee"
    )
    with pytest.raises(ValidationError):
        moderation_services.role_request_decide(actor=coordinator, role_request=request, approve=True)


def test_only_coordinators_decide(make_user):
    member = make_user("member")
    request = services.role_request_create(actor=member, role="facilitator", motivation=MOTIVATION)
    with pytest.raises(PermissionDenied):
        moderation_services.role_request_decide(
            actor=make_user("facilitator"), role_request=request, approve=True
        )


def test_community_creation_explains_the_role_instead_of_a_bare_403(client, make_user):
    client.force_login(make_user("member"))
    response = client.get(reverse("communities:create"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "facilitatorrol" in html or "facilitator" in html
    assert f'action="{reverse("accounts:roles")}"' in html
    assert 'name="motivation"' in html


def test_role_requests_count_in_the_moderation_badge(make_user):
    from moderation.selectors import queue_counts

    services.role_request_create(actor=make_user("member"), role="facilitator", motivation=MOTIVATION)
    counts = queue_counts()
    assert counts["roles"] == 1 and counts["total"] == 1


def test_admins_can_still_assign_groups_in_admin(client, make_user):
    admin = make_user("admin")
    client.force_login(admin)
    member = make_user("member")
    page = client.get(reverse("admin:accounts_user_change", args=[member.pk]))
    assert page.status_code == 200 and 'name="groups"' in page.content.decode()
