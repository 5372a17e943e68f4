from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from communities import events
        from core.contentversion import ignore_tables

        from . import receivers

        # communities announces these (communities/events.py); it sits below reminders and cannot call it.
        events.join_request_decided.connect(receivers.mail_join_decision, dispatch_uid="reminders.join")
        events.standup_closed.connect(receivers.notice_open_blockers, dispatch_uid="reminders.blockers")
        # The sent-log is delivery bookkeeping, shown on no cached page.
        ignore_tables("reminders_sentreminder")
