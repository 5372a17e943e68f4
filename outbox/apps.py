from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Outbox")

    def ready(self):
        from . import registry
        from .models import OutboxMail

        registry.register("outbox.mail", OutboxMail, build=registry.stored_message)
