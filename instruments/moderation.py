"""How moderation reads and hides instruments, reviews and experiences (see ``moderation.registry``)."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from moderation.registry import ModerationAdapter, visible_unless_hidden

from . import permissions, selectors, services
from .models import Experience, Instrument, Review


class ReviewAdapter(ModerationAdapter):
    key = "review"
    label = _("Review")
    model = Review
    authored = True
    select_related = ("instrument", "author")

    def visible_to(self, user) -> QuerySet:
        instruments = selectors.instruments_visible_to(user)
        return visible_unless_hidden(user, self.model.objects.filter(instrument__in=instruments))

    def url(self, obj) -> str:
        return f"{obj.instrument.get_absolute_url()}#review-{obj.pk}"

    def describe(self, obj) -> str:
        author = obj.author.display_name if obj.author_id else "?"
        return f"{self.label} · {obj.instrument.title} · {author}"[:200]

    def excerpt(self, obj) -> str:
        return f"{'★' * obj.rating} {obj.text}"

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.review_set_hidden(actor=actor, review=obj, hidden=hidden)

    def hide_for_suspension(self, *, actor, user) -> list[int]:
        # One recompute per instrument rather than one per review.
        return services.author_reviews_hide(actor=actor, author=user)


class ExperienceAdapter(ReviewAdapter):
    key = "experience"
    label = _("Experience")
    model = Experience

    def url(self, obj) -> str:
        return f"{obj.instrument.get_absolute_url()}#experience-{obj.pk}"

    def excerpt(self, obj) -> str:
        return " · ".join(t for t in (obj.what_worked, obj.what_did_not_work, obj.tips) if t)

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.experience_set_hidden(actor=actor, experience=obj, hidden=hidden)

    def hide_for_suspension(self, *, actor, user) -> list[int]:
        return services.author_experiences_hide(actor=actor, author=user)


class InstrumentAdapter(ModerationAdapter):
    key = "instrument"
    label = _("Instrument")
    model = Instrument

    def visible_to(self, user) -> QuerySet:
        # Owners keep seeing their hidden instrument; they cannot report it anyway.
        return selectors.instruments_visible_to(user)

    def authors(self, obj) -> list:
        return list(obj.owners.all())

    def is_author(self, user, obj) -> bool:
        return bool(user.is_authenticated and permissions.is_owner(user, obj))

    def excerpt(self, obj) -> str:
        return obj.summary

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.instrument_set_hidden(actor=actor, instrument=obj, hidden=hidden)

    def hide_for_suspension(self, *, actor, user) -> list[int]:
        # Instruments only this person owns leave the catalogue; shared ones stay with their co-owners.
        return services.solo_instruments_hide(actor=actor, owner=user)

    def after_hidden_url(self, obj) -> str | None:
        return reverse("instruments:list")


ADAPTERS = (ReviewAdapter(), ExperienceAdapter(), InstrumentAdapter())
