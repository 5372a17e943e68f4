"""The site works with the keyboard alone: a skip link first, a visible focus indicator on
every element that gets focus, and filters and forms that can be filled in and sent."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import DEFAULT_PASSWORD, InstrumentFactory, UserFactory

# The pages read one small catalogue, built once for the module (committed_world,
# tests/browser/conftest.py); the one test that writes adds a person only it uses.
pytestmark = pytest.mark.browser

# What the browser shows of the element that has focus.
_FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name") || "",
    value: el.getAttribute("value") || "", type: el.getAttribute("type") || "",
    text: (el.innerText || el.value || el.getAttribute("aria-label") || "").trim().slice(0, 60),
    href: el.getAttribute("href") || "",
    focusVisible: el.matches(":focus-visible"),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    outlineColor: style.outlineColor, boxShadow: style.boxShadow,
    width: box.width, height: box.height,
    inViewport: box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth,
  };
}"""


def focused(page) -> dict | None:
    return page.evaluate(_FOCUSED)


def describe(info: dict) -> str:
    return f"<{info['tag']} id={info['id']!r} name={info['name']!r} href={info['href']!r}> {info['text']!r}"


def focus_indicator_problem(info: dict) -> str | None:
    """Why the focused element would not visibly show focus, or None if it does."""
    if info["width"] <= 0 or info["height"] <= 0:
        return "has no size"
    if not info["inViewport"]:
        return "is outside the viewport"
    if not info["focusVisible"]:
        return "does not match :focus-visible"
    has_outline = info["outlineStyle"] != "none" and info["outlineWidth"] >= 2
    has_shadow = info["boxShadow"] not in ("", "none")
    if not (has_outline or has_shadow):
        return f"has no outline or shadow (outline {info['outlineStyle']} {info['outlineWidth']}px)"
    return None


def tab_through(page, limit: int = 400) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the page or comes back round."""
    page.locator("body").focus()
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        if info is None or (seen and info == seen[0]):
            break
        seen.append(info)
    return seen


def tab_until(page, matches, limit: int = 300) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = focused(page)
        if info and matches(info):
            return info
    raise AssertionError("The keyboard never reached the element")


def _build_catalogue() -> None:
    for title, phase, audience in (
        ("Alfa scan", "execute", "facilitators"),
        ("Bravo canvas", "execute", "participants"),
        ("Charlie methode", "design", "facilitators"),
    ):
        InstrumentFactory(title=title, facets={"phase": [phase], "audience": [audience]})


@pytest.fixture
def catalogue(committed_world, committed_db):
    committed_world.get(_build_catalogue)


def test_skip_link_is_first_and_moves_to_the_content(page, catalogue):
    page.goto("/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first is not None and "skip-link" in page.evaluate("() => document.activeElement.className"), first
    assert first["href"] == "#main"
    assert focus_indicator_problem(first) is None, describe(first)
    expect(page.locator(".skip-link")).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    assert page.evaluate("() => document.activeElement.id") == "main"
    # The next Tab continues inside the content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('main')"), describe(focused(page))


@pytest.mark.parametrize("url", ["/", "/instruments/", "/instruments/?phase=execute", "/accounts/login/"])
def test_every_focused_element_shows_focus(page, catalogue, url):
    page.goto(url)
    stops = tab_through(page)
    assert len(stops) > 5, f"Only {len(stops)} focus stops on {url}"
    problems = [f"{describe(info)} {problem}" for info in stops if (problem := focus_indicator_problem(info))]
    assert not problems, f"Focus not visible on {url}:\n" + "\n".join(problems)


def test_facets_can_be_used_with_the_keyboard_alone(page, catalogue):
    page.goto("/instruments/")
    tab_until(page, lambda i: i["name"] == "phase" and i["value"] == "execute")
    page.keyboard.press("Space")
    tab_until(page, lambda i: i["name"] == "audience" and i["value"] == "facilitators")
    page.keyboard.press("Space")
    tab_until(page, lambda i: i["tag"] == "button" and i["type"] == "submit")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"phase=execute"))
    expect(page).to_have_url(re.compile(r"audience=facilitators"))
    expect(page.locator(".cards .card-title a")).to_have_text(["Alfa scan"])


def test_folded_filters_open_with_the_keyboard_on_a_phone(page, catalogue):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/instruments/")
    expect(page.locator("form.facets input[name=phase]").first).to_be_hidden()
    # The header's own "Menu" toggle comes first on a phone; the filters' toggle follows it.
    summary = tab_until(page, lambda i: i["tag"] == "summary" and "filter" in i["text"].lower())
    assert focus_indicator_problem(summary) is None, describe(summary)
    page.keyboard.press("Enter")
    tab_until(page, lambda i: i["name"] == "phase" and i["value"] == "design")
    page.keyboard.press("Space")
    tab_until(page, lambda i: i["tag"] == "button" and i["type"] == "submit")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"phase=design"))
    expect(page.locator(".cards .card-title a")).to_have_text(["Charlie methode"])
    expect(page.locator("summary.filters-toggle")).to_contain_text("(1)")


def test_forms_and_error_summary_work_with_the_keyboard(page, catalogue):
    user = UserFactory(email="toetsenbord@example.org")
    page.goto("/accounts/signup/")
    # Sign up with a bad address and different passwords, by keyboard only.
    tab_until(page, lambda i: i["name"] == "email")
    page.keyboard.type("geen-adres")
    tab_until(page, lambda i: i["name"] == "password1")
    page.keyboard.type("Kort")
    tab_until(page, lambda i: i["name"] == "password2")
    page.keyboard.type("Anders")
    page.keyboard.press("Enter")

    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    email = page.locator("main input[name=email]")
    expect(email).to_have_attribute("aria-invalid", "true")
    described_by = email.get_attribute("aria-describedby").split()
    error_id = next(i for i in described_by if i.endswith("_error"))
    expect(page.locator(f"#{error_id}")).to_be_visible()
    # The summary links to the field: following the link puts focus in it.
    link = tab_until(page, lambda i: i["tag"] == "a" and i["href"] == f"#{email.get_attribute('id')}")
    assert focus_indicator_problem(link) is None, describe(link)
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.name") == "email"

    # Log in with the keyboard alone.
    page.goto("/accounts/login/")
    tab_until(page, lambda i: i["name"] == "login")
    page.keyboard.type(user.email)
    tab_until(page, lambda i: i["name"] == "password")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator(".personal-menu summary")).to_be_visible()
