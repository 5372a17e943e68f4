"""Hostile text in every field of every form: never a 500, and nothing stored ever runs as script.

Each form is read from the page that shows it (so new fields are fuzzed
automatically), filled in validly, and then posted with hostile values. When a
post is accepted, the pages that display what it stored are fetched and parsed:
no script element, event handler or ``javascript:`` link may appear. Posts
are made both with and without the malformed-input guard.
"""

from urllib.parse import urlsplit

import pytest
from django.core.cache import cache
from django.urls import resolve, reverse
from hypothesis import given
from hypothesis import strategies as st

from .clients import RoleClients
from .form_specs import ACTIONS, FORMS, FormSpec
from .forms import post_form, read_forms, valid_data
from .hostile import SWEEP_VALUES, assert_no_executable_markup, fuzz_settings, hostile_text
from .pages import ACCOUNT_PAGES, TARGETS

pytestmark = pytest.mark.django_db

# Short enough for any text field; together they cover tags, attributes, links and Markdown.
STORED_PAYLOADS = [
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "<svg onload=alert(1)>",
    "' onmouseover='alert(1)",
    "<a href=javascript:alert(1)>x</a>",
]
# Field kinds whose values are checked for a format; a payload there only tests the error page.
FORMATTED = {"email", "url", "number", "date", "time", "datetime-local", "hidden", "password"}


def _target(name: str):
    return TARGETS.get(name) or ACCOUNT_PAGES[name]


def _url(name: str, world) -> str:
    target = _target(name)
    return reverse(name, kwargs=target.kwargs(world) if target.kwargs else None)


class FormBench:
    """Posts forms as their roles and checks what comes back and what is displayed afterwards."""

    def __init__(self, world):
        self.world = world
        self.clients = RoleClients(world)
        self._forms = {}

    def form(self, spec: FormSpec):
        if spec.name not in self._forms:
            page = spec.page or spec.name
            page_url = _url(page, self.world)
            client = self.clients.get(spec.role)
            response = client.get(page_url)
            assert response.status_code == 200, f"{page} as {spec.role}: {response.status_code}"
            form = post_form(response.content.decode(), _url(spec.name, self.world), page_url)
            self._forms[spec.name] = form
        return self._forms[spec.name]

    def baseline(self, spec: FormSpec) -> dict:
        data = valid_data(self.form(spec))
        for name in spec.extra_fields:
            data.setdefault(name, "")
        if spec.overrides:
            data.update(spec.overrides(self.world))
        return data

    def text_fields(self, spec: FormSpec) -> list[str]:
        form = self.form(spec)
        kinds = {f.name: f.kind for f in form.fields}
        return [name for name in form.text_names() if kinds.get(name) not in FORMATTED]

    def post(self, spec: FormSpec, data: dict, *, guarded: bool = True):
        cache.clear()  # allauth's and other cache-kept counters
        client = self.clients.get(spec.role, guarded=guarded)
        url = _url(spec.name, self.world)
        response = client.post(url, data)
        shown = {key: (value if isinstance(value, str) else "[list]")[:80] for key, value in data.items()}
        assert response.status_code < 500, f"{spec.name} answered {response.status_code} to {shown}"
        assert_no_executable_markup(response, f"POST {spec.name} {shown}")
        if spec.name.startswith("account_"):
            self.clients.forget()  # allauth may have logged someone in or out
        return response

    def check_displays(self, spec: FormSpec, response) -> None:
        pages = [(_url(name, self.world), role) for name, role in spec.shows]
        location = response.get("Location", "")
        if response.status_code == 302 and location.startswith("/") and not location.startswith("/accounts/"):
            pages.append((location, spec.role))
        for url, role in pages:
            shown = self.clients.get(role).get(url)
            assert shown.status_code < 500, f"{url} after {spec.name}"
            assert_no_executable_markup(shown, f"{url} showing what {spec.name} stored")


def _errors(response) -> str:
    """The form errors of a page that came back, for the assertion message."""
    errors = []
    for context in response.context or []:
        for value in context.flatten().values():
            if hasattr(value, "errors") and hasattr(value, "is_bound") and value.errors:
                error = dict(value.errors) if hasattr(value.errors, "items") else value.errors
                if error not in errors:
                    errors.append(error)
    return repr(errors)[:1500]


@pytest.fixture
def bench(world):
    return FormBench(world)


# POST forms in the page chrome that are not project forms.
NOT_PROJECT_FORMS = {"set_language", "account_logout"}


def test_every_post_url_is_fuzzed(world):
    """POST-only views, and every POST form found on any page, are in FORMS or ACTIONS."""
    fuzzed = {spec.name for spec in FORMS} | set(ACTIONS)
    post_only = {name for name, target in TARGETS.items() if not target.get}
    assert post_only - fuzzed == set()
    clients = RoleClients(world)
    found = set()
    for name, target in {**TARGETS, **ACCOUNT_PAGES}.items():
        if not target.get or target.status != 200:
            continue
        page_url = _url(name, world)
        response = clients.get(target.role).get(page_url)
        if "html" not in response.get("Content-Type", "") or response.streaming:
            continue
        html = response.content.decode()
        for form in read_forms(html):
            if form.method == "post":
                match = resolve(urlsplit(form.action).path if form.action else page_url)
                found.add(match.view_name)
    assert found - fuzzed - NOT_PROJECT_FORMS == set(), "add these forms to tests/security/form_specs.py"
    assert {"instruments:review", "communities:standup_answer", "scans:round_answer"} <= found


def test_every_form_accepts_its_valid_baseline(bench):
    """Without this the fuzzing would only ever see error pages."""
    for spec in FORMS:
        if not spec.stores:
            continue
        response = bench.post(spec, bench.baseline(spec))
        assert response.status_code == 302, f"{spec.name}: {response.status_code} {_errors(response)}"


def test_every_form_stores_hostile_markup_inertly(bench):
    """Script and Markdown payloads in each free-text field are stored, and displayed as text."""
    for spec in FORMS:
        fields = bench.text_fields(spec)
        if not fields:
            continue
        accepted = 0
        for round_ in range(2):
            data = bench.baseline(spec)
            for index, name in enumerate(fields):
                data[name] = STORED_PAYLOADS[(index + 3 * round_) % len(STORED_PAYLOADS)]
            response = bench.post(spec, data)
            if response.status_code == 302:
                accepted += 1
                bench.check_displays(spec, response)
            else:
                # One field may refuse markup (an e-mail list, a slug): try the fields one by one.
                for index, name in enumerate(fields):
                    data = bench.baseline(spec)
                    data[name] = STORED_PAYLOADS[(index + round_) % len(STORED_PAYLOADS)]
                    response = bench.post(spec, data)
                    if response.status_code == 302:
                        accepted += 1
                        bench.check_displays(spec, response)
        if spec.stores:
            assert accepted, f"{spec.name} accepted none of the payloads: nothing stored was checked"


def test_every_field_of_every_form_survives_the_sweep_values(bench):
    """NUL, long numbers, odd digits, bidi and SQL in every field."""
    for spec in FORMS:
        names = sorted(set(bench.form(spec).names()) | set(spec.extra_fields))
        for round_ in range(len(SWEEP_VALUES)):
            data = bench.baseline(spec)
            for index, name in enumerate(names):
                data[name] = SWEEP_VALUES[(index + round_) % len(SWEEP_VALUES)]
            # Without the guard: NUL must not break the views either (the guard is tested on its own).
            response = bench.post(spec, data, guarded=False)
            if response.status_code == 302:
                bench.check_displays(spec, response)


def test_action_buttons_survive_hostile_parameters(bench, world):
    for name, (role, params) in ACTIONS.items():
        spec = FormSpec(name, role, stores=False)
        for guarded in (False, True):
            for value in SWEEP_VALUES[:3] + [
                "//evil.example/",
                "javascript:alert(1)",
                "https://evil.example",
            ]:
                data = dict.fromkeys(params, value)
                response = bench.post(spec, data, guarded=guarded)
                location = response.get("Location", "")
                assert not location.startswith(("//", "javascript:", "https://evil")), f"{name} -> {location}"


# -- hypothesis ------------------------------------------------------------------------------------------

_BENCHES: dict = {}


def _bench_for(world) -> FormBench:
    key = id(world)
    if key not in _BENCHES:
        _BENCHES.clear()
        _BENCHES[key] = FormBench(world)
    return _BENCHES[key]


@fuzz_settings(max_examples=120)
@given(data=st.data())
def test_random_hostile_form_posts(world, data):
    bench = _bench_for(world)
    spec = data.draw(st.sampled_from(FORMS), label="form")
    post = bench.baseline(spec)
    names = sorted(set(post) | set(spec.extra_fields)) or ["text"]
    chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True), label="fields")
    for name in chosen:
        post[name] = data.draw(hostile_text(), label=name)
    if data.draw(st.booleans(), label="stranger field"):
        post[data.draw(st.sampled_from(["zzz", "a\x00b", "<script>", "steps-TOTAL_FORMS"]))] = "1"
    response = bench.post(spec, post, guarded=data.draw(st.booleans(), label="guarded"))
    if response.status_code == 302:
        bench.check_displays(spec, response)
