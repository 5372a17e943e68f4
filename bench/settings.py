"""Settings of the benchmark server: the project's own settings, plus one URL that does no work.

``bench/run`` serves the app with these under gunicorn, with ``DEBUG=0`` and
``DATABASE_URL`` pointing at the benchmark database.
"""

from lcplatform.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
