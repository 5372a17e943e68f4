from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate, pre_migrate

        from . import checks  # noqa: F401  (registers the deploy checks)
        from .contentversion import pause_during_migrate, resume_after_migrate, watch_connection
        from .security import mark_session_start
        from .sites import sync_site_after_migrate
        from .sqlite import ensure_triggers

        user_logged_in.connect(mark_session_start, dispatch_uid="core.security.mark_session_start")
        connection_created.connect(watch_connection, dispatch_uid="core.contentversion.watch_connection")
        pre_migrate.connect(pause_during_migrate, dispatch_uid="core.contentversion.pause")
        post_migrate.connect(resume_after_migrate, dispatch_uid="core.contentversion.resume")
        post_migrate.connect(sync_site_after_migrate, dispatch_uid="core.sites.sync")
        # Once per migrate (core's own signal comes after every migration ran): the apps' SQLite triggers.
        post_migrate.connect(ensure_triggers, sender=self, dispatch_uid="core.sqlite.ensure_triggers")
