"""What bench/run reads off every response of the benchmark server (bench.settings only).

``X-Bench-Queries``: the SQL statements the request sent (sessions, caches and the table versions
included), so the tables show what a request costs in each mode: a render when the page cache is
off, mostly a lookup when it holds. ``X-Bench-Worker``: the gunicorn worker that answered, so the
warm-up pass can go on until every worker has rendered every URL (each keeps its own page cache).
"""

import os

from django.db import connection


class _Counter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class BenchHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.worker = str(os.getpid())

    def __call__(self, request):
        counter = _Counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(counter.count)
        response["X-Bench-Worker"] = self.worker
        return response
