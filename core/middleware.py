from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers


class DutchFirstLocaleMiddleware:
    """Pick the UI language from an explicit choice, otherwise Dutch.

    Django's LocaleMiddleware falls back to the browser's Accept-Language,
    which shows English to Dutch users with an English browser. Here the
    language switch (cookie) wins, then the language in the user's profile,
    then LANGUAGE_CODE.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def _language_for(self, request) -> str:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in self.supported:
            return chosen
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in self.supported:
            return user.language
        return settings.LANGUAGE_CODE

    def __call__(self, request):
        language = self._language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


def _wsgi_bytes(text: str) -> bytes:
    # WSGI hands over the query string as latin-1 decoded bytes (PEP 3333).
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def _urlencoded_is_clean(raw: bytes) -> bool:
    """True when the percent-decoded ``raw`` is UTF-8 without NUL characters."""
    decoded = unquote_to_bytes(raw.replace(b"+", b" "))
    if b"\x00" in decoded:
        return False
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class RejectMalformedInputMiddleware:
    """Answer 400 Bad Request to input no browser sends: NUL characters or bytes that are not UTF-8.

    Django decodes query strings and form bodies leniently (bytes that are not
    UTF-8 become U+FFFD) and passes NUL characters on to the views. PostgreSQL
    can neither store nor compare text holding NUL, so such a value reaching a
    query (a filter, a slug, a token, a field read straight from request.POST)
    fails in the database driver: a 500. Refusing the request at the door covers
    every view at once; forms still validate everything else.

    Checked: the path, the raw query string, and form posts (url-encoded bodies
    raw; multipart bodies as the values Django parsed). JSON bodies are left to
    the API's own validation.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        # The open API validates its parameters itself and answers in JSON, as its schema promises.
        self.exempt_prefixes = tuple(getattr(settings, "MALFORMED_INPUT_EXEMPT_PATHS", ()))

    def __call__(self, request):
        if self.exempt_prefixes and request.path_info.startswith(self.exempt_prefixes):
            return self.get_response(request)
        problem = self._problem(request)
        if problem:
            # Django turns BadRequest into a 400 page (handler400) and logs it.
            raise BadRequest(problem)
        return self.get_response(request)

    @staticmethod
    def _problem(request) -> str:
        if "\x00" in request.path_info:
            return "NUL character in the URL path"
        if not _urlencoded_is_clean(_wsgi_bytes(request.META.get("QUERY_STRING", ""))):
            return "NUL character or invalid UTF-8 in the query string"
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return ""
        if request.content_type == "application/x-www-form-urlencoded":
            if not _urlencoded_is_clean(request.body):
                return "NUL character or invalid UTF-8 in the form data"
        elif request.content_type == "multipart/form-data":
            for key, values in request.POST.lists():
                if "\x00" in key or any("\x00" in value for value in values):
                    return "NUL character in the form data"
        return ""
