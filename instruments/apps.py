from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "instruments"
    verbose_name = _("Instruments")

    def ready(self):
        from moderation.registry import register

        from .moderation import ADAPTERS

        for adapter in ADAPTERS:
            register(adapter)
