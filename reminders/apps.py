from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from communities import events
        from core.contentversion import ignore_tables
        from outbox import registry

        from . import receivers
        from .delivery import SOURCE, build
        from .models import SentReminder

        # Delivered by the outbox's code, built (and decided again) at sending time.
        registry.register(SOURCE, SentReminder, build=build, related=("recipient", "community"))
        # communities announces it (communities/events.py); it sits below reminders and cannot call it.
        events.standup_closed.connect(receivers.notice_open_blockers, dispatch_uid="reminders.blockers")
        # The sent-log is delivery bookkeeping, shown on no cached page.
        ignore_tables("reminders_sentreminder")
