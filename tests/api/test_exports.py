"""The open-data exports: complete, public only, streamed, stable columns, safe in a spreadsheet."""

import csv
import io
import json

import jsonschema_rs
from django.urls import reverse

from api.openapi import build_schema
from tests.api.conftest import SECRET_NOTE


def streamed(response) -> str:
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response) -> list[list[str]]:
    text = streamed(response)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def assert_nothing_private(text: str, catalogue):
    for private in (
        catalogue.author_email,
        "Anna Auteur",
        "Verborgen ervaring",
        "Verborgen canvas",
        "Ervaring bij een verborgen instrument",
        "Ingediende scan",
        SECRET_NOTE,
    ):
        assert private not in text


def test_json_export_holds_every_public_instrument_with_its_public_experiences(client, catalogue):
    response = client.get(reverse("api:export_catalogue"))
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="lc-platform-catalogue.json-')
    text = streamed(response)
    data = json.loads(text)
    assert [i["slug"] for i in data["instruments"]] == sorted(
        [catalogue.cultuurscan.slug, catalogue.formula.slug, catalogue.doelenkaart.slug]
    )
    assert data["instrument_count"] == 3 and data["experience_count"] == 2
    scan = next(i for i in data["instruments"] if i["slug"] == catalogue.cultuurscan.slug)
    assert [e["id"] for e in scan["experiences"]] == [catalogue.visible_experience.pk]
    assert data["vocabularies"]["theme"]["values"][0]["code"] == "energy"
    assert_nothing_private(text, catalogue)


def test_json_export_states_licences_and_attribution(client, catalogue, settings):
    data = json.loads(streamed(client.get(reverse("api:export_catalogue"))))
    licence = data["licence"]
    assert licence["code"]["name"] == "EUPL-1.2"
    assert licence["content"]["name"] is None and "licence" in licence["content"]["note"]
    assert "LC Platform" in licence["attribution"]
    assert data["source"]["openapi_url"] == "http://testserver" + reverse("api:openapi")

    settings.OPEN_DATA_LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    data = json.loads(streamed(client.get(reverse("api:export_catalogue"))))
    assert data["licence"]["content"]["name"] == "CC BY 4.0"


def test_json_export_matches_its_published_schema(client, catalogue):
    schema = build_schema("http://testserver")
    validator = jsonschema_rs.Draft202012Validator(
        {"$ref": "#/components/schemas/CatalogueExport", "components": schema["components"]},
        validate_formats=True,
    )
    data = json.loads(streamed(client.get(reverse("api:export_catalogue"))))
    errors = [error.message for error in validator.iter_errors(data)]
    assert errors == []


def test_instruments_csv_has_a_stable_header_and_one_row_per_public_instrument(client, catalogue):
    response = client.get(reverse("api:export_instruments_csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(response)
    assert rows[0] == [
        "slug",
        "title",
        "summary",
        "goal",
        "description",
        "format",
        "language",
        "phase",
        "pillar",
        "level",
        "audience",
        "theme",
        "tags",
        "link",
        "origin_organisation",
        "authors",
        "year",
        "licence",
        "effort",
        "group_size",
        "rating_average",
        "rating_count",
        "experience_count",
        "published_at",
        "web_url",
    ]
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert [r["slug"] for r in records] == sorted(
        [catalogue.cultuurscan.slug, catalogue.formula.slug, catalogue.doelenkaart.slug]
    )
    scan = next(r for r in records if r["slug"] == catalogue.cultuurscan.slug)
    assert scan["phase"] == "start;execute" and scan["tags"] == "cultuur;dialoog"
    assert (
        scan["rating_average"] == "4.50" and scan["rating_count"] == "2" and scan["experience_count"] == "1"
    )
    assert scan["year"] == "2021" and scan["web_url"].endswith(catalogue.cultuurscan.get_absolute_url())
    assert_nothing_private(streamed(client.get(reverse("api:export_instruments_csv"))), catalogue)


def test_csv_cells_that_a_spreadsheet_would_run_are_kept_as_text(client, catalogue):
    rows = csv_rows(client.get(reverse("api:export_instruments_csv")))
    record = next(
        dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[0] == catalogue.formula.slug
    )
    assert record["title"] == '\'=HYPERLINK("http://evil.example")'
    assert record["summary"] == "'+SUM(1,2)"
    assert record["goal"] == "'-1+1"
    assert record["authors"] == "'@auteur"

    rows = csv_rows(client.get(reverse("api:export_experiences_csv")))
    record = next(
        dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[1] == catalogue.formula.slug
    )
    assert record["what_worked"] == "'=1+1"
    assert record["sector"] == '\'@sector, met "quotes"'
    assert record["instrument_title"] == '\'=HYPERLINK("http://evil.example")'


def test_experiences_csv_holds_public_experiences_of_public_instruments_only(client, catalogue):
    response = client.get(reverse("api:export_experiences_csv"))
    rows = csv_rows(response)
    assert rows[0] == [
        "id",
        "instrument",
        "instrument_title",
        "theme",
        "sector",
        "level",
        "phase",
        "what_worked",
        "what_did_not_work",
        "tips",
        "would_use_again",
        "created_at",
    ]
    assert [row[1] for row in rows[1:]] == sorted([catalogue.cultuurscan.slug, catalogue.formula.slug])
    scan = next(
        dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[1] == catalogue.cultuurscan.slug
    )
    assert scan["id"] == str(catalogue.visible_experience.pk)
    assert scan["theme"] == "energy" and scan["would_use_again"] == "yes" and scan["tips"] == "Neem de tijd."
    assert_nothing_private(streamed(client.get(reverse("api:export_experiences_csv"))), catalogue)


def test_exports_of_an_empty_catalogue_are_valid(client, db):
    assert json.loads(streamed(client.get(reverse("api:export_catalogue"))))["instruments"] == []
    assert len(csv_rows(client.get(reverse("api:export_instruments_csv")))) == 1
    assert len(csv_rows(client.get(reverse("api:export_experiences_csv")))) == 1
