"""The HTTP conventions every open-API view shares: JSON errors, CORS, pagination links.

The API serves public data only, so any web page may read it: every answer
carries ``Access-Control-Allow-Origin: *`` and never asks for credentials.
Views never look at ``request.user``; what they return is what an anonymous
visitor sees, whoever asks.
"""

from functools import wraps
from urllib.parse import urlencode

from django.core.paginator import EmptyPage, Page, Paginator
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
# A preflight may be cached this long by the browser (seconds).
PREFLIGHT_MAX_AGE = 60 * 60 * 24


class ApiError(Exception):
    """Raised by a view to answer with a JSON error instead of a Django error page."""

    def __init__(self, status: int, detail: str, errors: dict[str, list[str]] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors

    def response(self) -> JsonResponse:
        return error_response(self.status, self.detail, self.errors)


def json_response(data, *, status: int = 200) -> JsonResponse:
    # Readable accents for people who open the URL in a browser; JSON is UTF-8 anyway.
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def error_response(status: int, detail: str, errors: dict[str, list[str]] | None = None) -> JsonResponse:
    body = {"status": status, "detail": str(detail)}
    if errors:
        body["errors"] = {name: [str(message) for message in messages] for name, messages in errors.items()}
    return json_response(body, status=status)


def _preflight() -> HttpResponse:
    response = HttpResponse(status=204)
    del response["Content-Type"]  # no body
    response["Allow"] = ALLOWED_METHODS
    # Only GET: HEAD needs no preflight, and nothing here can be written.
    response["Access-Control-Allow-Methods"] = "GET"
    response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response


def api_view(view):
    """Wrap a read-only API view: OPTIONS preflight, 405 as JSON, ``ApiError`` as JSON, CORS.

    CSRF protection is off because these views never change anything; with it
    on, an unsupported POST would get Django's HTML 403 page instead of a JSON 405.
    """

    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = _preflight()
        elif request.method not in ("GET", "HEAD"):
            response = error_response(405, _("This API is read-only: use GET."))
            response["Allow"] = ALLOWED_METHODS
        else:
            try:
                response = view(request, *args, **kwargs)
            except ApiError as error:
                response = error.response()
            if request.method == "HEAD" and response.streaming:
                # Headers only: do not run a whole export to throw its body away.
                response.streaming_content = []
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def page_url(request, number: int) -> str:
    """The absolute URL of the same query on page ``number``."""
    params = [(key, value) for key, values in request.GET.lists() if key != "page" for value in values]
    params.append(("page", str(number)))
    return request.build_absolute_uri(f"{request.path}?{urlencode(params)}")


def paginate(request, queryset, *, page: int, page_size: int) -> Page:
    """One page of ``queryset``; a page past the last one is a JSON 404."""
    paginator = Paginator(queryset, page_size)
    try:
        return paginator.page(page)
    except EmptyPage:
        raise ApiError(
            404,
            _("Page %(page)s does not exist; there are %(count)s pages.")
            % {"page": page, "count": paginator.num_pages},
        ) from None


def page_envelope(request, page: Page, results: list) -> dict:
    return {
        "count": page.paginator.count,
        "page": page.number,
        "page_size": page.paginator.per_page,
        "num_pages": page.paginator.num_pages,
        "next": page_url(request, page.next_page_number()) if page.has_next() else None,
        "previous": page_url(request, page.previous_page_number()) if page.has_previous() else None,
        "results": results,
    }
