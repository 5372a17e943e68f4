"""How moderation reads and hides challenges and development steps (see ``moderation.registry``)."""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.roles import is_coordinator
from communities import permissions as community_permissions
from communities.models import MembershipRole
from moderation.registry import ModerationAdapter

from . import selectors, services
from .models import Challenge, DevelopmentStep, InstrumentRequest, Post, RequestSuggestion, Thread


class ChallengeAdapter(ModerationAdapter):
    key = "challenge"
    label = _("Challenge")
    model = Challenge
    select_related = ("created_by",)
    # Coordinators curate challenges; three reports hiding one would take its page away from every
    # community working on it (issue 16, finding 4). Reports wait in the queue for a coordinator.
    auto_hide = False

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


class ThreadAdapter(ModerationAdapter):
    key = "thread"
    label = _("Thread")
    model = Thread
    authored = True
    select_related = ("author",)

    def visible_to(self, user) -> QuerySet:
        return selectors.threads_visible_to(user)

    def excerpt(self, obj) -> str:
        first = obj.posts.order_by("created_at", "id").first()
        return first.body if first else obj.title

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.thread_set_hidden(thread=obj, hidden=hidden)

    def after_hidden_url(self, obj) -> str | None:
        return obj.subject.get_absolute_url()


class PostAdapter(ModerationAdapter):
    key = "post"
    label = pgettext_lazy("a message in a discussion", "Post")
    model = Post
    authored = True
    select_related = ("author", "thread")

    def visible_to(self, user) -> QuerySet:
        return Post.objects.filter(thread__in=selectors.threads_visible_to(user).values("pk")).filter(
            **({} if is_coordinator(user) else {"is_hidden": False, "is_pending": False})
        )

    def describe(self, obj) -> str:
        return f"{self.label} · {obj.thread}"[:200]

    def excerpt(self, obj) -> str:
        return obj.body

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.post_set_hidden(post=obj, hidden=hidden)

    def after_hidden_url(self, obj) -> str | None:
        return obj.thread.get_absolute_url()

    def awaiting_approval(self) -> QuerySet:
        # The first posts of new accounts: approved or declined on the thread page.
        return selectors.pending_posts()


class InstrumentRequestAdapter(ModerationAdapter):
    key = "instrument_request"
    label = _("Instrument request")
    model = InstrumentRequest
    authored = True
    select_related = ("author",)

    def visible_to(self, user) -> QuerySet:
        return selectors.requests_visible_to(user)

    def excerpt(self, obj) -> str:
        return obj.description

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.request_set_hidden(request=obj, hidden=hidden)

    def after_hidden_url(self, obj) -> str | None:
        return reverse("exchange:request_list")


class RequestSuggestionAdapter(ModerationAdapter):
    key = "request_suggestion"
    label = _("Instrument suggestion")
    model = RequestSuggestion
    authored = True
    select_related = ("author", "request", "instrument")

    def visible_to(self, user) -> QuerySet:
        queryset = RequestSuggestion.objects.filter(
            request__in=selectors.requests_visible_to(user).values("pk")
        )
        return queryset if is_coordinator(user) else queryset.filter(is_hidden=False)

    def url(self, obj) -> str:
        return obj.request.get_absolute_url()

    def excerpt(self, obj) -> str:
        return f"{obj.instrument}: {obj.note}"

    def set_hidden(self, *, actor, obj, hidden: bool) -> None:
        services.suggestion_set_hidden(suggestion=obj, hidden=hidden)
