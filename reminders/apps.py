from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from outbox import registry

        from .delivery import SOURCE, build
        from .models import SentReminder

        # Delivered by the outbox's code, built (and decided again) at sending time.
        registry.register(SOURCE, SentReminder, build=build, related=("recipient", "community"))
