"""How moderation reads and hides challenges and development steps (see ``moderation.registry``)."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communities import permissions as community_permissions
from communities.models import MembershipRole
from moderation.registry import ModerationAdapter

from . import selectors, services
from .models import Challenge, DevelopmentStep


class ChallengeAdapter(ModerationAdapter):
    key = "challenge"
    label = _("Challenge")
    model = Challenge
    select_related = ("created_by",)

    def visible_to(self, user) -> QuerySet:
        return selectors.challenges_visible_to(user)

    def authors(self, obj) -> list:
        return [obj.created_by] if obj.created_by_id else []

    def is_author(self, user, obj) -> bool:
        return bool(user.is_authenticated and obj.created_by_id == user.pk)

    def excerpt(self, obj) -> str:
        return obj.description

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.challenge_set_hidden(challenge=obj, hidden=hidden)

    def after_hidden_url(self, obj) -> str | None:
        return reverse("exchange:challenge_list")

    def awaiting_approval(self) -> QuerySet:
        # Proposals: approved or declined on the challenge page (coordinators see the buttons there).
        return selectors.pending_proposals()


class DevelopmentStepAdapter(ModerationAdapter):
    key = "development_step"
    label = _("Development step")
    model = DevelopmentStep
    authored = True
    select_related = ("community", "author")

    def visible_to(self, user) -> QuerySet:
        return selectors.steps_visible_to(user)

    def authors(self, obj) -> list:
        # The community's facilitators answer for its logbook, the author first.
        people = [obj.author] if obj.author_id else []
        facilitators = obj.community.memberships.filter(role=MembershipRole.FACILITATOR).select_related(
            "user"
        )
        return people + [m.user for m in facilitators if m.user_id != obj.author_id]

    def is_author(self, user, obj) -> bool:
        return bool(
            user.is_authenticated
            and (obj.author_id == user.pk or community_permissions.is_facilitator(user, obj.community))
        )

    def describe(self, obj) -> str:
        return f"{self.label} · {obj.community} · {obj}"[:200]

    def excerpt(self, obj) -> str:
        return f"{obj.what_we_did}\n\n{obj.what_we_learned}".strip()

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.step_set_hidden(step=obj, hidden=hidden)

    def after_hidden_url(self, obj) -> str | None:
        return obj.community.get_absolute_url()
