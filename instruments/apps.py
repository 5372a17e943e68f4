from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "instruments"
    verbose_name = _("Instruments")

    def ready(self):
        # Instruments can be followed, and notifications about them are shown
        # only to those who may still see them (a submitted instrument: its owners).
        from notifications import registry

        from .models import Instrument
        from .selectors import instruments_visible_to

        registry.register_target(Instrument, visible_to=instruments_visible_to, followable=True)
