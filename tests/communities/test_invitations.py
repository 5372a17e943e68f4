import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from communities import services
from communities.models import Invitation, Membership, MembershipRole, Visibility
from communities.signals import SESSION_KEY
from tests.factories import DEFAULT_PASSWORD, UserFactory

from .factories import CommunityFactory

LINK = re.compile(r"https?://[^/\s]+(/communities/invitations/[^/\s]+/)")


@pytest.fixture
def facilitator(make_user):
    return make_user("facilitator", email="webber@example.org")


@pytest.fixture
def community(facilitator):
    return CommunityFactory(
        name="Energiewijk Zwolle", facilitator=facilitator, visibility=Visibility.MEMBERS_ONLY
    )


def invite(client, django_capture_on_commit_callbacks, facilitator, community, emails):
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communities:invite", kwargs={"slug": community.slug}), {"emails": emails}
        )
    client.logout()
    return response


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def test_new_person_signs_up_through_the_link_and_becomes_member(
    client, facilitator, community, django_capture_on_commit_callbacks
):
    response = invite(client, django_capture_on_commit_callbacks, facilitator, community, "nieuw@example.org")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["nieuw@example.org"]
    assert "Energiewijk Zwolle" in message.subject
    path = link_in(message)

    landing = client.get(path)
    assert landing.status_code == 200
    assert "Energiewijk Zwolle" in landing.content.decode()
    signup_url = landing.context["signup_url"]
    assert "email=nieuw%40example.org" in signup_url

    form = client.get(signup_url)
    assert form.status_code == 200
    assert 'value="nieuw@example.org"' in form.content.decode()

    response = client.post(
        signup_url,
        {"email": "nieuw@example.org", "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.org")
    membership = Membership.objects.get(community=community, user=user)
    assert membership.role == MembershipRole.MEMBER
    assert Invitation.objects.get(email="nieuw@example.org").accepted_by == user
    # Logged in straight away (the address came from the mailed link) and able to see the community.
    assert client.get(community.get_absolute_url()).status_code == 200
    assert SESSION_KEY not in client.session


def test_existing_account_logs_in_through_the_link_and_becomes_member(
    client, facilitator, community, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="bestaand@example.org")
    invite(client, django_capture_on_commit_callbacks, facilitator, community, "Bestaand@example.org")
    path = link_in(mail.outbox[0])

    landing = client.get(path)
    assert landing.context["account_exists"] is True
    response = client.post(
        landing.context["login_url"], {"login": "bestaand@example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(community=community, user=existing).exists()
    # Following the link again takes the new member to the community.
    assert client.get(path)["Location"] == community.get_absolute_url()


def test_logged_in_invitee_accepts_with_one_click(client, facilitator, community):
    invitee = UserFactory(email="klik@example.org")
    (invitation,), _skipped = services.invitations_create(
        actor=facilitator, community=community, emails=[invitee.email]
    )
    client.force_login(invitee)
    url = reverse("communities:invitation", kwargs={"token": invitation.token})
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Membership.objects.filter(community=community, user=invitee).exists()


def test_many_addresses_at_once_one_invitation_each(
    client, facilitator, community, django_capture_on_commit_callbacks
):
    invite(
        client,
        django_capture_on_commit_callbacks,
        facilitator,
        community,
        "a@example.org, b@example.org\nc@example.org; a@example.org",
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org", "c@example.org"]
    tokens = set(Invitation.objects.values_list("token", flat=True))
    assert len(tokens) == 3
    assert all(len(token) >= 40 for token in tokens)


def test_invalid_addresses_are_named_and_the_input_is_kept(client, facilitator, community):
    client.force_login(facilitator)
    response = client.post(
        reverse("communities:invite", kwargs={"slug": community.slug}), {"emails": "goed@example.org, fout@"}
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "fout@" in content and "goed@example.org, fout@" in content
    assert not Invitation.objects.exists()


def test_expired_invitation_gives_a_clear_message(client, facilitator, community):
    (invitation,), _ = services.invitations_create(
        actor=facilitator, community=community, emails=["laat@example.org"]
    )
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("communities:invitation", kwargs={"token": invitation.token}))
    assert response.status_code == 410
    assert "expired" in response.content.decode() or "verlopen" in response.content.decode()
    assert "Energiewijk Zwolle" not in response.content.decode()


def test_used_invitation_cannot_be_used_again(client, facilitator, community):
    first = UserFactory(email="eerst@example.org")
    (invitation,), _ = services.invitations_create(
        actor=facilitator, community=community, emails=[first.email]
    )
    services.invitation_accept(actor=first, invitation=invitation)
    response = client.get(reverse("communities:invitation", kwargs={"token": invitation.token}))
    assert response.status_code == 410
    assert "already been used" in response.content.decode() or "al gebruikt" in response.content.decode()


def test_invitation_for_someone_else_is_refused(client, facilitator, community):
    (invitation,), _ = services.invitations_create(
        actor=facilitator, community=community, emails=["x@example.org"]
    )
    stranger = UserFactory(email="stranger@example.org")
    client.force_login(stranger)
    url = reverse("communities:invitation", kwargs={"token": invitation.token})
    assert client.post(url).status_code == 403
    assert not Membership.objects.filter(user=stranger).exists()


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("communities:invitation", kwargs={"token": "nope"})).status_code == 404


def test_inviting_again_replaces_the_old_link(facilitator, community):
    (old,), _ = services.invitations_create(
        actor=facilitator, community=community, emails=["twee@example.org"]
    )
    (new,), _ = services.invitations_create(
        actor=facilitator, community=community, emails=["twee@example.org"]
    )
    assert old.token != new.token
    assert list(Invitation.objects.values_list("token", flat=True)) == [new.token]


def test_existing_members_are_not_invited(facilitator, community):
    sent, skipped = services.invitations_create(
        actor=facilitator, community=community, emails=[facilitator.email, "nieuw@example.org"]
    )
    assert [i.email for i in sent] == ["nieuw@example.org"]
    assert skipped == [facilitator.email]


def test_broker_failure_is_logged_not_a_server_error(
    client, facilitator, community, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    from outbox import tasks
    from outbox.models import DeliveryStatus, OutboxMail

    def broken(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.deliver_mail, "apply_async", broken)
    response = invite(client, django_capture_on_commit_callbacks, facilitator, community, "x@example.org")
    assert response.status_code == 302
    assert Invitation.objects.filter(email="x@example.org").exists()
    assert "Could not queue outbox.deliver" in caplog.text
    # Kept in the outbox, unqueued, for the next sweep.
    row = OutboxMail.objects.get(to="x@example.org")
    assert row.status == DeliveryStatus.PENDING and row.enqueued_at is None
