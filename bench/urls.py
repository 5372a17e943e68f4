"""The project's URLs plus the baseline of the benchmark.

The trivial view passes through the whole middleware stack (sessions, CSRF,
locale, messages, allauth) but touches neither the database nor a template,
so its throughput is what the server, the WSGI layer and Django itself can do
on this machine. Every page is measured as a fraction of it.
"""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_safe


@require_safe
def trivial(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("", include("lcplatform.urls")),
]
