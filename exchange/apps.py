from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "exchange"
    verbose_name = _("Challenges and shared steps")

    def ready(self):
        from moderation.registry import register
        from notifications import registry

        from .models import Challenge
        from .moderation import ChallengeAdapter, DevelopmentStepAdapter
        from .selectors import challenges_visible_to

        register(ChallengeAdapter())
        register(DevelopmentStepAdapter())

        # Following a challenge goes through the generic follow of notifications;
        # what a follower is shown is checked against the same selector as the page.
        registry.register_target(Challenge, visible_to=challenges_visible_to, followable=True)
