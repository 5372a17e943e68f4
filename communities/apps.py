from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from moderation.registry import register

        from . import signals  # noqa: F401  (connects the receivers)
        from .moderation import CommunityAdapter

        register(CommunityAdapter())
