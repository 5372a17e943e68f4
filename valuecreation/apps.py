from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValuecreationConfig(AppConfig):
    name = "valuecreation"
    verbose_name = _("Value creation")

    def ready(self):
        from core.contentversion import derive_table
        from core.sqlite import register_triggers
        from moderation.registry import register

        from . import insights
        from .moderation import ValueEntryAdapter
        from .sqlite import value_log_trigger_statements

        register(ValueEntryAdapter())
        # The instrument insights page counts the value cycles reached with an instrument.
        insights.register_insights()
        # The value-log versions are kept by triggers on the entries (migration 0002; on SQLite
        # valuecreation.sqlite), which the connection wrapper never sees: a dashboard that read them (the
        # tallies cached under them) misses when an entry is written.
        derive_table("lc_value_log_version", sources=["valuecreation_valueentry"])
        # On SQLite the value-log version's triggers are made after each migrate (PostgreSQL: migration 0002).
        register_triggers("valuecreation.value_log_version", value_log_trigger_statements)
