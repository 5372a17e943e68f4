"""Every URL of the project must have a row in a permission matrix."""

import importlib
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

PROJECT_APPS = {
    "core",
    "accounts",
    "outbox",
    "instruments",
    "communities",
    "valuecreation",
    "moderation",
    "reminders",
    "scans",
    "discovery",
    "notifications",
    "api",
    "places",
    "exchange",
    "home",
    "demo",
    "privacy",
}


def project_url_names(patterns=None, namespace=""):
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}{pattern.namespace}:"
            names |= project_url_names(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            module = getattr(pattern.callback, "__module__", "") or ""
            if module.split(".")[0] in PROJECT_APPS:
                names.add(f"{namespace}{pattern.name}")
    return names


def covered_url_names():
    covered = set()
    tests_dir = Path(__file__).parent
    for path in tests_dir.rglob("test_permissions*.py"):
        module_name = ".".join(path.relative_to(tests_dir.parent).with_suffix("").parts)
        module = importlib.import_module(module_name)
        covered |= set(getattr(module, "COVERED_URL_NAMES", set()))
    return covered


def test_every_project_url_has_a_permission_matrix_row():
    missing = project_url_names() - covered_url_names()
    assert not missing, f"URL names without a permission matrix row: {sorted(missing)}"


def test_the_walker_finds_project_urls():
    names = project_url_names()
    assert {"instruments:list", "instruments:detail", "core:healthz"} <= names
    assert not any(name.startswith("admin:") for name in names)
