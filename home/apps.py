from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home page: near the top of the layer stack, so it may show what every domain app offers.

    ``core`` sits at the bottom and imports no domain app; pages that combine apps live here.
    """

    name = "home"
    verbose_name = _("Home")
