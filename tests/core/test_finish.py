"""The finish a newcomer expects: branded error pages, favicon, footer, Dutch dates and numbers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from core.dates import short_date

pytestmark = pytest.mark.django_db

NAVIGATION = ('href="/instruments/"', 'href="/communities/"', "LC Platform")


def assert_branded(html: str):
    for needle in NAVIGATION:
        assert needle in html
    assert "css/app.css" in html


@override_settings(DEBUG=False)
def test_unknown_page_gets_the_branded_dutch_404(client):
    response = client.get("/bestaat-niet/")
    html = response.content.decode()
    assert response.status_code == 404
    assert_branded(html)
    assert "We kunnen deze pagina niet vinden" in html
    assert 'role="search"' in html


@override_settings(DEBUG=False)
def test_404_follows_the_language_choice(client):
    client.cookies["django_language"] = "en"
    html = client.get("/bestaat-niet/").content.decode()
    assert "We cannot find this page" in html


@override_settings(DEBUG=False)
def test_forbidden_page_gets_the_branded_403(client, make_user):
    client.force_login(make_user("member"))
    response = client.get(reverse("moderation:queue"))
    html = response.content.decode()
    assert response.status_code == 403
    assert_branded(html)
    assert "Je kunt deze pagina niet openen" in html


@override_settings(DEBUG=False)
def test_malformed_request_gets_the_branded_400(client):
    response = client.get("/instruments/?q=%00")
    assert response.status_code == 400
    html = response.content.decode()
    assert_branded(html)
    assert "We konden dit verzoek niet lezen" in html


def test_server_error_page_stands_alone_without_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override("nl"), django_assert_num_queries(0):
        response = defaults.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert_branded(html)
    assert "Er ging bij ons iets mis" in html


def test_429_template_is_branded(rf):
    from django.template.loader import render_to_string

    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("nl"):
        html = render_to_string("429.html", request=request)
    assert_branded(html)
    assert "Even geduld" in html


@override_settings(DEBUG=False)
def test_csrf_failure_is_branded(make_user):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user("member"))
    response = client.post(reverse("accounts:profile"), {"name": "x"})
    assert response.status_code == 403
    assert "Dit formulier is verlopen" in response.content.decode()


def test_permission_denied_handler_uses_the_template(rf, make_user):
    request = rf.get("/")
    request.user = make_user("member")
    with translation.override("nl"):
        response = defaults.permission_denied(request, PermissionDenied())
    assert "Geen toegang" in response.content.decode()


def test_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO header


def test_every_page_links_icons_and_footer_statements(client, settings):
    settings.CONTACT_EMAIL = "hallo@netwerk.example"
    html = client.get(reverse("home:home")).content.decode()
    assert 'rel="icon"' in html and "img/favicon.svg" in html
    assert reverse("core:privacy") in html
    assert reverse("core:accessibility") in html
    assert "mailto:hallo@netwerk.example" in html


def test_header_menu_is_a_disclosure_that_needs_no_javascript(client, make_user):
    client.force_login(make_user("member"))
    html = client.get(reverse("home:home")).content.decode()
    assert '<details class="site-menu">' in html
    assert '<details class="personal-menu">' in html
    assert "<script" not in html


def test_accessibility_statement_names_the_standard_and_contact(client, settings):
    settings.CONTACT_EMAIL = "hallo@netwerk.example"
    html = client.get(reverse("core:accessibility")).content.decode()
    assert "WCAG 2.1" in html and "hallo@netwerk.example" in html
    assert "Nationale ombudsman" in html


def test_dutch_month_abbreviations_are_lower_case():
    day = datetime.date(2026, 10, 5)
    with translation.override("nl"):
        assert short_date(day, "j M Y") == "5 okt 2026"
    with translation.override("en"):
        assert short_date(day, "j M Y") == "5 Oct 2026"


def test_finder_reasons_use_a_decimal_comma(make_user):
    from discovery import finder
    from tests.factories import InstrumentFactory

    instrument = InstrumentFactory(facets={"phase": ["execute"]})
    type(instrument).objects.filter(pk=instrument.pk).update(rating_avg=4.5, rating_count=2)
    goal = finder.goals_for("execute")[0]
    with translation.override("nl"):
        results = finder.find(phase="execute", goal=goal, audience=None)
        reasons = " ".join(" ".join(map(str, r.reasons)) for r in results)
    assert "4,5" in reasons and "4.5" not in reasons


def test_value_chart_starts_at_the_first_month_with_data():
    from valuecreation.selectors import MonthlySeries, from_first_data, month_starts

    months = month_starts(datetime.date(2026, 12, 15))
    values = [0] * 7 + [1, 0, 2, 0, 3]  # first entry in August
    trimmed = from_first_data(MonthlySeries(months, [("immediate", "Immediate", values)]))
    assert trimmed.months[0] == datetime.date(2026, 8, 1)
    assert trimmed.series[0][2] == [1, 0, 2, 0, 3]
    empty = from_first_data(MonthlySeries(months, [("immediate", "Immediate", [0] * 12)]))
    assert empty.months == [datetime.date(2026, 12, 1)]
