from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from notifications import registry

        from . import signals  # noqa: F401  (connects the receivers)
        from .models import Community
        from .selectors import communities_visible_to

        # Notifications about a community (join requests ...) are shown only to
        # those who may still see it.
        registry.register_target(Community, visible_to=communities_visible_to)
