"""What can be reported, and how moderation reaches into the app that owns it.

Moderation knows no domain app. Each app that has reportable content describes
it in ``<app>/moderation.py`` with one :class:`ModerationAdapter` per model and
registers the adapters in its ``AppConfig.ready()``::

    # reviews live in instruments/moderation.py
    class ReviewAdapter(ModerationAdapter):
        key = "review"                      # stored in FlaggedItem/Decision rows: never change it
        label = _("Review")
        authored = True                     # has an ``author`` FK: hidden when the author is suspended
        auto_hide = True                    # hidden automatically at three distinct reporters

        model = Review                      # imported freely: ready() runs once the models are loaded

        def visible_to(self, user): ...     # what ``user`` may see (and report); hidden: coordinators only
        def set_hidden(self, *, actor, obj, hidden): ...   # MUST go through the owning app's service

    # instruments/apps.py
    def ready(self):
        from moderation.registry import register
        from .moderation import ReviewAdapter
        register(ReviewAdapter())

The interface (base-class defaults in brackets):

``key``, ``label``, ``model``
    The stored key (a free string, validated against this registry rather than
    by database choices, so a new kind needs no moderation migration), a lazy
    translated label and the model class.
``authored`` [False]
    The model has an ``author`` FK; :meth:`~ModerationAdapter.hide_for_suspension`
    hides all of a suspended person's objects.
``auto_hide`` [True]
    Hide automatically once ``MODERATION_AUTO_HIDE_REPORTS`` distinct people
    reported it. Kinds whose hiding would take something away from the people
    who work in it (a community from its members) say False: their reports
    only go to the coordinators' queue.
``visible_to(user)``
    The queryset of objects ``user`` may see, hidden ones excluded unless the
    user is a coordinator. The report URL fetches through it (404 otherwise).
``all_objects()`` [``model`` with ``select_related``]
    Every object, for the queue and decisions.
``authors(obj)`` [the ``author``], ``is_author(user, obj)`` [``author_id``]
    Who the object belongs to: mailed about decisions, never allowed to report it.
``url(obj)`` [``get_absolute_url()``], ``describe(obj)``, ``excerpt(obj)``
    Where it lives, a short name for the queue and the audit log, the reported text.
``set_hidden(*, actor, obj, hidden)``
    Hide or show it through the owning app's service (counters, caches and
    "hidden by" follow). ``actor`` is None when the platform acts by itself.
``hide_for_suspension(*, actor, user)`` [authored kinds: each visible object of ``user``]
    Hide what a suspended person contributed; returns the ids it hid, so that
    lifting the suspension shows exactly those again.
``awaiting_approval()`` [None]
    Kinds whose new objects wait for a coordinator before anyone else sees
    them (a proposed challenge) return those objects here, oldest first. The
    queue lists them, linked to ``url(obj)``, where the coordinator decides.
``after_hidden_url(obj)`` [None]
    Where a reporter goes when their report hid the object whose page they
    came from (that page is a 404 now); None means back to that page.

An app whose objects wait for a coordinator in a workflow of its own (a
submitted instrument and its review page) adds lists to the queue page and
review pages to the moderation namespace through :mod:`moderation.queue`.
"""

from django.db.models import QuerySet

from accounts.roles import is_coordinator


class ModerationAdapter:
    """How moderation reads, describes and hides one reportable model. Subclass per model."""

    key: str = ""
    label = ""
    model = None
    authored: bool = False
    auto_hide: bool = True
    # Relations the queue shows (describe, excerpt, url) without a query per item.
    select_related: tuple[str, ...] = ()

    def visible_to(self, user) -> QuerySet:
        raise NotImplementedError

    def all_objects(self) -> QuerySet:
        queryset = self.model._default_manager.all()
        return queryset.select_related(*self.select_related) if self.select_related else queryset

    def authors(self, obj) -> list:
        author = getattr(obj, "author", None)
        return [author] if author is not None else []

    def is_author(self, user, obj) -> bool:
        return bool(user.is_authenticated and getattr(obj, "author_id", None) == user.pk)

    def url(self, obj) -> str:
        return obj.get_absolute_url()

    def describe(self, obj) -> str:
        return f"{self.label} · {obj}"[:200]

    def excerpt(self, obj) -> str:
        return str(obj)

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        raise NotImplementedError

    def hide_for_suspension(self, *, actor, user) -> list[int]:
        if not self.authored:
            return []
        hidden = []
        for obj in self.all_objects().filter(author=user, is_hidden=False):
            self.set_hidden(actor=actor, obj=obj, hidden=True)
            hidden.append(obj.pk)
        return hidden

    def after_hidden_url(self, obj) -> str | None:
        return None

    def awaiting_approval(self) -> QuerySet | None:
        return None

    def __repr__(self):
        return f"<{type(self).__name__} {self.key!r}>"


def visible_unless_hidden(user, queryset: QuerySet) -> QuerySet:
    """The moderation rule on top of an app's visibility: hidden objects only for coordinators."""
    return queryset if is_coordinator(user) else queryset.filter(is_hidden=False)


# key -> adapter, filled by the apps' ready(). Tests and services index it directly.
KINDS: dict[str, ModerationAdapter] = {}


def register(adapter: ModerationAdapter) -> None:
    """Make ``adapter``'s kind reportable. Registering the same class again is harmless (test reloads)."""
    if not adapter.key or adapter.model is None:
        raise ValueError(f"{adapter!r} needs a key and a model")
    existing = KINDS.get(adapter.key)
    if existing is not None and type(existing) is not type(adapter):
        raise ValueError(f"Moderation kind {adapter.key!r} is already registered by {existing!r}")
    KINDS[adapter.key] = adapter


def get_kind(key) -> ModerationAdapter | None:
    return KINDS.get(key) if isinstance(key, str) else None


def kinds() -> list[ModerationAdapter]:
    return list(KINDS.values())


def authored_kinds() -> list[ModerationAdapter]:
    return [kind for kind in KINDS.values() if kind.authored]


def kind_label(key: str):
    """The label of a stored key, also for a kind whose app is gone (the log keeps its rows)."""
    kind = KINDS.get(key)
    return kind.label if kind is not None else key


# The name the services and tests used before adapters existed.
Kind = ModerationAdapter
