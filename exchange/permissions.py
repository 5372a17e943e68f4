"""Who may see and do what with challenges and development steps: the one place these rules live.

Seeing a challenge is decided by ``selectors.challenges_visible_to``; seeing a
community by ``communities.selectors.communities_visible_to``. The functions
here decide what a user may do with objects they can already see.
"""

from accounts.roles import is_coordinator
from communities import permissions as community_permissions
from communities.models import Community, Visibility
from instruments import permissions as instrument_permissions
from instruments.models import Instrument

from .models import Challenge, ChallengeStatus, DevelopmentStep, InstrumentRequest, Post, Thread


def can_propose(user) -> bool:
    """Any signed-in person may propose a challenge; a coordinator approves it."""
    return bool(user.is_authenticated and user.is_active)


def can_manage_challenges(user) -> bool:
    """Create, edit, approve and archive challenges: network coordinators and admins."""
    return is_coordinator(user)


def can_edit_challenge(user, challenge: Challenge) -> bool:
    return is_coordinator(user)


def can_follow(user, challenge: Challenge) -> bool:
    return bool(user.is_authenticated and challenge.status != ChallengeStatus.PROPOSED)


def can_link_challenges(user, community: Community) -> bool:
    """Choose the community's challenges: its facilitators (and coordinators, who manage every community)."""
    return community_permissions.can_edit(user, community)


def can_publish_step(user, community: Community) -> bool:
    """Open the step form. Whether the community is public is checked by the service, with a message."""
    return community_permissions.can_edit(user, community)


def can_edit_step(user, step: DevelopmentStep) -> bool:
    """The community's facilitators and coordinators; a former facilitator who wrote it no longer may."""
    return community_permissions.can_edit(user, step.community)


# -- discussions ---------------------------------------------------------------------------
#
# Reading a thread is decided by ``selectors.threads_visible_to``: whoever may
# see its challenge, instrument or community may read it. Writing:
#
# - a public challenge, a published instrument, a public community: every
#   signed-in person (the point is to hear from other municipalities);
# - a members-only community: its members only (everyone else gets a 404
#   before these rules are asked);
# - archived challenges and hidden subjects take no new threads or replies.


def _signed_in(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_write_about(user, subject) -> bool:
    """May ``user`` start threads on, and reply in threads of, ``subject`` (which they can see)?"""
    if not _signed_in(user):
        return False
    if isinstance(subject, Challenge):
        return subject.status == ChallengeStatus.ACTIVE and not subject.is_hidden
    if isinstance(subject, Instrument):
        return subject.is_listed
    if isinstance(subject, Community):
        if subject.visibility == Visibility.PUBLIC and not subject.is_hidden:
            return True
        return is_coordinator(user) or community_permissions.is_member(user, subject)
    return False


def can_reply(user, thread: Thread) -> bool:
    return not thread.is_hidden and not thread.is_pending and can_write_about(user, thread.subject)


def can_edit_post(user, post: Post) -> bool:
    """Only the author edits a post (the history keeps what it said); moderators hide instead."""
    return bool(_signed_in(user) and post.author_id == user.pk and not post.is_hidden)


def can_mark_answer(user, thread: Thread) -> bool:
    """The asker picks the answer to their question; so may the instrument's developers and coordinators.

    Developers may, because a question to them is often asked once and never looked at again: unmarked,
    their answer would not reach the instrument page's questions and answers.
    """
    if not thread.is_question or not _signed_in(user):
        return False
    return thread.author_id == user.pk or is_coordinator(user) or is_developer(user, thread.instrument)


def can_review_pending(user) -> bool:
    """Approve or decline the first posts of new accounts: network coordinators."""
    return is_coordinator(user)


def can_see_history(user, post: Post) -> bool:
    return bool(_signed_in(user) and (post.author_id == user.pk or is_coordinator(user)))


def is_developer(user, instrument: Instrument | None) -> bool:
    """Whether ``user`` speaks for ``instrument`` (its owners): their posts carry a badge."""
    return instrument is not None and instrument_permissions.is_owner(user, instrument)


# -- instrument requests -------------------------------------------------------------------


def can_request(user) -> bool:
    return _signed_in(user)


def can_support(user, request: InstrumentRequest) -> bool:
    return _signed_in(user) and request.is_open and not request.is_hidden


def can_suggest(user, request: InstrumentRequest) -> bool:
    return _signed_in(user) and request.is_open and not request.is_hidden


def can_fulfil(user, request: InstrumentRequest) -> bool:
    """The requester or a coordinator says which instrument met the need."""
    return _signed_in(user) and (request.author_id == user.pk or is_coordinator(user))
