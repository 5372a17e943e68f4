from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")

    def ready(self):
        from accounts.models import RoleRequest
        from notifications import registry
        from notifications.models import NotificationKind

        from .notifications import role_decision_title, role_decision_url, role_requests_of

        # A role decision is shown only to the person who asked.
        registry.register_target(RoleRequest, visible_to=role_requests_of)
        registry.register(
            NotificationKind.ROLE_DECISION,
            registry.Renderer(title=role_decision_title, url=role_decision_url),
        )
