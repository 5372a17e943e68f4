"""The demo data: catalogue from fixtures/instruments.json, accounts, reviews."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Avg, Count

from accounts.roles import Role, has_role
from core.vocabularies import Audience, InstrumentFormat, Level, Phase, Pillar, Theme
from instruments.models import (
    Classification,
    Experience,
    Facet,
    Instrument,
    InstrumentStatus,
    Review,
)

DEMO_PASSWORD = "lc-demo-2026"
FIXTURE = Path(django_settings.BASE_DIR) / "fixtures" / "instruments.json"

# Every instrument of the table in publication section 3.4f.
TABLE_3_4F_TITLES = [
    "Designkit Learning communities: doelenscan",
    "Designkit Learning communities: structuur & processcan",
    "Designkit Learning communities: cultuurscan",
    "Community ster methode",
    "Actiescan Learning communities",
    "Seeds of Innovation",
    "Partnerschapskaart",
    "Fasemodel PPS in het beroepsonderwijs",
    "4*4 PitStop methode",
    "Reflectie-instrument dialoogkwaliteit",
    "Dialooginstrument",
    "Afwegingskader vertrouwen",
    "Profielbeschrijving (PexPi)",
    "Patronen en patroontaal van ontwerpoplossingen",
    "Opbrengstenanalyse",
    "Co-creatiewiel",
    "Netwerk-barometer",
]

# Tools described in sections 3.2 - 3.5 of the publication.
SECTION_TOOLS = [
    "Bouwstenen voor de lerende innovatie community",
    "Actiebereidheid: vijf stellingen",
    "Vier ontwerpoverwegingen voor het type learning community",
    "Sociale Innovatie Businessmodel-canvas",
    "Werkblad micro-learning communities",
    "Wekelijkse stand-up met drie kernvragen",
    "LC-impactinterview",
]

# Instruments the publication names outside the table, added for issue 22, with where they come from.
PUBLICATION_ADDITIONS = {
    "Verduurzamen van learning communities: oogsten in de Greenport": "3.5a",
    "Arbeidsmarkt InZicht: overzicht van financieringsmogelijkheden": "3.2d",
    "Consensusconferentie": "2.2",
    "Participatie-atelier": "2.2",
    "Realist Evaluation": "2.5",
    "Samenwerkingsovereenkomst": "3.2e/3.3c",
    "Checklist voor een blended of online learning community": "3.4e",
    "Vier vormen van boundary crossing": "2.2",
    "Drie basisbehoeften: verbondenheid, autonomie en competentie": "3.4a",
    "Zes kernprincipes van learning communities": "2.5",
    "Relationele dynamiek in meerpartijensamenwerking": "2.4",
}
# Where the publication gives the link as "#", the entry says so instead of inventing a link.
LINKED_AS_HASH = [
    "Verduurzamen van learning communities: oogsten in de Greenport",
    "Arbeidsmarkt InZicht: overzicht van financieringsmogelijkheden",
]

DEMO_ACCOUNTS = {
    "admin@lcplatform.local": None,
    "coordinator@lcplatform.local": Role.NETWORK_COORDINATOR,
    "facilitator@lcplatform.local": Role.FACILITATOR,
    "developer@lcplatform.local": Role.INSTRUMENT_DEVELOPER,
    "member@lcplatform.local": None,
    "lid1@lcplatform.local": None,
    "lid2@lcplatform.local": None,
    "lid3@lcplatform.local": None,
}


@pytest.fixture
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def _seeded_once(fast_hasher, monkeypatch, shared_rows):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    return shared_rows.get("seed_demo", _seed)


@pytest.fixture
def seeded(_seeded_once, db):
    """The demo data, seeded once for the module; each test runs in a savepoint (tests/shared.py).

    So the tests below ask for the database through this fixture, not a django_db mark.
    """
    return _seeded_once


def _counts():
    return {
        "users": get_user_model().objects.count(),
        "instruments": Instrument.objects.count(),
        "classifications": Classification.objects.count(),
        "reviews": Review.objects.count(),
        "experiences": Experience.objects.count(),
        "emails": EmailAddress.objects.count(),
    }


def test_fixture_is_valid_json_with_known_codes():
    items = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert len(items) >= 24
    vocabularies = {
        "phases": Phase.values,
        "pillars": Pillar.values,
        "levels": Level.values,
        "audiences": Audience.values,
        "themes": Theme.values,
    }
    titles = [item["title"] for item in items]
    assert len(titles) == len(set(titles))
    for item in items:
        assert item["format"] in InstrumentFormat.values, item["title"]
        assert item["language"] in ("nl", "en"), item["title"]
        assert 0 < len(item["summary"]) <= 300, item["title"]
        assert item["goal"].strip() and item["description"].strip(), item["title"]
        assert item["year"] is None or isinstance(item["year"], int), item["title"]
        for key, allowed in vocabularies.items():
            assert set(item[key]) <= set(allowed), (item["title"], key)
        assert item["phases"] and item["audiences"], item["title"]
        assert all(tag == tag.lower() for tag in item["tags"]), item["title"]


def test_catalogue_is_published(seeded):
    published = Instrument.objects.filter(status=InstrumentStatus.PUBLISHED)
    assert published.count() >= 22
    developer = get_user_model().objects.get(email="developer@lcplatform.local")
    assert set(published.values_list("owners", flat=True)) == {developer.pk}


def test_every_instrument_is_complete_and_classified(seeded):
    for instrument in Instrument.objects.all():
        assert instrument.summary.strip(), instrument.title
        assert instrument.goal.strip(), instrument.title
        assert instrument.url == "" or instrument.url.startswith(("http://", "https://"))
        assert instrument.facet_values(Facet.PHASE), instrument.title
        assert instrument.facet_values(Facet.AUDIENCE), instrument.title


def test_named_instruments_are_present(seeded):
    titles = set(Instrument.objects.filter(status=InstrumentStatus.PUBLISHED).values_list("title", flat=True))
    missing = [t for t in TABLE_3_4F_TITLES + SECTION_TOOLS + list(PUBLICATION_ADDITIONS) if t not in titles]
    assert missing == []


def test_publication_additions_are_fully_classified():
    items = {item["title"]: item for item in json.loads(FIXTURE.read_text(encoding="utf-8"))}
    for title in PUBLICATION_ADDITIONS:
        item = items[title]
        for key in ("phases", "pillars", "levels", "audiences"):
            assert item[key], (title, key)
        assert item["tags"], title


def test_links_given_as_hash_are_named_not_invented():
    items = {item["title"]: item for item in json.loads(FIXTURE.read_text(encoding="utf-8"))}
    for title in LINKED_AS_HASH:
        assert items[title]["url"] == "", title
        assert '("#")' in items[title]["description"], title


def test_seeds_of_innovation_is_honest_about_twelve_factors_and_nine_tips():
    items = {item["title"]: item for item in json.loads(FIXTURE.read_text(encoding="utf-8"))}
    seeds = items["Seeds of Innovation"]
    assert "twaalf factoren" in seeds["summary"] and "twaalf factoren" in seeds["description"]
    assert "negen tips" in seeds["description"]
    greenport = items["Verduurzamen van learning communities: oogsten in de Greenport"]
    assert "Seeds of Innovation" in greenport["description"] and "twaalf factoren" in greenport["description"]
    # The publication itself describes the tool twice (twelve factors in the 3.4f table, scoring the tips in
    # 3.5); both entries name both places rather than pick one.
    for entry in (seeds, greenport):
        assert "3.4f" in entry["description"] and "3.5" in entry["description"], entry["title"]


def test_the_role_is_called_facilitator_throughout_the_catalogue():
    # One term for the role, as in the audience facet and the UI; the verb "begeleiden" stays.
    items = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for item in items:
        for field in ("summary", "goal", "description"):
            assert not re.search(r"\bbegeleiders?\b", item[field], re.IGNORECASE), (item["title"], field)


def test_trust_framework_is_tagged_as_care(seeded):
    instrument = Instrument.objects.get(title="Afwegingskader vertrouwen")
    assert "zorg" in set(instrument.tags.names())
    assert instrument.facet_values(Facet.THEME) == ["health"]
    assert instrument.url == (
        "https://www.igj.nl/publicaties/publicaties/2018/10/09/afwegingskader-vertrouwen"
    )


def test_execute_for_facilitators_gives_several_instruments(seeded):
    execute = Classification.objects.filter(facet=Facet.PHASE, value="execute")
    facilitators = Classification.objects.filter(facet=Facet.AUDIENCE, value="facilitators")
    qs = Instrument.objects.filter(
        status=InstrumentStatus.PUBLISHED,
        pk__in=execute.values("instrument_id"),
    ).filter(pk__in=facilitators.values("instrument_id"))
    assert qs.count() >= 5


def test_one_submitted_instrument_owned_by_developer(seeded):
    submitted = Instrument.objects.filter(status=InstrumentStatus.SUBMITTED)
    assert submitted.count() == 1
    assert list(submitted.get().owners.values_list("email", flat=True)) == ["developer@lcplatform.local"]


def test_running_twice_creates_no_duplicates(seeded):
    before = _counts()
    call_command("seed_demo", "--quiet", stdout=StringIO())
    assert _counts() == before
    assert before["reviews"] > 0 and before["experiences"] > 0
    duplicated = Instrument.objects.values("title").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicated.exists()


def test_rerun_keeps_changed_password(seeded, client):
    user = get_user_model().objects.get(email="member@lcplatform.local")
    user.set_password("mijn-eigen-wachtwoord")
    user.save()
    call_command("seed_demo", "--quiet", stdout=StringIO())
    assert client.login(email="member@lcplatform.local", password="mijn-eigen-wachtwoord")


def test_demo_users_exist_with_roles_and_can_log_in(seeded, client):
    User = get_user_model()
    for email, role in DEMO_ACCOUNTS.items():
        user = User.objects.get(email=email)
        assert user.name and user.organisation, email
        assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True).exists()
        if role is not None:
            assert has_role(user, role), email
        assert client.login(email=email, password=DEMO_PASSWORD), email
        client.logout()
        assert client.login(username=email, password=DEMO_PASSWORD), email
        client.logout()
    admin = User.objects.get(email="admin@lcplatform.local")
    assert admin.is_superuser and admin.is_staff
    member = User.objects.get(email="member@lcplatform.local")
    assert not member.is_staff and not member.groups.exists()


def test_account_table_is_printed(seeded):
    for email in DEMO_ACCOUNTS:
        assert email in seeded
    assert DEMO_PASSWORD in seeded


def test_rating_averages_match_reviews(seeded):
    reviewed = Instrument.objects.annotate(n=Count("reviews"), mean=Avg("reviews__rating"))
    assert reviewed.filter(n__gt=0).count() >= 3
    for instrument in reviewed:
        assert instrument.rating_count == instrument.n, instrument.title
        if instrument.n:
            assert instrument.rating_avg == pytest.approx(instrument.mean), instrument.title
            assert instrument.rating_sum == sum(instrument.reviews.values_list("rating", flat=True))
        else:
            assert instrument.rating_avg is None, instrument.title


def test_experience_counts_match(seeded):
    for instrument in Instrument.objects.annotate(n=Count("experiences")):
        assert instrument.experience_count == instrument.n, instrument.title


def test_the_facilitators_stand_up_experience_is_linked_to_gas_erop(seeded, client):
    from communities.models import ExperienceLink

    link = ExperienceLink.objects.select_related("experience__instrument", "community").get(
        experience__author__email="facilitator@lcplatform.local",
        experience__instrument__title="Wekelijkse stand-up met drie kernvragen",
    )
    assert link.community.name == "Gas erop! Total Station in de installatietechniek"
    # The community is public, so any visitor reads the label on the instrument page.
    html = client.get(link.experience.instrument.get_absolute_url()).content.decode()
    assert 'data-testid="experience-context">Gebruikt in de community <a href="/communities/' in html
    assert ">Gas erop! Total Station in de installatietechniek</a></p>" in html
    before = list(ExperienceLink.objects.values_list("experience_id", "community_id"))
    call_command("seed_demo", "--quiet", stdout=StringIO())
    assert list(ExperienceLink.objects.values_list("experience_id", "community_id")) == before


# Without the shared seed: the guard in tests/conftest.py rolls it back before these run.
def test_quiet_suppresses_account_table(db, fast_hasher):
    out = StringIO()
    call_command("seed_demo", "--quiet", stdout=out)
    assert "admin@lcplatform.local" not in out.getvalue()


def test_demo_password_from_environment(db, fast_hasher, monkeypatch, client):
    monkeypatch.setenv("DEMO_PASSWORD", "ander-wachtwoord-42")
    call_command("seed_demo", "--quiet", stdout=StringIO())
    assert client.login(email="facilitator@lcplatform.local", password="ander-wachtwoord-42")
