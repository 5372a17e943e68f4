"""Who may see and change what in the catalogue: the one place these rules live."""

from accounts.roles import is_coordinator

from .models import Instrument, InstrumentStatus


def is_owner(user, instrument: Instrument) -> bool:
    if not user.is_authenticated:
        return False
    # Uses the prefetched owners when the selector loaded them.
    return any(owner.pk == user.pk for owner in instrument.owners.all())


def can_view(user, instrument: Instrument) -> bool:
    if instrument.status == InstrumentStatus.PUBLISHED:
        return True
    return is_coordinator(user) or is_owner(user, instrument)


def can_edit(user, instrument: Instrument) -> bool:
    if is_coordinator(user):
        return True
    # Editing a published instrument goes through review (moderation issue);
    # until then owners edit their own drafts and submissions.
    return is_owner(user, instrument) and instrument.status != InstrumentStatus.PUBLISHED


def can_review(user, instrument: Instrument) -> bool:
    return user.is_authenticated and instrument.status == InstrumentStatus.PUBLISHED
