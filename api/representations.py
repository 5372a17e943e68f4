"""What the open API and the export say about an instrument or an experience.

One place decides which fields leave the platform, so the JSON API, the JSON
export and the CSV files can never disagree. Nothing about the platform's
users is included: no owners, no authors of reviews or experiences, no e-mail
addresses (``origin.authors`` is the instrument's own public credit line).
Empty optional text is ``null`` in JSON and an empty cell in CSV. Labels come
in every interface language, so an answer does not depend on the language
cookie of the caller.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.vocabularies import InstrumentFormat, Language
from instruments.models import FACET_VOCABULARIES, Experience, Facet, Instrument

FACETS = [Facet.PHASE, Facet.PILLAR, Facet.LEVEL, Facet.AUDIENCE, Facet.THEME]
# Vocabularies a client needs to read codes: the facets, plus format and language.
VOCABULARIES = {
    **{facet.value: (facet.label, vocabulary) for facet, vocabulary in FACET_VOCABULARIES.items()},
    "format": (Instrument._meta.get_field("format").verbose_name, InstrumentFormat),
    "language": (Instrument._meta.get_field("language").verbose_name, Language),
}
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def labels(text) -> dict[str, str]:
    """A lazily translated text in every interface language."""
    result = {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            result[code] = str(text)
    return result


def vocabularies() -> dict:
    return {
        name: {
            "label": labels(label),
            "values": [{"code": code, "label": labels(text)} for code, text in vocabulary.choices],
        }
        for name, (label, vocabulary) in VOCABULARIES.items()
    }


def _text(value: str) -> str | None:
    return value or None


def facets_of(instrument: Instrument) -> dict[str, list[str]]:
    """Codes per facet, in vocabulary order; codes outside the vocabulary are left out."""
    return {
        facet.value: [
            code for code in instrument.facet_values(facet) if code in FACET_VOCABULARIES[facet].values
        ]
        for facet in FACETS
    }


def tags_of(instrument: Instrument) -> list[dict[str, str]]:
    return [
        {"slug": tag.slug, "name": tag.name} for tag in sorted(instrument.tags.all(), key=lambda t: t.slug)
    ]


def instrument_data(instrument: Instrument, absolute) -> dict:
    """The public fields of a listed instrument; ``absolute`` turns a path into a full URL.

    Expects classifications, tags and links to be prefetched (see api.selectors).
    """
    return {
        "slug": instrument.slug,
        "title": instrument.title,
        "summary": instrument.summary,
        "goal": instrument.goal,
        "description": _text(instrument.description),
        "description_html": _text(instrument.description_html),
        "format": instrument.format,
        "language": instrument.language,
        "facets": facets_of(instrument),
        "tags": tags_of(instrument),
        "link": _text(instrument.url),
        "links": [{"label": link.label, "url": link.url} for link in instrument.links.all()],
        "origin": {
            "organisation": _text(instrument.origin_organisation),
            "authors": _text(instrument.authors),
            "year": instrument.year,
        },
        "licence": _text(instrument.licence),
        "effort": _text(instrument.effort),
        "group_size": _text(instrument.group_size),
        "rating": {
            "average": round(instrument.rating_avg, 2) if instrument.rating_avg is not None else None,
            "count": instrument.rating_count,
        },
        "experience_count": instrument.experience_count,
        "published_at": instrument.published_at,
        "updated_at": instrument.updated_at,
        "web_url": absolute(instrument.get_absolute_url()),
        "api_url": absolute(reverse("api:instrument_detail", kwargs={"slug": instrument.slug})),
    }


def experience_data(experience: Experience, *, instrument_slug: str) -> dict:
    return {
        "id": experience.pk,
        "instrument": instrument_slug,
        "theme": _text(experience.theme),
        "sector": _text(experience.sector),
        "level": _text(experience.level),
        "phase": _text(experience.phase),
        "what_worked": experience.what_worked,
        "what_did_not_work": _text(experience.what_did_not_work),
        "tips": _text(experience.tips),
        "would_use_again": experience.would_use_again,
        "created_at": experience.created_at,
    }


# -- CSV --------------------------------------------------------------------------------------------
# Column order is part of the published format: add new columns at the end.
LIST_SEPARATOR = ";"


def _joined(values) -> str:
    return LIST_SEPARATOR.join(values)


def _iso(value) -> str:
    return value.isoformat() if value else ""


INSTRUMENT_COLUMNS = [
    ("slug", lambda i, url: i.slug),
    ("title", lambda i, url: i.title),
    ("summary", lambda i, url: i.summary),
    ("goal", lambda i, url: i.goal),
    ("description", lambda i, url: i.description),
    ("format", lambda i, url: i.format),
    ("language", lambda i, url: i.language),
    *[(facet.value, lambda i, url, facet=facet: _joined(facets_of(i)[facet.value])) for facet in FACETS],
    ("tags", lambda i, url: _joined(tag["slug"] for tag in tags_of(i))),
    ("link", lambda i, url: i.url),
    ("origin_organisation", lambda i, url: i.origin_organisation),
    ("authors", lambda i, url: i.authors),
    ("year", lambda i, url: "" if i.year is None else str(i.year)),
    ("licence", lambda i, url: i.licence),
    ("effort", lambda i, url: i.effort),
    ("group_size", lambda i, url: i.group_size),
    ("rating_average", lambda i, url: "" if i.rating_avg is None else f"{i.rating_avg:.2f}"),
    ("rating_count", lambda i, url: str(i.rating_count)),
    ("experience_count", lambda i, url: str(i.experience_count)),
    ("published_at", lambda i, url: _iso(i.published_at)),
    ("web_url", lambda i, url: url(i.get_absolute_url())),
]

EXPERIENCE_COLUMNS = [
    ("id", lambda e: str(e.pk)),
    ("instrument", lambda e: e.instrument.slug),
    ("instrument_title", lambda e: e.instrument.title),
    ("theme", lambda e: e.theme),
    ("sector", lambda e: e.sector),
    ("level", lambda e: e.level),
    ("phase", lambda e: e.phase),
    ("what_worked", lambda e: e.what_worked),
    ("what_did_not_work", lambda e: e.what_did_not_work),
    ("tips", lambda e: e.tips),
    ("would_use_again", lambda e: "yes" if e.would_use_again else "no"),
    ("created_at", lambda e: _iso(e.created_at)),
]


# -- challenges and development steps ------------------------------------------------------


def challenge_data(challenge, absolute) -> dict:
    """A public challenge; expects themes and sectors prefetched and ``public_community_count`` annotated."""
    return {
        "slug": challenge.slug,
        "title": challenge.title,
        "description": challenge.description,
        "description_html": challenge.description_html,
        "status": challenge.status,
        "themes": challenge.theme_codes,
        "sectors": sorted(tag.name for tag in challenge.sectors.all()),
        "public_community_count": challenge.public_community_count,
        "updated_at": challenge.updated_at,
        "web_url": absolute(challenge.get_absolute_url()),
        "api_url": absolute(reverse("api:challenge_detail", kwargs={"slug": challenge.slug})),
    }


def community_summary(community, absolute) -> dict:
    municipality = community.municipality
    return {
        "slug": community.slug,
        "name": community.name,
        "municipality": {"code": municipality.code, "name": municipality.name} if municipality else None,
        "province": community.province,
        "phase": community.phase,
        "web_url": absolute(community.get_absolute_url()),
    }


def step_data(step, absolute) -> dict:
    return {
        "id": step.pk,
        "community": step.community.slug,
        "kind": step.kind,
        "title": step.title,
        "what_we_did": step.what_we_did,
        "what_we_learned": _text(step.what_we_learned),
        "instrument": step.instrument.slug if step.instrument_id else None,
        "published_at": step.published_at,
        "web_url": absolute(step.get_absolute_url()),
    }
