"""Sort the catalogue by "best fit for communities like mine".

The sort belongs to the catalogue (instruments); discovery offers the contexts to pick from (the
user's communities, discovery/fit.py).

A context is a level, a phase and themes (a user's community, or picked by
hand). Instruments rank by what people in that context said about them:
reviews weighted by how far the rating is from the middle and by how many of
the context's dimensions the reviewer shares; experiences by whether the
author would use it again; then whether the instrument is classified for the
context at all. All of it in subqueries of one SQL statement.
"""

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from core.vocabularies import Level, Phase, Theme

from .models import Classification, Experience, Facet, Review


@dataclass
class FitContext:
    level: str = ""
    phase: str = ""
    themes: list[str] = field(default_factory=list)
    label: str = ""

    def __bool__(self):
        return bool(self.level or self.phase or self.themes)

    def as_query(self) -> list[tuple[str, str]]:
        params = [("sort", "fit")]
        if self.level:
            params.append(("fit_level", self.level))
        if self.phase:
            params.append(("fit_phase", self.phase))
        params += [("fit_theme", theme) for theme in self.themes]
        return params

    def describe(self) -> str:
        parts = []
        if self.level:
            parts.append(str(Level(self.level).label))
        if self.phase:
            parts.append(str(Phase(self.phase).label))
        parts += [str(Theme(t).label) for t in self.themes if t in Theme.values]
        return " · ".join(parts)


def _matches(context: FitContext, *, level: str, phase: str, theme: str):
    """How many of the context's dimensions a row shares (0-3), as an SQL expression."""
    total = Value(0)
    if context.level:
        total = total + Case(When(**{level: context.level}, then=1), default=0)
    if context.phase:
        total = total + Case(When(**{phase: context.phase}, then=1), default=0)
    if context.themes:
        total = total + Case(When(**{f"{theme}__in": context.themes}, then=1), default=0)
    return total


def _subquery_sum(queryset, expression):
    return Coalesce(
        Subquery(
            queryset.order_by().values("instrument").annotate(total=Sum(expression)).values("total")[:1],
            output_field=FloatField(),
        ),
        Value(0.0),
        output_field=FloatField(),
    )


def annotate_fit(queryset, context: FitContext):
    """``queryset`` with a ``fit_score``; higher means it served communities like this one better."""
    review_match = _matches(context, level="context_level", phase="context_phase", theme="context_theme")
    reviews = Review.objects.filter(instrument=OuterRef("pk"), is_hidden=False).annotate(match=review_match)
    review_score = _subquery_sum(
        reviews.filter(match__gt=0),
        ExpressionWrapper((F("rating") - 2.5) * F("match"), output_field=FloatField()),
    )
    experience_match = _matches(context, level="level", phase="phase", theme="theme")
    experiences = Experience.objects.filter(instrument=OuterRef("pk"), is_hidden=False).annotate(
        match=experience_match,
        verdict=Case(
            When(would_use_again=True, then=Value(1.5)), default=Value(-1.5), output_field=FloatField()
        ),
    )
    experience_score = _subquery_sum(
        experiences.filter(match__gt=0),
        ExpressionWrapper(F("verdict") * F("match"), output_field=FloatField()),
    )
    classification = Q()
    if context.level:
        classification |= Q(facet=Facet.LEVEL, value=context.level)
    if context.phase:
        classification |= Q(facet=Facet.PHASE, value=context.phase)
    if context.themes:
        classification |= Q(facet=Facet.THEME, value__in=context.themes)
    classified = Coalesce(
        Subquery(
            Classification.objects.filter(classification, instrument=OuterRef("pk"))
            .order_by()
            .values("instrument")
            .annotate(n=Count("id"))
            .values("n")[:1]
        ),
        Value(0),
    )
    return queryset.annotate(
        fit_score=ExpressionWrapper(
            2 * review_score + 2 * experience_score + classified, output_field=FloatField()
        )
    )


def order_by_fit(queryset, context: FitContext):
    if not context:
        return queryset.order_by(F("rating_avg").desc(nulls_last=True), "-experience_count", "title")
    return annotate_fit(queryset, context).order_by(
        "-fit_score", F("rating_avg").desc(nulls_last=True), "title"
    )
