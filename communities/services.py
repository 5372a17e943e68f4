"""Every write to communities goes through these functions.

Services check model validation (``full_clean``) and the invariants that span
rows (a community always keeps a facilitator; one answer per member per
stand-up). Permission checks live in the views, through ``permissions``.
"""

import logging
import secrets
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import slug_re
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.slugs import unique_slug as core_unique_slug
from core.vocabularies import Theme
from instruments.models import Experience, Instrument, InstrumentStatus

from . import events, mails, permissions
from .models import (
    BuildingBlock,
    Community,
    CommunityBuildingBlock,
    CommunityExecutionPhase,
    CommunityInstrumentUse,
    CommunityTheme,
    ExperienceLink,
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    MembershipRole,
    Organisation,
    ParkedPoint,
    Partnership,
    Sprint,
    Standup,
    StandupAnswer,
    StandupSchedule,
    StandupStatus,
    Visibility,
)

logger = logging.getLogger(__name__)

INVITATION_VALIDITY = timedelta(days=14)
# Path segments under /communities/ that a slug must never shadow.
RESERVED_SLUGS = {"new", "invitations", "mine"}

COMMUNITY_FIELDS = (
    "name",
    "challenge",
    "shared_learning_goal",
    "level",
    "variant",
    "province",
    "municipality",
    "region",
    "phase",
    "visibility",
    "starts_on",
    "ends_on",
    "website",
)


# -- profile -------------------------------------------------------------------


def unique_slug(name: str, *, exclude_pk: int | None = None, private: bool = False) -> str:
    return core_unique_slug(
        name,
        queryset=Community.objects.all(),
        reserved=RESERVED_SLUGS,
        fallback="community",
        exclude_pk=exclude_pk,
        private=private,
    )


def _apply_fields(community: Community, data: Mapping) -> None:
    for name in COMMUNITY_FIELDS:
        if name in data:
            value = data[name]
            if value is None and name not in ("starts_on", "ends_on", "municipality"):
                value = ""
            setattr(community, name, value)


def community_set_themes(*, community: Community, themes: Iterable[str]) -> None:
    themes = set(themes)
    unknown = themes - set(Theme.values)
    if unknown:
        raise ValueError(f"Unknown themes: {sorted(unknown)}")
    CommunityTheme.objects.filter(community=community).exclude(theme__in=themes).delete()
    present = set(CommunityTheme.objects.filter(community=community).values_list("theme", flat=True))
    CommunityTheme.objects.bulk_create(
        [CommunityTheme(community=community, theme=t) for t in themes - present]
    )


@transaction.atomic
def community_create(
    *, actor, data: Mapping, themes: Iterable[str] = (), sectors: Iterable[str] = ()
) -> Community:
    """Create a community; ``actor`` becomes its first facilitator."""
    community = Community()
    _apply_fields(community, data)
    # A members-only community never holds the plain slug of its name (see core.slugs).
    community.slug = unique_slug(community.name, private=community.visibility == Visibility.MEMBERS_ONLY)
    community.full_clean()
    community.save()
    community_set_themes(community=community, themes=themes)
    community.sectors.set(list(sectors))
    if actor is not None:
        Membership.objects.create(community=community, user=actor, role=MembershipRole.FACILITATOR)
    return community


@transaction.atomic
def community_update(
    *,
    actor,
    community: Community,
    data: Mapping,
    themes: Iterable[str] | None = None,
    sectors: Iterable[str] | None = None,
) -> Community:
    """Change the profile; the slug stays stable so shared links keep working.

    Except when a public community becomes members-only: it then takes a private slug (a random
    suffix), as if it had been members-only from the start. Keeping the plain slug of its name would
    let anyone learn that a hidden community of that name exists, by choosing the name for a new
    community (core.slugs; issue 16, finding 6). Links shared while it was public stop working.
    """
    # The form may have set the new visibility on this instance already: compare with what is stored.
    stored = Community.objects.filter(pk=community.pk).values_list("visibility", flat=True).first()
    _apply_fields(community, data)
    community.full_clean()
    if stored == Visibility.PUBLIC and community.visibility == Visibility.MEMBERS_ONLY:
        community.slug = unique_slug(community.name, exclude_pk=community.pk, private=True)
    community.save()
    if themes is not None:
        community_set_themes(community=community, themes=themes)
    if sectors is not None:
        community.sectors.set(list(sectors))
    return community


@transaction.atomic
def partner_add(*, actor, community: Community, name: str, practice_type: str) -> Partnership:
    """Add an organisation as partner.

    An organisation is shared only when it is public (first added by a public
    community): naming one picks it, case-insensitively, with its practice
    type. A members-only community's partners are its own: nobody else's
    name reuses them, so adding a partner never confirms another community's
    hidden partner (issue 16, finding 6).
    """
    name = " ".join(name.split())
    named = Organisation.objects.filter(name__iexact=name)
    organisation = named.filter(is_public=True).first()
    if organisation is None:
        organisation = named.filter(is_public=False, partnerships__community=community).first()
    if organisation is None:
        organisation = Organisation(
            name=name, practice_type=practice_type, is_public=community.visibility == Visibility.PUBLIC
        )
        organisation.full_clean()
        organisation.save()
    partnership, _created = Partnership.objects.get_or_create(community=community, organisation=organisation)
    return partnership


@transaction.atomic
def partner_remove(*, actor, partnership: Partnership) -> None:
    partnership.delete()


@transaction.atomic
def community_set_hidden(*, actor, community: Community, hidden: bool) -> Community:
    """Hide a community from everyone but coordinators (moderation), or show it again."""
    Community.objects.filter(pk=community.pk).update(is_hidden=hidden)
    community.is_hidden = hidden
    return community


# -- membership ------------------------------------------------------------------


def _facilitator_count(community: Community) -> int:
    return Membership.objects.filter(community=community, role=MembershipRole.FACILITATOR).count()


def _lock_community(community: Community) -> None:
    # Serialises membership changes of one community, so two facilitators
    # stepping down at once cannot leave it without one.
    Community.objects.select_for_update().filter(pk=community.pk).first()


@transaction.atomic
def membership_add(*, community: Community, user, role: str = MembershipRole.MEMBER) -> Membership:
    membership, created = Membership.objects.get_or_create(
        community=community, user=user, defaults={"role": role}
    )
    if created:
        JoinRequest.objects.filter(community=community, user=user, status=JoinRequestStatus.PENDING).update(
            status=JoinRequestStatus.APPROVED, decided_at=timezone.now()
        )
    return membership


@transaction.atomic
def membership_leave(*, actor, community: Community) -> None:
    """The actor leaves; the last facilitator must hand over the role first."""
    _lock_community(community)
    membership = Membership.objects.filter(community=community, user=actor).first()
    if membership is None:
        return
    if membership.is_facilitator and _facilitator_count(community) <= 1:
        raise ValidationError(
            _("You are the only facilitator. Hand the facilitator role to another member before you leave.")
        )
    membership.delete()


@transaction.atomic
def membership_remove(*, actor, membership: Membership) -> None:
    _lock_community(membership.community)
    if membership.is_facilitator and _facilitator_count(membership.community) <= 1:
        raise ValidationError(_("A community cannot be left without a facilitator."))
    membership.delete()


@transaction.atomic
def membership_handover(*, actor, membership: Membership, step_down: bool = False) -> Membership:
    """Make ``membership`` a facilitator; with ``step_down`` the actor becomes a member."""
    _lock_community(membership.community)
    membership.role = MembershipRole.FACILITATOR
    membership.save(update_fields=["role"])
    if step_down and actor.pk != membership.user_id:
        Membership.objects.filter(community=membership.community, user=actor).update(
            role=MembershipRole.MEMBER
        )
    return membership


@transaction.atomic
def membership_set_learning_goal(*, actor, membership: Membership, learning_goal: str) -> Membership:
    membership.learning_goal = learning_goal
    membership.full_clean()
    membership.save(update_fields=["learning_goal"])
    return membership


@transaction.atomic
def join_request_create(*, actor, community: Community, message: str = "") -> JoinRequest:
    """Ask to join a public community; a second request while one is pending returns the first."""
    existing = JoinRequest.objects.filter(
        community=community, user=actor, status=JoinRequestStatus.PENDING
    ).first()
    if existing:
        return existing
    join_request = JoinRequest(community=community, user=actor, message=message)
    join_request.full_clean()
    join_request.save()
    from .notifications import notify_join_request

    notify_join_request(join_request)
    return join_request


@transaction.atomic
def join_request_decide(*, actor, join_request: JoinRequest, approve: bool) -> JoinRequest:
    if join_request.status != JoinRequestStatus.PENDING:
        raise ValidationError(_("This request has already been handled."))
    join_request.status = JoinRequestStatus.APPROVED if approve else JoinRequestStatus.DECLINED
    join_request.decided_at = timezone.now()
    join_request.decided_by = actor
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    if approve:
        Membership.objects.get_or_create(community=join_request.community, user=join_request.user)
    # The outbox row commits with the decision; the worker mails it (see outbox.services).
    mails.join_decision_mail(join_request, approved=approve)
    return join_request


# -- invitations -----------------------------------------------------------------


class InvitationError(Exception):
    """Why an invitation cannot be accepted; ``code`` is one of unknown/expired/used/foreign."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@transaction.atomic
def invitations_create(*, actor, community: Community, emails: Iterable[str]) -> tuple[list, list]:
    """Invite each address once; returns (invitations queued, addresses of existing members).

    An address with a pending invitation gets a fresh link (the old one stops
    working). Each mail is an outbox row committed with its invitation; the
    worker sends it, and a broker outage only delays it (outbox.sweep).
    """
    emails = list(dict.fromkeys(e.strip().lower() for e in emails if e.strip()))
    member_emails = {
        e.lower()
        for e in Membership.objects.filter(community=community, user__email__in=emails).values_list(
            "user__email", flat=True
        )
    }
    sent, skipped = [], []
    expires_at = timezone.now() + INVITATION_VALIDITY
    for email in emails:
        if email in member_emails:
            skipped.append(email)
            continue
        Invitation.objects.filter(community=community, email=email, accepted_at__isnull=True).delete()
        invitation = Invitation(
            community=community,
            email=email,
            token=secrets.token_urlsafe(32),
            invited_by=actor,
            expires_at=expires_at,
        )
        invitation.full_clean()
        invitation.save()
        mails.invitation_mail(invitation)
        sent.append(invitation)
    return sent, skipped


def invitation_by_token(token: str) -> Invitation | None:
    # Tokens are URL-safe base64; anything else (a NUL character would make
    # PostgreSQL raise instead of finding nothing) cannot be one.
    if not token or len(token) > 64 or not slug_re.match(token):
        return None
    return Invitation.objects.select_related("community", "invited_by").filter(token=token).first()


def invitation_addressed_to(invitation: Invitation, user) -> bool:
    if not user.is_authenticated:
        return False
    if user.email.lower() == invitation.email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True).exists()


def invitation_check(invitation: Invitation | None, user=None) -> None:
    """Raise :class:`InvitationError` when the invitation cannot be used (by ``user``)."""
    if invitation is None:
        raise InvitationError(
            "unknown", _("This invitation link is not valid. Check that you copied it whole.")
        )
    if invitation.is_used:
        if user is not None and invitation.accepted_by_id == getattr(user, "pk", None):
            return
        raise InvitationError(
            "used",
            _("This invitation has already been used. Ask a facilitator of the community for a new one."),
        )
    if invitation.is_expired:
        raise InvitationError(
            "expired",
            _("This invitation has expired. Ask a facilitator of the community to invite you again."),
        )
    if user is not None and user.is_authenticated and not invitation_addressed_to(invitation, user):
        raise InvitationError(
            "foreign",
            _(
                "This invitation was sent to %(email)s. Log in with that address, or ask the facilitator "
                "to invite the address you use here."
            )
            % {"email": invitation.email},
        )


@transaction.atomic
def invitation_accept(*, actor, invitation: Invitation) -> Membership:
    """Use the invitation once: ``actor`` becomes a member (or stays one)."""
    if invitation is None:
        invitation_check(None)
    invitation = Invitation.objects.select_for_update().select_related("community").get(pk=invitation.pk)
    invitation_check(invitation, actor)
    membership = membership_add(community=invitation.community, user=actor)
    if not invitation.is_used:
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = actor
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


# -- tempelmodel -------------------------------------------------------------------


@transaction.atomic
def building_blocks_save(*, actor, community: Community, texts: Mapping[int, str]) -> int:
    """Store the community's text per block id; an empty text empties the block. Returns filled count."""
    blocks = {b.pk: b for b in BuildingBlock.objects.filter(pk__in=list(texts))}
    existing = {cb.block_id: cb for cb in CommunityBuildingBlock.objects.filter(community=community)}
    for block_id, text in texts.items():
        text = (text or "").strip()
        if block_id not in blocks:
            continue
        current = existing.get(block_id)
        if not text:
            if current:
                current.delete()
            continue
        if current is None:
            current = CommunityBuildingBlock(community=community, block=blocks[block_id])
        if current.text != text:
            current.text = text
            current.full_clean()
            current.save()
    return CommunityBuildingBlock.objects.filter(community=community).count()


# -- execution ---------------------------------------------------------------------


@transaction.atomic
def execution_phases_save(
    *, actor, community: Community, phases: Mapping[str, tuple[date | None, date | None]]
) -> None:
    """Set the dates of each execution phase; a phase without dates is removed."""
    for phase, (starts_on, ends_on) in phases.items():
        if not starts_on and not ends_on:
            CommunityExecutionPhase.objects.filter(community=community, phase=phase).delete()
            continue
        row = CommunityExecutionPhase.objects.filter(community=community, phase=phase).first()
        row = row or CommunityExecutionPhase(community=community, phase=phase)
        row.starts_on, row.ends_on = starts_on, ends_on
        row.full_clean()
        row.save()


@transaction.atomic
def sprint_create(
    *, actor, community: Community, goal: str, starts_on: date, ends_on: date, review_notes=""
) -> Sprint:
    """Add the next sprint; numbers count up from 1 per community."""
    _lock_community(community)
    last = Sprint.objects.filter(community=community).aggregate(n=Max("number"))["n"] or 0
    sprint = Sprint(
        community=community,
        number=last + 1,
        goal=goal,
        starts_on=starts_on,
        ends_on=ends_on,
        review_notes=review_notes,
    )
    sprint.full_clean()
    sprint.save()
    _attach_standups(sprint)
    return sprint


@transaction.atomic
def sprint_update(
    *, actor, sprint: Sprint, goal: str, starts_on: date, ends_on: date, review_notes: str
) -> Sprint:
    sprint.goal, sprint.starts_on, sprint.ends_on, sprint.review_notes = (
        goal,
        starts_on,
        ends_on,
        review_notes,
    )
    sprint.full_clean()
    sprint.save()
    Standup.objects.filter(sprint=sprint).update(sprint=None)
    _attach_standups(sprint)
    return sprint


def _attach_standups(sprint: Sprint) -> None:
    Standup.objects.filter(
        community=sprint.community, sprint__isnull=True, date__gte=sprint.starts_on, date__lte=sprint.ends_on
    ).update(sprint=sprint)


@transaction.atomic
def schedule_save(
    *,
    actor,
    community: Community,
    weekday: int,
    time,
    place: str = "",
    online_url: str = "",
    reminder_lead_minutes: int | None = None,
) -> StandupSchedule:
    """Save the schedule; ``reminder_lead_minutes`` None means the afternoon before (see reminders)."""
    schedule = StandupSchedule.objects.filter(community=community).first() or StandupSchedule(
        community=community
    )
    schedule.weekday, schedule.time, schedule.place, schedule.online_url = weekday, time, place, online_url
    schedule.reminder_lead_minutes = reminder_lead_minutes
    schedule.full_clean()
    schedule.save()
    return schedule


def next_scheduled_date(schedule: StandupSchedule | None, today: date) -> date | None:
    if schedule is None:
        return None
    return today + timedelta(days=(schedule.weekday - today.weekday()) % 7)


@transaction.atomic
def standup_create(*, actor, community: Community, date: date) -> Standup:
    """Open the stand-up of a scheduled date; other dates are refused with a reason."""
    schedule = StandupSchedule.objects.filter(community=community).first()
    if schedule is None:
        raise ValidationError({"date": _("Set a stand-up schedule first; stand-ups follow the schedule.")})
    if date.weekday() != schedule.weekday:
        raise ValidationError(
            {
                "date": _(
                    "%(date)s is not a scheduled stand-up day: stand-ups are on %(weekday)s. "
                    "Choose a %(weekday)s, or change the schedule."
                )
                % {"date": date.strftime("%d-%m-%Y"), "weekday": schedule.get_weekday_display()}
            }
        )
    if Standup.objects.filter(community=community, date=date).exists():
        raise ValidationError({"date": _("There already is a stand-up on this date.")})
    sprint = Sprint.objects.filter(community=community, starts_on__lte=date, ends_on__gte=date).first()
    standup = Standup(community=community, date=date, sprint=sprint)
    standup.full_clean()
    standup.save()
    return standup


@transaction.atomic
def standup_answer_save(
    *, actor, standup: Standup, did: str, will_do: str, blockers: str = "", experience: str = ""
) -> tuple:
    """Create or edit the actor's one answer; returns (answer, created). Closed stand-ups refuse."""
    standup = Standup.objects.select_for_update().get(pk=standup.pk)
    if not standup.is_open:
        raise ValidationError(_("This stand-up is closed; answers can no longer be added or changed."))
    answer = StandupAnswer.objects.filter(standup=standup, member=actor).first()
    created = answer is None
    answer = answer or StandupAnswer(standup=standup, member=actor)
    answer.did, answer.will_do, answer.blockers, answer.experience = did, will_do, blockers, experience
    answer.full_clean(validate_unique=False)
    answer.save()
    return answer, created


@transaction.atomic
def standup_park(*, actor, standup: Standup, text: str) -> ParkedPoint:
    point = ParkedPoint(standup=standup, text=text, author=actor)
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def standup_report_save(*, actor, standup: Standup, report: str) -> Standup:
    """Store the facilitator's meeting report; it may be written or corrected before or after closing."""
    standup = Standup.objects.select_for_update().get(pk=standup.pk)
    standup.report = report
    standup.full_clean(validate_unique=False)
    standup.save(update_fields=["report"])
    return standup


@transaction.atomic
def standup_close(*, actor, standup: Standup) -> Standup:
    if standup.is_open:
        standup.status = StandupStatus.CLOSED
        standup.closed_at = timezone.now()
        standup.save(update_fields=["status", "closed_at"])
        # Facilitators hear about open blockers (reminders/receivers.py).
        events.standup_closed.send(sender=Standup, standup=standup)
    return standup


# -- instrument use -------------------------------------------------------------------


@transaction.atomic
def instrument_use_record(
    *, actor, community: Community, instrument: Instrument, used_on: date, phase: str, note: str = ""
) -> CommunityInstrumentUse:
    if instrument.status != InstrumentStatus.PUBLISHED:
        raise ValidationError({"instrument": _("Only published instruments can be recorded.")})
    use = CommunityInstrumentUse(
        community=community, instrument=instrument, used_on=used_on, phase=phase, note=note, recorded_by=actor
    )
    use.full_clean()
    use.save()
    return use


# The form field's name, and the field a refused choice is reported on (communities/experiences.py).
EXPERIENCE_COMMUNITY_FIELD = "community"


@transaction.atomic
def experience_link_set(*, actor, experience: Experience, community_id: int | None) -> ExperienceLink | None:
    """Link ``actor``'s own experience to a community ``actor`` is a member of; None unlinks it.

    The rule is checked here, not only by the form's choices: a community that does not exist, is
    members-only or is just not ``actor``'s raises the same ValidationError on
    ``EXPERIENCE_COMMUNITY_FIELD``, so the answer tells nothing about it. Keeping the community
    the experience is already linked to needs no membership (its author may have left since).
    Raises PermissionDenied for someone else's experience.
    """
    if experience.author_id != actor.pk:
        raise PermissionDenied
    current = ExperienceLink.objects.select_for_update().filter(experience=experience).first()
    if community_id is None:
        if current is not None:
            current.delete()
        return None
    if current is not None and current.community_id == community_id:
        return current
    community = Community.objects.filter(pk=community_id).first()
    if community is None or not permissions.can_participate(actor, community):
        raise ValidationError(
            {EXPERIENCE_COMMUNITY_FIELD: _("Choose one of the communities you are a member of.")}
        )
    if current is None:
        current = ExperienceLink(experience=experience)
    current.community = community
    current.full_clean()
    current.save()
    return current
