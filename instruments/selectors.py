"""Reads of the catalogue, already limited to what the user may see."""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from taggit.models import TaggedItem

from accounts.roles import is_coordinator

from .models import (
    FACET_VOCABULARIES,
    Bookmark,
    Classification,
    Experience,
    Facet,
    Instrument,
    InstrumentStatus,
    Review,
)


def published_instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(status=InstrumentStatus.PUBLISHED)


def instruments_visible_to(user) -> QuerySet[Instrument]:
    """Published instruments, plus the user's own, plus everything for coordinators."""
    if is_coordinator(user):
        return Instrument.objects.all()
    if user.is_authenticated:
        return Instrument.objects.filter(Q(status=InstrumentStatus.PUBLISHED) | Q(owners=user)).distinct()
    return published_instruments()


def with_card_data(queryset: QuerySet[Instrument]) -> QuerySet[Instrument]:
    return queryset.prefetch_related("classifications", "tags")


def published_count() -> int:
    return published_instruments().count()


def latest_published(*, limit: int = 6) -> list[Instrument]:
    return list(with_card_data(published_instruments().order_by("-published_at", "title"))[:limit])


def instrument_for_detail(user, slug: str) -> Instrument:
    queryset = instruments_visible_to(user).prefetch_related("classifications", "tags", "owners", "links")
    return get_object_or_404(queryset, slug=slug)


def instrument_for_change(user, slug: str) -> Instrument:
    return instrument_for_detail(user, slug)


def bookmarked_ids(user, instrument_ids) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Bookmark.objects.filter(user=user, instrument_id__in=list(instrument_ids)).values_list(
            "instrument_id", flat=True
        )
    )


def rating_distribution(instrument: Instrument) -> list[tuple[int, int]]:
    """(stars, count) from 5 down to 1, zeros included."""
    counts = dict(
        Review.objects.filter(instrument=instrument)
        .values_list("rating")
        .annotate(n=Count("id"))
        .values_list("rating", "n")
    )
    return [(stars, counts.get(stars, 0)) for stars in range(5, 0, -1)]


def reviews_for(instrument: Instrument) -> QuerySet[Review]:
    return Review.objects.filter(instrument=instrument).select_related("author")


@dataclass
class ContextGroup:
    key: str
    label: str
    experiences: list = field(default_factory=list)


def experiences_by_context(instrument: Instrument) -> list[ContextGroup]:
    """Experiences grouped by theme (the context a facilitator compares against)."""
    from core.vocabularies import Theme

    groups: OrderedDict[str, ContextGroup] = OrderedDict()
    experiences = Experience.objects.filter(instrument=instrument).select_related("author")
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
            Classification.objects.filter(condition, instrument__status=InstrumentStatus.PUBLISHED)
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
    return Instrument.objects.filter(owners=user).order_by("-updated_at")


def facet_vocabulary_labels(facet: str) -> dict[str, str]:
    return dict(FACET_VOCABULARIES[Facet(facet)].choices)
