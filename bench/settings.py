"""Settings of the benchmark server: the project's own settings, plus one URL that does no work.

``bench/run`` serves the app with these under gunicorn, with ``DEBUG=0`` and
``DATABASE_URL`` pointing at the benchmark database. The outermost middleware
tells the load generator how many queries each request made and which worker
answered (bench/middleware.py); it changes nothing else.
"""

from lcplatform.settings import *  # noqa: F403
from lcplatform.settings import MIDDLEWARE

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.BenchHeadersMiddleware", *MIDDLEWARE]
