"""What can be reported, and how moderation reaches into the app that owns it.

Each kind says how to find the objects a user may see (and so may report),
who its authors are, where it lives, and how to hide or show it so that the
owning app's counters stay right. Models are resolved lazily: a kind whose app
or model is not there (yet) is simply not reportable.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.roles import is_coordinator

from .models import ContentKind


@dataclass(frozen=True)
class Kind:
    key: str
    app_label: str
    model_name: str

    @property
    def label(self) -> str:
        return ContentKind(self.key).label

    @property
    def model(self):
        try:
            return apps.get_model(self.app_label, self.model_name)
        except LookupError:
            return None

    @property
    def available(self) -> bool:
        return self.model is not None

    # --- per kind behaviour, dispatched on ``key`` ---------------------------------

    def visible_to(self, user) -> QuerySet:
        """Objects ``user`` may see, hidden ones excluded unless the user is a coordinator."""
        from instruments.selectors import instruments_visible_to

        model = self.model
        if self.key == ContentKind.INSTRUMENT:
            return instruments_visible_to(user)
        if self.key == ContentKind.COMMUNITY:
            from communities.selectors import communities_visible_to

            return communities_visible_to(user)
        if self.key in (ContentKind.REVIEW, ContentKind.EXPERIENCE):
            queryset = model.objects.filter(instrument__in=instruments_visible_to(user))
        else:  # value entries
            queryset = _value_entries_visible_to(user, model)
        return queryset if is_coordinator(user) else queryset.filter(is_hidden=False)

    def all_objects(self) -> QuerySet:
        queryset = self.model.objects.all()
        if self.key in (ContentKind.REVIEW, ContentKind.EXPERIENCE):
            return queryset.select_related("instrument", "author")
        if self.key == ContentKind.VALUE_ENTRY:
            return queryset.select_related("community", "author")
        return queryset

    def authors(self, obj) -> list:
        if self.key == ContentKind.INSTRUMENT:
            return list(obj.owners.all())
        if self.key == ContentKind.COMMUNITY:
            from communities.models import MembershipRole

            return [
                m.user for m in obj.memberships.filter(role=MembershipRole.FACILITATOR).select_related("user")
            ]
        author = getattr(obj, "author", None)
        return [author] if author is not None else []

    def is_author(self, user, obj) -> bool:
        if not user.is_authenticated:
            return False
        if self.key == ContentKind.INSTRUMENT:
            from instruments.permissions import is_owner

            return is_owner(user, obj)
        if self.key == ContentKind.COMMUNITY:
            from communities.permissions import is_facilitator

            return is_facilitator(user, obj)
        return getattr(obj, "author_id", None) == user.pk

    def url(self, obj) -> str:
        if self.key == ContentKind.REVIEW:
            return f"{obj.instrument.get_absolute_url()}#review-{obj.pk}"
        if self.key == ContentKind.EXPERIENCE:
            return f"{obj.instrument.get_absolute_url()}#experience-{obj.pk}"
        return obj.get_absolute_url()

    def describe(self, obj) -> str:
        """A short name for the queue and the audit log."""
        if self.key in (ContentKind.REVIEW, ContentKind.EXPERIENCE):
            author = obj.author.display_name if obj.author_id else "?"
            return f"{self.label} · {obj.instrument.title} · {author}"[:200]
        if self.key == ContentKind.VALUE_ENTRY:
            author = obj.author.display_name if getattr(obj, "author_id", None) else "?"
            return f"{self.label} · {obj.community.name} · {author}"[:200]
        return f"{self.label} · {obj}"[:200]

    def excerpt(self, obj) -> str:
        """The reported text itself, so a coordinator can judge without leaving the queue."""
        if self.key == ContentKind.REVIEW:
            return f"{'★' * obj.rating} {obj.text}"
        if self.key == ContentKind.EXPERIENCE:
            return " · ".join(t for t in (obj.what_worked, obj.what_did_not_work, obj.tips) if t)
        if self.key == ContentKind.INSTRUMENT:
            return obj.summary
        if self.key == ContentKind.COMMUNITY:
            return obj.challenge
        return getattr(obj, "story", "") or getattr(obj, "title", "") or str(obj)

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        """Hide or show through the owning app's service where counters depend on it."""
        from instruments import services as instrument_services

        if self.key == ContentKind.REVIEW:
            instrument_services.review_set_hidden(actor=actor, review=obj, hidden=hidden)
        elif self.key == ContentKind.EXPERIENCE:
            instrument_services.experience_set_hidden(actor=actor, experience=obj, hidden=hidden)
        elif self.key == ContentKind.INSTRUMENT:
            instrument_services.instrument_set_hidden(actor=actor, instrument=obj, hidden=hidden)
        else:
            values = {"is_hidden": hidden}
            fields = {f.name for f in type(obj)._meta.get_fields()}
            # Value entries also record who hid them (facilitators hide entries too).
            if "hidden_by" in fields:
                values["hidden_by"] = actor if hidden else None
            if "hidden_at" in fields:
                values["hidden_at"] = timezone.now() if hidden else None
            type(obj).objects.filter(pk=obj.pk).update(**values)
            for name, value in values.items():
                setattr(obj, name, value)


def _value_entries_visible_to(user, model) -> QuerySet:
    """Entries of communities the user can see: public entries, or all for members."""
    from communities.selectors import communities_visible_to

    selectors = _optional_module("valuecreation.selectors")
    for name in ("entries_visible_to", "value_entries_visible_to"):
        function = getattr(selectors, name, None)
        if callable(function):
            return function(user)
    queryset = model.objects.filter(community__in=communities_visible_to(user))
    if is_coordinator(user):
        return queryset
    if not user.is_authenticated:
        return queryset.filter(visibility="public")
    return queryset.filter(Q(visibility="public") | Q(community__memberships__user=user)).distinct()


def _optional_module(name: str):
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        return None


KINDS: dict[str, Kind] = {
    ContentKind.REVIEW: Kind(ContentKind.REVIEW, "instruments", "Review"),
    ContentKind.EXPERIENCE: Kind(ContentKind.EXPERIENCE, "instruments", "Experience"),
    ContentKind.VALUE_ENTRY: Kind(ContentKind.VALUE_ENTRY, "valuecreation", "ValueEntry"),
    ContentKind.COMMUNITY: Kind(ContentKind.COMMUNITY, "communities", "Community"),
    ContentKind.INSTRUMENT: Kind(ContentKind.INSTRUMENT, "instruments", "Instrument"),
}

# Kinds with a single ``author`` field: hidden all at once when the author is suspended.
AUTHORED_KINDS = (ContentKind.REVIEW, ContentKind.EXPERIENCE, ContentKind.VALUE_ENTRY)


def get_kind(key: str) -> Kind | None:
    kind = KINDS.get(key)
    return kind if kind is not None and kind.available else None
