"""The publication's frameworks as the platform encodes them: counts and wording against the data.

Each test names the section of "Een nieuw samenspel van innoveren, werken en leren?" (2023) it
checks, so a later edit cannot silently drop or rename an item.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.middleware import DutchFirstLocaleMiddleware


@pytest.fixture
def language(monkeypatch):
    """Choose the page language per request (the suite otherwise serves English to every test)."""
    chosen = {"code": "nl"}
    monkeypatch.setattr(DutchFirstLocaleMiddleware, "_language_for", lambda self, request: chosen["code"])
    return chosen


@pytest.mark.django_db
def test_scan_page_is_dutch_in_dutch_and_english_in_english(client, language):
    from tests.scans.factories import make_community

    call_command("seed_scans", stdout=StringIO(), stderr=StringIO())
    community, facilitator, _members = make_community(members=1)
    client.force_login(facilitator)
    url = reverse("scans:community_scans", kwargs={"slug": community.slug})
    language["code"] = "nl"
    dutch = client.get(url).content.decode()
    language["code"] = "en"
    english = client.get(url).content.decode()
    assert "Actiebereidheid van het consortium" in dutch and "Readiness for action" not in dutch
    assert "Readiness for action of the consortium" in english and "Actiebereidheid van het" not in english
    assert "Four forms of boundary crossing" in english and "Vier vormen van boundary crossing" in dutch
