"""Writes of challenges, community links and development steps.

Every function validates (``full_clean``) before it saves and raises
``ValidationError`` with a message the form shows beside the field.
"""

import re
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Value
from django.db.models.functions import Greatest, Lower, Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, Visibility
from core.markdown import render_markdown
from core.slugs import unique_slug
from core.vocabularies import Phase, Theme
from instruments.models import Instrument, InstrumentStatus
from moderation.ratelimit import check_rate_limit
from notifications import registry
from notifications import services as notifications
from notifications.models import NotificationKind

from . import permissions, selectors
from .models import (
    POST_MAX_LENGTH,
    Challenge,
    ChallengeStatus,
    ChallengeTheme,
    CommunityChallenge,
    DevelopmentStep,
    InstrumentRequest,
    Post,
    PostRevision,
    RequestStatus,
    RequestSuggestion,
    RequestSupport,
    Thread,
    ThreadKind,
)

# Path segments of exchange/urls.py that a challenge slug may never take.
RESERVED_SLUGS = {"new", "propose"}


def _normalise_title(title: str) -> str:
    return " ".join((title or "").split())


def _check_title_free(title: str, *, actor, exclude_pk: int | None = None) -> None:
    """A title is taken by a challenge ``actor`` can see (coordinators see all).

    Naming a clash with someone else's proposal or a hidden challenge would
    tell the proposer it exists (issue 16, finding 6); such duplicates reach a
    coordinator, who declines them.
    """
    clash = selectors.challenges_visible_to(actor).filter(title__iexact=title).exclude(pk=exclude_pk).first()
    if clash is None:
        return
    if clash.status == ChallengeStatus.PROPOSED:
        message = _("A challenge with this title has already been proposed and waits for a coordinator.")
    else:
        message = _(
            "A challenge with this title already exists. Link your community to it, or choose another title."
        )
    raise ValidationError({"title": message})


def _set_themes(challenge: Challenge, themes: Iterable[str]) -> None:
    wanted = {t for t in themes if t in Theme.values}
    ChallengeTheme.objects.filter(challenge=challenge).exclude(theme__in=wanted).delete()
    have = set(ChallengeTheme.objects.filter(challenge=challenge).values_list("theme", flat=True))
    ChallengeTheme.objects.bulk_create([ChallengeTheme(challenge=challenge, theme=t) for t in wanted - have])


def _save_challenge(challenge: Challenge, *, themes, sectors) -> Challenge:
    challenge.description_html = render_markdown(challenge.description)
    challenge.full_clean()
    challenge.save()
    _set_themes(challenge, themes)
    challenge.sectors.set(list(sectors))
    return challenge


def _new_slug(title: str, *, status: str, exclude_pk: int | None = None) -> str:
    # A proposal is seen by its proposer and the coordinators only: like other hidden objects it never
    # holds the plain slug, so the plain slug of a public challenge is never taken by a proposal.
    return unique_slug(
        title,
        queryset=Challenge.objects.all(),
        reserved=RESERVED_SLUGS,
        fallback="challenge",
        exclude_pk=exclude_pk,
        private=status == ChallengeStatus.PROPOSED,
    )


@transaction.atomic
def challenge_propose(
    *, actor, title: str, description: str, themes: Iterable[str] = (), sectors: Iterable[str] = ()
) -> Challenge:
    """A signed-in person proposes a challenge; it waits (``proposed``) until a coordinator approves it.

    Only the proposer and coordinators see a proposal. Coordinators' own
    proposals are active at once.
    """
    if not permissions.can_propose(actor):
        raise PermissionDenied
    title = _normalise_title(title)
    _check_title_free(title, actor=actor)
    # Coordinators curate the list themselves: their proposals need no second opinion.
    status = ChallengeStatus.ACTIVE if permissions.can_manage_challenges(actor) else ChallengeStatus.PROPOSED
    challenge = Challenge(title=title, description=description, status=status, created_by=actor)
    challenge.slug = _new_slug(title, status=status)
    return _save_challenge(challenge, themes=themes, sectors=sectors)


@transaction.atomic
def challenge_create(
    *,
    actor,
    title: str,
    description: str,
    status: str = ChallengeStatus.ACTIVE,
    themes: Iterable[str] = (),
    sectors: Iterable[str] = (),
) -> Challenge:
    """A coordinator creates a challenge directly (active unless another status is given)."""
    if not permissions.can_manage_challenges(actor):
        raise PermissionDenied
    title = _normalise_title(title)
    _check_title_free(title, actor=actor)
    challenge = Challenge(title=title, description=description, status=status, created_by=actor)
    challenge.slug = _new_slug(title, status=status)
    return _save_challenge(challenge, themes=themes, sectors=sectors)


@transaction.atomic
def challenge_update(
    *,
    actor,
    challenge: Challenge,
    title: str,
    description: str,
    status: str | None = None,
    themes: Iterable[str] = (),
    sectors: Iterable[str] = (),
) -> Challenge:
    """Change a challenge; the slug stays, so shared links keep working."""
    if not permissions.can_edit_challenge(actor, challenge):
        raise PermissionDenied
    title = _normalise_title(title)
    _check_title_free(title, actor=actor, exclude_pk=challenge.pk)
    challenge.title, challenge.description = title, description
    if status is not None:
        challenge.status = status
    return _save_challenge(challenge, themes=themes, sectors=sectors)


@transaction.atomic
def challenge_set_status(*, actor, challenge: Challenge, status: str) -> Challenge:
    """Approve a proposal (``active``), archive a challenge or bring it back."""
    if not permissions.can_manage_challenges(actor):
        raise PermissionDenied
    if status not in ChallengeStatus.values:
        raise ValidationError(_("Unknown status."))
    fields = ["status", "updated_at"]
    if challenge.status == ChallengeStatus.PROPOSED and status != ChallengeStatus.PROPOSED:
        twin = Challenge.objects.filter(title__iexact=challenge.title).exclude(
            status=ChallengeStatus.PROPOSED
        )
        if twin.exclude(pk=challenge.pk).exists():
            raise ValidationError(
                _(
                    "A challenge with this title already exists. Give the proposal another title, "
                    "or decline it and point the proposer to the existing one."
                )
            )
        # Public from now on: it takes the plain slug its proposal could not hold, when that is free.
        challenge.slug = _new_slug(challenge.title, status=status, exclude_pk=challenge.pk)
        fields.append("slug")
    challenge.status = status
    challenge.save(update_fields=fields)
    return challenge


@transaction.atomic
def challenge_reject(*, actor, challenge: Challenge) -> None:
    """A coordinator declines a proposal: it is deleted (it was never public)."""
    if not permissions.can_manage_challenges(actor):
        raise PermissionDenied
    if challenge.status != ChallengeStatus.PROPOSED:
        raise ValidationError(_("Only a proposal can be declined; archive an active challenge instead."))
    challenge.delete()


def challenge_set_hidden(*, challenge: Challenge, hidden: bool) -> None:
    """The one way to hide or show a challenge (moderation, admin and views alike)."""
    Challenge.objects.filter(pk=challenge.pk).update(is_hidden=hidden)
    challenge.is_hidden = hidden


@transaction.atomic
def community_challenges_set(*, actor, community: Community, challenges: Iterable[Challenge]) -> None:
    """Make ``challenges`` the community's active challenges.

    Only active challenges can be added; links to archived ones stay (the work
    happened), links to hidden ones are left alone for moderation to decide.
    """
    if not permissions.can_link_challenges(actor, community):
        raise PermissionDenied
    wanted = {c.pk for c in challenges if c.status == ChallengeStatus.ACTIVE and not c.is_hidden}
    current = CommunityChallenge.objects.filter(
        community=community, challenge__status=ChallengeStatus.ACTIVE, challenge__is_hidden=False
    )
    dropped = set(current.exclude(challenge_id__in=wanted).values_list("challenge_id", flat=True))
    current.filter(challenge_id__in=dropped).delete()
    have = set(CommunityChallenge.objects.filter(community=community).values_list("challenge_id", flat=True))
    CommunityChallenge.objects.bulk_create(
        [CommunityChallenge(community=community, challenge_id=pk, linked_by=actor) for pk in wanted - have]
    )
    challenge_rankings_mark_stale(dropped | (wanted - have))


# -- the stored instrument ranking of the challenge page ------------------------------------


def challenge_rankings_mark_stale(challenge_ids: Iterable[int]) -> None:
    """The rankings of these challenges no longer hold; one refresh is queued when the change commits.

    The mark is the row itself (None), so a broker that is down loses nothing: beat's periodic
    refresh picks it up, and until then the page counts for itself.
    """
    ids = {pk for pk in challenge_ids if pk}
    if not ids:
        return
    # Look before writing: an UPDATE that changes no row still counts as a write to the page cache.
    fresh = list(
        Challenge.objects.filter(pk__in=ids, ranked_instruments__isnull=False).values_list("pk", flat=True)
    )
    if fresh:
        Challenge.objects.filter(pk__in=fresh).update(ranked_instruments=None)
    transaction.on_commit(_queue_ranking_refresh)


def _queue_ranking_refresh() -> None:
    from . import tasks  # tasks imports these services

    tasks.queue_ranking_refresh()


def challenge_rankings_refresh(*, everything: bool = False) -> int:
    """Store the rankings marked stale (or all of them); returns how many were computed.

    Each row is locked while its ranking is computed, so a change that commits meanwhile marks it
    stale again after this store instead of being overwritten by a ranking that missed it.
    """
    challenges = (
        Challenge.objects.all() if everything else Challenge.objects.filter(ranked_instruments__isnull=True)
    )
    done = 0
    for pk in list(challenges.values_list("pk", flat=True)):
        with transaction.atomic():
            locked = Challenge.objects.select_for_update().filter(pk=pk)
            if not locked.exists():
                continue  # deleted meanwhile
            locked.update(ranked_instruments=selectors.challenge_ranking(pk))
        done += 1
    return done


# -- development steps --------------------------------------------------------------------


def _check_public(community: Community) -> None:
    if community.visibility != Visibility.PUBLIC:
        raise ValidationError(
            _(
                "This community is members only, so nothing of it is published: steps are only "
                "shared by public communities. Make the community public first if you want to share steps."
            )
        )


def _check_instrument(instrument: Instrument | None) -> None:
    if instrument is not None and (instrument.status != InstrumentStatus.PUBLISHED or instrument.is_hidden):
        raise ValidationError({"instrument": _("Choose a published instrument.")})


def _render_step(step: DevelopmentStep) -> None:
    step.what_we_did_html = render_markdown(step.what_we_did)
    step.what_we_learned_html = render_markdown(step.what_we_learned)


@transaction.atomic
def step_publish(
    *,
    actor,
    community: Community,
    kind: str,
    title: str,
    what_we_did: str,
    what_we_learned: str = "",
    instrument: Instrument | None = None,
    now=None,
) -> DevelopmentStep:
    """Publish a step to a public community's logbook; anyone can read it at once.

    Raises ``ValidationError`` (with a message to show) for a members-only community.
    """
    if not permissions.can_publish_step(actor, community):
        raise PermissionDenied
    _check_public(community)
    _check_instrument(instrument)
    step = DevelopmentStep(
        community=community,
        author=actor,
        kind=kind,
        title=" ".join(title.split()),
        what_we_did=what_we_did,
        what_we_learned=what_we_learned,
        instrument=instrument,
        published_at=now or timezone.now(),
    )
    _render_step(step)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_update(
    *,
    actor,
    step: DevelopmentStep,
    kind: str,
    title: str,
    what_we_did: str,
    what_we_learned: str = "",
    instrument: Instrument | None = None,
) -> DevelopmentStep:
    if not permissions.can_edit_step(actor, step):
        raise PermissionDenied
    _check_public(step.community)
    _check_instrument(instrument)
    step.kind, step.title = kind, " ".join(title.split())
    step.what_we_did, step.what_we_learned, step.instrument = what_we_did, what_we_learned, instrument
    _render_step(step)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_delete(*, actor, step: DevelopmentStep) -> None:
    if not permissions.can_edit_step(actor, step):
        raise PermissionDenied
    step.delete()


def step_set_hidden(*, step: DevelopmentStep, hidden: bool) -> None:
    """The one way to hide or show a step (moderation, admin and views alike)."""
    DevelopmentStep.objects.filter(pk=step.pk).update(is_hidden=hidden)
    step.is_hidden = hidden


# -- discussions ----------------------------------------------------------------------------
#
# Every write below checks the permission, validates, renders Markdown once
# (pages never run it), keeps the thread's counters, makes the writer follow
# the thread and notifies -- inside one transaction, so notifications commit
# with the post or not at all. Notification keys name the event
# ("reply:post:12"), so a retried request never notifies twice.


def _hold_for_review(actor, thread: Thread | None = None) -> bool:
    """The first posts of a new account wait for a coordinator (``EXCHANGE_HOLD_FIRST_POSTS``).

    Not an instrument's owners in a thread about it: a coordinator accepted them with the instrument,
    and a developer's answer that waits a working day is the answer a Webber did not get.
    """
    threshold = getattr(settings, "EXCHANGE_HOLD_FIRST_POSTS", 2)
    if threshold <= 0 or permissions.can_review_pending(actor):
        return False
    if thread is not None and permissions.is_developer(actor, thread.instrument):
        return False
    approved = Post.objects.filter(author=actor, is_pending=False, is_hidden=False)[:threshold].count()
    return approved < threshold


def _clean_body(body: str) -> str:
    body = (body or "").replace("\x00", "")
    if not body.strip():
        raise ValidationError({"body": _("Write a message.")})
    if len(body) > POST_MAX_LENGTH:
        raise ValidationError(
            {"body": _("Keep it under %(limit)s characters.") % {"limit": f"{POST_MAX_LENGTH:,}"}}
        )
    return body


def _subject_kwargs(subject) -> dict:
    if isinstance(subject, Challenge):
        return {"challenge": subject}
    if isinstance(subject, Instrument):
        return {"instrument": subject}
    if isinstance(subject, Community):
        return {"community": subject}
    raise ValueError(f"Threads are about a challenge, an instrument or a community, not {subject!r}")


def _rate_limit(actor, action: str) -> None:
    check_rate_limit(actor, action)


@transaction.atomic
def thread_start(
    *,
    actor,
    subject,
    title: str,
    body: str,
    kind: str = ThreadKind.DISCUSSION,
    now=None,
    hold: bool | None = None,
) -> Thread:
    """Start a thread about ``subject`` with its first post; raises RateLimitExceeded or ValidationError.

    ``hold`` overrides the new-account rule (the demo data passes False); None applies it.
    """
    if not permissions.can_write_about(actor, subject):
        raise PermissionDenied
    if kind not in ThreadKind.values:
        raise ValidationError({"kind": _("Choose a discussion or a question.")})
    title = " ".join((title or "").replace("\x00", "").split())
    if not title:
        raise ValidationError({"title": _("Give the thread a title.")})
    body = _clean_body(body)
    _rate_limit(actor, "post")
    now = now or timezone.now()
    pending = _hold_for_review(actor) if hold is None else hold
    thread = Thread(
        kind=kind,
        title=title,
        author=actor,
        last_activity_at=now,
        is_pending=pending,
        **_subject_kwargs(subject),
    )
    thread.full_clean()
    thread.save()
    post = Post(thread=thread, author=actor, body=body, body_html=render_markdown(body), created_at=now)
    post.is_pending = pending
    post.full_clean()
    post.save()
    notifications.follow(user=actor, target=thread)
    if not pending:
        _announce(post)
    return thread


@transaction.atomic
def post_reply(
    *, actor, thread: Thread, body: str, reply_to: Post | None = None, now=None, hold: bool | None = None
) -> Post:
    """Reply in ``thread``; ``reply_to`` (a post of the same thread) is shown as a quote."""
    # Read again: the thread may have been hidden or closed since the page was shown. The counters are
    # updated with F() expressions, so two replies at once both count without a lock.
    thread = Thread.objects.select_related("challenge", "instrument", "community").get(pk=thread.pk)
    if not permissions.can_reply(actor, thread):
        raise PermissionDenied
    if reply_to is not None and (reply_to.thread_id != thread.pk or reply_to.is_hidden):
        raise ValidationError({"reply_to": _("You can only reply to a post of this thread.")})
    body = _clean_body(body)
    _rate_limit(actor, "post")
    now = now or timezone.now()
    post = Post(
        thread=thread,
        author=actor,
        body=body,
        body_html=render_markdown(body),
        reply_to=reply_to,
        created_at=now,
        is_pending=_hold_for_review(actor, thread) if hold is None else hold,
    )
    post.full_clean()
    post.save()
    notifications.follow(user=actor, target=thread)
    if not post.is_pending:
        _count_reply(thread, post)
        _announce(post)
    return post


def _count_reply(thread: Thread, post: Post) -> None:
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=models.F("reply_count") + 1, last_activity_at=post.created_at
    )


def _is_opening(post: Post) -> bool:
    first = Post.objects.filter(thread_id=post.thread_id).order_by("created_at", "id").values("pk").first()
    return first is not None and first["pk"] == post.pk


def _announce(post: Post) -> None:
    """Tell the people concerned about a post that is now public (a new thread or a reply)."""
    thread = post.thread
    can_see = registry.visibility_check(thread)
    actor = post.author
    mentioned = mentioned_users(post.body, thread)
    if _is_opening(post):
        subject = thread.subject
        if thread.instrument_id and thread.is_question:
            notifications.notify(
                kind=NotificationKind.QUESTION_ON_INSTRUMENT,
                event_key=f"question:thread:{thread.pk}",
                recipients=thread.instrument.owners.all(),
                target=thread,
                actor=actor,
                can_see=can_see,
            )
        if not isinstance(subject, Community) or subject.visibility == Visibility.PUBLIC:
            # A members-only community's threads are announced to members by the community's own pages.
            notifications.notify(
                kind=NotificationKind.NEW_THREAD,
                event_key=f"new_thread:thread:{thread.pk}",
                recipients=notifications.followers_of(subject),
                target=thread,
                actor=actor,
                can_see=can_see,
            )
    else:
        if thread.is_question and thread.author_id:
            notifications.notify(
                kind=NotificationKind.ANSWER,
                event_key=f"answer:post:{post.pk}",
                recipients=[thread.author],
                target=thread,
                actor=actor,
                can_see=can_see,
            )
        followers = notifications.followers_of(thread)
        if thread.is_question and thread.author_id:
            followers = followers.exclude(pk=thread.author_id)  # told above, as an answer
        notifications.notify(
            kind=NotificationKind.REPLY,
            event_key=f"reply:post:{post.pk}",
            recipients=[u for u in followers if u not in mentioned],
            target=thread,
            actor=actor,
            can_see=can_see,
        )
    _notify_mentions(post, mentioned)


def _notify_mentions(post: Post, mentioned) -> None:
    if not mentioned:
        return
    # One key per post and person: editing a post to add a mention notifies only the new name.
    for user in mentioned:
        notifications.notify(
            kind=NotificationKind.MENTION,
            event_key=f"mention:post:{post.pk}:{user.pk}",
            recipients=[user],
            target=post.thread,
            actor=post.author,
            can_see=registry.visibility_check(post.thread),
        )


MENTION = re.compile(r"(?<![\w@])@([\w][\w.-]{1,59})", re.UNICODE)


def mention_handles(text: str) -> list[str]:
    """The ``@names`` in ``text``, lower case, in order, without repeats (at most 20)."""
    handles = []
    for match in MENTION.finditer(text or ""):
        handle = match.group(1).rstrip(".-").lower()
        if handle and handle not in handles:
            handles.append(handle)
    return handles[:20]


def handle_of(user) -> str:
    return selectors.handle_for_name(user.name)


def mentioned_users(text: str, thread: Thread) -> list:
    """People named in ``text`` who may see ``thread``; nobody else is ever notified (or told apart)."""
    handles = mention_handles(text)
    if not handles:
        return []
    handle = Lower(Replace(Replace(models.F("name"), Value(" "), Value("")), Value("'"), Value("")))
    candidates = (
        get_user_model().objects.filter(is_active=True).annotate(handle=handle).filter(handle__in=handles)
    )
    can_see = registry.visibility_check(thread)
    return [user for user in candidates[:50] if can_see(user)]


def unknown_mentions(text: str, thread: Thread) -> list[str]:
    """Handles in ``text`` that notify nobody (no such person, or not one who may see the thread)."""
    found = {handle_of(user).lower() for user in mentioned_users(text, thread)}
    return [h for h in mention_handles(text) if h not in found]


@transaction.atomic
def post_edit(*, actor, post: Post, body: str, now=None) -> Post:
    """The author changes their post; the old text is kept as a revision and the post reads "edited"."""
    if not permissions.can_edit_post(actor, post):
        raise PermissionDenied
    body = _clean_body(body)
    if body == post.body:
        return post
    now = now or timezone.now()
    PostRevision.objects.create(post=post, body=post.body, editor=actor, replaced_at=now)
    post.body, post.body_html, post.edited_at = body, render_markdown(body), now
    post.full_clean()
    post.save(update_fields=["body", "body_html", "edited_at"])
    if not post.is_pending:
        _notify_mentions(post, mentioned_users(body, post.thread))
    return post


@transaction.atomic
def thread_mark_answer(*, actor, thread: Thread, post: Post | None) -> Thread:
    """Mark ``post`` as the answer to a question (None, or the current answer again, unmarks it)."""
    if not permissions.can_mark_answer(actor, thread):
        raise PermissionDenied
    if post is not None:
        if post.thread_id != thread.pk or post.is_hidden or post.is_pending:
            raise ValidationError(_("Choose a reply of this question as its answer."))
        if _is_opening(post):
            raise ValidationError(_("The question itself cannot be its answer; choose a reply."))
        if thread.answer_id == post.pk:
            post = None
    thread.answer = post
    thread.save(update_fields=["answer"])
    return thread


@transaction.atomic
def post_review(*, actor, post: Post, approve: bool) -> None:
    """A coordinator lets a waiting post through (announcing it now) or declines it (deleting it)."""
    if not permissions.can_review_pending(actor):
        raise PermissionDenied
    if not post.is_pending:
        raise ValidationError(_("This post does not wait for review any more."))
    thread = post.thread
    opening = _is_opening(post)
    if not approve:
        if opening:
            thread.delete()
        else:
            post.delete()
        return
    Post.objects.filter(pk=post.pk).update(is_pending=False)
    post.is_pending = False
    if opening:
        Thread.objects.filter(pk=thread.pk).update(is_pending=False)
        thread.is_pending = False
    else:
        _count_reply(thread, post)
    _announce(post)


def thread_set_hidden(*, thread: Thread, hidden: bool) -> None:
    """The one way to hide or show a thread (moderation, admin and views alike)."""
    Thread.objects.filter(pk=thread.pk).update(is_hidden=hidden)
    thread.is_hidden = hidden


def post_set_hidden(*, post: Post, hidden: bool) -> None:
    """Hide or show a post; hiding the opening post hides the whole thread with it."""
    Post.objects.filter(pk=post.pk).update(is_hidden=hidden)
    post.is_hidden = hidden
    if _is_opening(post):
        thread_set_hidden(thread=post.thread, hidden=hidden)
    elif not post.is_pending:
        delta = -1 if hidden else 1
        Thread.objects.filter(pk=post.thread_id).update(
            reply_count=Greatest(models.F("reply_count") + delta, 0)
        )
    if hidden:
        Thread.objects.filter(pk=post.thread_id, answer=post).update(answer=None)


# -- instrument requests ----------------------------------------------------------------------


def _request_activity(request: InstrumentRequest, *, event_key: str, actor) -> None:
    notifications.notify(
        kind=NotificationKind.REQUEST_ACTIVITY,
        event_key=event_key,
        recipients=[request.author] if request.author_id else [],
        target=request,
        actor=actor,
        can_see=registry.visibility_check(request),
    )


def _check_request_fields(challenge, phase, theme):
    if challenge is not None and (challenge.status != ChallengeStatus.ACTIVE or challenge.is_hidden):
        raise ValidationError({"challenge": _("Choose an active challenge.")})
    if phase and phase not in Phase.values:
        raise ValidationError({"phase": _("Choose a phase from the list.")})
    if theme and theme not in Theme.values:
        raise ValidationError({"theme": _("Choose a theme from the list.")})


@transaction.atomic
def request_create(
    *,
    actor,
    title: str,
    description: str,
    phase: str = "",
    theme: str = "",
    challenge: Challenge | None = None,
) -> InstrumentRequest:
    """Ask for an instrument that the catalogue lacks; the requester's own "me too" counts as the first."""
    if not permissions.can_request(actor):
        raise PermissionDenied
    _check_request_fields(challenge, phase, theme)
    _rate_limit(actor, "instrument_request")
    request = InstrumentRequest(
        title=" ".join((title or "").replace("\x00", "").split()),
        description=(description or "").replace("\x00", ""),
        phase=phase or "",
        theme=theme or "",
        challenge=challenge,
        author=actor,
    )
    request.description_html = render_markdown(request.description)
    request.full_clean()
    request.save()
    RequestSupport.objects.create(request=request, user=actor)
    notifications.follow(user=actor, target=request)
    return request


def _recount(request: InstrumentRequest) -> None:
    request.demand = RequestSupport.objects.filter(request=request).count()
    InstrumentRequest.objects.filter(pk=request.pk).update(demand=request.demand)


@transaction.atomic
def request_support(*, actor, request: InstrumentRequest) -> RequestSupport:
    """Say "me too" (once per person)."""
    if not permissions.can_support(actor, request):
        raise PermissionDenied
    if RequestSupport.objects.filter(request=request, user=actor).exists():
        raise ValidationError(_("You already said you are looking for this too."))
    try:
        with transaction.atomic():
            support = RequestSupport.objects.create(request=request, user=actor)
    except IntegrityError as error:  # a double click that raced the check above
        raise ValidationError(_("You already said you are looking for this too.")) from error
    _recount(request)
    notifications.follow(user=actor, target=request)
    _request_activity(request, event_key=f"request_support:{support.pk}", actor=actor)
    return support


@transaction.atomic
def request_withdraw_support(*, actor, request: InstrumentRequest) -> None:
    """Take back a "me too"; the requester's own stays (withdraw the request by marking it fulfilled)."""
    if not actor.is_authenticated or actor.pk == request.author_id:
        raise PermissionDenied
    RequestSupport.objects.filter(request=request, user=actor).delete()
    _recount(request)


@transaction.atomic
def request_suggest(
    *, actor, request: InstrumentRequest, instrument: Instrument, note: str = ""
) -> RequestSuggestion:
    """Point a request at an existing catalogue instrument (each instrument once per request)."""
    if not permissions.can_suggest(actor, request):
        raise PermissionDenied
    if instrument.status != InstrumentStatus.PUBLISHED or instrument.is_hidden:
        raise ValidationError({"instrument": _("Choose a published instrument.")})
    if RequestSuggestion.objects.filter(request=request, instrument=instrument).exists():
        raise ValidationError(
            {"instrument": _("This instrument has already been suggested for this request.")}
        )
    _rate_limit(actor, "instrument_request")
    suggestion = RequestSuggestion(
        request=request,
        instrument=instrument,
        author=actor,
        note=" ".join((note or "").replace("\x00", "").split()),
    )
    suggestion.full_clean()
    suggestion.save()
    _request_activity(request, event_key=f"request_suggestion:{suggestion.pk}", actor=actor)
    return suggestion


@transaction.atomic
def request_fulfil(
    *, actor, request: InstrumentRequest, instrument: Instrument | None, now=None
) -> InstrumentRequest:
    """Close a request: met by ``instrument`` (or by none, when the requester withdraws it)."""
    if not permissions.can_fulfil(actor, request):
        raise PermissionDenied
    if instrument is not None and (instrument.status != InstrumentStatus.PUBLISHED or instrument.is_hidden):
        raise ValidationError({"instrument": _("Choose a published instrument.")})
    request.status = RequestStatus.FULFILLED
    request.fulfilled_by = instrument
    request.fulfilled_at = now or timezone.now()
    request.save(update_fields=["status", "fulfilled_by", "fulfilled_at"])
    supporters = get_user_model().objects.filter(pk__in=request.supports.values("user_id"))
    notifications.notify(
        kind=NotificationKind.REQUEST_ACTIVITY,
        event_key=f"request_fulfilled:{request.pk}",
        recipients=supporters,
        target=request,
        actor=actor,
        can_see=registry.visibility_check(request),
    )
    return request


@transaction.atomic
def request_reopen(*, actor, request: InstrumentRequest) -> InstrumentRequest:
    if not permissions.can_fulfil(actor, request):
        raise PermissionDenied
    request.status, request.fulfilled_by, request.fulfilled_at = RequestStatus.OPEN, None, None
    request.save(update_fields=["status", "fulfilled_by", "fulfilled_at"])
    return request


def request_set_hidden(*, request: InstrumentRequest, hidden: bool) -> None:
    InstrumentRequest.objects.filter(pk=request.pk).update(is_hidden=hidden)
    request.is_hidden = hidden


def suggestion_set_hidden(*, suggestion: RequestSuggestion, hidden: bool) -> None:
    RequestSuggestion.objects.filter(pk=suggestion.pk).update(is_hidden=hidden)
    suggestion.is_hidden = hidden
