"""Hostile query strings on every page: never a 500, never markup that runs.

Every GET page of the project (walked from the URL resolver) is requested as a
user who may see it, with hostile values in every query parameter the view
reads (found in its source and in the FilterSets and forms it binds to
request.GET), in parameters nobody reads, and as raw query strings with broken
percent-escapes. Once without the malformed-input guard, to prove the views
themselves hold, and once with it, as deployed.
"""

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from .clients import RoleClients
from .hostile import (
    SWEEP_VALUES,
    assert_no_executable_markup,
    encode_param,
    fuzz_settings,
    raw_query,
)
from .pages import (
    ACCOUNT_PAGES,
    TARGETS,
    base_query,
    page_params,
    params_read_by,
    project_patterns,
    url_for,
)

pytestmark = pytest.mark.django_db

MALFORMED = ["%ff%fe%00", "%c3%28", "%ed%a0%80", "%e2%82", "%f4%90%80%80", "%c0%af", "%00", "a%00b"]


def _views():
    return dict(project_patterns())


def get_pages():
    """(name, target, params) of every page that answers GET, project and allauth."""
    patterns = _views()
    project = [
        (name, target, page_params(name, patterns[name].callback))
        for name, target in TARGETS.items()
        if target.get
    ]
    # allauth's class-based views: their parameters are listed in EXTRA_PARAMS.
    return project + [(name, target, page_params(name, None)) for name, target in ACCOUNT_PAGES.items()]


PAGES = None


def pages():
    global PAGES
    if PAGES is None:
        PAGES = get_pages()
    return PAGES


def _request(clients, world, name, target, query, *, guarded):
    client = clients.get(target.role, guarded=guarded)
    base = base_query(target, world)
    full = "&".join(part for part in (base, query) if part)
    response = client.get(url_for(name, target, world), QUERY_STRING=full)
    assert response.status_code < 500, f"{name}?{full[:200]} answered {response.status_code}"
    assert_no_executable_markup(response, f"{name}?{full[:200]}")
    return response


def _rotated(params: list[str], values: list[str], round_: int, *, raw: bool) -> str:
    """Every parameter gets a value; over len(values) rounds every parameter gets every value."""
    parts = []
    for index, param in enumerate(params):
        value = values[(index + round_) % len(values)]
        parts.append(f"{param}={value}" if raw else encode_param(param, value))
    return "&".join(parts)


# -- the walk itself ------------------------------------------------------------------------------


def test_every_project_url_has_a_target():
    # The API is fuzzed from its OpenAPI schema (schemathesis) by its own tests.
    names = {name for name, _pattern in project_patterns() if not name.startswith("api:")}
    assert names - TARGETS.keys() == set(), "add the new URLs to tests/security/pages.py TARGETS"
    assert TARGETS.keys() - names == set(), "TARGETS names URLs that no longer exist"


def test_the_source_walk_finds_the_filter_parameters():
    views = {name: pattern.callback for name, pattern in project_patterns()}
    assert {"q", "phase", "tag", "sort", "fit_theme", "page"} <= params_read_by(views["instruments:list"])
    assert {"q", "level", "province", "theme", "page"} <= params_read_by(views["communities:list"])
    assert {"cycle", "level", "sprint", "member", "page"} <= params_read_by(views["valuecreation:dashboard"])
    assert {"start", "end"} <= params_read_by(views["valuecreation:report"])
    assert {"q", "kind", "page"} <= params_read_by(views["discovery:search"])
    assert {"phase", "goal", "audience"} <= params_read_by(views["discovery:finder"])
    assert {"action", "page"} <= params_read_by(views["moderation:log"])
    assert {"submissions", "revisions", "reports"} <= params_read_by(views["moderation:queue"])
    assert {"version", "size"} <= params_read_by(views["scans:canvas_print"])
    assert {"community"} <= params_read_by(views["scans:scan_start"])


def test_every_page_works_without_hostile_input(world):
    """The baseline: each page answers as expected for its role, so the fuzzing below reaches the view."""
    clients = RoleClients(world)
    for name, target, _params in pages():
        client = clients.get(target.role, guarded=True)
        url = url_for(name, target, world)
        response = client.get(url, QUERY_STRING=base_query(target, world))
        assert response.status_code == target.status, f"{name} ({url}) as {target.role}"


# -- deterministic sweeps ------------------------------------------------------------------------


def test_every_parameter_of_every_page_survives_hostile_text(world):
    """Script, Markdown, SQL, huge and odd numbers in each parameter: no 500, nothing reflected that runs."""
    clients = RoleClients(world)
    values = [value for value in SWEEP_VALUES if "\x00" not in value]
    for name, target, params in pages():
        for round_ in range(len(values)):
            _request(clients, world, name, target, _rotated(params, values, round_, raw=False), guarded=True)


def test_one_hostile_parameter_among_valid_filters(world):
    """Filter pages with valid values in every filter but one, so each value reaches the deep code."""
    clients = RoleClients(world)
    values = ["9" * 400, "-3", '"><script>alert(1)</script>', "²"]
    for name, target, params in pages():
        if not target.realistic:
            continue
        realistic = dict(part.split("=", 1) for part in target.realistic.split("&"))
        response = _request(clients, world, name, target, target.realistic, guarded=True)
        assert response.status_code == 200, f"{name}?{target.realistic}"
        for param in params:
            for value in values:
                query = {**realistic, param: quote(value, safe="")}
                _request(
                    clients, world, name, target, "&".join(f"{k}={v}" for k, v in query.items()), guarded=True
                )


def test_views_survive_nul_and_broken_utf8_even_without_the_guard(world):
    """NUL and undecodable bytes reach the views when the guard is not installed: they must still hold."""
    clients = RoleClients(world)
    values = ["a%00b", "%ff%fe%00", "%c3%28", "%", "%ed%a0%80"]
    for name, target, params in pages():
        for round_ in range(len(values)):
            _request(clients, world, name, target, _rotated(params, values, round_, raw=True), guarded=False)


def test_the_guard_answers_400_to_nul_and_broken_utf8(world):
    clients = RoleClients(world)
    client = clients.get("anonymous", guarded=True)
    for value in MALFORMED:
        for query in (f"q={value}", f"{value}=1", value):
            response = client.get("/instruments/", QUERY_STRING=query)
            assert response.status_code == 400, query
    # Odd but decodable: the page handles them.
    for value in ["%", "%%", "%zz", "%uff1c", "+%2B+", "%3Cscript%3E", "%C3%A9", "%F0%9F%92%A9"]:
        response = client.get("/instruments/", QUERY_STRING=f"q={value}")
        assert response.status_code == 200, value
    # NUL in the path (str tokens accept anything).
    response = client.get("/communities/invitations/a%00b/")
    assert response.status_code == 400


def test_raw_broken_query_strings_on_every_page_with_the_guard(world):
    clients = RoleClients(world)
    for name, target, params in pages():
        for value in MALFORMED[:3]:
            response = _request(clients, world, name, target, f"{params[0]}={value}", guarded=True)
            assert response.status_code == 400, f"{name}: {value}"


# -- hypothesis -------------------------------------------------------------------------------------


@fuzz_settings(max_examples=150)
@given(data=st.data())
def test_random_hostile_query_strings(world, data):
    clients = _clients_for(world)
    name, target, params = data.draw(st.sampled_from(pages()), label="page")
    query = data.draw(raw_query(params), label="query")
    guarded = data.draw(st.booleans(), label="guarded")
    _request(clients, world, name, target, query, guarded=guarded)


_CLIENTS: dict = {}


def _clients_for(world):
    # One set of clients per world (per test), reused by all hypothesis examples.
    key = id(world)
    if key not in _CLIENTS:
        _CLIENTS.clear()
        _CLIENTS[key] = RoleClients(world)
    return _CLIENTS[key]


def test_hostile_path_tokens(world):
    """Tokens and kinds in the path (``<str:...>``) take any text: NUL, markup, 5 000 characters."""
    from django.urls.converters import StringConverter

    clients = RoleClients(world)
    values = ["a\x00b", "\x00", '"><script>alert(1)</script>', "x" * 5000, "²", "\u202e\u200b", "..", "%00"]
    patterns = dict(project_patterns())
    tokened = 0
    for name, target in TARGETS.items():
        converters = patterns[name].pattern.converters
        tokens = [key for key, converter in converters.items() if isinstance(converter, StringConverter)]
        if not tokens:
            continue
        tokened += 1
        for value in values:
            kwargs = {**(target.kwargs(world) if target.kwargs else {}), **dict.fromkeys(tokens, "TOKEN")}
            url = reverse(name, kwargs=kwargs).replace("TOKEN", quote(value, safe=""))
            # Without the guard every value reaches the view. With it, a value holding NUL is
            # refused at the door; any other value passes the guard untouched to the same view with
            # the same input as without it, so that request would only repeat the one above.
            refused = "\x00" in value
            for guarded in (False, True) if refused else (False,):
                client = clients.get(target.role, guarded=guarded)
                for method in (client.get, client.post):
                    response = method(url)
                    assert response.status_code < 500, f"{name} {url[:80]}"
                    assert_no_executable_markup(response, url[:80])
                    if guarded:
                        assert response.status_code == 400, f"{name} {url[:80]}: the guard let NUL through"
    assert tokened >= 4
