from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The tables whose writes the catalogue version's triggers count (tests/core/test_pagecache.py
# checks this against the migration's list).
CATALOGUE_VERSION_SOURCES = (
    "instruments_instrument",
    "instruments_classification",
    "taggit_taggeditem",
    "taggit_tag",
)


class InstrumentsConfig(AppConfig):
    name = "instruments"
    verbose_name = _("Instruments")

    def ready(self):
        from core.contentversion import derive_table, ignore_tables
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
        # View counters change no cached page.
        ignore_tables("instruments_instrumentviewday")
        # The catalogue version is kept by triggers on these tables (migration 0003; on SQLite
        # instruments.sqlite), which the connection wrapper never sees: a page that read it (the facet
        # counts cached under it) misses when one of them is written.
        derive_table("lc_catalogue_version", sources=CATALOGUE_VERSION_SOURCES)
        # On SQLite the catalogue version's triggers are made after each migrate (PostgreSQL: migration 0003).
        register_triggers("instruments.catalogue_version", catalogue_trigger_statements)
