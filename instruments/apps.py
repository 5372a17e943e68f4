from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "instruments"
    verbose_name = _("Instruments")

    def ready(self):
        from core.contentversion import ignore_tables
        from core.sqlite import register_triggers
        from notifications import registry

        from . import moderation
        from .models import Instrument
        from .selectors import instruments_visible_to
        from .sqlite import catalogue_trigger_statements

        moderation.register()
        # Instruments can be followed, and notifications about them are shown
        # only to those who may still see them (a submitted instrument: its owners).
        registry.register_target(Instrument, visible_to=instruments_visible_to, followable=True)
        # View counters and the catalogue version (migration 0003) change no cached page.
        ignore_tables("instruments_instrumentviewday", "lc_catalogue_version")
        # On SQLite the catalogue version's triggers are made after each migrate (PostgreSQL: migration 0003).
        register_triggers("instruments.catalogue_version", catalogue_trigger_statements)
