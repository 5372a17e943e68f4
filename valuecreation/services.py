"""Every write to value entries goes through these functions.

Callers may rely on: the entry passed ``full_clean`` (capital only for
potential value, public only in a public community, every link in the same
community, no story that goes round in circles), and ``story_root`` is right
for the entry and everything that grew out of it. Permission checks live in
the views, through ``permissions``.
"""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import CYCLE_ORDER, MAX_CHAIN_LENGTH, Cycle, ValueEntry

ENTRY_FIELDS = (
    "cycle",
    "capital",
    "level",
    "title",
    "story",
    "date",
    "sprint",
    "standup",
    "standup_answer",
    "instrument",
    "instrument_use",
    "evidence_url",
    "evidence_note",
    "visibility",
    "follows",
)


def _apply(entry: ValueEntry, data: Mapping) -> None:
    for name in ENTRY_FIELDS:
        if name in data:
            setattr(entry, name, data[name])
    if entry.cycle != Cycle.POTENTIAL and not entry.capital:
        entry.capital = ""
    # A recorded instrument use names its instrument; fill it in so counts per instrument see it.
    if entry.instrument_use_id and not entry.instrument_id:
        entry.instrument = entry.instrument_use.instrument
    # A stand-up answer belongs to one stand-up, and that stand-up possibly to a sprint.
    if entry.standup_answer_id and not entry.standup_id:
        entry.standup = entry.standup_answer.standup
    if entry.standup_id and not entry.sprint_id and entry.standup.sprint_id:
        entry.sprint = entry.standup.sprint


def _root_of(entry: ValueEntry):
    if not entry.follows_id:
        return None
    return entry.follows.story_root_id or entry.follows_id


def _reroot_descendants(entry: ValueEntry) -> int:
    """Give everything that grew out of ``entry`` the same story root; one query per generation."""
    root_id = entry.story_root_id or entry.pk
    generation, changed = [entry.pk], 0
    for _depth in range(MAX_CHAIN_LENGTH):
        children = list(ValueEntry.objects.filter(follows_id__in=generation).values_list("pk", flat=True))
        if not children:
            break
        changed += (
            ValueEntry.objects.filter(pk__in=children)
            .exclude(story_root_id=root_id)
            .update(story_root_id=root_id)
        )
        generation = children
    return changed


@transaction.atomic
def value_entry_create(*, actor, community, data: Mapping) -> ValueEntry:
    entry = ValueEntry(community=community, author=actor)
    _apply(entry, data)
    entry.full_clean()
    entry.story_root_id = _root_of(entry)
    entry.save()
    return entry


@transaction.atomic
def value_entry_update(*, actor, entry: ValueEntry, data: Mapping) -> ValueEntry:
    """Change an entry; moving it to another story moves what grew out of it along."""
    old_follows = entry.follows_id
    _apply(entry, data)
    entry.full_clean()
    entry.story_root_id = _root_of(entry)
    entry.save()
    if entry.follows_id != old_follows:
        _reroot_descendants(entry)
    return entry


def value_entry_relink(entry: ValueEntry) -> None:
    """Recompute the story root after a change outside the services (Django admin)."""
    root = _root_of(entry)
    if root != entry.story_root_id:
        ValueEntry.objects.filter(pk=entry.pk).update(story_root_id=root)
        entry.story_root_id = root
    _reroot_descendants(entry)


@transaction.atomic
def value_entry_delete(*, entry: ValueEntry) -> None:
    """Delete an entry (admin only); what grew out of it starts its own story."""
    children = list(entry.followed_by.all())
    entry.delete()
    for child in children:
        child.refresh_from_db()
        child.story_root_id = None
        child.save(update_fields=["story_root"])
        _reroot_descendants(child)


@transaction.atomic
def value_entry_hide(*, actor, entry: ValueEntry) -> ValueEntry:
    entry.is_hidden = True
    entry.hidden_by = actor
    entry.hidden_at = timezone.now()
    entry.save(update_fields=["is_hidden", "hidden_by", "hidden_at", "updated_at"])
    return entry


@transaction.atomic
def value_entry_unhide(*, actor, entry: ValueEntry) -> ValueEntry:
    entry.is_hidden = False
    entry.hidden_by = None
    entry.hidden_at = None
    entry.save(update_fields=["is_hidden", "hidden_by", "hidden_at", "updated_at"])
    return entry


def cycle_order_warning(entry: ValueEntry) -> str | None:
    """A gentle note when a story steps back to an earlier cycle.

    Not an error: Wenger et al. stress that the cycles are not a ladder, and a
    realized change can well raise new expectations. But it is unusual enough
    to be worth a second look.
    """
    if not entry.follows_id:
        return None
    if CYCLE_ORDER[entry.cycle] < CYCLE_ORDER[entry.follows.cycle]:
        return _(
            "Note: “%(cycle)s” comes before “%(previous)s”, the cycle of the entry it grew out of. "
            "That is allowed (the cycles are not a ladder), but check whether you meant it."
        ) % {"cycle": entry.get_cycle_display(), "previous": entry.follows.get_cycle_display()}
    return None
