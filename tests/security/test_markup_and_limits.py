"""The markup check itself, Markdown rendering of hostile text, and the request-size limits."""

import time
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client
from hypothesis import given

from core.markdown import MAX_LINK_OPENERS, MAX_MARKDOWN_LENGTH, render_markdown

from .clients import RoleClients
from .hostile import (
    MARKDOWN_PAYLOADS,
    SCRIPT_PAYLOADS,
    executable_markup,
    fuzz_settings,
    hostile_text,
)

PROJECT_DIR = Path(settings.BASE_DIR)
PROJECT_APPS = ["core", "accounts", "instruments", "communities", "valuecreation", "reminders"]
PROJECT_APPS += ["moderation", "discovery", "scans", "api"]


# -- the checker catches what it must --------------------------------------------------------------


@pytest.mark.parametrize("payload", SCRIPT_PAYLOADS[:14])
def test_the_markup_check_flags_raw_payloads(payload):
    if payload.startswith(("{{", "<!--", "</textarea", "</title")):
        pytest.skip("inert or context-dependent outside its element")
    # Attribute breakouts only work inside an attribute; the page quotes them both ways.
    assert executable_markup(f"<p>{payload}</p><input value=\"{payload}\"><input value='{payload}'>"), payload


def test_the_markup_check_accepts_escaped_payloads_and_the_sites_own_markup():
    from django.utils.html import escape

    for payload in SCRIPT_PAYLOADS + MARKDOWN_PAYLOADS:
        html = f'<p title="{escape(payload)}">{escape(payload)}</p><textarea>{escape(payload)}</textarea>'
        assert executable_markup(html) == [], payload
    own = '<script src="/static/js/app.js" defer></script><script type="application/json">{"a": 1}</script>'
    assert executable_markup(own + '<svg viewBox="0 0 10 10"><rect width="1"/></svg>') == []


# -- Markdown -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS + SCRIPT_PAYLOADS)
def test_markdown_payloads_render_without_executable_markup(payload):
    html = render_markdown(payload)
    assert executable_markup(html) == [], html


@fuzz_settings(max_examples=150)
@given(text=hostile_text())
def test_any_hostile_text_renders_as_inert_markdown(text):
    assert executable_markup(render_markdown(text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "[" * 5_000,  # about 20 s before the guard
        "\\[" * (MAX_MARKDOWN_LENGTH // 2),  # about 60 s
        "- \n" * 50_000,  # about 150 s
        "a\n===\n" * 20_000,  # about 70 s
        "[" * (MAX_LINK_OPENERS + 1) + "x" * 100,
        "".join("  " * depth + "- x\n" for depth in range(600)),  # RecursionError before
    ],
    ids=["brackets", "escaped-brackets", "empty-items", "setext", "just-over-the-limit", "deep-list"],
)
def test_pathological_markdown_renders_quickly(text):
    started = time.monotonic()
    html = render_markdown(text)
    # Generous for a loaded CI machine; these took from 20 s to minutes (or crashed) before.
    assert time.monotonic() - started < 5
    assert executable_markup(html) == []


def test_text_within_the_limits_is_still_markdown():
    assert render_markdown("**vet** en [link](https://example.org)").count("<strong>") == 1
    many_links = "[a](https://example.org) " * 300
    assert len(many_links) < MAX_MARKDOWN_LENGTH
    assert render_markdown(many_links).count("<a ") == 300


# -- uploads and request sizes ----------------------------------------------------------------------------


def test_the_project_takes_no_file_uploads():
    """No upload fields and no request.FILES: the request-size limits below are the whole story."""
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.get_fields():
                assert not isinstance(field, models.FileField), f"{model.__name__}.{field.name}"
        for path in (PROJECT_DIR / app).rglob("*.py"):
            assert "request.FILES" not in path.read_text(encoding="utf-8"), path


def test_request_size_limits_are_set():
    """None would switch Django's checks off; the defaults (2.5 MB, 1000 fields) are the upper bound."""
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE is not None
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS is not None
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000


@pytest.mark.django_db
@pytest.mark.parametrize("guarded", [False, True])
def test_oversized_and_overfull_requests_get_400(world, guarded):
    client = RoleClients(world).get("member", guarded=guarded)
    url = "/profile/"
    too_big = {"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
    assert client.post(url, too_big).status_code == 400
    too_many = {f"f{index}": "1" for index in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    assert client.post(url, too_many).status_code == 400
    query = "&".join(f"f{index}=1" for index in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    assert client.get("/instruments/", QUERY_STRING=query).status_code == 400
    # 100 kB of text in one field is within the limit: the form refuses it, politely.
    response = client.post(url, {"name": "x" * 100_000, "language": "nl"})
    assert response.status_code == 200
    assert "x" * 1000 not in response.content.decode()[:2000]


@pytest.mark.django_db
def test_the_guard_refuses_nul_in_multipart_and_urlencoded_posts(world):
    client = RoleClients(world).get("member", guarded=True)
    assert client.post("/profile/", {"name": "a\x00b", "language": "nl"}).status_code == 400  # multipart
    response = client.post(
        "/profile/", "name=a%00b&language=nl", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    response = client.post(
        "/profile/", "name=%ff%fe&language=nl", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    response = client.post(
        "/profile/",
        "name=Mo+%C3%A9%F0%9F%92%A9&language=nl",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302
    # JSON is left to the API's own validation.
    assert Client().post("/profile/", '{"a": "\\u0000"}', content_type="application/json").status_code != 400


@pytest.mark.django_db
def test_instrument_descriptions_longer_than_markdown_renders_are_refused(world):
    from instruments.models import Instrument

    client = RoleClients(world).get("developer")
    data = {
        "title": "Lang verhaal",
        "summary": "Kort.",
        "goal": "Doel.",
        "description": "x" * (MAX_MARKDOWN_LENGTH + 1),
        "format": "scan",
        "language": "nl",
        "phase": "execute",
        "audience": "facilitators",
    }
    response = client.post("/instruments/submit/", data)
    assert response.status_code == 200
    assert not Instrument.objects.filter(title="Lang verhaal").exists()
    data["description"] = "x" * MAX_MARKDOWN_LENGTH
    assert client.post("/instruments/submit/", data).status_code == 302


def test_the_model_limits_descriptions_to_what_markdown_renders():
    # The admin and every other model form inherit the limit from the field.
    from instruments.models import Instrument

    assert Instrument._meta.get_field("description").max_length == MAX_MARKDOWN_LENGTH
