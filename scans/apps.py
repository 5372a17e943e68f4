from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScansConfig(AppConfig):
    name = "scans"
    verbose_name = _("Scans and canvases")

    def ready(self):
        from instruments.panels import register_fact

        from . import notifications, panels
        from .selectors import has_tools_fact

        notifications.register()
        # The scans panel and button on the instrument page skip their query when there is no tool.
        register_fact("scan_tools", has_tools_fact)
        panels.register()
