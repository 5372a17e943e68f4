"""Reads of the catalogue, already limited to what the user may see."""

from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.validators import slug_re
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from accounts.roles import coordinator_flag, is_coordinator, remember_coordinator

from . import experience_contexts, panels
from .models import (
    FACET_VOCABULARIES,
    Bookmark,
    Classification,
    Experience,
    Facet,
    Instrument,
    InstrumentChange,
    InstrumentLink,
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

# The four lists of the detail page in one UNION query (instead of four prefetches), each row
# (list, pk, text, text, order, moment): classification (facet, value), tag (name, slug),
# owner (name, organisation; deleted_at as the moment, for display_name) and link (label, url).
_DETAIL_COLUMNS = ("row_list", "row_pk", "row_a", "row_b", "row_order", "row_at")


def _detail_rows(queryset, list_name: str, pk, a, b, order, at):
    text = CharField()
    return (
        queryset.order_by()
        .annotate(
            row_list=Value(list_name, output_field=text),
            row_pk=pk,
            row_a=a,
            row_b=b,
            row_order=order,
            row_at=at,
        )
        .values_list(*_DETAIL_COLUMNS)
    )


def _load_detail_lists(instrument: Instrument) -> None:
    """Fill the prefetch caches of DETAIL_PREFETCH on ``instrument`` with one query.

    ``instrument.tags.all()`` and the others then read these rows, as after prefetch_related; an
    owner carries the fields the page shows (the others load on access, like deferred fields).
    """
    moment = DateTimeField()
    # Typed, or PostgreSQL reads the bare NULL as text and cannot unite it with the owners' moment.
    no_moment = Cast(Value(None), output_field=moment)
    tags_through = Instrument.tags.through
    content_type = ContentType.objects.get_for_model(Instrument)
    parts = [
        _detail_rows(
            Classification.objects.filter(instrument_id=instrument.pk),
            "classifications",
            F("id"),
            F("facet"),
            F("value"),
            F("id"),
            no_moment,
        ),
        _detail_rows(
            tags_through.objects.filter(content_type_id=content_type.pk, object_id=instrument.pk),
            "tags",
            F("tag_id"),
            F("tag__name"),
            F("tag__slug"),
            F("id"),
            no_moment,
        ),
        _detail_rows(
            Instrument.owners.through.objects.filter(instrument_id=instrument.pk),
            "owners",
            F("user_id"),
            F("user__name"),
            F("user__organisation"),
            F("id"),
            F("user__deleted_at"),
        ),
        _detail_rows(
            InstrumentLink.objects.filter(instrument_id=instrument.pk),
            "links",
            F("id"),
            F("label"),
            F("url"),
            F("position"),
            no_moment,
        ),
    ]
    rows = parts[0].union(*parts[1:], all=True).order_by("row_list", "row_order", "row_pk")
    lists: dict[str, list] = {name: [] for name in DETAIL_PREFETCH}
    db = instrument._state.db or "default"
    user_model = Instrument.owners.field.related_model
    for name, pk, a, b, order, at in rows:
        if name == "classifications":
            obj = Classification(id=pk, instrument_id=instrument.pk, facet=a, value=b)
        elif name == "tags":
            obj = Tag(id=pk, name=a, slug=b)
        elif name == "owners":
            obj = user_model.from_db(db, ["id", "name", "organisation", "deleted_at"], [pk, a, b, at])
        else:
            obj = InstrumentLink(id=pk, instrument_id=instrument.pk, label=a, url=b, position=order)
        obj._state.adding, obj._state.db = False, db
        lists[name].append(obj)
    cache = instrument.__dict__.setdefault("_prefetched_objects_cache", {})
    for name, objs in lists.items():
        # What prefetch_related stores: the manager's queryset with its result filled in.
        queryset = getattr(instrument, name).all()
        queryset._result_cache, queryset._prefetch_done = objs, True
        cache[name] = queryset


def instrument_for_detail(user, slug: str) -> Instrument:
    """The instrument ``user`` may see, or 404.

    The query also carries the facts the panels of other apps registered (instruments.panels).
    For a signed-in viewer it also answers the per-viewer questions the page asks
    (coordinator? bookmarked?): ``viewer_is_coordinator`` is remembered on the user for the rest
    of the request, ``viewer_bookmarked`` is set on the instrument.
    """
    if not user.is_authenticated:
        instrument = get_object_or_404(panels.with_facts(published_instruments(), user), slug=slug)
        _load_detail_lists(instrument)
        return instrument
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
    )
    instrument = get_object_or_404(panels.with_facts(queryset, user), slug=slug)
    _load_detail_lists(instrument)
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


def _once_per_page(instrument: Instrument, name: str, viewer, load):
    """``load()``, kept on the instrument object for this viewer: the page and the panels of other
    apps on it (discovery's context ratings and "proven elsewhere") share one query."""
    key = f"_on_page_{name}"
    kept = instrument.__dict__.get(key)
    viewer_pk = getattr(viewer, "pk", None)
    if kept is None or kept[0] != viewer_pk:
        kept = instrument.__dict__[key] = (viewer_pk, list(load()))
    return kept[1]


def reviews_on_page(instrument: Instrument, viewer) -> list[Review]:
    """:func:`reviews_for` the viewer, loaded once for the instrument page."""
    return _once_per_page(instrument, "reviews", viewer, lambda: reviews_for(instrument, viewer))


def experiences_on_page(instrument: Instrument, viewer) -> list[Experience]:
    """The experiences ``viewer`` may read, by theme, sector and newest first; loaded once for the page."""

    def load():
        experiences = Experience.objects.filter(instrument=instrument).select_related("author")
        if viewer is None:
            experiences = experiences.filter(is_hidden=False)
        else:
            experiences = visible_unless_hidden(experiences, viewer)
        # The labels of linked contexts ("used in community X") come in this same query.
        experiences = list(
            experience_contexts.with_labels(experiences, viewer or AnonymousUser()).order_by(
                "theme", "sector", "-created_at"
            )
        )
        experience_contexts.attach_labels(experiences)
        return experiences

    return _once_per_page(instrument, "experiences", viewer, load)


@dataclass
class ContextGroup:
    key: str
    label: str
    experiences: list = field(default_factory=list)


def experiences_by_context(instrument: Instrument, viewer=None) -> list[ContextGroup]:
    """Experiences grouped by theme (the context a facilitator compares against), newest first."""
    from core.vocabularies import Theme

    groups: OrderedDict[str, ContextGroup] = OrderedDict()
    # Newest first within a theme: a stable sort keeps the loaded order among equal times.
    ordered = sorted(experiences_on_page(instrument, viewer), key=lambda e: e.created_at, reverse=True)
    for experience in sorted(ordered, key=lambda e: e.theme or ""):
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
