"""Issue 16, finding 4, for the exchange's kinds: what three reports do, and to whom."""

import pytest
from django.urls import reverse

from exchange import services
from exchange.models import ThreadKind
from moderation import services as moderation
from moderation.models import FlaggedItem
from moderation.registry import get_kind
from tests.factories import UserFactory

from .conftest import make_challenge

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_hold(settings):
    settings.EXCHANGE_HOLD_FIRST_POSTS = 0


def _three_reports(kind: str, obj):
    for _ in range(3):
        moderation.report_create(actor=UserFactory(), kind=get_kind(kind), obj=obj, reason="spam", text="")
    obj.refresh_from_db()


def test_an_auto_hidden_post_leaves_its_readers_but_not_its_author(client):
    challenge = make_challenge()
    asker, author, reader = UserFactory(), UserFactory(), UserFactory()
    thread = services.thread_start(
        actor=asker, subject=challenge, title="Warmte-avond", body="Wie komt?", kind=ThreadKind.QUESTION
    )
    post = services.post_reply(actor=author, thread=thread, body="Koop nu goedkope horloges")
    _three_reports("post", post)
    assert post.is_hidden

    for user in (None, reader, asker):
        client.logout()
        if user:
            client.force_login(user)
        html = client.get(thread.get_absolute_url()).content.decode()
        assert "goedkope horloges" not in html
    # The thread itself stays: one bad reply does not take the discussion away.
    assert client.get(thread.get_absolute_url()).status_code == 200
    client.force_login(author)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "goedkope horloges" in html and "Verborgen" in html
    # ... and cannot be edited back into view, nor marked as the answer.
    assert client.get(reverse("exchange:post_edit", args=[post.pk])).status_code == 403
    client.force_login(asker)
    response = client.post(reverse("exchange:thread_answer", args=[thread.pk]), {"post": post.pk})
    thread.refresh_from_db()
    assert thread.answer_id is None and response.status_code in (302, 400, 404)


def test_reports_on_a_challenge_wait_for_a_coordinator_and_never_hide_it(client):
    challenge = make_challenge()
    _three_reports("challenge", challenge)
    assert not challenge.is_hidden
    assert client.get(challenge.get_absolute_url()).status_code == 200
    item = FlaggedItem.objects.get(kind="challenge", object_id=challenge.pk)
    assert item.state == "open"


def test_an_auto_hidden_thread_and_request_are_gone_for_all_but_coordinators(client, coordinator):
    challenge = make_challenge()
    author = UserFactory()
    thread = services.thread_start(actor=author, subject=challenge, title="Goedkope horloges", body="Koop nu")
    request = services.request_create(actor=author, title="Goedkope horloges gezocht", description="Koop nu")
    _three_reports("thread", thread)
    _three_reports("instrument_request", request)
    assert thread.is_hidden and request.is_hidden
    for user in (None, author, UserFactory()):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(thread.get_absolute_url()).status_code == 404
        assert client.get(request.get_absolute_url()).status_code == 404
        listed = client.get(
            reverse("exchange:thread_list", args=["challenge", challenge.slug])
        ).content.decode()
        assert "Goedkope horloges" not in listed
    client.force_login(coordinator)
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert client.get(request.get_absolute_url()).status_code == 200


def test_an_auto_hidden_step_and_suggestion_leave_the_challenge_and_request_pages(client):
    from communities.models import Membership, MembershipRole
    from tests.communities.factories import CommunityFactory, InstrumentFactory

    from .conftest import link, make_step

    challenge = make_challenge()
    facilitator = UserFactory()
    community = CommunityFactory(facilitator=facilitator)
    Membership.objects.get_or_create(
        community=community, user=facilitator, defaults={"role": MembershipRole.FACILITATOR}
    )
    link(community, challenge)
    step = make_step(community, title="Warmte-avond in de kerk", author=facilitator)
    _three_reports("development_step", step)
    assert step.is_hidden
    assert "Warmte-avond in de kerk" not in client.get(challenge.get_absolute_url()).content.decode()

    request = services.request_create(actor=UserFactory(), title="Een scan voor de wijk", description="?")
    suggester = UserFactory()
    suggestion = services.request_suggest(
        actor=suggester, request=request, instrument=InstrumentFactory(title="Goedkope horloges"), note="!"
    )
    _three_reports("request_suggestion", suggestion)
    assert suggestion.is_hidden
    assert "Goedkope horloges" not in client.get(request.get_absolute_url()).content.decode()
