"""Accessibility of the main pages.

- axe-core finds no serious or critical violations (WCAG 2.1 A/AA and best practices),
  anonymously and as the people who use each page, including forms sent back with errors;
- at 375 px wide no page scrolls sideways; full-page screenshots at 375 and 1280 px land in
  test-artifacts/screenshots/;
- the keyboard alone reaches everything, with a visible focus indicator, starting at a skip link.

Pages are checked in Dutch, the default language. axe-core is vendored in
tests/browser/vendor/axe-core/ (see its README).
"""

import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from communities.models import Community, MembershipRole, Standup
from discovery.models import Route
from instruments.models import Instrument, InstrumentStatus
from scans.models import Round
from tests.browser.conftest import VIEWPORT, artifacts_dir, axe_violations, format_violations, log_in
from valuecreation.models import ValueEntry

# The pages read one demo, seeded once for the module (committed_world, tests/browser/conftest.py):
# the tests log in and send forms back with errors, which changes nothing another test reads.
pytestmark = pytest.mark.browser

DEMO_PASSWORD = "lc-demo-2026"  # noqa: S105 - seed_demo's public demo password
MEMBER = "member@lcplatform.local"
FACILITATOR = "facilitator@lcplatform.local"
COORDINATOR = "coordinator@lcplatform.local"
DEVELOPER = "developer@lcplatform.local"
PHONE_WIDTH = 375


@dataclass
class Demo:
    """The seeded objects whose pages are checked."""

    instrument: Instrument
    submitted: Instrument | None
    community: Community
    standup: Standup
    round: Round | None
    entry: ValueEntry | None
    route: Route | None


def _seed_demo() -> None:
    call_command("seed_demo", "--quiet", stdout=io.StringIO())


@pytest.fixture
def demo(committed_world, committed_db) -> Demo:
    committed_world.get(_seed_demo)
    community = (
        Community.objects.filter(
            memberships__user__email=FACILITATOR, memberships__role=MembershipRole.FACILITATOR
        )
        .filter(memberships__user__email=MEMBER)
        .order_by("pk")
        .first()
    )
    assert community is not None, "seed_demo should put the demo member in the facilitator's community"
    published = Instrument.objects.filter(status=InstrumentStatus.PUBLISHED)
    return Demo(
        instrument=published.filter(reviews__isnull=False).distinct().order_by("pk").first()
        or published.first(),
        submitted=Instrument.objects.filter(status=InstrumentStatus.SUBMITTED).order_by("pk").first(),
        community=community,
        standup=Standup.objects.filter(community=community).order_by("-date").first(),
        round=Round.objects.filter(community=community).order_by("pk").first(),
        entry=ValueEntry.objects.filter(community=community).order_by("pk").first(),
        route=Route.objects.filter(is_published=True).order_by("pk").first(),
    )


# -- the pages ---------------------------------------------------------------------------


def submit_with_errors(form_selector: str, fill: dict[str, str] | None = None):
    """An action that sends a form without the browser's own validation, so the server answers."""

    def action(page):
        form = page.locator(form_selector).first
        for selector, value in (fill or {}).items():
            form.locator(selector).fill(value)
        form.evaluate("form => { form.noValidate = true; }")
        form.locator("button[type=submit]").last.click()
        page.wait_for_load_state("load")
        expect(page.locator(".error-summary").first).to_be_visible()

    return action


def public_visits(demo: Demo, page) -> list[tuple]:
    visits = [
        ("home", "/"),
        ("catalogue", "/instruments/"),
        ("catalogue with filters", "/instruments/?phase=execute&audience=facilitators"),
        ("catalogue with search", "/instruments/?q=vertrouwen&sort=relevance"),
        ("catalogue without results", "/instruments/?q=qqqzzzxxx"),
        ("catalogue with a bad filter", "/instruments/?phase=nonsense&per_page=7"),
        ("instrument", demo.instrument.get_absolute_url()),
        ("login", "/accounts/login/"),
        (
            "login with errors",
            "/accounts/login/",
            submit_with_errors("main form", {"[name=login]": MEMBER, "[name=password]": "wrong-password"}),
        ),
        ("sign-up", "/accounts/signup/"),
        (
            "sign-up with errors",
            "/accounts/signup/",
            submit_with_errors(
                "main form",
                {"[name=email]": "not-an-address", "[name=password1]": "a", "[name=password2]": "b"},
            ),
        ),
        ("password reset", "/accounts/password/reset/"),
        ("community list", "/communities/"),
        ("community profile", demo.community.get_absolute_url()),
        ("search", "/search/?q=vertrouwen"),
        ("finder", "/finder/"),
        ("routes", "/routes/"),
        ("challenges", "/challenges/"),
        ("challenge", "/challenges/aardgasvrije-wijken/"),
    ]
    if demo.route:
        visits.append(("route", f"/routes/{demo.route.slug}/"))
    # The API documentation is built separately; check it once it exists.
    if page.request.get("/api/").ok:
        visits.append(("API docs", "/api/"))
    return visits


def member_visits(demo: Demo) -> list[tuple]:
    slug = demo.community.slug
    standup = f"/communities/{slug}/standups/{demo.standup.pk}/"
    visits = [
        ("home, logged in", "/"),
        ("instrument, logged in", demo.instrument.get_absolute_url()),
        ("community profile, member", demo.community.get_absolute_url()),
        ("sprints and stand-ups", f"/communities/{slug}/timeline/"),
        ("stand-up", standup),
        (
            "stand-up answer with errors",
            standup,
            submit_with_errors("form[action$='/answer/']", {"[name=did]": ""}),
        ),
        ("value dashboard", f"/communities/{slug}/value/"),
        ("value dashboard filtered", f"/communities/{slug}/value/?cycle=immediate"),
        ("value entry form", f"/communities/{slug}/value/new/"),
        ("value entry form with errors", f"/communities/{slug}/value/new/", submit_with_errors("main form")),
        ("value codebook", f"/communities/{slug}/value/codebook/"),
        ("scans", f"/communities/{slug}/scans/"),
        ("profile", "/profile/"),
        ("reminder preferences", "/profile/reminders/"),
        ("e-mail addresses", "/accounts/email/"),
        ("password change", "/accounts/password/change/"),
        ("toolbox", "/instruments/toolbox/"),
        ("my instruments", "/instruments/mine/"),
        ("search, logged in", "/search/?q=vertrouwen"),
    ]
    if demo.entry:
        visits += [
            ("value entry", f"/communities/{slug}/value/{demo.entry.pk}/"),
            ("value story", f"/communities/{slug}/value/{demo.entry.pk}/story/"),
        ]
    if demo.round:
        visits.append(("scan round", f"/communities/{slug}/scans/rounds/{demo.round.pk}/"))
    return visits


def facilitator_visits(demo: Demo) -> list[tuple]:
    slug = demo.community.slug
    return [
        (
            "community form with errors",
            f"/communities/{slug}/edit/",
            submit_with_errors("main form", {"[name=name]": ""}),
        ),
        ("members", f"/communities/{slug}/members/"),
        ("invite", f"/communities/{slug}/members/invite/"),
        ("partners", f"/communities/{slug}/partners/"),
        ("schedule", f"/communities/{slug}/schedule/"),
        ("sprint form", f"/communities/{slug}/sprints/new/"),
        ("sprint form with errors", f"/communities/{slug}/sprints/new/", submit_with_errors("main form")),
        ("plan", f"/communities/{slug}/plan/"),
        ("temple model", f"/communities/{slug}/temple/"),
        ("open a scan round", f"/communities/{slug}/scans/open/?scan=actiebereidheid"),
        ("value report", f"/communities/{slug}/value/report/"),
    ]


def developer_visits(demo: Demo) -> list[tuple]:
    return [
        ("instrument submit form", "/instruments/submit/"),
        ("instrument submit with errors", "/instruments/submit/", submit_with_errors("main form")),
    ]


def coordinator_visits(demo: Demo) -> list[tuple]:
    visits = [
        ("moderation queue", "/moderation/"),
        ("moderation log", "/moderation/log/"),
        ("value across the network", "/value/network/"),
        ("new route", "/routes/new/"),
    ]
    if demo.submitted:
        visits.append(("instrument review", f"/moderation/instruments/{demo.submitted.slug}/"))
    return visits


def open_visit(page, visit) -> str:
    """Go to the visit's page (and do its action); the label."""
    label, url, *action = visit
    response = page.goto(url)
    assert response is not None and response.ok, f"{label}: GET {url} gave {response and response.status}"
    if action:
        action[0](page)
    return label


def check_axe(page, visits) -> None:
    """Visit every page and fail once, listing each page's serious and critical violations."""
    reports = []
    for visit in visits:
        label = open_visit(page, visit)
        found = axe_violations(page)
        if found:
            reports.append(format_violations(label, page.url, found))
    assert not reports, "axe-core found serious/critical violations:\n\n" + "\n\n".join(reports)


# -- axe-core ------------------------------------------------------------------------------


def test_public_pages_have_no_serious_violations(page, demo):
    check_axe(page, public_visits(demo, page))


def test_member_pages_have_no_serious_violations(page, demo):
    log_in(page, MEMBER, DEMO_PASSWORD)
    check_axe(page, member_visits(demo))


def test_facilitator_and_developer_pages_have_no_serious_violations(page, demo):
    log_in(page, FACILITATOR, DEMO_PASSWORD)
    check_axe(page, facilitator_visits(demo))
    page.context.clear_cookies()
    log_in(page, DEVELOPER, DEMO_PASSWORD)
    check_axe(page, developer_visits(demo))


def test_coordinator_pages_have_no_serious_violations(page, demo):
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    check_axe(page, coordinator_visits(demo))


def test_english_pages_have_no_serious_violations(page, demo, english):
    english(page)
    check_axe(page, [("home (en)", "/"), ("catalogue (en)", "/instruments/?phase=execute")])
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^en"))


# -- responsive ----------------------------------------------------------------------------

# The page's scroll width, and the first elements that stick out on the right (those inside a
# scrolling table wrapper only count if absolutely positioned, as they then escape it).
_OVERFLOW = """() => {
  const limit = document.documentElement.clientWidth;
  const sticksOut = (el) => {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit + 1) return false;
    const escapes = ["absolute", "fixed"].includes(getComputedStyle(el).position);
    return escapes || !el.parentElement.closest(".table-scroll, pre");
  };
  const name = (el) => {
    const classes = typeof el.className === "string" ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
    return el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + classes.map((c) => "." + c).join("");
  };
  return {
    scrollWidth: document.documentElement.scrollWidth,
    culprits: [...document.querySelectorAll("body *")].filter(sticksOut).slice(0, 5)
      .map((el) => name(el) + " right=" + Math.round(el.getBoundingClientRect().right)),
  };
}"""


def _screenshot_name(label: str, width: int) -> str:
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-") + f"-{width}px.png"


def check_responsive(page, visits) -> list[str]:
    """Screenshots of every page at phone and desktop width; the pages that scroll sideways on a phone."""
    folder = artifacts_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    problems = []
    for visit in visits:
        page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
        label = open_visit(page, visit)
        result = page.evaluate(_OVERFLOW)
        if result["scrollWidth"] > PHONE_WIDTH + 1:
            width, culprits = result["scrollWidth"], result["culprits"]
            problems.append(f"{label} ({page.url}): scrollWidth {width} > {PHONE_WIDTH}: {culprits}")
        # The phone layout differs (folded filters, scrolling tables): axe checks it too.
        found = axe_violations(page)
        if found:
            problems.append(format_violations(f"{label} at {PHONE_WIDTH} px", page.url, found))
        page.screenshot(path=str(folder / _screenshot_name(label, PHONE_WIDTH)), full_page=True)
        page.set_viewport_size(VIEWPORT)
        page.screenshot(path=str(folder / _screenshot_name(label, VIEWPORT["width"])), full_page=True)
    return problems


def test_phone_width_has_no_sideways_scrolling_nor_violations(page, demo):
    problems = check_responsive(page, public_visits(demo, page))
    log_in(page, MEMBER, DEMO_PASSWORD)
    problems += check_responsive(page, member_visits(demo))
    page.context.clear_cookies()
    log_in(page, FACILITATOR, DEMO_PASSWORD)
    problems += check_responsive(page, facilitator_visits(demo))
    page.context.clear_cookies()
    log_in(page, COORDINATOR, DEMO_PASSWORD)
    problems += check_responsive(page, coordinator_visits(demo) + developer_visits(demo)[:1])
    assert not problems, f"Problems at {PHONE_WIDTH} px:\n" + "\n".join(problems)
