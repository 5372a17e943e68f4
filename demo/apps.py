from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data (``seed_demo``): the top of the layer stack, so it may build on every app."""

    name = "demo"
    verbose_name = _("Demo data")
