"""The read-only open API of the public catalogue, its open-data exports and its docs page.

Every JSON view is wrapped by ``api_view`` (CORS, OPTIONS, JSON errors) and
reads only through ``api.selectors``, which start from what an anonymous
visitor may see. No view reads ``request.user``.
"""

from django.http import HttpResponsePermanentRedirect, StreamingHttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from instruments.catalogue import SORT_CHOICES
from instruments.filters import MAX_TAGS, InstrumentFilter
from instruments.selectors import published_instruments

from . import exports, openapi, params, representations, selectors
from .http import ApiError, api_view, json_response, page_envelope, paginate

ENDPOINTS = [
    "vocabularies",
    "instrument_list",
    "export_catalogue",
    "export_instruments_csv",
    "export_experiences_csv",
    "openapi",
]


def _public_instrument(slug: str):
    instrument = selectors.public_instrument(slug) if params.is_slug(slug) else None
    if instrument is None:
        raise ApiError(404, _("There is no public instrument with this slug."))
    return instrument


@api_view
def index(request):
    absolute = request.build_absolute_uri
    return json_response(
        {
            "name": "LC Platform open API",
            "version": openapi.API_VERSION,
            "docs_url": absolute(reverse("api:docs")),
            "openapi_url": absolute(reverse("api:openapi")),
            "endpoints": {name: absolute(reverse(f"api:{name}")) for name in ENDPOINTS},
        }
    )


@api_view
def openapi_schema(request):
    return json_response(openapi.build_schema(request.build_absolute_uri("/").rstrip("/")))


@api_view
def vocabularies(request):
    return json_response(representations.vocabularies())


@api_view
def instrument_list(request):
    """The catalogue's search and filters, through the same FilterSet as the HTML page."""
    values = params.parse(request.GET, params.CATALOGUE_FILTERS + params.PAGINATION)
    filterset = InstrumentFilter(request.GET, queryset=published_instruments())
    if not filterset.is_valid():
        raise ApiError(400, _("Some parameters are not valid."), filterset.errors)
    page = paginate(
        request, selectors.with_api_data(filterset.qs), page=values["page"], page_size=values["page_size"]
    )
    absolute = request.build_absolute_uri
    results = [representations.instrument_data(instrument, absolute) for instrument in page]
    return json_response(page_envelope(request, page, results))


@api_view
def instrument_detail(request, slug):
    instrument = _public_instrument(slug)
    data = representations.instrument_data(instrument, request.build_absolute_uri)
    recent = selectors.experiences_of(instrument)[: selectors.DETAIL_EXPERIENCES]
    data["experiences"] = [
        representations.experience_data(experience, instrument_slug=instrument.slug) for experience in recent
    ]
    data["experiences_url"] = request.build_absolute_uri(
        reverse("api:instrument_experiences", kwargs={"slug": instrument.slug})
    )
    return json_response(data)


@api_view
def instrument_experiences(request, slug):
    values = params.parse(request.GET, params.PAGINATION)
    instrument = _public_instrument(slug)
    page = paginate(
        request, selectors.experiences_of(instrument), page=values["page"], page_size=values["page_size"]
    )
    results = [
        representations.experience_data(experience, instrument_slug=instrument.slug) for experience in page
    ]
    return json_response(page_envelope(request, page, results))


def _download(chunks, *, content_type: str, name: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    filename = f"lc-platform-{name}-{timezone.localdate():%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@api_view
def export_catalogue(request):
    return _download(
        exports.catalogue_json(request.build_absolute_uri),
        content_type="application/json",
        name="catalogue.json",
    )


@api_view
def export_instruments_csv(request):
    return _download(
        exports.instruments_csv(request.build_absolute_uri),
        content_type="text/csv; charset=utf-8",
        name="instruments.csv",
    )


@api_view
def export_experiences_csv(request):
    return _download(
        exports.experiences_csv(), content_type="text/csv; charset=utf-8", name="experiences.csv"
    )


@api_view
def not_found(request, rest=""):
    """Any other address under the API: a JSON 404, or the address with the slash it lacks."""
    if not request.path.endswith("/"):
        try:
            match = resolve(request.path + "/")
        except Resolver404:
            match = None
        if match is not None and match.url_name != "not_found":
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    raise ApiError(404, _("There is nothing at this address of the API."))


@require_safe
def docs(request):
    """The human introduction to the API and the exports."""
    absolute = request.build_absolute_uri
    context = {
        "api_root": absolute(reverse("api:index")),
        "openapi_url": reverse("api:openapi"),
        "vocabularies_url": reverse("api:vocabularies"),
        "list_url": reverse("api:instrument_list"),
        "example_list_url": reverse("api:instrument_list")
        + "?phase=execute&audience=facilitators&sort=rating",
        "detail_url": reverse("api:instrument_detail", kwargs={"slug": "SLUG"}).replace("SLUG", "{slug}"),
        "experiences_url": reverse("api:instrument_experiences", kwargs={"slug": "SLUG"}).replace(
            "SLUG", "{slug}"
        ),
        "export_catalogue_url": reverse("api:export_catalogue"),
        "export_instruments_url": reverse("api:export_instruments_csv"),
        "export_experiences_url": reverse("api:export_experiences_csv"),
        "sort_codes": [code for code, _label in SORT_CHOICES],
        "max_tags": MAX_TAGS,
        "default_page_size": params.DEFAULT_PAGE_SIZE,
        "max_page_size": params.MAX_PAGE_SIZE,
        "detail_experiences": selectors.DETAIL_EXPERIENCES,
        "instrument_columns": [name for name, _value in representations.INSTRUMENT_COLUMNS],
        "experience_columns": [name for name, _value in representations.EXPERIENCE_COLUMNS],
        "content_licence": exports.content_licence(),
        "code_licence": exports.CODE_LICENCE,
    }
    return render(request, "api/docs.html", context)
