"""Query parameters of the API, declared once: the OpenAPI schema is built from these
declarations and every request is checked against them.

Checking against the declaration itself (rather than only through the
catalogue's FilterSet, which forgives what a browser form may send) keeps
the published schema and the behaviour from drifting apart: a value the
schema calls invalid gets a 400, a value it calls valid is accepted. The
FilterSet still runs afterwards, so filtering means exactly what it means in
the HTML catalogue.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.vocabularies import Audience, InstrumentFormat, Level, Phase, Pillar, Theme
from instruments import catalogue, filters

from .http import ApiError

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
SLUG_MAX_LENGTH = 220  # Instrument.slug
TAG_PATTERN = SLUG_PATTERN
TAG_MAX_LENGTH = 100
# NUL can never be stored or searched (PostgreSQL rejects it in text).
SEARCH_PATTERN = r"^[^\x00]*$"
_INTEGER = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class Param:
    name: str
    schema: dict
    description: str

    @property
    def is_array(self) -> bool:
        return self.schema.get("type") == "array"

    def openapi(self) -> dict:
        parameter = {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": self.schema,
        }
        if self.is_array:
            parameter.update(style="form", explode=True)
        return parameter

    def parse(self, raw: list[str]):
        """The value of the parameter from its raw occurrences; ValueError with a message if invalid."""
        if self.is_array:
            if len(raw) > self.schema.get("maxItems", len(raw)):
                raise ValueError(_("Give at most %(max)s values.") % {"max": self.schema["maxItems"]})
            return [_check(self.schema["items"], value) for value in raw]
        if len(raw) > 1:
            raise ValueError(_("Give this parameter once."))
        return _check(self.schema, raw[0])


def _pattern(pattern: str) -> re.Pattern:
    # JSON Schema patterns are ECMA regexes where "$" ends the text; Python's "$"
    # would also accept a trailing newline, so match the whole text instead.
    return re.compile(pattern.removeprefix("^").removesuffix("$"))


def is_slug(value: str) -> bool:
    return len(value) <= SLUG_MAX_LENGTH and _pattern(SLUG_PATTERN).fullmatch(value) is not None


def _check(schema: dict, value: str):
    if schema["type"] == "integer":
        if not _INTEGER.fullmatch(value):
            raise ValueError(_("Give a whole number."))
        number = int(value)
        if number < schema.get("minimum", number):
            raise ValueError(_("Give a number of at least %(min)s.") % {"min": schema["minimum"]})
        if number > schema.get("maximum", number):
            raise ValueError(_("Give a number of at most %(max)s.") % {"max": schema["maximum"]})
        return number
    if "enum" in schema and value not in schema["enum"]:
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": value[:40], "choices": ", ".join(schema["enum"])}
        )
    if len(value) < schema.get("minLength", 0):
        raise ValueError(_("Give a value."))
    if len(value) > schema.get("maxLength", len(value)):
        raise ValueError(_("Give at most %(max)s characters.") % {"max": schema["maxLength"]})
    if "pattern" in schema and not _pattern(schema["pattern"]).fullmatch(value):
        raise ValueError(_("“%(value)s” is not allowed here.") % {"value": value[:40].replace("\x00", "")})
    return value


def parse(query, params: list[Param]) -> dict:
    """Checked values of ``params`` from a QueryDict, defaults for absent ones; ApiError 400 if invalid.

    Parameters the API does not know are ignored, as on the HTML pages.
    """
    values, errors = {}, {}
    for param in params:
        raw = query.getlist(param.name)
        if not raw:
            values[param.name] = param.schema.get("default", [] if param.is_array else None)
            continue
        try:
            values[param.name] = param.parse(raw)
        except ValueError as error:
            errors[param.name] = [str(error)]
    if errors:
        raise ApiError(400, _("Some parameters are not valid."), errors)
    return values


def _facet(name: str, vocabulary, description: str) -> Param:
    return Param(
        name,
        {"type": "array", "items": {"type": "string", "enum": list(vocabulary.values)}},
        description,
    )


PAGE = Param("page", {"type": "integer", "minimum": 1, "default": 1}, "Page number, from 1.")
PAGE_SIZE = Param(
    "page_size",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
    f"Results per page, at most {MAX_PAGE_SIZE}.",
)
PAGINATION = [PAGE, PAGE_SIZE]

CATALOGUE_FILTERS = [
    Param(
        "q",
        {"type": "string", "maxLength": filters.SEARCH_MAX_LENGTH, "pattern": SEARCH_PATTERN},
        "Search words, as in the catalogue's search box (title, summary, goal, description).",
    ),
    _facet("phase", Phase, "Development phase of the community; several values combine with OR."),
    _facet("pillar", Pillar, "Pillar of the temple model; several values combine with OR."),
    _facet("level", Level, "Level (micro, meso, macro); several values combine with OR."),
    _facet("audience", Audience, "Who the instrument is for; several values combine with OR."),
    _facet("theme", Theme, "Theme of the knowledge and innovation agenda; several values combine with OR."),
    _facet("format", InstrumentFormat, "Format of the instrument; several values combine with OR."),
    Param(
        "tag",
        {
            "type": "array",
            "maxItems": filters.MAX_TAGS,
            "items": {
                "type": "string",
                "minLength": 1,
                "maxLength": TAG_MAX_LENGTH,
                "pattern": TAG_PATTERN,
            },
        },
        "Tag slug; several tags combine with OR.",
    ),
    Param(
        "sort",
        {"type": "string", "enum": [code for code, _label in catalogue.SORT_CHOICES]},
        "Order of the results. Default: `relevance` when `q` is given, else `title`. "
        "`fit` ranks by what people in the context of `fit_level`, `fit_phase` and `fit_theme` said.",
    ),
    Param(
        "fit_level",
        {"type": "string", "enum": list(Level.values)},
        "Level of your community, for `sort=fit`.",
    ),
    Param(
        "fit_phase",
        {"type": "string", "enum": list(Phase.values)},
        "Phase of your community, for `sort=fit`.",
    ),
    Param(
        "fit_theme",
        {"type": "array", "items": {"type": "string", "enum": list(Theme.values)}},
        "Themes of your community, for `sort=fit`.",
    ),
]
