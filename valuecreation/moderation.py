"""How moderation reads and hides value entries (see ``moderation.registry``)."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from moderation.registry import ModerationAdapter, visible_unless_hidden

from . import selectors, services
from .models import ValueEntry


class ValueEntryAdapter(ModerationAdapter):
    key = "valueentry"
    label = _("Value entry")
    model = ValueEntry
    authored = True
    select_related = ("community", "author")

    def visible_to(self, user) -> QuerySet:
        return visible_unless_hidden(user, selectors.value_entries_visible_to(user, include_hidden=True))

    def describe(self, obj) -> str:
        author = obj.author.display_name if obj.author_id else "?"
        return f"{self.label} · {obj.community.name} · {author}"[:200]

    def excerpt(self, obj) -> str:
        return obj.story or obj.title

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        if hidden:
            services.value_entry_hide(actor=actor, entry=obj)
        else:
            services.value_entry_unhide(actor=actor, entry=obj)
