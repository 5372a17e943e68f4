"""Discussions: threads, replies, questions to developers, mentions, answers, edits and what they notify."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from communities.models import Membership, MembershipRole, Visibility
from exchange import selectors, services
from exchange.models import Post, PostRevision, Thread, ThreadKind
from notifications import selectors as follow_selectors
from notifications.models import Notification, NotificationKind
from tests.communities.factories import CommunityFactory
from tests.factories import InstrumentFactory, UserFactory

from .conftest import make_challenge

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_hold(settings):
    # Holding first posts is tested on its own below; elsewhere it would only add an approval step.
    settings.EXCHANGE_HOLD_FIRST_POSTS = 0


def kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_starting_a_thread_posts_the_first_message_follows_it_and_tells_the_challenge_followers():
    challenge = make_challenge()
    follower, author = UserFactory(), UserFactory()
    from notifications import services as notifications

    notifications.follow(user=follower, target=challenge)
    thread = services.thread_start(
        actor=author, subject=challenge, title="  Warmtescan  ", body="Wie **heeft** ervaring?"
    )
    assert thread.title == "Warmtescan"
    post = thread.posts.get()
    assert "<strong>heeft</strong>" in post.body_html
    assert follow_selectors.is_following(author, thread)
    assert kinds(follower) == [NotificationKind.NEW_THREAD]
    assert kinds(author) == []


def test_a_reply_notifies_followers_once_and_the_asker_hears_an_answer():
    challenge = make_challenge()
    asker, helper, bystander = UserFactory(), UserFactory(), UserFactory()
    thread = services.thread_start(
        actor=asker, subject=challenge, title="Hoe begin je?", body="Vraag.", kind=ThreadKind.QUESTION
    )
    services.post_reply(actor=bystander, thread=thread, body="Ik volg dit ook.")
    post = services.post_reply(actor=helper, thread=thread, body="Begin met een buurtavond.")
    assert kinds(asker) == [NotificationKind.ANSWER, NotificationKind.ANSWER]
    assert kinds(bystander) == [NotificationKind.REPLY]
    # A retry of the same event (a re-run task, a double submit) adds nothing.
    services._announce(post)
    assert kinds(bystander) == [NotificationKind.REPLY]
    thread.refresh_from_db()
    assert thread.reply_count == 2
    assert follow_selectors.is_following(helper, thread)


def test_mentions_notify_only_people_who_may_see_the_thread():
    community = CommunityFactory(visibility=Visibility.MEMBERS_ONLY, name="Geheim Warm")
    member = UserFactory(name="Mo Lid")
    outsider = UserFactory(name="Otto Buiten")
    Membership.objects.create(community=community, user=member, role=MembershipRole.MEMBER)
    writer = UserFactory(name="Wil Schrijver")
    Membership.objects.create(community=community, user=writer, role=MembershipRole.MEMBER)
    thread = services.thread_start(
        actor=writer, subject=community, title="Intern", body="@MoLid en @OttoBuiten?"
    )
    assert kinds(member) == [NotificationKind.MENTION]
    assert kinds(outsider) == []
    assert services.unknown_mentions("@MoLid @OttoBuiten @Niemand", thread) == ["ottobuiten", "niemand"]


def test_editing_keeps_the_old_text_and_only_the_author_may():
    challenge = make_challenge()
    author, other = UserFactory(), UserFactory()
    thread = services.thread_start(actor=author, subject=challenge, title="Titel", body="Eerste versie")
    post = thread.posts.get()
    services.post_edit(actor=author, post=post, body="Tweede versie")
    assert post.edited_at is not None and "Tweede" in post.body_html
    assert PostRevision.objects.get(post=post).body == "Eerste versie"
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=other, post=post, body="Gekaapt")


def test_only_the_asker_marks_an_answer_and_never_the_question_itself(coordinator):
    challenge = make_challenge()
    asker, helper = UserFactory(), UserFactory()
    thread = services.thread_start(
        actor=asker, subject=challenge, title="V", body="?", kind=ThreadKind.QUESTION
    )
    reply = services.post_reply(actor=helper, thread=thread, body="Zo.")
    with pytest.raises(PermissionDenied):
        services.thread_mark_answer(actor=helper, thread=thread, post=reply)
    with pytest.raises(ValidationError):
        services.thread_mark_answer(actor=asker, thread=thread, post=thread.posts.first())
    services.thread_mark_answer(actor=asker, thread=thread, post=reply)
    assert thread.answer == reply
    services.thread_mark_answer(actor=coordinator, thread=thread, post=reply)  # again: unmarks
    assert thread.answer is None


def test_questions_to_developers_reach_the_owners_badge_their_reply_and_fill_the_faq(client):
    owner = UserFactory(name="Dina Ontwikkelaar")
    instrument = InstrumentFactory(title="Vitaliteitsscan", owner=owner)
    asker = UserFactory(name="Wessel Webber")
    client.force_login(asker)
    url = reverse("exchange:thread_create", args=["instrument", instrument.slug])
    response = client.post(
        url, {"kind": "question", "title": "Werkt de scan ook online?", "body": "Wij werken hybride."}
    )
    assert response.status_code == 302
    thread = Thread.objects.get()
    assert thread.is_question and thread.instrument == instrument
    assert kinds(owner) == [NotificationKind.QUESTION_ON_INSTRUMENT]
    assert list(selectors.open_questions_for_owner(owner)) == [thread]

    client.force_login(owner)
    response = client.post(
        reverse("exchange:thread_reply", args=[thread.pk]), {"body": "Ja, met een online formulier."}
    )
    assert response.status_code == 302
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'data-testid="developer-badge"' in page
    assert kinds(asker) == [NotificationKind.ANSWER]

    client.force_login(asker)
    reply = thread.posts.last()
    assert (
        client.post(reverse("exchange:thread_answer", args=[thread.pk]), {"post": reply.pk}).status_code
        == 302
    )
    html = client.get(instrument.get_absolute_url()).content.decode()
    assert 'data-testid="instrument-faq"' in html and "online formulier" in html
    assert list(selectors.open_questions_for_owner(owner)) == []


def test_threads_of_a_members_only_community_are_sealed(client):
    community = CommunityFactory(visibility=Visibility.MEMBERS_ONLY, name="Besloten Kring")
    member = UserFactory()
    Membership.objects.create(community=community, user=member, role=MembershipRole.MEMBER)
    thread = services.thread_start(
        actor=member, subject=community, title="Geheime warmtescan", body="Intern."
    )
    outsider = UserFactory()
    client.force_login(outsider)
    for url in (
        thread.get_absolute_url(),
        reverse("exchange:thread_list", args=["community", community.slug]),
        reverse("exchange:thread_create", args=["community", community.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 404
        assert b"Geheime warmtescan" not in response.content
    assert client.post(reverse("exchange:thread_reply", args=[thread.pk]), {"body": "x"}).status_code == 404
    assert selectors.similar_threads(outsider, "geheime warmtescan") == []
    assert selectors.similar_threads(member, "geheime warmtescan") == [thread]


def test_public_threads_everyone_reads_signed_in_people_write(client):
    challenge = make_challenge()
    thread = services.thread_start(
        actor=UserFactory(), subject=challenge, title="Open vraag", body="Iedereen?"
    )
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200 and b"Iedereen?" in response.content
    response = client.post(reverse("exchange:thread_reply", args=[thread.pk]), {"body": "anoniem"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert thread.posts.count() == 1


def test_similar_threads_are_shown_before_posting_and_nothing_typed_is_lost(client):
    challenge = make_challenge()
    services.thread_start(
        actor=UserFactory(), subject=challenge, title="Bewoners betrekken bij warmtenet", body="x"
    )
    client.force_login(UserFactory())
    url = reverse("exchange:thread_create", args=["challenge", challenge.slug])
    data = {"kind": "discussion", "title": "Hoe betrekken we bewoners?", "body": "Mijn lange verhaal."}
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="similar-threads"' in html and "Bewoners betrekken bij warmtenet" in html
    assert "Mijn lange verhaal." in html
    assert Thread.objects.count() == 1
    response = client.post(url, {**data, "confirmed": "on"})
    assert response.status_code == 302 and Thread.objects.count() == 2


def test_first_posts_of_a_new_account_wait_for_a_coordinator(client, settings, coordinator):
    settings.EXCHANGE_HOLD_FIRST_POSTS = 2
    challenge = make_challenge()
    newcomer, reader = UserFactory(), UserFactory()
    from notifications import services as notifications

    notifications.follow(user=reader, target=challenge)
    thread = services.thread_start(actor=newcomer, subject=challenge, title="Spam?", body="Eerste bericht")
    assert thread.is_pending
    assert not selectors.threads_visible_to(reader).filter(pk=thread.pk).exists()
    assert selectors.threads_visible_to(newcomer).filter(pk=thread.pk).exists()
    assert kinds(reader) == []
    client.force_login(coordinator)
    post = thread.posts.get()
    assert (
        client.post(reverse("exchange:post_review", args=[post.pk]), {"decision": "approve"}).status_code
        == 302
    )
    assert selectors.threads_visible_to(reader).filter(pk=thread.pk).exists()
    assert kinds(reader) == [NotificationKind.NEW_THREAD]
    # The second post still waits; the third does not.
    second = services.post_reply(actor=newcomer, thread=thread, body="Tweede")
    assert second.is_pending
    services.post_review(actor=coordinator, post=second, approve=True)
    third = services.post_reply(actor=newcomer, thread=thread, body="Derde")
    assert not third.is_pending


def test_hostile_input_gets_a_message_never_a_500(client):
    challenge = make_challenge()
    user = UserFactory()
    thread = services.thread_start(actor=user, subject=challenge, title="Titel", body="Tekst")
    client.force_login(user)
    reply_url = reverse("exchange:thread_reply", args=[thread.pk])
    assert client.post(reply_url, {"body": "a\x00b"}).status_code in (302, 400)
    response = client.post(reply_url, {"body": "x" * 100_000})
    assert response.status_code == 400
    response = client.post(reply_url, {"body": "<script>alert(1)</script>"})
    assert response.status_code == 302
    assert "<script>" not in Post.objects.latest("id").body_html
    response = client.post(reply_url, {"body": "@NiemandHier hallo"}, follow=True)
    assert "@niemandhier" in response.content.decode()
    other = services.thread_start(
        actor=UserFactory(), subject=challenge, title="Ander", body="Niet van jou", kind="question"
    )
    reply = services.post_reply(actor=user, thread=other, body="Antwoord")
    assert (
        client.post(reverse("exchange:thread_answer", args=[other.pk]), {"post": reply.pk}).status_code == 403
    )
    assert (
        client.post(reverse("exchange:thread_answer", args=[thread.pk]), {"post": "abc"}).status_code == 403
    )
    thread_id = thread.pk
    thread.delete()
    assert (
        client.post(reverse("exchange:thread_reply", args=[thread_id]), {"body": "te laat"}).status_code
        == 404
    )


def test_the_post_rate_limit_answers_429_with_the_text_kept(client, settings):
    settings.MODERATION_RATE_LIMITS = {"post": 2}
    challenge = make_challenge()
    user = UserFactory()
    thread = services.thread_start(actor=user, subject=challenge, title="Titel", body="1")
    services.post_reply(actor=user, thread=thread, body="2")
    client.force_login(user)
    response = client.post(reverse("exchange:thread_reply", args=[thread.pk]), {"body": "Mijn derde bericht"})
    assert response.status_code == 429
    assert "Mijn derde bericht" in response.content.decode()


def test_a_link_to_a_post_opens_the_page_that_shows_it(client, settings):
    settings.MODERATION_RATE_LIMITS = {"post": 100}
    challenge = make_challenge()
    user = UserFactory()
    thread = services.thread_start(actor=user, subject=challenge, title="Lang", body="begin")
    posts = [services.post_reply(actor=user, thread=thread, body=f"bericht {i}") for i in range(60)]
    response = client.get(posts[-1].get_absolute_url())
    assert response.status_code == 200
    assert f'id="post-{posts[-1].pk}"' in response.content.decode()


def test_the_mention_hint_names_each_writer_once_even_after_many_posts_of_one(client):
    challenge = make_challenge()
    fien, mo = UserFactory(name="Fien Jansen"), UserFactory(name="Mo de Vries")
    thread = services.thread_start(actor=fien, subject=challenge, title="Warmte-avond", body="Wie komt?")
    for i in range(14):
        services.post_reply(actor=fien, thread=thread, body=f"Nog iets {i}")
    services.post_reply(actor=mo, thread=thread, body="Ik!")
    assert selectors.participant_handles(thread) == ["FienJansen", "ModeVries"]
    client.force_login(mo)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "@FienJansen, @ModeVries" in html


def test_developers_mark_the_answer_to_a_question_on_their_instrument_and_only_theirs(client):
    owner, other_owner = UserFactory(name="Dina Ontwikkelaar"), UserFactory(name="Olaf Ander")
    instrument = InstrumentFactory(title="Vitaliteitsscan", owner=owner)
    InstrumentFactory(title="Andere scan", owner=other_owner)
    asker = UserFactory()
    thread = services.thread_start(
        actor=asker, subject=instrument, title="Werkt de scan online?", body="?", kind=ThreadKind.QUESTION
    )
    reply = services.post_reply(actor=owner, thread=thread, body="Ja, met een formulier.")
    url = reverse("exchange:thread_answer", args=[thread.pk])

    client.force_login(other_owner)
    assert client.post(url, {"post": reply.pk}).status_code == 403
    client.force_login(owner)
    assert "Als antwoord markeren" in client.get(thread.get_absolute_url()).content.decode()
    assert client.post(url, {"post": reply.pk}).status_code == 302
    thread.refresh_from_db()
    assert thread.answer == reply
    assert "met een formulier" in client.get(instrument.get_absolute_url()).content.decode()
    # A discussion has no answer to mark, not even for its instrument's developers.
    discussion = services.thread_start(actor=asker, subject=instrument, title="Ervaringen", body="Deel ze")
    assert not services.permissions.can_mark_answer(owner, discussion)


def test_developers_answers_on_their_instrument_are_not_held_elsewhere_they_are(settings):
    settings.EXCHANGE_HOLD_FIRST_POSTS = 2
    owner = UserFactory()
    instrument = InstrumentFactory(owner=owner)
    asker = UserFactory()
    question = services.thread_start(
        actor=asker,
        subject=instrument,
        title="Hoe lang duurt de scan?",
        body="?",
        kind=ThreadKind.QUESTION,
        hold=False,
    )
    answer = services.post_reply(actor=owner, thread=question, body="Een uur.")
    assert not answer.is_pending
    elsewhere = services.thread_start(
        actor=asker, subject=make_challenge(), title="Wijkavond", body="!", hold=False
    )
    assert services.post_reply(actor=owner, thread=elsewhere, body="Ik kom").is_pending


def test_opening_a_thread_or_request_reads_what_the_bell_said_about_it(client):
    challenge = make_challenge()
    reader, colleague = UserFactory(), UserFactory()
    thread = services.thread_start(actor=reader, subject=challenge, title="Warmte-avond", body="Wie komt?")
    other = services.thread_start(actor=reader, subject=challenge, title="Isolatie", body="Tips?")
    services.post_reply(actor=colleague, thread=thread, body="Ik!")
    services.post_reply(actor=colleague, thread=other, body="Ja.")
    assert follow_selectors.unread_count(reader) == 2

    client.force_login(colleague)  # someone else reading the thread changes nothing for the reader
    client.get(thread.get_absolute_url())
    assert follow_selectors.unread_count(reader) == 2
    client.force_login(reader)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert follow_selectors.unread_count(reader) == 1
    assert Notification.objects.get(recipient=reader, object_id=other.pk).read_at is None
    # The page itself already shows the bell without this thread's reply.
    assert '<span class="badge">1</span>' in html

    request = services.request_create(
        actor=reader, title="Een scan voor warmte-avonden", description="Wie kent er een?"
    )
    services.request_support(actor=colleague, request=request)
    assert follow_selectors.unread_count(reader) == 2
    client.get(reverse("exchange:request_list"))  # a list is not the request
    assert follow_selectors.unread_count(reader) == 2
    client.get(request.get_absolute_url())
    assert follow_selectors.unread_count(reader) == 1


def test_who_left_a_members_only_community_hears_nothing_more_of_its_threads(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    community = CommunityFactory(visibility=Visibility.MEMBERS_ONLY, name="Besloten Kring")
    asker = UserFactory(name="Aaf Vrager", email="aaf@example.org")
    member = UserFactory(name="Mo Lid")
    for user in (asker, member):
        Membership.objects.create(community=community, user=user, role=MembershipRole.MEMBER)
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.thread_start(
            actor=asker, subject=community, title="Geheime warmtescan", body="Wie?", kind=ThreadKind.QUESTION
        )
        services.post_reply(actor=member, thread=thread, body="Ik weet het, @AafVrager")
    # While a member, the answer and the mention reach her, by mail too.
    assert [m for m in mail.outbox if "aaf@example.org" in m.to and "Geheime warmtescan" in m.subject]
    before = Notification.objects.filter(recipient=asker).count()

    Membership.objects.filter(community=community, user=asker).delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_reply(actor=member, thread=thread, body="Nog iets, @AafVrager")
    assert Notification.objects.filter(recipient=asker).count() == before
    assert not [m for m in mail.outbox if "aaf@example.org" in m.to]
    client.force_login(asker)
    html = client.get(reverse("notifications:list")).content.decode()
    assert "Geheime warmtescan" not in html and "Besloten Kring" not in html
    assert follow_selectors.unread_count(asker) == 0
    assert client.get(thread.get_absolute_url()).status_code == 404
