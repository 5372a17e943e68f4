from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from django.apps import apps

        if apps.is_installed("outbox"):
            # Mails at once are built by the outbox just before they go out.
            from outbox.registry import register_builder

            from .mails import OUTBOX_BUILDER, outbox_message

            register_builder(OUTBOX_BUILDER, outbox_message)
