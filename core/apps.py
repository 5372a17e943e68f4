from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .security import mark_session_start

        user_logged_in.connect(mark_session_start, dispatch_uid="core.security.mark_session_start")
