from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from instruments.panels import register_fact
        from moderation.registry import register

        from . import experiences, insights, notifications, panels, signals  # noqa: F401  (signals: receivers)
        from .moderation import CommunityAdapter
        from .selectors import used_in_communities_fact

        # Notifications about communities are shown only to those who may still see them.
        notifications.register()
        register(CommunityAdapter())
        # The instrument insights page lists the communities that use an instrument.
        insights.register_insights()
        # A member links their experience with an instrument to one of their communities.
        experiences.register_experience_context()
        # The "used in communities" panel on the instrument page skips its query when there is none.
        register_fact("used_in_communities", used_in_communities_fact)
        panels.register()
