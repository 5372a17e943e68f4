"""How moderation reads and hides communities (see ``moderation.registry``)."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from moderation.registry import ModerationAdapter

from . import permissions, selectors, services
from .models import Community, MembershipRole


class CommunityAdapter(ModerationAdapter):
    key = "community"
    label = _("Community")
    model = Community
    # Three accounts must not be able to take a community away from its members
    # (issue 16, finding 4): reports wait for a coordinator, and until one decides
    # visitors see the community as before. A coordinator's "hide" takes it off
    # the public pages; its members keep their workspace (communities_visible_to).
    auto_hide = False

    def visible_to(self, user) -> QuerySet:
        return selectors.communities_visible_to(user)

    def authors(self, obj) -> list:
        facilitators = obj.memberships.filter(role=MembershipRole.FACILITATOR).select_related("user")
        return [membership.user for membership in facilitators]

    def is_author(self, user, obj) -> bool:
        return bool(user.is_authenticated and permissions.is_facilitator(user, obj))

    def excerpt(self, obj) -> str:
        return obj.challenge

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.community_set_hidden(actor=actor, community=obj, hidden=hidden)

    def after_hidden_url(self, obj) -> str | None:
        return reverse("communities:list")
