"""Every write to the catalogue goes through these functions."""

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from core.markdown import render_markdown
from core.slugs import unique_slug as core_unique_slug

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

# Path segments under /instruments/ that a slug must never shadow.
RESERVED_SLUGS = {"submit", "mine", "toolbox", "new", "edit", "insights"}

INSTRUMENT_FIELDS = (
    "title",
    "summary",
    "description",
    "goal",
    "format",
    "url",
    "origin_organisation",
    "authors",
    "year",
    "language",
    "licence",
    "effort",
    "group_size",
)


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    return core_unique_slug(
        title,
        queryset=Instrument.objects.all(),
        reserved=RESERVED_SLUGS,
        fallback="instrument",
        exclude_pk=exclude_pk,
    )


def instrument_set_classification(*, instrument: Instrument, facets: Mapping[str, Iterable[str]]) -> None:
    """Replace the values of the given facets; unknown codes raise ValueError."""
    for facet, values in facets.items():
        vocabulary = FACET_VOCABULARIES[Facet(facet)]
        values = set(values)
        unknown = values - set(vocabulary.values)
        if unknown:
            raise ValueError(f"Unknown {facet} values: {sorted(unknown)}")
        Classification.objects.filter(instrument=instrument, facet=facet).exclude(value__in=values).delete()
        present = set(
            Classification.objects.filter(instrument=instrument, facet=facet).values_list("value", flat=True)
        )
        Classification.objects.bulk_create(
            [Classification(instrument=instrument, facet=facet, value=v) for v in values - present]
        )


def _apply_fields(instrument: Instrument, data: Mapping) -> None:
    for field in INSTRUMENT_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field != "year":
                value = ""
            setattr(instrument, field, value)
    instrument.description_html = render_markdown(instrument.description)


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
    """
    instrument = Instrument(status=status)
    _apply_fields(instrument, data)
    instrument.slug = unique_slug(instrument.title)
    if status == InstrumentStatus.PUBLISHED:
        instrument.published_at = timezone.now()
    instrument.full_clean()
    instrument.save()
    if actor is not None:
        instrument.owners.add(actor)
    instrument_set_classification(instrument=instrument, facets=facets or {})
    instrument.tags.set(list(tags))
    return instrument


@transaction.atomic
def instrument_update(
    *,
    actor,
    instrument: Instrument,
    data: Mapping,
    facets: Mapping[str, Iterable[str]] | None = None,
    tags: Iterable[str] | None = None,
) -> Instrument:
    """Change an instrument's content; the slug stays stable so shared links keep working."""
    _apply_fields(instrument, data)
    instrument.full_clean()
    instrument.save()
    if facets is not None:
        instrument_set_classification(instrument=instrument, facets=facets)
    if tags is not None:
        instrument.tags.set(list(tags))
    return instrument


@transaction.atomic
def instrument_set_status(*, actor, instrument: Instrument, status: str) -> Instrument:
    instrument.status = status
    if status == InstrumentStatus.PUBLISHED and instrument.published_at is None:
        instrument.published_at = timezone.now()
    instrument.save(update_fields=["status", "published_at", "updated_at"])
    return instrument


def _lock_instrument(instrument: Instrument) -> Instrument:
    # Taken first in the transaction, so concurrent writers on the same
    # instrument queue up and each recompute sees the previous commit.
    return Instrument.objects.select_for_update().get(pk=instrument.pk)


def _recompute_ratings(instrument_id: int) -> None:
    totals = Review.objects.filter(instrument_id=instrument_id).aggregate(n=Count("id"), total=Sum("rating"))
    n, total = totals["n"], totals["total"] or 0
    Instrument.objects.filter(pk=instrument_id).update(
        rating_count=n, rating_sum=total, rating_avg=(total / n) if n else None
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
def experience_create(*, actor, instrument: Instrument, **fields) -> Experience:
    """Record how using ``instrument`` went; keeps ``experience_count`` exact."""
    _lock_instrument(instrument)
    experience = Experience(instrument=instrument, author=actor, **fields)
    experience.full_clean()
    experience.save()
    Instrument.objects.filter(pk=instrument.pk).update(
        experience_count=Experience.objects.filter(instrument=instrument).count()
    )
    return experience


@transaction.atomic
def bookmark_toggle(*, actor, instrument: Instrument) -> bool:
    """Add the instrument to the actor's toolbox, or remove it; returns the new state."""
    deleted, _ = Bookmark.objects.filter(user=actor, instrument=instrument).delete()
    if deleted:
        return False
    Bookmark.objects.get_or_create(user=actor, instrument=instrument)
    return True
