from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "discovery"
    verbose_name = _("Discovery")

    def ready(self):
        from django.db.backends.signals import connection_created

        from .sqlite import register_functions

        # SQLite has no trigram index; a small SQL function gives the fallback typo tolerance.
        connection_created.connect(register_functions, dispatch_uid="discovery_sqlite_functions")
