from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SemanticConfig(AppConfig):
    name = "semantic"
    verbose_name = _("Associative search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core.contentversion import ignore_tables

        from . import signals

        signals.connect()
        # Vectors are derived rows: the write that changed their object already raised its table's
        # version; storing them after the commit raising theirs would miss the search pages twice.
        ignore_tables("semantic_embedding")
