"""Refuse to run in production on the development secret key.

Settings stay importable without ``SECRET_KEY`` (management commands such as
``makemigrations`` and ``compilemessages`` need no secrets), but the processes
that serve requests or send signed links do not start: the WSGI/ASGI
application (gunicorn, runserver) and the Celery worker and beat.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG=0 the platform refuses to start on the development key "
            "written in the source: anyone could forge calendar-feed and unsubscribe links. Set SECRET_KEY "
            "in the environment (e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or DEBUG=1 for local development."
        )
