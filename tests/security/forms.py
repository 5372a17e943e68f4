"""Read the POST forms of a rendered page, and fill them in validly.

A form's fields are taken from the HTML a user gets, so a field added to a
template is fuzzed without touching these tests; ``valid_data`` fills each
field the way a person would (the current value, the first choice, a date),
and a FormSpec's ``overrides`` fix what a generic value cannot satisfy.
"""

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.utils import timezone

from tests.factories import DEFAULT_PASSWORD

SKIPPED = {"csrfmiddlewaretoken"}
TEXT_DEFAULTS = {
    "email": "someone@example.org",
    "url": "https://example.org/page",
    "number": "",  # required numbers come from the FormSpec's overrides
    "date": lambda: (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
    "time": "09:30",
    "datetime-local": lambda: (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"),
    "password": DEFAULT_PASSWORD,
}


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select", "select-multiple" or "textarea"
    value: str = ""
    checked: bool = False
    options: list = field(default_factory=list)  # (value, selected)


@dataclass
class Form:
    action: str
    method: str
    fields: list[FormField] = field(default_factory=list)

    def names(self) -> list[str]:
        return sorted({f.name for f in self.fields if f.name not in SKIPPED})

    def text_names(self) -> list[str]:
        """Fields a person types free text into."""
        kinds = {"text", "textarea", "search", "email", "url", ""}
        return sorted({f.name for f in self.fields if f.kind in kinds and f.name not in SKIPPED})


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: FormField | None = None
        self._textarea: FormField | None = None
        self._option: list | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = Form(action=a.get("action") or "", method=(a.get("method") or "get").lower())
            self.forms.append(self._form)
            return
        if self._form is None or (tag != "option" and not a.get("name")):
            if tag == "option" and self._select is not None:
                self._option = [a.get("value", ""), "selected" in a]
                self._select.options.append(self._option)
            return
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            self._form.fields.append(FormField(a["name"], kind, a.get("value") or "", "checked" in a))
        elif tag == "textarea":
            self._textarea = FormField(a["name"], "textarea")
            self._form.fields.append(self._textarea)
        elif tag == "select":
            kind = "select-multiple" if "multiple" in a else "select"
            self._select = FormField(a["name"], kind)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value", ""), "selected" in a]
            self._select.options.append(self._option)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def read_forms(html: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    return reader.forms


def post_form(html: str, action_path: str, page_path: str) -> Form:
    """The POST form of the page that submits to ``action_path``."""
    candidates = []
    for form in read_forms(html):
        if form.method != "post":
            continue
        target = urlsplit(form.action).path if form.action else page_path
        if target == action_path:
            candidates.append(form)
    assert candidates, f"no POST form for {action_path} on {page_path}"
    return max(candidates, key=lambda form: len(form.fields))


def _default(kind: str) -> str:
    value = TEXT_DEFAULTS.get(kind, "Een gewone tekst")
    return value() if callable(value) else value


def valid_data(form: Form) -> dict:
    """What a person submitting the form as shown would send, with empty required-looking fields filled."""
    data: dict[str, list[str]] = {}
    radios_seen: dict[str, str] = {}
    for f in form.fields:
        if f.name in SKIPPED:
            continue
        if f.kind == "checkbox":
            if f.checked:
                data.setdefault(f.name, []).append(f.value or "on")
        elif f.kind == "radio":
            # The checked choice, else the first real one (a checked blank choice is no answer).
            if f.value and (f.checked or not radios_seen.get(f.name)):
                radios_seen[f.name] = f.value
            else:
                radios_seen.setdefault(f.name, f.value)
        elif f.kind in ("select", "select-multiple"):
            chosen = [value for value, selected in f.options if selected and value]
            if not chosen:
                chosen = [value for value, _selected in f.options if value][:1]
            data[f.name] = chosen
        elif f.kind == "hidden":
            data[f.name] = [f.value]
        else:
            data[f.name] = [f.value if f.value.strip() else _default(f.kind)]
    for name, value in radios_seen.items():
        data[name] = [value]
    return {name: values if len(values) != 1 else values[0] for name, values in data.items()}
