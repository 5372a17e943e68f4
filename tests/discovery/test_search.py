"""Search across instruments, experiences and communities: matching, ranking, visibility, safety."""

import pytest
from django.urls import reverse

from communities.models import Visibility
from discovery.search import Kind, highlight_words, mark_delimited, search
from instruments.models import InstrumentStatus
from tests.communities.factories import CommunityFactory, MembershipFactory
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

from .conftest import on_postgres

SEARCH = reverse("discovery:search")


def hit_titles(results, kind):
    group = results.group(kind)
    return [hit.title for hit in group.hits] if group else []


@pytest.fixture
def trust_world(db):
    kader = InstrumentFactory(
        title="Afwegingskader vertrouwen",
        summary="Kader om te reflecteren op vertrouwen in een community.",
        goal="Bespreekbaar maken waar vertrouwen op rust.",
    )
    other = InstrumentFactory(title="Wekelijkse stand-up", summary="Kort overleg.", goal="Voortgang bewaken.")
    ExperienceFactory(
        instrument=other,
        what_worked="Na drie weken groeide het vertrouwen tussen binnen- en buitendienst.",
        theme="energy",
    )
    ExperienceFactory(instrument=other, what_worked="Iedereen wist wat de ander deed.")
    return kader, other


def test_vertrouwen_finds_the_framework_and_experiences_mentioning_trust(client, trust_world):
    response = client.get(SEARCH, {"q": "vertrouwen"})
    assert response.status_code == 200
    results = response.context["results"]
    assert hit_titles(results, Kind.INSTRUMENTS)[0] == "Afwegingskader vertrouwen"
    experiences = results.group(Kind.EXPERIENCES)
    assert experiences.total == 1
    assert "vertrouwen" in experiences.hits[0].snippet
    assert "<mark>" in response.content.decode()


def test_title_match_ranks_above_a_description_match(db):
    InstrumentFactory(title="Cultuurscan", summary="Scan.", goal="Cultuur.", description="Over dialoog.")
    InstrumentFactory(title="Dialooginstrument", summary="Voor de dialoog.", goal="Dialoog verbeteren.")
    results = search("dialoog", UserFactory())
    # Dutch stemming matches "Dialooginstrument" only on SQLite's substring fallback; "dialoog" itself always.
    titles = hit_titles(results, Kind.INSTRUMENTS)
    assert titles[0] == "Dialooginstrument"
    assert "Cultuurscan" in titles


def test_unpublished_instruments_are_found_only_by_owners_and_coordinators(db, coordinator):
    owner = UserFactory()
    draft = InstrumentFactory(title="Geheime vertrouwensscan", status=InstrumentStatus.DRAFT, owner=owner)
    ExperienceFactory(instrument=draft, what_worked="Vertrouwensscan werkte.")
    outsider = UserFactory()
    assert hit_titles(search("vertrouwensscan", outsider), Kind.INSTRUMENTS) == []
    assert search("vertrouwensscan", outsider).group(Kind.EXPERIENCES).total == 0
    assert hit_titles(search("vertrouwensscan", owner), Kind.INSTRUMENTS) == ["Geheime vertrouwensscan"]
    assert hit_titles(search("vertrouwensscan", coordinator), Kind.INSTRUMENTS) == ["Geheime vertrouwensscan"]


def test_members_only_communities_are_found_by_members_only(client, db):
    secret = CommunityFactory(
        name="Warmtenet Zuid", challenge="Een warmtenet voor de wijk.", visibility=Visibility.MEMBERS_ONLY
    )
    CommunityFactory(name="Warmtepompen Oost", challenge="Installateurs leren warmtepompen plaatsen.")
    member = UserFactory()
    MembershipFactory(community=secret, user=member)
    anonymous = client.get(SEARCH, {"q": "warmtenet"}).content.decode()
    assert "Warmtenet Zuid" not in anonymous
    # (On PostgreSQL the typo tolerance may also offer "Warmtepompen Oost"; never the hidden one.)
    assert "Warmtenet Zuid" not in hit_titles(search("warmtenet", UserFactory()), Kind.COMMUNITIES)
    assert hit_titles(search("warmtenet", member), Kind.COMMUNITIES)[0] == "Warmtenet Zuid"


def test_hidden_experiences_are_not_found(db):
    instrument = InstrumentFactory(title="Actiescan")
    experience = ExperienceFactory(instrument=instrument, what_worked="Verborgen kennisdeling werkte.")
    if not hasattr(experience, "is_hidden"):
        pytest.skip("moderation has not added is_hidden yet")
    type(experience).objects.filter(pk=experience.pk).update(is_hidden=True)
    assert search("kennisdeling", UserFactory()).group(Kind.EXPERIENCES).total == 0


def test_typo_in_a_title_still_finds_it(db):
    InstrumentFactory(title="Partnerschapskaart", summary="Kaart.", goal="Partnerschap.")
    InstrumentFactory(title="Co-creatiewiel", summary="Wiel.", goal="Samenwerken.")
    InstrumentFactory(title="Netwerk-barometer", summary="Meten.", goal="Meten.")
    user = UserFactory()
    assert hit_titles(search("partnerschapkaart", user), Kind.INSTRUMENTS) == ["Partnerschapskaart"]
    assert hit_titles(search("co creatie wiel", user), Kind.INSTRUMENTS) == ["Co-creatiewiel"]


@on_postgres
def test_postgres_uses_dutch_stemming_and_weights(db):
    InstrumentFactory(
        title="Werkplekleren", summary="Over leren.", goal="Leren.", description="vertrouwde omgeving"
    )
    InstrumentFactory(title="Vertrouwensbank", summary="Bouwen aan vertrouwen.", goal="Vertrouwen.")
    results = search("vertrouwen", UserFactory())
    # "vertrouwen" and "vertrouwde" share the Dutch stem; the title/summary hit ranks first.
    titles = hit_titles(results, Kind.INSTRUMENTS)
    assert titles[0] == "Vertrouwensbank"


@on_postgres
def test_postgres_search_vector_is_kept_up_to_date_by_the_database(db):
    from django.db import connection

    instrument = InstrumentFactory(title="Oud", summary="Niets.", goal="Niets.")
    type(instrument).objects.filter(pk=instrument.pk).update(summary="Nu over zeilboten.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM instruments_instrument WHERE id = %s", [instrument.pk]
        )
        assert "zeilbot" in cursor.fetchone()[0]
    assert hit_titles(search("zeilboten", UserFactory()), Kind.INSTRUMENTS) == ["Oud"]


@on_postgres
def test_postgres_typo_on_community_name(db):
    CommunityFactory(name="ShareHouse warehouses", challenge="Logistiek.")
    assert hit_titles(search("sharehous", UserFactory()), Kind.COMMUNITIES) == ["ShareHouse warehouses"]


def test_stored_markup_is_escaped_before_marking(db):
    snippet = highlight_words('<script>alert("vertrouwen")</script> vertrouwen', "vertrouwen")
    assert "<script>" not in snippet
    assert "&lt;script&gt;" in snippet
    assert "<mark>vertrouwen</mark>" in snippet
    # An unbalanced delimiter in stored text never produces an open <mark>.
    assert "<mark>" not in mark_delimited("a \ue000 b")


def test_search_page_groups_by_kind_and_paginates_one_kind(client, db):
    for i in range(25):
        InstrumentFactory(title=f"Dialoogkaart {i:02d}", summary="Dialoog.", goal="Dialoog.")
    response = client.get(SEARCH, {"q": "dialoogkaart"})
    group = response.context["results"].group(Kind.INSTRUMENTS)
    assert group.total == 25 and len(group.hits) == 5
    assert "kind=instruments" in response.content.decode()
    page2 = client.get(SEARCH, {"q": "dialoogkaart", "kind": "instruments", "page": 2})
    assert [g.kind for g in page2.context["results"].groups] == ["instruments"]
    assert len(page2.context["results"].group(Kind.INSTRUMENTS).hits) == 5


@pytest.mark.parametrize(
    "params",
    [{"q": "\x00"}, {"q": "a" * 500}, {"q": "!!! ---"}, {"q": "' OR 1=1 --"}, {"q": "x", "kind": "users"}],
)
def test_bad_input_never_fails(client, db, params):
    response = client.get(SEARCH, params)
    assert response.status_code in (200, 400)


def test_empty_query_shows_the_hint(client, db):
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert response.context["results"] is None


def test_header_has_a_search_box(client, db):
    html = client.get(reverse("home:home")).content.decode()
    assert f'action="{SEARCH}"' in html and 'name="q"' in html


def test_catalogue_free_text_filter_uses_the_same_search(client, db):
    InstrumentFactory(
        title="Partnerschapskaart", summary="Kaart.", goal="Partnerschap.", facets={"phase": ["execute"]}
    )
    InstrumentFactory(
        title="Netwerk-barometer", summary="Meten.", goal="Meten.", facets={"phase": ["execute"]}
    )
    response = client.get(reverse("instruments:list"), {"q": "partnerschapkaart", "phase": "execute"})
    assert [i.title for i in response.context["page"].object_list] == ["Partnerschapskaart"]
    phase_counts = {
        o.value: o.count for g in response.context["groups"] if g.name == "phase" for o in g.options
    }
    assert phase_counts["execute"] == 1


@pytest.mark.parametrize("role", ["anonymous", "member", "owner", "coordinator"])
def test_hidden_instruments_are_the_exact_complement_of_the_visible_ones(db, make_user, role):
    from django.contrib.auth.models import AnonymousUser

    from discovery.search import _hidden_instruments
    from instruments.models import Instrument
    from instruments.selectors import instruments_visible_to

    owner = UserFactory()
    for status in InstrumentStatus.values:
        InstrumentFactory(status=status)
        InstrumentFactory(status=status, owner=owner)
    hidden_one = InstrumentFactory(owner=owner)
    if hasattr(hidden_one, "is_hidden"):
        Instrument.objects.filter(pk=hidden_one.pk).update(is_hidden=True)
    user = {"anonymous": AnonymousUser(), "owner": owner}.get(role) or make_user(role)
    visible = set(instruments_visible_to(user).values_list("pk", flat=True))
    hidden = _hidden_instruments(user)
    hidden_ids = set() if hidden is None else set(hidden.values_list("pk", flat=True))
    assert visible.isdisjoint(hidden_ids)
    assert visible | hidden_ids == set(Instrument.objects.values_list("pk", flat=True))


@on_postgres
def test_search_vector_column_compiles_to_the_base_table_column(db):
    from django.db import connection

    from discovery.expressions import SearchVectorColumn
    from instruments.models import Instrument

    compiler = Instrument.objects.all().query.get_compiler(connection=connection)
    sql, params = SearchVectorColumn().as_sql(compiler, connection)
    assert sql == '"instruments_instrument"."search_vector"'
    assert list(params) == []
