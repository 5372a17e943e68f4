import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lcplatform.settings")

app = Celery("lcplatform")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
@signals.beat_init.connect
def _refuse_the_development_key(**kwargs):
    # Workers sign the links they mail; see lcplatform/startup.py.
    from lcplatform.startup import require_secret_key

    require_secret_key()
