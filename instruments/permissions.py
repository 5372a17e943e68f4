"""Who may see and change what in the catalogue: the one place these rules live."""

from accounts.roles import is_coordinator

from .models import Instrument, InstrumentStatus


def is_owner(user, instrument: Instrument) -> bool:
    if not user.is_authenticated:
        return False
    # Uses the prefetched owners when the selector loaded them.
    return any(owner.pk == user.pk for owner in instrument.owners.all())


def can_view(user, instrument: Instrument) -> bool:
    if instrument.is_listed:
        return True
    return is_coordinator(user) or is_owner(user, instrument)


def can_edit(user, instrument: Instrument) -> bool:
    """Coordinators edit anything; owners their own, also when published.

    An owner's change to a published instrument's title, link or
    classification waits for a coordinator (see services.instrument_edit).
    """
    if is_coordinator(user):
        return True
    return is_owner(user, instrument) and instrument.status != InstrumentStatus.ARCHIVED


def edits_apply_directly(user, instrument: Instrument) -> bool:
    return is_coordinator(user) or instrument.status != InstrumentStatus.PUBLISHED


def is_trusted_editor(user) -> bool:
    """Whose edits never wait for review and never resubmit: coordinators."""
    return is_coordinator(user)


def can_review(user, instrument: Instrument) -> bool:
    return user.is_authenticated and instrument.is_listed


def can_view_history(user, instrument: Instrument) -> bool:
    return is_coordinator(user) or is_owner(user, instrument)


def can_revert(user, instrument: Instrument) -> bool:
    return is_coordinator(user)


def can_view_insights(user, instrument: Instrument) -> bool:
    return is_coordinator(user) or is_owner(user, instrument)


def can_manage_owners(user, instrument: Instrument) -> bool:
    return is_coordinator(user) or is_owner(user, instrument)


def counts_views_of(user, instrument: Instrument) -> bool:
    """Whether this user's views of the instrument go into the insights (whatever their browser).

    Owners and coordinators looking at their own work would inflate the figure.
    """
    return instrument.is_listed and not (is_owner(user, instrument) or is_coordinator(user))


def is_crawler(user_agent: str) -> bool:
    """Crawlers are not the audience the developer asks about; no user agent is no browser."""
    agent = user_agent.lower()
    return not agent or any(marker in agent for marker in BOT_MARKERS)


BOT_MARKERS = (
    "bot",
    "crawl",
    "spider",
    "slurp",
    "preview",
    "fetch",
    "monitor",
    "headless",
    "python-requests",
)
