"""Dutch is the default UI language, English is one switch away, and the catalogue is complete."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import InstrumentFactory

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def parse_po(path: Path) -> list[dict]:
    """A tiny .po reader: one dict per entry with its flags, msgid(_plural) and msgstr / msgstr[n]."""
    entries, entry, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry and "msgid" in entry:
                entries.append(entry)
            entry, field = None, None
            continue
        entry = entry if entry is not None else {"flags": set()}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
    return entries


def translations(entry: dict) -> list[str]:
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_default_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "nl"
    assert settings.TIME_ZONE == "Europe/Amsterdam"
    assert MO_FILE.exists(), "run: python manage.py compilemessages -l nl --ignore=.venv"


@pytest.mark.django_db
def test_home_page_is_dutch_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Vind het juiste instrument voor je learning community" in html
    assert ">Instrumenten<" in html
    assert "Starten" in html  # lazily translated vocabulary label
    assert "Find the right instrument" not in html


@pytest.mark.django_db
def test_catalogue_is_dutch_by_default_including_plurals(client):
    InstrumentFactory.create_batch(2)
    response = client.get("/instruments/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Instrumenten voor learning communities" in html
    assert "2 instrumenten" in html
    assert "Sorteren op" in html


@pytest.mark.django_db
def test_set_language_switches_to_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/instruments/"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/instruments/"
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Instruments for learning communities" in html
    assert "Instrumenten voor learning communities" not in html

    # The choice sticks for the next request.
    html = client.get("/").content.decode()
    assert '<html lang="en"' in html
    assert "Find the right instrument for your learning community" in html


def test_django_loads_the_dutch_catalogue():
    with translation.override("nl"):
        assert translation.gettext("Log in") == "Inloggen"
        assert translation.gettext("Sign up") == "Account aanmaken"
        assert translation.ngettext("%(counter)s star", "%(counter)s stars", 1) == "%(counter)s ster"
        assert translation.ngettext("%(counter)s star", "%(counter)s stars", 3) == "%(counter)s sterren"


def test_po_file_is_complete_and_not_fuzzy():
    entries = parse_po(PO_FILE)
    header = next(e for e in entries if e["msgid"] == "")
    assert "Language: nl\n" in header["msgstr"]
    assert "nplurals=2; plural=(n != 1);" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]

    messages = [e for e in entries if e["msgid"] != ""]
    assert len(messages) > 200
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    untranslated = [e["msgid"] for e in messages if not all(translations(e))]
    assert fuzzy == []
    assert untranslated == []
    for entry in messages:
        plural = "msgid_plural" in entry
        assert plural == ("msgstr[1]" in entry), entry["msgid"]
        if plural:
            # "used once" / "used %(counter)s times": a form may leave the count out,
            # but may not invent a placeholder the English does not have.
            known = set(PLACEHOLDER.findall(entry["msgid"] + entry["msgid_plural"]))
            for msgstr in translations(entry):
                assert set(PLACEHOLDER.findall(msgstr)) <= known, msgstr
            assert set(PLACEHOLDER.findall(entry["msgstr[1]"])) == set(
                PLACEHOLDER.findall(entry["msgid_plural"])
            ), entry["msgstr[1]"]
        else:
            # Every placeholder survives translation.
            assert sorted(PLACEHOLDER.findall(entry["msgstr"])) == sorted(
                PLACEHOLDER.findall(entry["msgid"])
            ), entry["msgstr"]


def test_mo_file_matches_po_file():
    """A stale .mo (not recompiled after editing the .po) would miss or differ on some entries."""
    with MO_FILE.open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    entries = [e for e in parse_po(PO_FILE) if e["msgid"] != ""]
    for entry in entries:
        context = entry.get("msgctxt")
        if "msgid_plural" in entry:
            for n, form in ((1, "msgstr[0]"), (2, "msgstr[1]")):
                if context:
                    found = catalogue.npgettext(context, entry["msgid"], entry["msgid_plural"], n)
                else:
                    found = catalogue.ngettext(entry["msgid"], entry["msgid_plural"], n)
                assert found == entry[form], entry["msgid"]
        elif context:
            assert catalogue.pgettext(context, entry["msgid"]) == entry["msgstr"], entry["msgid"]
        else:
            assert catalogue.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]
