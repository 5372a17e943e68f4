"""System checks of the platform's own production requirements."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is not set: the development key written in the source is in use.",
                hint="Set SECRET_KEY in the environment (see README, Production); the platform "
                "refuses to start with DEBUG=0 without it.",
                id="core.E001",
            )
        ]
    return []
