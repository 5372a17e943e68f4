from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A person's own data (AVG/GDPR): download it, delete the account.

    At the top of the layer stack: it walks every app's models to find what
    belongs to a person, so a new app's data is included without a change here.
    """

    name = "privacy"
    verbose_name = _("Your data")
