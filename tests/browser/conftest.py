"""Browser tests: Playwright driving the system Chromium against ``live_server``.

Never downloads a browser: the Debian ``chromium`` package is used. Without it
the tests are skipped, unless ``LC_REQUIRE_BROWSER=1`` (set in CI) turns the
missing browser into a failure.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django would
# otherwise refuse ORM calls from the test thread (SynchronousOnlyOperation).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from tests.factories import DEFAULT_PASSWORD  # noqa: E402

SYSTEM_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
SCREENSHOT_WIDTHS = (375, 1280)
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"

_report_key = pytest.StashKey[dict]()


def _chromium_path() -> str | None:
    if Path(SYSTEM_CHROMIUM).exists():
        return SYSTEM_CHROMIUM
    return shutil.which("chromium")


def _missing(reason: str):
    if os.environ.get("LC_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (LC_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


def artifacts_dir() -> Path:
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS_DIR


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_")[:150]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's report so the ``page`` fixture knows a test failed."""
    report = yield
    item.stash.setdefault(_report_key, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        _missing(f"System Chromium not found at {SYSTEM_CHROMIUM} or on PATH")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        _missing("The Python package 'playwright' is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser context per test; a screenshot lands in test-artifacts/ on failure."""
    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORT, locale="nl-NL")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    reports = request.node.stash.get(_report_key, {})
    if any(report.failed for report in reports.values()):
        path = artifacts_dir() / f"FAILED-{_safe_name(request.node.nodeid)}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as error:  # the page may be gone; the test failure matters more
            print(f"Could not save failure screenshot {path}: {error}")
        else:
            print(f"Failure screenshot: {path}")
    context.close()


def use_english(page, base_url: str) -> None:
    """Send ``django_language=en`` so visible text is the (stable) English msgid."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base_url}])


def log_in(page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """Log in through the real allauth form at /accounts/login/."""
    from playwright.sync_api import expect

    page.goto("/accounts/login/")
    form = page.locator("main form:has(input[name=password])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    form.locator("button[type=submit]").first.click()
    expect(page.locator(SIGNED_IN)).to_be_visible()


# The personal menu (the person's name in the header) shows only to someone signed in; it holds "Log out".
SIGNED_IN = ".personal-menu summary"
LOGOUT_BUTTON = "form[action$='/accounts/logout/'] button"


def log_out(page) -> None:
    page.locator(SIGNED_IN).click()
    page.locator(LOGOUT_BUTTON).click()


def responsive_screenshots(page, url: str, name: str, widths=SCREENSHOT_WIDTHS) -> list[Path]:
    """Full-page screenshots of ``url`` at each width, saved as test-artifacts/<name>-<width>.png."""
    paths = []
    for width in widths:
        page.set_viewport_size({"width": width, "height": VIEWPORT["height"]})
        page.goto(url)
        page.wait_for_load_state("load")
        path = artifacts_dir() / f"{_safe_name(name)}-{width}px.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    page.set_viewport_size(VIEWPORT)
    return paths


@pytest.fixture
def login():
    return log_in


@pytest.fixture
def screenshots():
    return responsive_screenshots


@pytest.fixture
def english(live_server):
    """Call with a page to switch its context to English."""
    return lambda page: use_english(page, live_server.url)


# -- accessibility (axe-core) --------------------------------------------------

AXE_SCRIPT = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.1 A/AA plus axe's best practices: the level the issue asks the site to meet.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")
BLOCKING_IMPACTS = ("serious", "critical")
_AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
  }));
}"""


def axe_violations(page, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """Run axe-core on the current page; the violations with one of ``impacts``.

    The script is evaluated through the DevTools protocol rather than added as a
    <script> element, so the site's Content-Security-Policy (script-src 'self',
    no inline scripts) neither blocks it nor has to be loosened for the tests.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    return [v for v in page.evaluate(_AXE_RUN, list(AXE_TAGS)) if v["impact"] in impacts]


def format_violations(label: str, url: str, violations: list[dict]) -> str:
    """A readable report: per rule its impact, id, help text, link and the failing nodes."""
    lines = [f"{label} ({url}): {len(violations)} axe violation(s)"]
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:8]:
            lines.append(f"      {node['target']}")
            summary = " ".join(node["summary"].split())
            if summary:
                lines.append(f"        {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"      … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


@pytest.fixture
def axe():
    return axe_violations


# -- one committed world per module ---------------------------------------------------------------
# A transactional test flushes every table when it ends, so a module whose tests each build the same
# large world (seed_demo takes seconds) pays for it once per test. ``committed_world`` builds it once
# per module, committed, so the live server sees it; its tests run without a transaction of their
# own and the module flushes once at its end, leaving the database as a transactional test would.
# Only for tests that read the world (and write nothing a later test of the module reads): logins,
# sessions and view counts are the writes they make.


def _flush_database() -> None:
    # As TransactionTestCase does after each test; post_migrate rebuilds the role groups.
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False, reset_sequences=False)


@pytest.fixture(scope="module")
def committed_world(django_db_setup, django_db_blocker):
    """``committed_world.get(build)``: ``build()`` committed once per module; its result shared."""
    from places.services import ensure_municipalities

    class World:
        built = False
        value = None

        def get(self, build):
            if not self.built:
                with django_db_blocker.unblock():
                    ensure_municipalities()
                    self.value = build()
                self.built = True
            return self.value

    world = World()
    yield world
    if world.built:
        with django_db_blocker.unblock():
            _flush_database()


@pytest.fixture
def committed_db(committed_world, django_db_blocker):
    """Database access for a test of a committed world: no transaction, no flush of its own."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(autouse=True)
def _live_server_helper(request):
    """pytest-django's helper of the same name, except for tests of a committed world.

    It asks every live-server test for ``transactional_db``, which flushes after each test; a test
    that asks for ``committed_db`` reads the module's committed world instead. The rest is
    pytest-django's own (tied to pytest-django < 5 in pyproject.toml).
    """
    if "live_server" not in request.fixturenames:
        yield
        return
    if "committed_db" not in request.fixturenames:
        request.getfixturevalue("transactional_db")
    live_server = request.getfixturevalue("live_server")
    live_server._live_server_modified_settings.enable()
    yield
    live_server._live_server_modified_settings.disable()
