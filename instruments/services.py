"""Every write to the catalogue goes through these functions."""

import secrets
from collections.abc import Iterable, Mapping
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core.markdown import render_markdown
from core.slugs import unique_slug as core_unique_slug

from . import experience_contexts, history, viewcounts
from .history import INSTRUMENT_FIELDS
from .models import (
    FACET_VOCABULARIES,
    Bookmark,
    ChangeAction,
    Classification,
    Experience,
    Facet,
    Instrument,
    InstrumentChange,
    InstrumentRevision,
    InstrumentStatus,
    OwnerInvitation,
    Review,
    RevisionStatus,
)

# Path segments under /instruments/ that a slug must never shadow.
RESERVED_SLUGS = {"submit", "mine", "toolbox", "new", "edit", "insights", "invitations", "history", "owners"}


def unique_slug(title: str, *, exclude_pk: int | None = None, private: bool = False) -> str:
    return core_unique_slug(
        title,
        queryset=Instrument.objects.all(),
        reserved=RESERVED_SLUGS,
        fallback="instrument",
        exclude_pk=exclude_pk,
        private=private,
    )


def instrument_set_classification(
    *, instrument: Instrument, facets: Mapping[str, Iterable[str]], fresh: bool = False
) -> None:
    """Replace the values of the given facets; unknown codes raise ValueError before anything changes.

    At most three queries whatever the number of facets; ``fresh`` (an instrument created in this
    transaction, with no classification yet) needs only the insert.
    """
    wanted: dict[str, set[str]] = {}
    for facet, values in facets.items():
        vocabulary = FACET_VOCABULARIES[Facet(facet)]
        values = set(values)
        unknown = values - set(vocabulary.values)
        if unknown:
            raise ValueError(f"Unknown {facet} values: {sorted(unknown)}")
        wanted[facet] = values
    if not wanted:
        return
    present: set[tuple[str, str]] = set()
    if not fresh:
        stale = Q()
        for facet, values in wanted.items():
            stale |= Q(facet=facet) & ~Q(value__in=values)
        Classification.objects.filter(instrument=instrument).filter(stale).delete()
        rows = Classification.objects.filter(instrument=instrument, facet__in=wanted)
        present = set(rows.values_list("facet", "value"))
    Classification.objects.bulk_create(
        [
            Classification(instrument=instrument, facet=facet, value=value)
            for facet, values in wanted.items()
            for value in values
            if (facet, value) not in present
        ]
    )


def _apply_fields(instrument: Instrument, data: Mapping) -> None:
    for field in INSTRUMENT_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field != "year":
                value = ""
            setattr(instrument, field, value)
    instrument.description_html = render_markdown(instrument.description)


def _record_change(*, actor, instrument: Instrument, action: str, changes: dict, note: str = "") -> None:
    if changes or action != ChangeAction.EDITED:
        InstrumentChange.objects.create(
            instrument=instrument,
            actor=actor if actor is not None and actor.is_authenticated else None,
            action=action,
            changes=changes,
            note=note[:300],
        )


@transaction.atomic
def instrument_create(
    *,
    actor,
    data: Mapping,
    facets: Mapping[str, Iterable[str]] | None = None,
    tags: Iterable[str] = (),
    status: str = InstrumentStatus.SUBMITTED,
) -> Instrument:
    """Create an instrument owned by ``actor``.

    New instruments are ``submitted`` by default: they are visible to their
    owners and network coordinators only until a coordinator publishes them.
    The creation is the first entry of the edit history (and what the
    submission rate limit counts).
    """
    instrument = Instrument(status=status)
    _apply_fields(instrument, data)
    # An instrument nobody else sees yet never holds the plain slug of its title
    # (see core.slugs): a later submitter learns nothing about it from theirs.
    instrument.slug = unique_slug(instrument.title, private=status != InstrumentStatus.PUBLISHED)
    now = timezone.now()
    if status == InstrumentStatus.PUBLISHED:
        instrument.published_at = now
    if status == InstrumentStatus.SUBMITTED:
        instrument.submitted_at = now
    instrument.full_clean()
    instrument.save()
    if actor is not None:
        instrument.owners.add(actor)
    instrument_set_classification(instrument=instrument, facets=facets or {}, fresh=True)
    tags = list(tags)
    if tags:  # add, not set: a new instrument has none to remove
        instrument.tags.add(*tags)
    _record_change(
        actor=actor,
        instrument=instrument,
        action=ChangeAction.CREATED,
        changes=history.diff({}, history.snapshot(instrument)),
    )
    return instrument


@transaction.atomic
def instrument_update(
    *,
    actor,
    instrument: Instrument,
    data: Mapping,
    facets: Mapping[str, Iterable[str]] | None = None,
    tags: Iterable[str] | None = None,
    action: str = ChangeAction.EDITED,
    note: str = "",
) -> Instrument:
    """Change an instrument's content directly and write the edit history.

    The slug stays stable so shared links keep working. Only changed fields are
    recorded; an edit that changes nothing leaves no history entry.
    """
    # From the database: a bound ModelForm has already copied the new values onto ``instrument``.
    before = history.snapshot(Instrument.objects.get(pk=instrument.pk))
    _apply_fields(instrument, data)
    instrument.full_clean()
    instrument.save()
    if facets is not None:
        instrument_set_classification(instrument=instrument, facets=facets)
    if tags is not None:
        instrument.tags.set(list(tags))
    # Read back, so the history holds what was stored (normalised tags, for one).
    changes = history.diff(before, history.snapshot(instrument))
    _record_change(actor=actor, instrument=instrument, action=action, changes=changes, note=note)
    return instrument


@transaction.atomic
def instrument_edit(
    *,
    actor,
    instrument: Instrument,
    data: Mapping,
    facets: Mapping[str, Iterable[str]] | None = None,
    tags: Iterable[str] | None = None,
    trusted: bool,
) -> tuple[Instrument, InstrumentRevision | None, bool]:
    """An edit through the web form, by an owner or a coordinator.

    ``trusted`` (a coordinator's edit) applies everything at once, and so does
    an owner's edit of an unpublished instrument. For a published one the
    owner's title, link and classification changes are
    parked in a pending :class:`InstrumentRevision` (replacing an earlier one)
    while the published version stays visible, and the other fields apply now.
    An owner saving an instrument that was sent back (changes requested,
    rejected) or still a draft submits it again.

    Returns the instrument, the pending revision (or None) and whether the
    instrument went (back) into the moderation queue.
    """
    # Forget what a bound ModelForm copied onto the instance: ``data`` says what changes.
    instrument.refresh_from_db()
    if trusted:
        instrument_update(actor=actor, instrument=instrument, data=data, facets=facets, tags=tags)
        return instrument, None, False
    if instrument.status != InstrumentStatus.PUBLISHED:
        instrument_update(actor=actor, instrument=instrument, data=data, facets=facets, tags=tags)
        resubmitted = instrument.status in (
            InstrumentStatus.DRAFT,
            InstrumentStatus.CHANGES_REQUESTED,
            InstrumentStatus.REJECTED,
        )
        if resubmitted:
            instrument_set_status(actor=actor, instrument=instrument, status=InstrumentStatus.SUBMITTED)
        return instrument, None, resubmitted

    base = history.snapshot(instrument)
    after = history.proposed_snapshot(base, data, facets, tags)
    proposed = {
        key: after[key] for key in history.REVIEWED_KEYS if key in after and after[key] != base.get(key)
    }
    direct_data = {key: value for key, value in data.items() if key not in history.REVIEWED_KEYS}
    instrument_update(actor=actor, instrument=instrument, data=direct_data, tags=tags)
    revision = revision_propose(actor=actor, instrument=instrument, data=proposed)
    return instrument, revision, revision is not None


def pending_revision(instrument: Instrument):
    return InstrumentRevision.objects.filter(instrument=instrument, status=RevisionStatus.PENDING).first()


@transaction.atomic
def revision_propose(*, actor, instrument: Instrument, data: Mapping):
    """Replace the instrument's pending revision by ``data``; none when nothing is proposed.

    Proposing the published values again (an empty ``data``) withdraws the
    earlier proposal: the owner has taken it back.
    """
    _lock_instrument(instrument)
    current = pending_revision(instrument)
    if current is not None:
        if data and current.data == dict(data):
            return current
        current.status = RevisionStatus.WITHDRAWN
        current.decided_at = timezone.now()
        current.decided_by = actor
        current.save(update_fields=["status", "decided_at", "decided_by"])
    if not data:
        return None
    revision = InstrumentRevision(instrument=instrument, author=actor, data=dict(data))
    revision.full_clean()
    revision.save()
    return revision


@transaction.atomic
def revision_apply(*, actor, revision) -> Instrument:
    """Approve a pending revision: its values become the published version."""
    if revision.status != RevisionStatus.PENDING:
        raise ValidationError(_("This proposed change has already been handled."))
    instrument = revision.instrument
    data, facets, tags = history.split_for_service(revision.data)
    author = revision.author.display_name if revision.author else "?"
    instrument_update(
        actor=actor,
        instrument=instrument,
        data=data,
        facets=facets or None,
        tags=tags,
        action=ChangeAction.REVISION_APPLIED,
        note=_("Proposed by %(name)s") % {"name": author},
    )
    revision.status = RevisionStatus.APPROVED
    revision.decided_at = timezone.now()
    revision.decided_by = actor
    revision.save(update_fields=["status", "decided_at", "decided_by"])
    return instrument


@transaction.atomic
def revision_reject(*, actor, revision, reason: str):
    if revision.status != RevisionStatus.PENDING:
        raise ValidationError(_("This proposed change has already been handled."))
    revision.status = RevisionStatus.REJECTED
    revision.reason = reason
    revision.decided_at = timezone.now()
    revision.decided_by = actor
    revision.full_clean()
    revision.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    return revision


@transaction.atomic
def instrument_revert_change(*, actor, change: InstrumentChange) -> Instrument:
    """Put back the values an edit-history entry replaced (status is not reverted).

    The revert is itself a history entry, so it can be reverted in turn.
    """
    values = {key: value["before"] for key, value in change.changes.items() if key != "status"}
    data, facets, tags = history.split_for_service(values)
    if not (data or facets or tags is not None):
        raise ValidationError(_("This change has nothing that can be reverted."))
    if "title" in data and not data["title"]:
        raise ValidationError(
            _("Reverting the creation of an instrument is not possible; archive it instead.")
        )
    return instrument_update(
        actor=actor,
        instrument=change.instrument,
        data=data,
        facets=facets or None,
        tags=tags,
        action=ChangeAction.REVERTED,
        note=_("Reverted the change of %(date)s")
        % {"date": timezone.localtime(change.created_at).strftime("%Y-%m-%d %H:%M")},
    )


@transaction.atomic
def instrument_set_status(
    *, actor, instrument: Instrument, status: str, reason: str | None = None
) -> Instrument:
    """Move an instrument through its workflow; ``reason`` is shown to the owners.

    Entering ``submitted`` stamps ``submitted_at``: the moderation queue shows
    the oldest submission first, and a resubmission goes to the back.
    """
    old = instrument.status
    instrument.status = status
    now = timezone.now()
    if status == InstrumentStatus.PUBLISHED and instrument.published_at is None:
        instrument.published_at = now
    if status == InstrumentStatus.SUBMITTED:
        instrument.submitted_at = now
    if reason is not None:
        instrument.moderation_reason = reason
    instrument.save(
        update_fields=["status", "published_at", "submitted_at", "moderation_reason", "updated_at"]
    )
    if old != status:
        _record_change(
            actor=actor,
            instrument=instrument,
            action=ChangeAction.STATUS,
            changes={"status": {"before": old, "after": status}},
            note=(reason or "")[:300],
        )
    return instrument


@transaction.atomic
def instrument_set_hidden(*, actor, instrument: Instrument, hidden: bool) -> Instrument:
    Instrument.objects.filter(pk=instrument.pk).update(is_hidden=hidden)
    instrument.is_hidden = hidden
    return instrument


def _lock_instrument(instrument: Instrument) -> Instrument:
    # Taken first in the transaction, so concurrent writers on the same
    # instrument queue up and each recompute sees the previous commit.
    return Instrument.objects.select_for_update().get(pk=instrument.pk)


def _recompute_ratings(instrument_id: int) -> None:
    # Hidden reviews do not count: a review hidden by moderation must not keep
    # pushing the average up or down.
    totals = Review.objects.filter(instrument_id=instrument_id, is_hidden=False).aggregate(
        n=Count("id"), total=Sum("rating")
    )
    n, total = totals["n"], totals["total"] or 0
    Instrument.objects.filter(pk=instrument_id).update(
        rating_count=n, rating_sum=total, rating_avg=(total / n) if n else None
    )


def _recompute_experiences(instrument_id: int) -> None:
    Instrument.objects.filter(pk=instrument_id).update(
        experience_count=Experience.objects.filter(instrument_id=instrument_id, is_hidden=False).count()
    )


@transaction.atomic
def review_save(
    *,
    actor,
    instrument: Instrument,
    rating: int,
    text: str = "",
    context_level: str = "",
    context_phase: str = "",
    context_theme: str = "",
) -> Review:
    """Create or update ``actor``'s single review of ``instrument``.

    The instrument's rating count, sum and average are recomputed in the same
    transaction under a row lock, so concurrent reviews never lose an update.
    Editing a review hidden by moderation leaves it hidden.
    """
    _lock_instrument(instrument)
    review = Review.objects.filter(instrument=instrument, author=actor).first() or Review(
        instrument=instrument, author=actor
    )
    review.rating = rating
    review.text = text
    review.context_level = context_level
    review.context_phase = context_phase
    review.context_theme = context_theme
    review.full_clean(validate_unique=False)
    review.save()
    _recompute_ratings(instrument.pk)
    return review


@transaction.atomic
def review_delete(*, actor, review: Review) -> None:
    _lock_instrument(review.instrument)
    instrument_id = review.instrument_id
    review.delete()
    _recompute_ratings(instrument_id)


@transaction.atomic
def review_set_hidden(*, actor, review: Review, hidden: bool) -> Review:
    """Hide or show a review; the instrument's rating figures follow."""
    _lock_instrument(review.instrument)
    Review.objects.filter(pk=review.pk).update(is_hidden=hidden)
    review.is_hidden = hidden
    _recompute_ratings(review.instrument_id)
    return review


def _save_contexts(*, actor, experience: Experience, contexts: Mapping[str, object] | None) -> None:
    """Hand each context's value to the app that registered it (experience_contexts.py).

    That app checks that ``actor`` may choose the value; its ValidationError undoes the whole
    write, the experience included, because it is raised inside the caller's transaction.
    """
    registered = {context.name: context for context in experience_contexts.registered()}
    for name, value in (contexts or {}).items():
        if name not in registered:
            raise ValueError(f"No experience context {name!r} is registered")
        registered[name].save(actor=actor, experience=experience, value=value)


@transaction.atomic
def experience_create(
    *, actor, instrument: Instrument, contexts: Mapping[str, object] | None = None, **fields
) -> Experience:
    """Record how using ``instrument`` went; keeps ``experience_count`` exact.

    ``contexts`` maps a registered context's name to its value (a community to link to); a value
    ``actor`` may not choose raises ValidationError and nothing is stored.
    """
    _lock_instrument(instrument)
    experience = Experience(instrument=instrument, author=actor, **fields)
    experience.full_clean()
    experience.save()
    _save_contexts(actor=actor, experience=experience, contexts=contexts)
    _recompute_experiences(instrument.pk)
    return experience


@transaction.atomic
def experience_update(
    *, actor, experience: Experience, contexts: Mapping[str, object] | None = None, **fields
) -> Experience:
    """Change ``actor``'s own experience. Raises PermissionDenied for anyone else's.

    An experience hidden by moderation stays hidden after an edit. Contexts left out of
    ``contexts`` keep their value; one given as None is unlinked.
    """
    if experience.author_id != actor.pk:
        raise PermissionDenied
    for name, value in fields.items():
        setattr(experience, name, value)
    experience.full_clean()
    experience.save(update_fields=list(fields))
    _save_contexts(actor=actor, experience=experience, contexts=contexts)
    return experience


@transaction.atomic
def experience_delete(*, actor, experience: Experience) -> None:
    """Delete ``actor``'s own experience; ``experience_count`` follows in the same transaction."""
    if experience.author_id != actor.pk:
        raise PermissionDenied
    _lock_instrument(experience.instrument)
    instrument_id = experience.instrument_id
    experience.delete()
    _recompute_experiences(instrument_id)


@transaction.atomic
def experience_set_hidden(*, actor, experience: Experience, hidden: bool) -> Experience:
    _lock_instrument(experience.instrument)
    Experience.objects.filter(pk=experience.pk).update(is_hidden=hidden)
    experience.is_hidden = hidden
    _recompute_experiences(experience.instrument_id)
    return experience


def _lock_instruments(instrument_ids) -> None:
    for instrument_id in sorted(instrument_ids):  # a fixed lock order avoids deadlocks
        Instrument.objects.select_for_update().filter(pk=instrument_id).first()


@transaction.atomic
def author_reviews_hide(*, actor, author) -> list[int]:
    """Hide every visible review of ``author`` (suspension); rating figures follow. Returns the ids."""
    rows = list(Review.objects.filter(author=author, is_hidden=False).values_list("pk", "instrument_id"))
    instrument_ids = {instrument_id for _pk, instrument_id in rows}
    _lock_instruments(instrument_ids)
    ids = [pk for pk, _instrument_id in rows]
    Review.objects.filter(pk__in=ids).update(is_hidden=True)
    for instrument_id in instrument_ids:
        _recompute_ratings(instrument_id)
    return ids


@transaction.atomic
def author_experiences_hide(*, actor, author) -> list[int]:
    """Hide every visible experience of ``author`` (suspension); counts follow. Returns the ids."""
    rows = list(Experience.objects.filter(author=author, is_hidden=False).values_list("pk", "instrument_id"))
    instrument_ids = {instrument_id for _pk, instrument_id in rows}
    _lock_instruments(instrument_ids)
    ids = [pk for pk, _instrument_id in rows]
    Experience.objects.filter(pk__in=ids).update(is_hidden=True)
    for instrument_id in instrument_ids:
        _recompute_experiences(instrument_id)
    return ids


@transaction.atomic
def solo_instruments_hide(*, actor, owner) -> list[int]:
    """Hide the visible instruments ``owner`` alone owns (suspension); returns their ids."""
    solo = [
        instrument.pk
        for instrument in Instrument.objects.filter(owners=owner, is_hidden=False).prefetch_related("owners")
        if len(instrument.owners.all()) == 1
    ]
    if solo:
        Instrument.objects.filter(pk__in=solo).update(is_hidden=True)
    return solo


def instrument_record_view(*, instrument_id: int, day=None) -> None:
    """Count one page view in the instrument's daily counter (batched: see viewcounts)."""
    viewcounts.record_view(instrument_id, day)


@transaction.atomic
def bookmark_toggle(*, actor, instrument: Instrument) -> bool:
    """Add the instrument to the actor's toolbox, or remove it; returns the new state."""
    deleted, _ = Bookmark.objects.filter(user=actor, instrument=instrument).delete()
    if deleted:
        return False
    Bookmark.objects.get_or_create(user=actor, instrument=instrument)
    return True


# --- Co-owners ----------------------------------------------------------------
OWNER_INVITATION_DAYS = 14


@transaction.atomic
def owner_invite(*, actor, instrument: Instrument, email: str) -> OwnerInvitation:
    """Invite ``email`` to become co-owner; the mail with the link is queued on commit.

    The link only works for a logged-in user whose e-mail address is the
    invited one, so a forwarded link gives nobody else ownership. Someone
    without an account signs up with that address first.
    """
    email = email.strip().lower()
    if instrument.owners.filter(email__iexact=email).exists():
        raise ValidationError(_("This person is already an owner of the instrument."))
    OwnerInvitation.objects.filter(instrument=instrument, email=email, accepted_at__isnull=True).delete()
    invitation = OwnerInvitation(
        instrument=instrument,
        email=email,
        token=secrets.token_urlsafe(32),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=OWNER_INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    from .mails import owner_invitation_mail

    owner_invitation_mail(invitation)
    return invitation


@transaction.atomic
def owner_invitation_accept(*, actor, invitation: OwnerInvitation) -> Instrument:
    invitation = OwnerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation has expired or has already been used."))
    if actor.email.lower() != invitation.email.lower():
        raise ValidationError(
            _("This invitation was sent to another e-mail address. Log in with %(email)s to accept it.")
            % {"email": invitation.email}
        )
    invitation.instrument.owners.add(actor)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation.instrument


@transaction.atomic
def owner_remove(*, actor, instrument: Instrument, user) -> None:
    """Remove an owner; an instrument always keeps at least one."""
    _lock_instrument(instrument)
    if not instrument.owners.filter(pk=user.pk).exists():
        raise ValidationError(_("This person is not an owner of the instrument."))
    if instrument.owners.count() <= 1:
        raise ValidationError(_("An instrument needs at least one owner. Invite a co-owner first."))
    instrument.owners.remove(user)
