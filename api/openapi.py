"""The OpenAPI 3.1 description of the open API, as Python data.

Paths come from the URLconf, parameters from ``api.params`` (which also
validates requests) and enums from the shared vocabularies, so the document
follows the code. Every object is closed (``additionalProperties: false``):
tests/api/test_schemathesis.py checks each answer against it, so a field that
leaks out without being described here fails the build.
"""

from django.urls import reverse

from core.vocabularies import InstrumentFormat, Language, Level, Phase, Province, Theme
from exchange.models import ChallengeStatus, StepKind
from instruments import catalogue
from instruments.models import FACET_VOCABULARIES

from . import params
from .exports import EXPORT_FORMAT_VERSION
from .representations import EXPERIENCE_COLUMNS, FACETS, INSTRUMENT_COLUMNS, LANGUAGE_CODES, VOCABULARIES
from .selectors import DETAIL_EXPERIENCES, DETAIL_STEPS

API_VERSION = "1.0.0"
# The licence of the software (info.license); the content licence is stated in the export.
INFO_LICENCE = {"name": "EUPL-1.2", "identifier": "EUPL-1.2"}
SLUG_PATTERN = params.SLUG_PATTERN


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    """``schema`` or null (OpenAPI 3.1 uses JSON Schema's type lists instead of ``nullable``)."""
    if "enum" in schema:
        return {**schema, "type": [schema["type"], "null"], "enum": [*schema["enum"], None]}
    return {**schema, "type": [schema["type"], "null"]}


def _object(properties: dict, *, description: str = "", optional: tuple[str, ...] = ()) -> dict:
    schema = {
        "type": "object",
        "required": [name for name in properties if name not in optional],
        "properties": properties,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


STRING = {"type": "string"}
TEXT_OR_NULL = _nullable(STRING)
DATE_TIME = {"type": "string", "format": "date-time"}
URI = {"type": "string", "format": "uri"}
COUNT = {"type": "integer", "minimum": 0}


def _enum(values) -> dict:
    return {"type": "string", "enum": list(values)}


def _schemas() -> dict:
    labels = _object(
        {code: STRING for code in LANGUAGE_CODES}, description="A text in every interface language."
    )
    instrument = {
        "slug": {"type": "string", "pattern": SLUG_PATTERN},
        "title": STRING,
        "summary": STRING,
        "goal": STRING,
        "description": {**TEXT_OR_NULL, "description": "Markdown, as written by the makers."},
        "description_html": {**TEXT_OR_NULL, "description": "The description as sanitised HTML."},
        "format": _enum(InstrumentFormat.values),
        "language": _enum(Language.values),
        "facets": _ref("Facets"),
        "tags": {"type": "array", "items": _ref("Tag")},
        "link": {**TEXT_OR_NULL, "description": "Where the instrument itself can be found."},
        "links": {"type": "array", "items": _ref("Link")},
        "origin": _object(
            {
                "organisation": TEXT_OR_NULL,
                "authors": TEXT_OR_NULL,
                "year": _nullable({"type": "integer", "minimum": 1950, "maximum": 2100}),
            }
        ),
        "licence": {**TEXT_OR_NULL, "description": "Licence of the instrument, as given by its makers."},
        "effort": TEXT_OR_NULL,
        "group_size": TEXT_OR_NULL,
        "rating": _ref("Rating"),
        "experience_count": {**COUNT, "description": "Number of public experiences."},
        "published_at": _nullable(DATE_TIME),
        "updated_at": DATE_TIME,
        "web_url": {**URI, "description": "The instrument's page on the platform."},
        "api_url": URI,
    }
    experiences = {"type": "array", "items": _ref("Experience")}
    challenge = {
        "slug": {"type": "string", "pattern": SLUG_PATTERN},
        "title": STRING,
        "description": {**STRING, "description": "Markdown."},
        "description_html": {**STRING, "description": "The description as sanitised HTML."},
        "status": _enum([ChallengeStatus.ACTIVE, ChallengeStatus.ARCHIVED]),
        "themes": {"type": "array", "items": _enum(Theme.values)},
        "sectors": {"type": "array", "items": STRING},
        "public_community_count": COUNT,
        "updated_at": DATE_TIME,
        "web_url": URI,
        "api_url": URI,
    }
    return {
        "Labels": labels,
        "Vocabulary": _object(
            {
                "label": _ref("Labels"),
                "values": {
                    "type": "array",
                    "items": _object({"code": STRING, "label": _ref("Labels")}),
                },
            }
        ),
        "Vocabularies": _object({name: _ref("Vocabulary") for name in VOCABULARIES}),
        "Facets": _object(
            {
                facet.value: {"type": "array", "items": _enum(FACET_VOCABULARIES[facet].values)}
                for facet in FACETS
            },
            description="Codes per facet; see /api/v1/vocabularies/ for their labels.",
        ),
        "Tag": _object({"slug": STRING, "name": STRING}),
        "Link": _object({"label": STRING, "url": STRING}),
        "Rating": _object(
            {
                "average": _nullable({"type": "number", "minimum": 1, "maximum": 5}),
                "count": COUNT,
            },
            description="Stars (1-5) of the reviews not hidden by moderation; average null without reviews.",
        ),
        "Instrument": _object(instrument),
        "InstrumentDetail": _object(
            {
                **instrument,
                "experiences": {
                    **experiences,
                    "maxItems": DETAIL_EXPERIENCES,
                    "description": f"The {DETAIL_EXPERIENCES} most recent public experiences.",
                },
                "experiences_url": {**URI, "description": "All public experiences, page by page."},
            }
        ),
        "ExportInstrument": _object({**instrument, "experiences": experiences}),
        "Experience": _object(
            {
                "id": {"type": "integer"},
                "instrument": {"type": "string", "pattern": SLUG_PATTERN},
                "theme": _nullable(_enum(Theme.values)),
                "sector": TEXT_OR_NULL,
                "level": _nullable(_enum(Level.values)),
                "phase": _nullable(_enum(Phase.values)),
                "what_worked": STRING,
                "what_did_not_work": TEXT_OR_NULL,
                "tips": TEXT_OR_NULL,
                "would_use_again": {"type": "boolean"},
                "created_at": DATE_TIME,
            },
            description="How using an instrument went, in a context. Authors are not published.",
        ),
        "Challenge": _object(challenge),
        "ChallengeDetail": _object(
            {
                **challenge,
                "communities": {
                    "type": "array",
                    "items": _ref("CommunitySummary"),
                    "description": "The public communities working on it; members-only ones are left out.",
                },
                "steps": {
                    "type": "array",
                    "items": _ref("Step"),
                    "maxItems": DETAIL_STEPS,
                    "description": f"The {DETAIL_STEPS} most recent steps those communities shared.",
                },
                "steps_url": {**URI, "description": "All shared steps, page by page."},
            }
        ),
        "CommunitySummary": _object(
            {
                "slug": {"type": "string", "pattern": SLUG_PATTERN},
                "name": STRING,
                "municipality": _nullable(
                    {
                        **_object({"code": {"type": "string", "pattern": "^GM[0-9]{4}$"}, "name": STRING}),
                        "type": "object",
                    }
                ),
                "province": _enum(Province.values),
                "phase": _enum(Phase.values),
                "web_url": URI,
            },
            description="A public community; CBS code and name of its municipality when it gave one.",
        ),
        "Step": _object(
            {
                "id": {"type": "integer"},
                "community": {"type": "string", "pattern": SLUG_PATTERN},
                "kind": _enum(StepKind.values),
                "title": STRING,
                "what_we_did": {**STRING, "description": "Markdown."},
                "what_we_learned": {**TEXT_OR_NULL, "description": "Markdown."},
                "instrument": _nullable({"type": "string", "pattern": SLUG_PATTERN}),
                "published_at": DATE_TIME,
                "web_url": URI,
            },
            description="A development step a public community shared: milestone, sprint review or lesson.",
        ),
        "ChallengePage": _page("Challenge"),
        "StepPage": _page("Step"),
        "InstrumentPage": _page("Instrument"),
        "ExperiencePage": _page("Experience"),
        "Error": _object(
            {
                "status": {"type": "integer"},
                "detail": STRING,
                "errors": {
                    "type": "object",
                    "description": "Messages per query parameter.",
                    "additionalProperties": {"type": "array", "items": STRING},
                },
            },
            optional=("errors",),
        ),
        "Index": _object(
            {
                "name": STRING,
                "version": STRING,
                "docs_url": URI,
                "openapi_url": URI,
                "endpoints": {"type": "object", "additionalProperties": URI},
            }
        ),
        "Licence": _object(
            {
                "name": TEXT_OR_NULL,
                "url": _nullable(URI),
                "note": STRING,
            }
        ),
        "CatalogueExport": _object(
            {
                "format_version": {"type": "integer", "const": EXPORT_FORMAT_VERSION},
                "generated_at": DATE_TIME,
                "source": _object({"name": STRING, "url": URI, "docs_url": URI, "openapi_url": URI}),
                "licence": _object(
                    {
                        "content": _ref("Licence"),
                        "code": _ref("Licence"),
                        "attribution": STRING,
                    }
                ),
                "vocabularies": _ref("Vocabularies"),
                "instruments": {"type": "array", "items": _ref("ExportInstrument")},
                "instrument_count": COUNT,
                "experience_count": COUNT,
            }
        ),
    }


def _page(item: str) -> dict:
    return _object(
        {
            "count": {**COUNT, "description": "Results over all pages."},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": params.MAX_PAGE_SIZE},
            "num_pages": {"type": "integer", "minimum": 1},
            "next": _nullable(URI),
            "previous": _nullable(URI),
            "results": {"type": "array", "items": _ref(item)},
        }
    )


CORS_HEADER = {
    "Access-Control-Allow-Origin": {
        "description": "Any web page may read the answer (no credentials).",
        "required": True,
        "schema": {"type": "string", "enum": ["*"]},
    }
}


def _json(schema_name: str, description: str) -> dict:
    return {
        "description": description,
        "headers": CORS_HEADER,
        "content": {"application/json": {"schema": _ref(schema_name)}},
    }


def _csv(description: str) -> dict:
    return {
        "description": description,
        "headers": {
            **CORS_HEADER,
            "Content-Disposition": {"required": True, "schema": {"type": "string"}},
        },
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }


BAD_REQUEST = _json("Error", "A query parameter is not valid; `errors` says which and why.")
NOT_FOUND = _json("Error", "No such page of results, or no such public instrument.")


def _operation(operation_id: str, summary: str, responses: dict, *, parameters=(), tag: str, description=""):
    operation = {
        "operationId": operation_id,
        "summary": summary,
        "tags": [tag],
        "responses": responses,
    }
    if description:
        operation["description"] = description
    if parameters:
        operation["parameters"] = list(parameters)
    return operation


def _param_refs(declared) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{param.name}"} for param in declared]


SLUG_PARAMETER = {
    "name": "slug",
    "in": "path",
    "required": True,
    "description": "The instrument's slug, as in its web address.",
    "schema": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": params.SLUG_MAX_LENGTH},
}


CHALLENGE_SLUG_PARAMETER = {
    **SLUG_PARAMETER,
    "description": "The challenge's slug, as in its web address.",
}


def _path(name: str, **kwargs) -> str:
    placeholders = {key: f"__{key}__" for key in kwargs}
    path = reverse(f"api:{name}", kwargs=placeholders or None)
    for key in kwargs:
        path = path.replace(f"__{key}__", "{" + key + "}")
    return path


def build_schema(site_url: str) -> dict:
    """The OpenAPI document; ``site_url`` is the platform's root URL (no trailing slash)."""
    catalogue_tag, export_tag, meta_tag, exchange_tag = "catalogue", "export", "meta", "challenges"
    sort_codes = ", ".join(f"`{code}`" for code, _label in catalogue.SORT_CHOICES)
    paths = {
        _path("index"): {
            "get": _operation(
                "getIndex", "Links to every endpoint", {"200": _json("Index", "The endpoints.")}, tag=meta_tag
            )
        },
        _path("openapi"): {
            "get": _operation(
                "getOpenApi",
                "This OpenAPI document",
                {
                    "200": {
                        "description": "OpenAPI 3.1 document.",
                        "headers": CORS_HEADER,
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
                tag=meta_tag,
            )
        },
        _path("vocabularies"): {
            "get": _operation(
                "getVocabularies",
                "Codes and labels of the classifications",
                {"200": _json("Vocabularies", "Every vocabulary with its labels in Dutch and English.")},
                tag=catalogue_tag,
            )
        },
        _path("instrument_list"): {
            "get": _operation(
                "listInstruments",
                "Search and filter the public catalogue",
                {
                    "200": _json("InstrumentPage", "One page of instruments."),
                    "400": BAD_REQUEST,
                    "404": NOT_FOUND,
                },
                parameters=_param_refs(params.CATALOGUE_FILTERS + params.PAGINATION),
                description=(
                    "The same results as the catalogue page on the website for the same query string. "
                    "Filters of different facets combine with AND, values within one facet with OR. "
                    f"Sort orders: {sort_codes}."
                ),
                tag=catalogue_tag,
            )
        },
        _path("instrument_detail", slug="x"): {
            "parameters": [SLUG_PARAMETER],
            "get": _operation(
                "getInstrument",
                "One public instrument with its most recent experiences",
                {"200": _json("InstrumentDetail", "The instrument."), "404": NOT_FOUND},
                tag=catalogue_tag,
            ),
        },
        _path("instrument_experiences", slug="x"): {
            "parameters": [SLUG_PARAMETER],
            "get": _operation(
                "listInstrumentExperiences",
                "All public experiences with one instrument, newest first",
                {
                    "200": _json("ExperiencePage", "One page of experiences."),
                    "400": BAD_REQUEST,
                    "404": NOT_FOUND,
                },
                parameters=_param_refs(params.PAGINATION),
                tag=catalogue_tag,
            ),
        },
        _path("challenge_list"): {
            "get": _operation(
                "listChallenges",
                "Challenges (opgaven) that communities work on",
                {
                    "200": _json("ChallengePage", "One page of challenges."),
                    "400": BAD_REQUEST,
                    "404": NOT_FOUND,
                },
                parameters=_param_refs(params.PAGINATION),
                description="Active and archived challenges, sorted by slug; proposals are not listed.",
                tag=exchange_tag,
            )
        },
        _path("challenge_detail", slug="x"): {
            "parameters": [CHALLENGE_SLUG_PARAMETER],
            "get": _operation(
                "getChallenge",
                "One challenge with its public communities and their most recent steps",
                {"200": _json("ChallengeDetail", "The challenge."), "404": NOT_FOUND},
                tag=exchange_tag,
            ),
        },
        _path("challenge_steps", slug="x"): {
            "parameters": [CHALLENGE_SLUG_PARAMETER],
            "get": _operation(
                "listChallengeSteps",
                "All steps the public communities of one challenge shared, newest first",
                {
                    "200": _json("StepPage", "One page of steps."),
                    "400": BAD_REQUEST,
                    "404": NOT_FOUND,
                },
                parameters=_param_refs(params.PAGINATION),
                tag=exchange_tag,
            ),
        },
        _path("export_catalogue"): {
            "get": _operation(
                "exportCatalogue",
                "The whole public catalogue as one JSON document",
                {"200": _json("CatalogueExport", "Every public instrument with its public experiences.")},
                description="Streamed; sorted by slug. Includes the vocabularies and licence information.",
                tag=export_tag,
            )
        },
        _path("export_instruments_csv"): {
            "get": _operation(
                "exportInstrumentsCsv",
                "Every public instrument as CSV",
                {"200": _csv("UTF-8 with a byte order mark, header row first, one instrument per row.")},
                description=(
                    "Columns: "
                    + ", ".join(f"`{name}`" for name, _value in INSTRUMENT_COLUMNS)
                    + ". Facets and tags hold codes separated by `;`. "
                    "Cells that a spreadsheet would run as a formula start with `'`."
                ),
                tag=export_tag,
            )
        },
        _path("export_experiences_csv"): {
            "get": _operation(
                "exportExperiencesCsv",
                "Every public experience as CSV",
                {"200": _csv("UTF-8 with a byte order mark, header row first, one experience per row.")},
                description=(
                    "Columns: "
                    + ", ".join(f"`{name}`" for name, _value in EXPERIENCE_COLUMNS)
                    + ". Cells that a spreadsheet would run as a formula start with `'`."
                ),
                tag=export_tag,
            )
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "LC Platform open API",
            "version": API_VERSION,
            "description": (
                "Read-only access to the public catalogue of instruments for learning communities: "
                "what an anonymous visitor of the website can see, nothing more. No authentication, "
                "no cookies; any web page may call it (CORS). Content is mostly Dutch."
            ),
            "license": INFO_LICENCE,
        },
        "servers": [{"url": site_url}],
        "tags": [
            {"name": catalogue_tag, "description": "The public catalogue."},
            {"name": exchange_tag, "description": "Challenges and the development steps communities share."},
            {"name": export_tag, "description": "Open-data exports of the whole public catalogue."},
            {"name": meta_tag, "description": "About the API itself."},
        ],
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "parameters": {
                param.name: param.openapi() for param in params.CATALOGUE_FILTERS + params.PAGINATION
            },
        },
    }
