"""The finish: branded error pages, one-row header at 1280 px, a menu button at 375 px without JavaScript."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import VIEWPORT, axe_violations, format_violations, log_in, responsive_screenshots
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}


def _header_is_one_row(page) -> bool:
    """Every visible control of the header sits on the brand's row and inside the viewport."""
    off_row = page.evaluate(
        """() => {
        const brand = document.querySelector('.site-header .brand').getBoundingClientRect();
        const controls = '.site-header a, .site-header button, .site-header input, .site-header summary';
        const items = [...document.querySelectorAll(controls)]
            .filter(e => e.checkVisibility() && e.getBoundingClientRect().width > 1);
        const mid = brand.top + brand.height / 2;
        const offRow = e => { const r = e.getBoundingClientRect();
            return !(r.top < mid && r.bottom > mid && r.right <= window.innerWidth); };
        return items.filter(offRow).map(e => e.outerHTML.slice(0, 80));
    }"""
    )
    assert not off_row, off_row
    return True


def test_404_and_403_are_branded_at_phone_and_desktop_width(page, live_server):
    user = UserFactory()
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto("/bestaat-niet/")
        assert response.status == 404
        expect(page.locator("h1")).to_have_text("We kunnen deze pagina niet vinden")
        expect(page.locator(".site-header .brand")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        found = axe_violations(page)
        assert not found, format_violations("404", page.url, found)
    responsive_screenshots(page, "/bestaat-niet/", "error-404")
    log_in(page, user.email)
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        response = page.goto("/moderation/")
        assert response.status == 403
        expect(page.locator("h1")).to_have_text("Je kunt deze pagina niet openen")
        found = axe_violations(page)
        assert not found, format_violations("403", page.url, found)
    responsive_screenshots(page, "/moderation/", "error-403")
    page.set_viewport_size(VIEWPORT)


def test_header_is_one_row_at_1280_for_every_role(page, live_server, make_user):
    assert _header_is_one_row(page.goto("/") and page)
    coordinator = make_user("coordinator", is_staff=True, name="Marloes van den Heuvel-Jansen")
    log_in(page, coordinator.email)
    page.goto("/")
    assert _header_is_one_row(page)
    # The personal menu opens on click and holds the personal pages.
    page.locator(".personal-menu summary").click()
    expect(page.locator(".personal-menu-list a[href='/profile/']")).to_be_visible()


def test_menu_button_works_without_javascript_on_a_phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, locale="nl-NL", java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/")
    header_height = page.locator(".site-header").bounding_box()["height"]
    assert header_height < 80
    expect(page.locator(".main-nav")).to_be_hidden()
    page.locator(".site-menu-toggle").click()
    expect(page.locator(".main-nav a[href='/instruments/']")).to_be_visible()
    expect(page.locator(".account-nav a[href$='/accounts/login/']")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_statements_have_no_serious_violations(page, live_server):
    for url in ("/privacy/", "/accessibility/"):
        page.goto(url)
        found = axe_violations(page)
        assert not found, format_violations(url, page.url, found)
