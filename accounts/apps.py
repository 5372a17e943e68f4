from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .roles import ensure_role_groups

        # Groups carry permissions of several apps, so they are (re)built after
        # every migrate instead of in a data migration that would run too early.
        post_migrate.connect(ensure_role_groups, dispatch_uid="accounts.ensure_role_groups")
