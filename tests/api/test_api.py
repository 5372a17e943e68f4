"""The open API through the HTTP client: what it shows, how it filters, pages, errs and allows CORS."""

import json

import pytest
from django.urls import reverse

from instruments import services
from tests.api.conftest import SECRET_NOTE
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

LIST = reverse("api:instrument_list")


def detail_url(slug: str) -> str:
    return reverse("api:instrument_detail", kwargs={"slug": slug})


def experiences_url(slug: str) -> str:
    return reverse("api:instrument_experiences", kwargs={"slug": slug})


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


# -- list and filters ---------------------------------------------------------------------------------


def test_list_shows_listed_instruments_only_with_their_public_data(client, catalogue):
    response = client.get(LIST)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    titles = [item["title"] for item in body["results"]]
    assert titles == ['=HYPERLINK("http://evil.example")', "Cultuurscan", "Doelenkaart"]
    assert body["count"] == 3 and body["next"] is None and body["previous"] is None
    scan = body["results"][1]
    assert scan["facets"] == {
        "phase": ["start", "execute"],
        "pillar": ["culture"],
        "level": ["meso"],
        "audience": ["facilitators"],
        "theme": ["energy"],
    }
    assert scan["tags"] == [{"slug": "cultuur", "name": "cultuur"}, {"slug": "dialoog", "name": "dialoog"}]
    assert scan["rating"] == {"average": 4.5, "count": 2}
    assert scan["experience_count"] == 1  # the hidden experience does not count
    assert scan["format"] == "scan" and scan["licence"] == "CC BY 4.0" and scan["origin"]["year"] == 2021
    assert scan["links"] == [{"label": "Handleiding", "url": "https://example.org/h"}]
    assert scan["web_url"] == "http://testserver" + catalogue.cultuurscan.get_absolute_url()
    assert scan["api_url"] == "http://testserver" + detail_url(catalogue.cultuurscan.slug)


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"phase": "execute"},
        {"phase": ["start", "design"]},
        {"audience": "facilitators", "phase": "start"},
        {"format": ["scan", "method"]},
        {"tag": "dialoog"},
        {"tag": ["dialoog", "actie"]},
        {"pillar": "goals", "level": "meso"},
        {"q": "cultuur"},
        {"q": "Cultuurscna"},  # a typo still finds the title
        {"q": "doelenkaart", "sort": "title"},
        {"sort": "rating"},
        {"sort": "experiences"},
        {"sort": "newest"},
        {"sort": "fit", "fit_level": "meso", "fit_phase": "execute", "fit_theme": "energy"},
        {"theme": "health"},
    ],
)
def test_filters_give_the_same_results_as_the_html_catalogue(client, catalogue, query):
    html = client.get(reverse("instruments:list"), {**query, "per_page": 24})
    api = client.get(LIST, {**query, "page_size": 24})
    assert api.status_code == 200
    assert slugs(api) == [instrument.slug for instrument in html.context["page"].object_list]
    assert api.json()["count"] == html.context["page"].paginator.count


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"phase": "later"}, "phase"),
        ({"format": "video"}, "format"),
        ({"sort": "random"}, "sort"),
        ({"tag": "geen slug"}, "tag"),
        ({"tag": [f"t{i}" for i in range(11)]}, "tag"),
        ({"q": "x" * 201}, "q"),
        ({"q": "nul\x00byte"}, "q"),
        ({"page": "twee"}, "page"),
        ({"page": "0"}, "page"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page": ["1", "2"]}, "page"),
        ({"fit_level": "mega"}, "fit_level"),
    ],
)
def test_invalid_parameters_are_a_json_400_naming_the_parameter(client, catalogue, query, field):
    response = client.get(LIST, query)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["detail"]
    assert list(body["errors"]) == [field]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_unknown_parameters_are_ignored_like_on_the_website(client, catalogue):
    response = client.get(LIST, {"utm_source": "nieuwsbrief", "phase": "start"})
    assert response.status_code == 200
    assert sorted(slugs(response)) == sorted([catalogue.cultuurscan.slug, catalogue.doelenkaart.slug])


# -- pagination -----------------------------------------------------------------------------------------


def test_pages_link_to_each_other_keeping_the_filters(client, db):
    for i in range(5):
        InstrumentFactory(title=f"Scan {i}", facets={"phase": ["start"]})
    InstrumentFactory(title="Andere fase", facets={"phase": ["design"]})
    first = client.get(LIST, {"phase": "start", "page_size": 2}).json()
    assert first["count"] == 5 and first["num_pages"] == 3 and first["page"] == 1
    assert [item["title"] for item in first["results"]] == ["Scan 0", "Scan 1"]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert [item["title"] for item in second["results"]] == ["Scan 2", "Scan 3"]
    assert "phase=start" in second["next"] and "page_size=2" in second["next"]
    assert second["previous"].startswith("http://testserver" + LIST)
    last = client.get(second["next"]).json()
    assert [item["title"] for item in last["results"]] == ["Scan 4"] and last["next"] is None


def test_a_page_after_the_last_is_a_json_404(client, catalogue):
    response = client.get(LIST, {"page": 2})
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_an_empty_result_is_an_empty_first_page(client, catalogue):
    body = client.get(LIST, {"theme": "safety"}).json()
    assert body == {
        "count": 0,
        "page": 1,
        "page_size": 20,
        "num_pages": 1,
        "next": None,
        "previous": None,
        "results": [],
    }


# -- detail and experiences -----------------------------------------------------------------------------


def test_detail_has_the_public_experiences_without_their_authors(client, catalogue):
    response = client.get(detail_url(catalogue.cultuurscan.slug))
    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Cultuurscan"
    assert body["description"] == "Een **beschrijving**."
    assert "<strong>beschrijving</strong>" in body["description_html"]
    assert [e["id"] for e in body["experiences"]] == [catalogue.visible_experience.pk]
    experience = body["experiences"][0]
    assert experience == {
        "id": catalogue.visible_experience.pk,
        "instrument": catalogue.cultuurscan.slug,
        "theme": "energy",
        "sector": None,
        "level": "meso",
        "phase": "execute",
        "what_worked": "Het gesprek over vertrouwen kwam op gang.",
        "what_did_not_work": None,
        "tips": "Neem de tijd.",
        "would_use_again": True,
        "created_at": experience["created_at"],
    }
    assert body["experiences_url"] == "http://testserver" + experiences_url(catalogue.cultuurscan.slug)
    text = response.content.decode()
    for private in (catalogue.author_email, "Anna Auteur", "Verborgen ervaring", SECRET_NOTE, "Besloten"):
        assert private not in text


@pytest.mark.parametrize("which", ["submitted", "hidden"])
def test_unlisted_instruments_are_a_json_404(client, catalogue, which):
    slug = getattr(catalogue, which).slug
    for url in (detail_url(slug), experiences_url(slug)):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["detail"]


@pytest.mark.parametrize("slug", ["bestaat-niet", "ongeldig%20teken", "a.b", "%C3%A9"])
def test_unknown_or_malformed_slugs_are_a_json_404(client, catalogue, slug):
    response = client.get(f"/api/v1/instruments/{slug}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_the_detail_embeds_the_latest_experiences_and_links_to_all(client, db):
    instrument = InstrumentFactory()
    experiences = [
        ExperienceFactory(instrument=instrument, author=UserFactory(), what_worked=f"Les {i}")
        for i in range(23)
    ]
    body = client.get(detail_url(instrument.slug)).json()
    assert len(body["experiences"]) == 20 and body["experience_count"] == 23
    assert body["experiences"][0]["id"] == experiences[-1].pk
    first = client.get(body["experiences_url"]).json()
    assert first["count"] == 23 and len(first["results"]) == 20
    rest = client.get(first["next"]).json()
    assert [e["id"] for e in rest["results"]] == [e.pk for e in reversed(experiences[:3])]


def test_hidden_experiences_never_appear_in_the_experience_list(client, catalogue):
    body = client.get(experiences_url(catalogue.cultuurscan.slug)).json()
    assert [e["id"] for e in body["results"]] == [catalogue.visible_experience.pk]


def test_vocabularies_give_codes_with_dutch_and_english_labels(client, db):
    body = client.get(reverse("api:vocabularies")).json()
    assert set(body) == {"phase", "pillar", "level", "audience", "theme", "format", "language"}
    assert body["phase"]["label"] == {"nl": "Ontwikkelfase", "en": "Phase"}
    start = body["phase"]["values"][0]
    assert start == {"code": "start", "label": {"nl": "Starten", "en": "Starting"}}
    assert [v["code"] for v in body["format"]["values"]][:2] == ["scan", "canvas"]


def test_index_links_to_every_endpoint(client, db):
    body = client.get(reverse("api:index")).json()
    for url in [body["docs_url"], body["openapi_url"], *body["endpoints"].values()]:
        assert client.get(url).status_code == 200


# -- CORS, methods, cookies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["index", "openapi", "vocabularies", "instrument_list", "export_instruments_csv"]
)
def test_get_and_head_answers_allow_any_origin_without_credentials(client, db, name):
    for method in (client.get, client.head):
        response = method(reverse(f"api:{name}"), HTTP_ORIGIN="https://elders.example")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response


def test_preflight_allows_get_only(client, catalogue):
    response = client.options(
        LIST,
        HTTP_ORIGIN="https://elders.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET"
    assert int(response["Access-Control-Max-Age"]) > 0
    assert "Content-Type" not in response and response.content == b""
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_are_a_json_405_even_without_a_csrf_token(client, catalogue, method):
    response = getattr(client, method)(detail_url(catalogue.cultuurscan.slug))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["status"] == 405


def test_head_of_an_export_sends_headers_without_running_the_export(
    client, catalogue, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.head(reverse("api:export_catalogue"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b""
    assert response["Content-Type"] == "application/json"


def test_api_answers_set_no_cookies_even_for_a_logged_in_user(client, catalogue, make_user):
    client.force_login(make_user("coordinator"))
    client.get(reverse("home:home"))  # a page visit refreshes the session first
    for url in (LIST, detail_url(catalogue.cultuurscan.slug), reverse("api:export_instruments_csv")):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, url


def test_other_addresses_under_the_api_are_a_json_404_or_a_slash_redirect(client, db):
    missing = client.get("/api/v1/bestaat/niet/")
    assert missing.status_code == 404 and missing.json()["status"] == 404
    redirect = client.get("/api/v1/instruments?phase=start")
    assert redirect.status_code == 301
    assert redirect["Location"] == "/api/v1/instruments/?phase=start"


# -- OpenAPI and docs -----------------------------------------------------------------------------------


def test_openapi_describes_every_api_path_with_enums(client, db):
    from tests.test_url_coverage import project_url_names

    schema = client.get(reverse("api:openapi")).json()
    assert schema["openapi"].startswith("3.1")
    api_paths = {
        name
        for name in project_url_names()
        if name.startswith("api:") and name not in {"api:docs", "api:not_found"}
    }
    assert len(schema["paths"]) == len(api_paths)
    phase = schema["components"]["parameters"]["phase"]
    assert phase["schema"]["items"]["enum"] == ["start", "design", "execute", "sustain"]
    assert schema["components"]["parameters"]["page_size"]["schema"]["maximum"] == 100


def test_docs_page_explains_the_api_and_the_exports(client, db, english_copy):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Open data and API" in text
    for name in ("openapi", "instrument_list", "export_catalogue", "export_instruments_csv"):
        assert reverse(f"api:{name}") in text


def test_docs_page_is_dutch_by_default(client, db):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    assert response["Content-Language"] == "nl"


def test_footer_partial_links_to_the_docs(db):
    from django.template.loader import render_to_string

    html = render_to_string("api/partials/footer_links.html")
    assert f'href="{reverse("api:docs")}"' in html


def test_content_of_a_later_hidden_experience_disappears(client, db):
    instrument = InstrumentFactory()
    experience = ExperienceFactory(instrument=instrument, author=UserFactory(), what_worked="Eerst zichtbaar")
    assert "Eerst zichtbaar" in client.get(detail_url(instrument.slug)).content.decode()
    services.experience_set_hidden(actor=None, experience=experience, hidden=True)
    body = client.get(detail_url(instrument.slug)).json()
    assert body["experiences"] == [] and body["experience_count"] == 0
    export = b"".join(client.get(reverse("api:export_catalogue")).streaming_content)
    assert json.loads(export.decode())["instruments"][0]["experiences"] == []
    assert "Eerst zichtbaar" not in export.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"q": "\x00"},
        {"tag": "a\x00b"},
        {"phase": "\x00"},
        {"sort": "\x00"},
        {"page": "\x00"},
        {"fit_theme": "energy\x00"},
    ],
)
def test_nul_bytes_in_parameters_are_a_400_on_every_database(client, catalogue, query):
    assert client.get(LIST, query).status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/instruments/a%00b/", "/api/v1/instruments/%00/experiences/"])
def test_nul_bytes_in_the_slug_are_a_404_on_every_database(client, catalogue, path):
    assert client.get(path).status_code == 404
