from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValuecreationConfig(AppConfig):
    name = "valuecreation"
    verbose_name = _("Value creation")

    def ready(self):
        from moderation.registry import register

        from .moderation import ValueEntryAdapter

        register(ValueEntryAdapter())
