"""Reads of routes and of the stored associations, already limited to what the user may see."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.roles import coordinator_flag
from communities.models import Community
from communities.selectors import communities_visible_to
from instruments import panels as instrument_panels
from instruments.models import Instrument
from instruments.selectors import instruments_visible_to, published_instruments

from .associations import Comparable, Reason, Suggestion, WorkedFor
from .models import Association, AssociationKind, Route, RouteBookmark, RouteStep
from .permissions import can_curate


def routes_visible_to(user) -> QuerySet[Route]:
    """Published routes; coordinators also see drafts."""
    if can_curate(user):
        return Route.objects.all()
    return Route.objects.filter(is_published=True)


def _visible_steps(user) -> QuerySet[RouteStep]:
    """Steps whose instrument the user may see: an unpublished instrument drops out of a route."""
    visible = instruments_visible_to(user).filter(is_hidden=False)
    return (
        RouteStep.objects.filter(instrument__in=visible.values("pk"))
        .select_related("instrument")
        .prefetch_related("instrument__classifications", "instrument__tags")
        .order_by("position", "id")
    )


def route_list(user) -> QuerySet[Route]:
    visible_instruments = instruments_visible_to(user).filter(is_hidden=False).values("pk")
    return (
        routes_visible_to(user)
        .annotate(
            step_count=Count("steps", filter=Q(steps__instrument__in=visible_instruments), distinct=True)
        )
        .select_related("curated_by")
        .order_by("title")
    )


def route_for_detail(user, slug: str) -> Route:
    queryset = (
        routes_visible_to(user)
        .select_related("curated_by")
        .prefetch_related(Prefetch("steps", queryset=_visible_steps(user), to_attr="visible_steps"))
    )
    return get_object_or_404(queryset, slug=slug)


def route_for_change(user, slug: str) -> Route:
    return get_object_or_404(routes_visible_to(user), slug=slug)


def in_a_route_fact(viewer):
    """The instrument page's fact (instruments.panels): is the instrument in a route ``viewer`` may see?

    routes_visible_to in SQL: the coordinator check goes into the same statement (coordinator_flag)
    rather than asking the permission tables first.
    """
    steps = RouteStep.objects.filter(instrument=OuterRef("pk"))
    return Exists(steps.filter(route__is_published=True)) | (Q(coordinator_flag(viewer)) & Exists(steps))


def routes_with(instrument: Instrument, user) -> list[tuple[Route, RouteStep, int]]:
    """Routes (visible to ``user``) that contain ``instrument``: (route, its step, number of steps)."""
    if instrument_panels.fact(instrument, "in_a_route") is False:
        return []
    steps = (
        RouteStep.objects.filter(instrument=instrument, route__in=routes_visible_to(user))
        .select_related("route")
        .annotate(step_count=Count("route__steps"))
        .order_by("route__title")
    )
    return [(step.route, step, step.step_count) for step in steps]


def bookmarked_route_ids(user, route_ids) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        RouteBookmark.objects.filter(user=user, route_id__in=list(route_ids)).values_list(
            "route_id", flat=True
        )
    )


def bookmarked_routes(user) -> QuerySet[Route]:
    if not user.is_authenticated:
        return Route.objects.none()
    return route_list(user).filter(bookmarks__user=user)


def instrument_choices(user) -> QuerySet[Instrument]:
    """Instruments a curator can put in a route: listed ones only."""
    return published_instruments().order_by("title")


# -- stored associations ----------------------------------------------------------------------------------
# One indexed query per list (the (subject, kind, rank) unique index), the targets filtered by what the
# viewer may see. None means "never computed" (no header row): the caller computes once and stores.


def _stored(rows: QuerySet[Association], limit: int) -> list[Association] | None:
    rows = list(rows.order_by("rank")[: limit + 1])
    if not rows or rows[0].rank != 0:
        return None
    return rows[1:]


def stored_related_instruments(instrument: Instrument, user, *, limit: int = 6) -> list[Suggestion] | None:
    """The related instruments stored for ``instrument``, the listed ones only, best first."""
    rows = _stored(
        _listed_targets(AssociationKind.RELATED_INSTRUMENT, "reasons", instrument=instrument), limit
    )
    if rows is None:
        return None
    return [
        Suggestion(row.target_instrument, row.score, [Reason.from_data(r) for r in row.reasons])
        for row in rows
    ]


def stored_instrument_lists(
    instrument: Instrument, user, *, limit: int = 6, crossovers: int = 4
) -> tuple[list[Suggestion] | None, list[Suggestion]]:
    """(related instruments, cross-overs) stored for ``instrument``, in one query, listed targets only.

    Related is None when it was never computed (the caller computes it once); cross-overs (kind
    ``meaning``: a similar goal in other words, filled once the vectors exist) are simply empty then.
    Both lists are short (discovery.services.STORED_RELATED, STORED_MEANING): all rows are read.
    """
    kinds = [AssociationKind.RELATED_INSTRUMENT, AssociationKind.MEANING]
    rows = list(_listed_targets(kinds, "reasons", instrument=instrument).order_by("kind", "rank"))

    def listed(kind, count):
        mine = [row for row in rows if row.kind == kind]
        if not mine or mine[0].rank != 0:
            return None
        return [
            Suggestion(row.target_instrument, row.score, [Reason.from_data(r) for r in row.reasons])
            for row in mine[1 : count + 1]
        ]

    return listed(kinds[0], limit), listed(kinds[1], crossovers) or []


def stored_meaning_instruments(instrument: Instrument, user, *, limit: int = 4) -> list[Suggestion]:
    """Cross-overs: instruments for a similar goal in other words (kind ``meaning``), with their reason."""
    return stored_instrument_lists(instrument, user, crossovers=limit)[1]


_CARD_FIELDS = ("id", "title", "slug", "summary", "rating_avg", "rating_count")


def _listed_targets(kind: str | list[str], field: str, **subject) -> QuerySet[Association]:
    """A subject's rows of ``kind`` (or kinds) with a listed target instrument (and header row)."""
    kinds = [kind] if isinstance(kind, str) else kind
    return (
        Association.objects.filter(kind__in=kinds, **subject)
        # A correlated EXISTS, not IN (subquery): inside an OR, PostgreSQL hashes an IN subquery, which
        # reads the whole instrument table per page; EXISTS probes the primary key for the few rows.
        .filter(Q(rank=0) | Exists(published_instruments().filter(pk=OuterRef("target_instrument"))))
        .select_related("target_instrument")
        .only("kind", "rank", "score", field, *(f"target_instrument__{f}" for f in _CARD_FIELDS))
    )


def stored_comparable_communities(community: Community, user, *, limit: int = 6) -> list[Comparable] | None:
    """The comparable communities stored for ``community`` that ``user`` may see, in stored order."""
    rows = _stored(
        Association.objects.filter(community=community, kind=AssociationKind.COMPARABLE_COMMUNITY)
        # EXISTS for the reason given in _listed_targets (a hashed IN would read every community).
        .filter(Q(rank=0) | Exists(communities_visible_to(user).filter(pk=OuterRef("target_community"))))
        .select_related("target_community__municipality"),
        limit,
    )
    if rows is None:
        return None
    return [
        Comparable(
            row.target_community,
            row.score,
            [Reason.from_data(r) for r in row.reasons],
            bool(row.extra.get("same_region")),
            bool(row.extra.get("same_challenge")),
        )
        for row in rows
    ]


def stored_instruments_that_worked(community: Community, user, *, limit: int = 5) -> list[WorkedFor] | None:
    """The stored "worked for communities like this one", listed instruments only; two queries."""
    rows = _stored(_listed_targets(AssociationKind.WORKED_FOR_LIKE, "extra", community=community), limit)
    if rows is None:
        return None
    used_by_ids = {pk for row in rows for pk in row.extra.get("used_by", [])}
    # Names only of communities the viewer may see now (one may have turned members-only since).
    names = (
        {c.pk: c for c in communities_visible_to(user).filter(pk__in=used_by_ids).only("pk", "name", "slug")}
        if used_by_ids
        else {}
    )
    return [
        WorkedFor(
            row.target_instrument,
            row.score,
            [names[pk] for pk in row.extra.get("used_by", []) if pk in names],
            int(row.extra.get("good_experiences", 0)),
        )
        for row in rows
    ]
