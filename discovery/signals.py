"""Which changes make stored associations stale, and whose.

Each handler marks the subjects whose rows a change can alter (services.associations_mark_stale);
the refresh runs once the change commits. What no handler covers (a new instrument entering
other instruments' lists, ratings moving the tie-break) the periodic discovery.refresh_all catches.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_delete

from communities.models import Community, CommunityInstrumentUse
from core.queue import enqueue_on_commit
from exchange.models import Challenge, CommunityChallenge
from instruments.models import Experience, Instrument
from semantic.signals import vectors_stored

from . import services
from .models import Association, AssociationKind


def _subjects_pointing_at(*, instrument_id=None, community_id=None) -> tuple[list[int], list[int]]:
    """(instrument ids, community ids) of the subjects whose stored rows name this target."""
    rows = Association.objects.filter(rank__gt=0)
    rows = rows.filter(target_instrument_id=instrument_id) if instrument_id else rows
    rows = rows.filter(target_community_id=community_id) if community_id else rows
    pairs = list(rows.values_list("instrument_id", "community_id").distinct()[:1000])
    return [i for i, _c in pairs if i], [c for _i, c in pairs if c]


def _instruments_used_by(community_id) -> list[int]:
    return list(
        CommunityInstrumentUse.objects.filter(community_id=community_id)
        .order_by()
        .values_list("instrument_id", flat=True)
        .distinct()[:1000]
    )


def instrument_changed(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    # No stored row names an instrument that did not exist a moment ago.
    instruments, communities = ([], []) if created else _subjects_pointing_at(instrument_id=instance.pk)
    services.associations_mark_stale(instrument_ids=[instance.pk, *instruments], community_ids=communities)


def community_changed(sender, instance, raw=False, **kwargs):
    """Its own comparables, the communities that list it, the instruments it co-uses (public or not)."""
    if raw:
        return
    instruments, communities = _subjects_pointing_at(community_id=instance.pk)
    services.associations_mark_stale(
        instrument_ids=[*instruments, *_instruments_used_by(instance.pk)],
        community_ids=[instance.pk, *communities],
    )


def community_deleted(sender, instance, **kwargs):
    # Before the delete: afterwards the rows naming it are gone with it, and so are its uses.
    instruments, communities = _subjects_pointing_at(community_id=instance.pk)
    services.associations_mark_stale(
        instrument_ids=[*instruments, *_instruments_used_by(instance.pk)], community_ids=communities
    )


def instrument_use_changed(sender, instance, raw=False, **kwargs):
    """Co-use moves the related instruments of everything this community used; its worked-for lists too."""
    if raw:
        return
    _instruments, communities = _subjects_pointing_at(community_id=instance.community_id)
    services.associations_mark_stale(
        instrument_ids=[instance.instrument_id, *_instruments_used_by(instance.community_id)],
        community_ids=[instance.community_id, *communities],
    )


def experience_changed(sender, instance, raw=False, **kwargs):
    """Good experiences weigh in "worked for communities like this one"."""
    if raw:
        return
    communities = list(
        Association.objects.filter(
            kind=AssociationKind.WORKED_FOR_LIKE, target_instrument_id=instance.instrument_id
        )
        .values_list("community_id", flat=True)
        .distinct()[:1000]
    )
    services.associations_mark_stale(community_ids=communities)


def challenge_link_changed(sender, instance, raw=False, **kwargs):
    """Communities on the same challenge come first among each other's comparables."""
    if raw:
        return
    sharing = list(
        CommunityChallenge.objects.filter(challenge_id=instance.challenge_id).values_list(
            "community_id", flat=True
        )
    )
    services.associations_mark_stale(community_ids=[instance.community_id, *sharing])


def challenge_changed(sender, instance, raw=False, **kwargs):
    """A challenge renamed, hidden or closed: the "same challenge" of the communities linked to it."""
    if raw:
        return
    linked = list(
        CommunityChallenge.objects.filter(challenge_id=instance.pk).values_list("community_id", flat=True)
    )
    services.associations_mark_stale(community_ids=linked)


def instrument_vectors_stored(sender, kind, ids, **kwargs):
    """New or changed vectors (semantic, in the worker): the lists that weigh meaning follow.

    Instruments: every "similar in meaning" list. Communities: the comparable communities of the
    changed ones, of those that list them, and of their nearest neighbours (whose lists the changed
    vector can enter; the periodic refresh_all catches any other).
    """
    if kind == "instruments":
        from .tasks import refresh_meaning

        enqueue_on_commit(refresh_meaning)
    elif kind == "communities" and ids:
        from semantic.selectors import communities_near

        listing = Association.objects.filter(
            kind=AssociationKind.COMPARABLE_COMMUNITY, target_community_id__in=list(ids)
        ).values_list("community_id", flat=True)
        services.associations_mark_stale(
            community_ids=[*ids, *listing.distinct()[:1000], *communities_near(ids)]
        )


def connect() -> None:
    vectors_stored.connect(instrument_vectors_stored, dispatch_uid="discovery_vectors_stored")
    post_save.connect(challenge_changed, sender=Challenge, dispatch_uid="discovery_challenge_saved")
    post_save.connect(instrument_changed, sender=Instrument, dispatch_uid="discovery_instrument_saved")
    post_save.connect(community_changed, sender=Community, dispatch_uid="discovery_community_saved")
    pre_delete.connect(community_deleted, sender=Community, dispatch_uid="discovery_community_deleted")
    for signal in (post_save, post_delete):
        suffix = "saved" if signal is post_save else "deleted"
        signal.connect(
            instrument_use_changed, sender=CommunityInstrumentUse, dispatch_uid=f"discovery_use_{suffix}"
        )
        signal.connect(experience_changed, sender=Experience, dispatch_uid=f"discovery_experience_{suffix}")
        signal.connect(
            challenge_link_changed, sender=CommunityChallenge, dispatch_uid=f"discovery_challenge_{suffix}"
        )
