"""The shipped municipality list: complete, well-formed and loaded by the migration."""

import pytest

from core.vocabularies import Province
from places import selectors
from places.loading import load_municipalities, read_municipalities
from places.models import Municipality

# CBS, Gemeentelijke indeling op 1 januari 2025: 342 municipalities.
EXPECTED_COUNT = 342


def test_data_file_lists_every_current_municipality_once():
    rows = read_municipalities()
    assert len(rows) == EXPECTED_COUNT
    assert len({r["code"] for r in rows}) == EXPECTED_COUNT
    assert len({r["name"].lower() for r in rows}) == EXPECTED_COUNT
    for row in rows:
        assert row["code"].startswith("GM") and len(row["code"]) == 6 and row["code"][2:].isdigit(), row
        assert row["province"] in Province.values and row["province"] != Province.NATIONAL, row


def test_twelve_provinces_with_their_municipality_counts():
    counts = {}
    for row in read_municipalities():
        counts[row["province"]] = counts.get(row["province"], 0) + 1
    assert counts == {
        "groningen": 10,
        "friesland": 18,
        "drenthe": 12,
        "overijssel": 25,
        "flevoland": 6,
        "gelderland": 51,
        "utrecht": 26,
        "north_holland": 44,
        "south_holland": 50,
        "zeeland": 13,
        "north_brabant": 56,
        "limburg": 31,
    }


@pytest.mark.django_db
def test_migration_loaded_the_list():
    assert Municipality.objects.filter(is_current=True).count() == EXPECTED_COUNT
    amsterdam = Municipality.objects.get(code="GM0363")
    assert (amsterdam.name, amsterdam.province) == ("Amsterdam", Province.NORTH_HOLLAND)
    assert Municipality.objects.get(code="GM1992").name == "Voorne aan Zee"


@pytest.mark.django_db
def test_loading_again_changes_nothing_and_retires_merged_codes():
    Municipality.objects.create(code="GM0501", name="Brielle", province=Province.SOUTH_HOLLAND)
    assert load_municipalities(Municipality, read_municipalities()) == (0, 0)
    assert Municipality.objects.get(code="GM0501").is_current is False
    assert selectors.current_municipalities().count() == EXPECTED_COUNT


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["Amsterdam", "amsterdam", "GM0363", "gm0363", "Amsterdam (GM0363)", "  Amsterdam  "]
)
def test_municipality_matching_accepts_name_code_or_list_entry(typed):
    assert selectors.municipality_matching(typed).code == "GM0363"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["", "Atlantis", "GM9999", "Atlantis (GM9999)", "\x00", "(", ")"])
def test_municipality_matching_gives_none_for_unknown_text(typed):
    assert selectors.municipality_matching(typed) is None
