from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Challenges, discussions and requests")

    def ready(self):
        from moderation.ratelimit import register_action
        from moderation.registry import register
        from notifications import registry

        from . import moderation as adapters
        from . import panels, signals
        from .models import Challenge, InstrumentRequest, Post, RequestSuggestion, Thread
        from .selectors import challenges_visible_to, requests_visible_to, threads_visible_to

        for adapter in (
            adapters.ChallengeAdapter(),
            adapters.DevelopmentStepAdapter(),
            adapters.ThreadAdapter(),
            adapters.PostAdapter(),
            adapters.InstrumentRequestAdapter(),
            adapters.RequestSuggestionAdapter(),
        ):
            register(adapter)

        # Following goes through the generic follow of notifications; what a
        # follower is shown is checked against the same selectors as the pages.
        registry.register_target(Challenge, visible_to=challenges_visible_to, followable=True)
        registry.register_target(Thread, visible_to=threads_visible_to, followable=True)
        registry.register_target(InstrumentRequest, visible_to=requests_visible_to, followable=True)

        # Questions to the developers and discussions on the instrument page.
        panels.register()

        # Posts (new threads and replies) and requests (with suggestions) per person and hour.
        register_action(
            "post",
            label=_("posts"),
            limit=30,
            recent=lambda user, since: Post.objects.filter(author=user, created_at__gte=since).count(),
        )
        register_action(
            "instrument_request",
            label=_("requests and suggestions"),
            limit=10,
            recent=lambda user, since: (
                InstrumentRequest.objects.filter(author=user, created_at__gte=since).count()
                + RequestSuggestion.objects.filter(author=user, created_at__gte=since).count()
            ),
        )

        # The challenge page's stored ranking follows the uses and communities of other apps.
        signals.connect()
