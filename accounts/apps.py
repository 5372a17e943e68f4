from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from core.contentversion import ignore_statements

        from .roles import ensure_role_groups

        # Signing in stores the last login (django.contrib.auth's update_last_login), which no cached
        # page shows; counted, every sign-in would miss every page that names a user. Only this exact
        # statement: any other update of a user (name, active, e-mail) still counts.
        ignore_statements(r'UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"\."id" = %s')

        # Groups carry permissions of several apps, so they are (re)built after
        # every migrate instead of in a data migration that would run too early.
        post_migrate.connect(ensure_role_groups, dispatch_uid="accounts.ensure_role_groups")
