"""Reads of the catalogue, already limited to what the user may see."""

from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from django.core.validators import slug_re
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from taggit.models import TaggedItem

from accounts.roles import coordinator_flag, is_coordinator, remember_coordinator

from .models import (
    FACET_VOCABULARIES,
    Bookmark,
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


def published_instruments() -> QuerySet[Instrument]:
    """What the public catalogue lists: published and not hidden by moderation."""
    return Instrument.objects.filter(status=InstrumentStatus.PUBLISHED, is_hidden=False)


def public_experiences() -> QuerySet[Experience]:
    """What anyone may read of experiences: not hidden, of an instrument the public catalogue lists."""
    return Experience.objects.filter(
        is_hidden=False, instrument__status=InstrumentStatus.PUBLISHED, instrument__is_hidden=False
    )


def instruments_visible_to(user) -> QuerySet[Instrument]:
    """Listed instruments, plus the user's own (hidden or not), plus everything for coordinators."""
    if is_coordinator(user):
        return Instrument.objects.all()
    if user.is_authenticated:
        owned = Instrument.owners.through.objects.filter(instrument_id=OuterRef("pk"), user_id=user.pk)
        return Instrument.objects.filter(
            Q(status=InstrumentStatus.PUBLISHED, is_hidden=False) | Exists(owned)
        )
    return published_instruments()


def visible_unless_hidden(queryset: QuerySet, user, *, author_field: str = "author") -> QuerySet:
    """Content hidden by moderation: coordinators see all, authors their own, others none."""
    if is_coordinator(user):
        return queryset
    if user.is_authenticated:
        return queryset.filter(Q(is_hidden=False) | Q(**{author_field: user}))
    return queryset.filter(is_hidden=False)


def with_card_data(queryset: QuerySet[Instrument]) -> QuerySet[Instrument]:
    return queryset.prefetch_related("classifications", "tags")


def published_count() -> int:
    return published_instruments().count()


def latest_published(*, limit: int = 6) -> list[Instrument]:
    return list(with_card_data(published_instruments().order_by("-published_at", "title"))[:limit])


DETAIL_PREFETCH = ("classifications", "tags", "owners", "links")


def instrument_for_detail(user, slug: str) -> Instrument:
    """The instrument ``user`` may see, or 404.

    For a signed-in viewer the one query also answers the per-viewer questions the page asks
    (coordinator? bookmarked?): ``viewer_is_coordinator`` is remembered on the user for the rest
    of the request, ``viewer_bookmarked`` is set on the instrument.
    """
    if not user.is_authenticated:
        return get_object_or_404(published_instruments().prefetch_related(*DETAIL_PREFETCH), slug=slug)
    owned = Instrument.owners.through.objects.filter(instrument_id=OuterRef("pk"), user_id=user.pk)
    queryset = (
        Instrument.objects.annotate(
            viewer_is_coordinator=coordinator_flag(user),
            viewer_bookmarked=Exists(Bookmark.objects.filter(user_id=user.pk, instrument_id=OuterRef("pk"))),
        )
        # instruments_visible_to(user), with the coordinator check in the same statement.
        .filter(
            Q(status=InstrumentStatus.PUBLISHED, is_hidden=False)
            | Exists(owned)
            | Q(viewer_is_coordinator=True)
        )
        .prefetch_related(*DETAIL_PREFETCH)
    )
    instrument = get_object_or_404(queryset, slug=slug)
    remember_coordinator(user, instrument.viewer_is_coordinator)
    return instrument


def instrument_for_change(user, slug: str) -> Instrument:
    return instrument_for_detail(user, slug)


def is_bookmarked(user, instrument: Instrument) -> bool:
    """Whether ``instrument`` is in the user's toolbox; no query when instrument_for_detail loaded it."""
    known = getattr(instrument, "viewer_bookmarked", None)
    if known is not None:
        return known
    return instrument.pk in bookmarked_ids(user, [instrument.pk])


def bookmarked_ids(user, instrument_ids) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Bookmark.objects.filter(user=user, instrument_id__in=list(instrument_ids)).values_list(
            "instrument_id", flat=True
        )
    )


def rating_distribution(instrument: Instrument, reviews: list[Review] | None = None) -> list[tuple[int, int]]:
    """(stars, count) from 5 down to 1, zeros included; hidden reviews do not count.

    ``reviews``: the instrument's reviews already loaded for the page (:func:`reviews_for`, which
    holds every review not hidden), counted without another query.
    """
    if reviews is not None:
        counts = Counter(review.rating for review in reviews if not review.is_hidden)
    else:
        counts = dict(
            Review.objects.filter(instrument=instrument, is_hidden=False)
            .values_list("rating")
            .annotate(n=Count("id"))
            .values_list("rating", "n")
        )
    return [(stars, counts.get(stars, 0)) for stars in range(5, 0, -1)]


def reviews_for(instrument: Instrument, viewer=None) -> QuerySet[Review]:
    """Reviews the viewer may see; without a viewer only those not hidden by moderation."""
    queryset = Review.objects.filter(instrument=instrument).select_related("author")
    if viewer is None:
        return queryset.filter(is_hidden=False)
    return visible_unless_hidden(queryset, viewer)


@dataclass
class ContextGroup:
    key: str
    label: str
    experiences: list = field(default_factory=list)


def experiences_by_context(instrument: Instrument, viewer=None) -> list[ContextGroup]:
    """Experiences grouped by theme (the context a facilitator compares against)."""
    from core.vocabularies import Theme

    groups: OrderedDict[str, ContextGroup] = OrderedDict()
    experiences = Experience.objects.filter(instrument=instrument).select_related("author")
    if viewer is None:
        experiences = experiences.filter(is_hidden=False)
    else:
        experiences = visible_unless_hidden(experiences, viewer)
    for experience in experiences.order_by("theme", "-created_at"):
        key = experience.theme or ""
        if key not in groups:
            label = Theme(key).label if key else None
            groups[key] = ContextGroup(key=key, label=label)
        groups[key].experiences.append(experience)
    # Themed groups first, the unspecified context last.
    return sorted(groups.values(), key=lambda g: (g.key == "", str(g.label or "")))


def related_instruments(instrument: Instrument, *, limit: int = 4) -> list[Instrument]:
    """Published instruments sharing phase, pillar, audience or tags, most in common first."""
    scores: dict[int, int] = {}
    own = [
        (c.facet, c.value)
        for c in instrument.classifications.all()
        if c.facet in (Facet.PHASE, Facet.PILLAR, Facet.AUDIENCE)
    ]
    if own:
        condition = Q()
        for facet, value in own:
            condition |= Q(facet=facet, value=value)
        rows = (
            Classification.objects.filter(
                condition, instrument__status=InstrumentStatus.PUBLISHED, instrument__is_hidden=False
            )
            .exclude(instrument=instrument)
            .values("instrument_id")
            .annotate(n=Count("id"))
        )
        for row in rows:
            scores[row["instrument_id"]] = row["n"]
    tag_ids = [tag.pk for tag in instrument.tags.all()]
    if tag_ids:
        rows = (
            TaggedItem.objects.filter(
                tag_id__in=tag_ids,
                content_type__app_label="instruments",
                content_type__model="instrument",
            )
            .exclude(object_id=instrument.pk)
            .values("object_id")
            .annotate(n=Count("id"))
        )
        for row in rows:
            # A shared tag is a stronger signal than a shared broad facet.
            scores[row["object_id"]] = scores.get(row["object_id"], 0) + 2 * row["n"]
    if not scores:
        return []
    candidates = with_card_data(published_instruments().filter(pk__in=list(scores)))
    ranked = sorted(candidates, key=lambda i: (-scores[i.pk], -(i.rating_avg or 0), i.title))
    return ranked[:limit]


def toolbox_for(user) -> list[Instrument]:
    """The user's bookmarked instruments that they may still see, newest bookmark first."""
    visible = instruments_visible_to(user)
    bookmarks = (
        Bookmark.objects.filter(user=user, instrument__in=visible)
        .select_related("instrument")
        .prefetch_related(Prefetch("instrument__classifications"), Prefetch("instrument__tags"))
    )
    return [b.instrument for b in bookmarks]


def owned_by(user) -> QuerySet[Instrument]:
    pending = InstrumentRevision.objects.filter(instrument=OuterRef("pk"), status=RevisionStatus.PENDING)
    return (
        Instrument.objects.filter(owners=user)
        .annotate(has_pending_revision=Exists(pending))
        .order_by("-updated_at")
    )


def owners_of(instrument: Instrument) -> list:
    return list(instrument.owners.order_by("name", "email"))


def pending_owner_invitations(instrument: Instrument) -> QuerySet[OwnerInvitation]:
    return OwnerInvitation.objects.filter(
        instrument=instrument, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).select_related("invited_by")


def history_of(instrument: Instrument) -> QuerySet[InstrumentChange]:
    return InstrumentChange.objects.filter(instrument=instrument).select_related("actor")


def pending_revision_of(instrument: Instrument) -> InstrumentRevision | None:
    return (
        InstrumentRevision.objects.filter(instrument=instrument, status=RevisionStatus.PENDING)
        .select_related("author")
        .first()
    )


def facet_vocabulary_labels(facet: str) -> dict[str, str]:
    return dict(FACET_VOCABULARIES[Facet(facet)].choices)


def owner_invitation_by_token(token: str) -> QuerySet[OwnerInvitation]:
    # Tokens are URL-safe base64; anything else (a NUL character would make
    # PostgreSQL raise instead of finding nothing) cannot be one.
    if not slug_re.match(token or "") or len(token) > 100:
        return OwnerInvitation.objects.none()
    return OwnerInvitation.objects.filter(token=token).select_related("instrument", "invited_by")
