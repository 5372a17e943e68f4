from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_role_groups_after_last_app(sender, **kwargs) -> None:
    """``post_migrate`` receiver: build the role groups once per migrate or flush.

    Django sends ``post_migrate`` once per installed app (about thirty here), each right after
    that app's permissions are created; the groups carry permissions of several apps, so they
    are built on the last app's signal, when every permission exists. Read at call time, not in
    ``ready()``: a flush of a test case with ``available_apps`` signals only those apps.
    """
    from .roles import ensure_role_groups

    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if with_models and sender.label == with_models[-1].label:
        ensure_role_groups()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from core.contentversion import ignore_statements

        # Signing in stores the last login (django.contrib.auth's update_last_login), which no cached
        # page shows; counted, every sign-in would miss every page that names a user. Only this exact
        # statement: any other update of a user (name, active, e-mail) still counts.
        ignore_statements(r'UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"\."id" = %s')

        # Groups carry permissions of several apps, so they are (re)built after
        # every migrate instead of in a data migration that would run too early.
        post_migrate.connect(ensure_role_groups_after_last_app, dispatch_uid="accounts.ensure_role_groups")
