"""Writes of routes and of the stored associations. Views call these; each checks the actor and validates.

The stored associations (see the end of this module) are written by tasks and commands,
not by views, except the one-time fill of a subject nobody computed yet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community
from core.slugs import unique_slug
from instruments.models import Instrument, InstrumentStatus
from instruments.selectors import public_experiences, published_instruments

from . import associations
from .associations import Reason
from .models import Association, AssociationKind, Route, RouteBookmark, RouteStep, StaleAssociation
from .permissions import can_bookmark, can_curate

RESERVED_SLUGS = {"new"}
MAX_STEPS = 20


def _check_curator(actor):
    if not can_curate(actor):
        raise PermissionDenied(_("Only network coordinators curate routes."))


def _set_steps(route: Route, steps: list[tuple[Instrument, str]]):
    if len(steps) > MAX_STEPS:
        raise ValidationError(_("A route has at most %(max)s steps.") % {"max": MAX_STEPS})
    seen = set()
    for instrument, _why in steps:
        if instrument.pk in seen:
            raise ValidationError(_("“%(title)s” appears twice in the route.") % {"title": instrument.title})
        if instrument.status != InstrumentStatus.PUBLISHED:
            raise ValidationError(_("Only published instruments can be part of a route."))
        seen.add(instrument.pk)
    route.steps.all().delete()
    for position, (instrument, why) in enumerate(steps, start=1):
        step = RouteStep(route=route, instrument=instrument, position=position, why=why.strip())
        step.full_clean(exclude=["route"])
        step.save()


@transaction.atomic
def route_create(
    *, actor, title: str, purpose: str, is_published: bool = False, steps: list[tuple[Instrument, str]] = ()
) -> Route:
    """A new route with its steps in the given order. Raises PermissionDenied for non-curators."""
    _check_curator(actor)
    route = Route(
        title=title.strip(),
        purpose=purpose.strip(),
        is_published=is_published,
        curated_by=actor if actor and actor.is_authenticated else None,
    )
    route.slug = unique_slug(
        route.title, queryset=Route.objects.all(), reserved=RESERVED_SLUGS, fallback="route"
    )
    route.full_clean()
    route.save()
    _set_steps(route, list(steps))
    return route


@transaction.atomic
def route_update(
    *, actor, route: Route, title: str, purpose: str, is_published: bool, steps: list[tuple[Instrument, str]]
) -> Route:
    """Replace the route's fields and steps; the slug stays, so shared links keep working."""
    _check_curator(actor)
    route.title = title.strip()
    route.purpose = purpose.strip()
    route.is_published = is_published
    route.full_clean()
    route.save()
    _set_steps(route, list(steps))
    return route


@transaction.atomic
def route_delete(*, actor, route: Route) -> None:
    _check_curator(actor)
    route.delete()


@transaction.atomic
def route_bookmark_toggle(*, actor, route: Route) -> bool:
    """Bookmark the route, or remove the bookmark; returns the new state."""
    if not can_bookmark(actor, route):
        raise PermissionDenied
    deleted, _counts = RouteBookmark.objects.filter(user=actor, route=route).delete()
    if deleted:
        return False
    RouteBookmark.objects.get_or_create(user=actor, route=route)
    return True


# -- stored associations (discovery.models.Association) -------------------------------------------------
# Computed off the request path, over public data only (as an anonymous visitor sees it), so a row never
# holds what only members may see; the selectors filter the targets by the viewer's visibility again.

STORED_RELATED = 12  # more than the page shows (6): targets that stopped being public since drop out at read


@dataclass
class AssociationRow:
    """One row for :func:`association_rows_replace`; ``target`` is an Instrument or a Community."""

    target: Instrument | Community
    score: float
    reasons: list[Reason | dict] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def _subject_field(subject) -> str:
    if isinstance(subject, Instrument):
        return "instrument"
    if isinstance(subject, Community):
        return "community"
    raise TypeError(f"An association's subject is an instrument or a community, not {type(subject)!r}")


@transaction.atomic
def association_rows_replace(*, subject: Instrument | Community, kind: str, rows: Iterable[AssociationRow]):
    """Replace ``subject``'s stored associations of ``kind`` by ``rows`` (best first; rank 1, 2, ...).

    The one way to store associations, for every kind, e.g. semantic similarity:
    ``association_rows_replace(subject=instrument, kind=AssociationKind.MEANING,
    rows=[AssociationRow(other, 0.83, [Reason("meaning")])])``. Rows must be computed
    over public data only (they are shown to everyone who may see the target; the
    read filters the targets, not the reasons). A header row (rank 0) records that the
    kind was computed, so an empty ``rows`` is stored as "nothing related", not "not yet".
    Other kinds of the subject are left alone. Safe to call concurrently for one subject.
    """
    subject_field = _subject_field(subject)
    now = timezone.now()
    Association.objects.filter(**{subject_field: subject, "kind": kind}).delete()
    stored = [Association(kind=kind, rank=0, computed_at=now, **{subject_field: subject})]
    for rank, row in enumerate(rows, start=1):
        target_field = "target_" + _subject_field(row.target)
        stored.append(
            Association(
                kind=kind,
                rank=rank,
                score=row.score,
                reasons=[r.as_data() if isinstance(r, Reason) else dict(r) for r in row.reasons],
                extra=row.extra,
                computed_at=now,
                **{subject_field: subject, target_field: row.target},
            )
        )
    # A concurrent replace of the same subject may have inserted first: its rows stand.
    Association.objects.bulk_create(stored, ignore_conflicts=True)


STORED_MEANING = 6


def associations_compute_meaning(instrument: Instrument) -> None:
    """Store the published instruments nearest in meaning to ``instrument`` (kind ``meaning``): cross-overs.

    Meaning finds what was written for a similar goal in other words, often for another sector or
    theme ("an instrument that works in care, used in the energy transition"). Each row's reason
    shows why: an experience with the target and its sector, else the target's goal.
    Public data only, as every stored kind. Empty (stored as "nothing") without vectors.
    """
    from semantic.selectors import similar_instruments

    nearest = similar_instruments(instrument, k=STORED_MEANING)
    targets = published_instruments().in_bulk([pk for pk, _score in nearest])
    examples = {}
    for experience in (
        public_experiences()
        .filter(instrument_id__in=list(targets))
        .exclude(what_worked="")
        .order_by("instrument_id", "-created_at")
    ):
        examples.setdefault(experience.instrument_id, experience)
    rows = []
    for pk, score in nearest:
        if pk not in targets:
            continue
        example = examples.get(pk)
        if example is not None:
            # The sector as its author typed it (stored text stays language-neutral: no translated label).
            quote = f"“{_shorten(example.what_worked)}”"
            text = f"{example.sector}: {quote}" if example.sector else quote
        else:
            text = _shorten(targets[pk].goal)
        rows.append(AssociationRow(targets[pk], round(score, 4), [Reason("meaning", text=text)]))
    association_rows_replace(subject=instrument, kind=AssociationKind.MEANING, rows=rows)


def associations_compute_meaning_all() -> int:
    """Recompute the ``meaning`` rows of every published instrument (after their vectors changed)."""
    done = 0
    for instrument in published_instruments().only("pk", "title").iterator(chunk_size=500):
        associations_compute_meaning(instrument)
        done += 1
    return done


def _shorten(text: str, words: int = 18) -> str:
    parts = (text or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def associations_compute_instrument(instrument: Instrument) -> None:
    """Compute and store ``instrument``'s related instruments (as every visitor may see them)."""
    suggestions = associations.related_instruments(instrument, AnonymousUser(), limit=STORED_RELATED)
    association_rows_replace(
        subject=instrument,
        kind=AssociationKind.RELATED_INSTRUMENT,
        rows=[AssociationRow(s.instrument, s.score, s.reasons) for s in suggestions],
    )


def associations_compute_community(community: Community) -> None:
    """Compute and store ``community``'s comparable communities and the instruments that worked for them."""
    anonymous = AnonymousUser()
    comparables = associations.comparable_communities(community, anonymous)
    worked = associations.instruments_that_worked(community, comparables, anonymous)
    with transaction.atomic():
        association_rows_replace(
            subject=community,
            kind=AssociationKind.COMPARABLE_COMMUNITY,
            rows=[
                AssociationRow(
                    c.community,
                    c.score,
                    c.reasons,
                    {"same_region": c.same_region, "same_challenge": c.same_challenge},
                )
                for c in comparables
            ],
        )
        association_rows_replace(
            subject=community,
            kind=AssociationKind.WORKED_FOR_LIKE,
            rows=[
                AssociationRow(
                    w.instrument,
                    w.score,
                    [],
                    {"used_by": [c.pk for c in w.used_by], "good_experiences": w.good_experiences},
                )
                for w in worked
            ],
        )


def associations_refresh(*, instrument_ids: Iterable[int] = (), community_ids: Iterable[int] = ()) -> int:
    """Compute the stored associations of these subjects again (those that still exist); how many."""
    done = 0
    for instrument in Instrument.objects.filter(pk__in=list(instrument_ids)).prefetch_related(
        "classifications", "tags"
    ):
        associations_compute_instrument(instrument)
        done += 1
    for community in Community.objects.filter(pk__in=list(community_ids)).prefetch_related(
        "themes", "sectors"
    ):
        associations_compute_community(community)
        done += 1
    return done


def associations_refresh_all(*, batch: int = 200) -> int:
    """Every listed instrument and every community, in batches (the periodic task and the command)."""
    done = 0
    ids = list(published_instruments().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        done += associations_refresh(instrument_ids=ids[start : start + batch])
    ids = list(Community.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        done += associations_refresh(community_ids=ids[start : start + batch])
    return done


def associations_mark_stale(*, instrument_ids: Iterable[int] = (), community_ids: Iterable[int] = ()) -> None:
    """Note subjects whose associations a change affects; one refresh is queued when the change commits.

    Marks are rows (StaleAssociation), so a burst of writes becomes one batch and a
    broker that is down loses nothing: the periodic drain picks them up.
    """
    rows = [StaleAssociation(instrument_pk=pk) for pk in set(instrument_ids) if pk] + [
        StaleAssociation(community_pk=pk) for pk in set(community_ids) if pk
    ]
    if not rows:
        return
    StaleAssociation.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(_queue_stale_refresh)


def _queue_stale_refresh() -> None:
    from . import tasks

    tasks.queue_stale_refresh()


def associations_refresh_stale(*, limit: int = 500) -> int:
    """Compute the marked subjects again and drop their marks; how many subjects."""
    marks = list(StaleAssociation.objects.order_by("marked_at", "pk")[:limit])
    if not marks:
        return 0
    # The marks go first: a change committed while we compute marks its subject again.
    StaleAssociation.objects.filter(pk__in=[m.pk for m in marks]).delete()
    return associations_refresh(
        instrument_ids=[m.instrument_pk for m in marks if m.instrument_pk],
        community_ids=[m.community_pk for m in marks if m.community_pk],
    )
