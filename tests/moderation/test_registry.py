"""The adapter registry: each app describes its own reportable kinds; moderation knows none of them."""

import ast
from pathlib import Path

import pytest
from django.conf import settings

from instruments import services as instrument_services
from moderation import services
from moderation.models import FlaggedItem
from moderation.registry import KINDS, ModerationAdapter, get_kind, kinds, register
from tests.factories import UserFactory
from valuecreation import selectors as value_selectors
from valuecreation.moderation import ValueEntryAdapter

ROOT = Path(settings.BASE_DIR)
DOMAIN_APPS = {"instruments", "communities", "valuecreation", "scans", "discovery", "reminders", "api"}


def test_each_app_registers_its_own_kinds():
    owners = {kind.key: type(kind).__module__ for kind in kinds()}
    assert owners["review"] == owners["experience"] == owners["instrument"] == "instruments.moderation"
    assert owners["community"] == "communities.moderation"
    assert owners["valueentry"] == "valuecreation.moderation"
    assert all(isinstance(kind, ModerationAdapter) for kind in kinds())


def test_unknown_kind_is_none():
    assert get_kind("nonsense") is None
    assert get_kind(None) is None


def test_the_registry_imports_no_domain_app():
    tree = ast.parse((ROOT / "moderation" / "registry.py").read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert not imported & DOMAIN_APPS


def test_registering_another_adapter_under_a_taken_key_is_refused():
    class Impostor(ValueEntryAdapter):
        pass

    with pytest.raises(ValueError):
        register(Impostor())


@pytest.mark.django_db
def test_a_new_kind_needs_no_moderation_migration(public_world_entry):
    """A kind key is a free string: a report on a newly registered kind is stored as is."""

    class StoryAdapter(ValueEntryAdapter):
        key = "story"

    register(StoryAdapter())
    try:
        report, created = services.report_create(
            actor=UserFactory(), kind=get_kind("story"), obj=public_world_entry, reason="spam"
        )
        assert created
        item = FlaggedItem.objects.get(pk=report.item_id)
        assert item.kind == "story"
        item.full_clean()
    finally:
        KINDS.pop("story")


@pytest.mark.django_db
def test_moderation_hides_value_entries_through_the_service(public_world_entry, make_user):
    coordinator = make_user("coordinator")
    get_kind("valueentry").set_hidden(actor=coordinator, obj=public_world_entry, hidden=True)
    public_world_entry.refresh_from_db()
    # Only value_entry_hide records who hid it and when.
    assert public_world_entry.is_hidden
    assert public_world_entry.hidden_by == coordinator
    assert public_world_entry.hidden_at is not None


@pytest.mark.django_db
def test_reportable_value_entries_follow_the_value_creation_rule(public_world_entry):
    outsider = UserFactory()
    expected = set(value_selectors.value_entries_visible_to(outsider).values_list("pk", flat=True))
    assert set(get_kind("valueentry").visible_to(outsider).values_list("pk", flat=True)) == expected
    assert public_world_entry.pk in expected


def test_no_module_of_moderation_imports_a_domain_app():
    """What moderation knows of an app comes from that app's ready(): adapters, queue lists, review pages."""
    apps_above = DOMAIN_APPS | {"exchange", "home", "demo", "privacy"}
    for path in (ROOT / "moderation").rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names = {node.module.split(".")[0]}
            else:
                continue
            assert not names & apps_above, f"{path.relative_to(ROOT)} imports {names & apps_above}"


@pytest.mark.django_db
def test_reportable_reviews_follow_the_instrument_page_rule(review, make_user):
    """Hidden: its author and coordinators still reach it, as on the instrument page; others do not."""
    from instruments import selectors as instrument_selectors

    instrument_services.review_set_hidden(actor=None, review=review, hidden=True)
    for user in (review.author, UserFactory(), make_user("coordinator")):
        page = set(instrument_selectors.reviews_for(review.instrument, user).values_list("pk", flat=True))
        reportable = get_kind("review").visible_to(user).filter(instrument=review.instrument)
        reportable = set(reportable.values_list("pk", flat=True))
        assert reportable == page


@pytest.fixture
def public_world_entry(db):
    from tests.valuecreation.conftest import build_value_world

    return build_value_world("public").public_entry
