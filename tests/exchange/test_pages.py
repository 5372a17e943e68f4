"""What the challenge pages show, and what they never show."""

import pytest
from django.urls import reverse

from communities.models import Visibility
from exchange import selectors, services
from exchange.models import Challenge, ChallengeStatus, CommunityChallenge, DevelopmentStep
from notifications import selectors as follow_selectors
from places.models import Municipality
from tests.communities.factories import CommunityFactory, InstrumentFactory, InstrumentUseFactory
from tests.factories import UserFactory
from tests.valuecreation.factories import ValueEntryFactory

from .conftest import link, make_challenge, make_step, municipality

pytestmark = pytest.mark.django_db


def _page(client, challenge):
    response = client.get(challenge.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_challenge_page_names_public_communities_with_municipality_and_phase(client):
    challenge = make_challenge()
    for name, code in [("Warm Noord", "GM0014"), ("Warm West", "GM0363"), ("Warm Zuid", "GM0772")]:
        community = CommunityFactory(name=name, municipality=municipality(code), phase="design")
        link(community, challenge)
        make_step(community, title=f"Stap van {name}")
    html = _page(client, challenge)
    for name, place in [("Warm Noord", "Groningen"), ("Warm West", "Amsterdam"), ("Warm Zuid", "Eindhoven")]:
        assert name in html and place in html and f"Stap van {name}" in html
    assert "Ontwerpen" in html  # the phase, in Dutch
    assert "In 3 gemeenten" in html


@pytest.mark.parametrize(("secret_count", "shown"), [(1, "enkele"), (2, "enkele"), (3, "En 3 communities")])
def test_members_only_communities_are_counted_from_three_else_some(client, secret_count, shown):
    challenge = make_challenge()
    link(CommunityFactory(name="Openbaar"), challenge)
    for i in range(secret_count):
        # Public first (so the step and the public story can exist), then closed: nothing may remain visible.
        secret = CommunityFactory(name=f"Geheim {i}", municipality=municipality("GM0599"))
        link(secret, challenge)
        make_step(secret, title=f"Geheime stap {i}")
        InstrumentUseFactory(community=secret, instrument=InstrumentFactory(title=f"Geheim instrument {i}"))
        ValueEntryFactory(community=secret, title=f"Geheim verhaal {i}", visibility="public")
        type(secret).objects.filter(pk=secret.pk).update(visibility=Visibility.MEMBERS_ONLY)
    html = _page(client, challenge)
    assert shown in html
    assert "Geheim " not in html and "Rotterdam" not in html
    if secret_count < 3:
        assert f"En {secret_count} " not in html


def test_a_member_sees_her_own_members_only_community_named(client):
    challenge = make_challenge()
    member = UserFactory()
    secret = CommunityFactory(name="Onze Buurt", visibility=Visibility.MEMBERS_ONLY)
    secret.memberships.create(user=member)
    link(secret, challenge)
    make_step(secret, title="Onze geheime stap")
    client.force_login(member)
    html = _page(client, challenge)
    assert "Onze Buurt" in html
    assert "Onze geheime stap" not in html  # steps are public logbook entries only


def test_challenge_page_shows_instruments_with_how_it_went_and_public_stories(client):
    challenge = make_challenge()
    community = CommunityFactory(name="Warm Oost")
    link(community, challenge)
    InstrumentUseFactory(
        community=community, instrument=InstrumentFactory(title="Warmtescan"), note="Werkte goed"
    )
    ValueEntryFactory(community=community, title="Bewoners doen mee", visibility="public")
    ValueEntryFactory(community=community, title="Interne notitie", visibility="community")
    html = _page(client, challenge)
    assert "Warmtescan" in html and "Werkte goed" in html
    assert "Bewoners doen mee" in html and "Interne notitie" not in html


def test_hidden_steps_and_hidden_communities_disappear(client):
    challenge = make_challenge()
    community = CommunityFactory(name="Verstopt")
    link(community, challenge)
    step = make_step(community, title="Verborgen stap")
    services.step_set_hidden(step=step, hidden=True)
    assert "Verborgen stap" not in _page(client, challenge)
    type(community).objects.filter(pk=community.pk).update(is_hidden=True)
    html = _page(client, challenge)
    assert "Verstopt" not in html and "enkele" not in html


def test_description_markdown_is_sanitised(client, coordinator):
    challenge = services.challenge_create(
        actor=coordinator,
        title="Veilig",
        description="**vet** <script>alert(1)</script> [x](javascript:alert(1))",
    )
    html = _page(client, challenge)
    assert "<strong>vet</strong>" in html
    assert "<script>alert" not in html and "javascript:" not in html


# -- proposals ---------------------------------------------------------------------------


def test_a_proposal_waits_for_a_coordinator(client, coordinator):
    proposer = UserFactory()
    client.force_login(proposer)
    response = client.post(
        reverse("exchange:challenge_propose"),
        {
            "title": "Zorg in de wijk",
            "description": "Wijkverpleging en mantelzorg samen.",
            "themes": ["health"],
        },
    )
    challenge = Challenge.objects.get(title="Zorg in de wijk")
    assert response.status_code == 302 and challenge.status == ChallengeStatus.PROPOSED
    assert challenge.theme_codes == ["health"]
    client.logout()
    assert client.get(challenge.get_absolute_url()).status_code == 404
    assert "Zorg in de wijk" not in client.get(reverse("exchange:challenge_list")).content.decode()
    client.force_login(coordinator)
    assert "Zorg in de wijk" in client.get(reverse("exchange:challenge_list")).content.decode()
    client.post(reverse("exchange:challenge_status", kwargs={"slug": challenge.slug}), {"status": "active"})
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.ACTIVE
    client.logout()
    assert client.get(challenge.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("title", ["Aardgasvrije wijken", "  aardgasvrije   WIJKEN "])
def test_a_duplicate_title_gets_a_clear_message_and_keeps_what_was_typed(client, title):
    make_challenge()
    client.force_login(UserFactory())
    response = client.post(
        reverse("exchange:challenge_propose"),
        {"title": title, "description": "Mijn lange uitleg over de wijk."},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Er bestaat al een opgave met deze titel" in html
    assert "Mijn lange uitleg over de wijk." in html
    assert Challenge.objects.count() == 1


def test_proposing_the_title_of_a_challenge_one_cannot_see_reveals_nothing(client, coordinator):
    """Issue 16, finding 6: someone else's waiting proposal and a hidden challenge are no name oracle."""
    others = services.challenge_propose(
        actor=UserFactory(), title="Zorg in de wijk", description="Van een ander."
    )
    hidden = make_challenge("Geheime opgave", is_hidden=True)
    proposer = UserFactory()
    client.force_login(proposer)
    for title in ("Zorg in de wijk", "Geheime opgave"):
        response = client.post(
            reverse("exchange:challenge_propose"), {"title": title, "description": "Mijn idee."}
        )
        assert response.status_code == 302, title
    mine = Challenge.objects.filter(created_by=proposer)
    assert mine.count() == 2
    # Neither took a plain slug nor a counter that tells how many share the name.
    assert all(c.slug not in (others.slug, hidden.slug, "zorg-in-de-wijk", "geheime-opgave") for c in mine)
    assert others.slug != "zorg-in-de-wijk"  # a waiting proposal never holds the plain slug
    # Proposing the same title twice oneself is still caught, with the waiting message.
    response = client.post(
        reverse("exchange:challenge_propose"), {"title": "Zorg in de wijk", "description": "Nog eens."}
    )
    assert response.status_code == 400
    assert "al voorgesteld" in response.content.decode()
    # Approved, a proposal takes the plain slug when it is free.
    client.force_login(coordinator)
    client.post(reverse("exchange:challenge_status", kwargs={"slug": others.slug}), {"status": "active"})
    others.refresh_from_db()
    assert others.status == ChallengeStatus.ACTIVE and others.slug == "zorg-in-de-wijk"
    # Approving a twin of an existing challenge (here the hidden one) says what to do, and changes nothing.
    twin = mine.get(title="Geheime opgave")
    response = client.post(
        reverse("exchange:challenge_status", kwargs={"slug": twin.slug}), {"status": "active"}, follow=True
    )
    assert "Er bestaat al een opgave met deze titel" in response.content.decode()
    twin.refresh_from_db()
    assert twin.status == ChallengeStatus.PROPOSED


def test_a_coordinator_declines_a_proposal(client, coordinator):
    proposal = make_challenge("Slecht idee", status=ChallengeStatus.PROPOSED, created_by=UserFactory())
    client.force_login(coordinator)
    response = client.post(
        reverse("exchange:challenge_status", kwargs={"slug": proposal.slug}), {"status": "declined"}
    )
    assert response.status_code == 302
    assert not Challenge.objects.filter(pk=proposal.pk).exists()


def test_archiving_keeps_the_page_but_leaves_the_list(client, coordinator):
    challenge = make_challenge()
    client.force_login(coordinator)
    client.post(reverse("exchange:challenge_status", kwargs={"slug": challenge.slug}), {"status": "archived"})
    client.logout()
    assert "Aardgasvrije wijken" not in client.get(reverse("exchange:challenge_list")).content.decode()
    assert (
        "Aardgasvrije wijken"
        in client.get(reverse("exchange:challenge_list") + "?status=archived").content.decode()
    )
    assert client.get(challenge.get_absolute_url()).status_code == 200


# -- linking and steps -------------------------------------------------------------------------


def test_a_facilitator_links_her_community_and_publishes_a_step(client):
    challenge = make_challenge()
    facilitator = UserFactory(role="facilitator")
    community = CommunityFactory(name="Warm Midden", facilitator=facilitator)
    client.force_login(facilitator)
    response = client.post(
        reverse("exchange:community_challenges", kwargs={"slug": community.slug}),
        {"challenges": [challenge.slug]},
    )
    assert response.status_code == 302
    assert CommunityChallenge.objects.filter(community=community, challenge=challenge).exists()
    instrument = InstrumentFactory(title="Buurtkaart")
    response = client.post(
        reverse("exchange:step_create", kwargs={"slug": community.slug}),
        {
            "kind": "milestone",
            "title": "Eerste straat aardgasvrij",
            "what_we_did": "Twintig woningen **aangesloten**.",
            "what_we_learned": "Bewoners overtuigen bewoners.",
            "instrument": instrument.pk,
        },
    )
    step = DevelopmentStep.objects.get()
    assert response.status_code == 302 and response["Location"] == step.get_absolute_url()
    assert step.author == facilitator and "<strong>aangesloten</strong>" in step.what_we_did_html
    client.logout()
    html = _page(client, challenge)
    assert "Eerste straat aardgasvrij" in html and "Buurtkaart" in html
    profile = client.get(community.get_absolute_url()).content.decode()
    assert "Eerste straat aardgasvrij" in profile and "Aardgasvrije wijken" in profile


def test_unlinking_removes_the_community_from_the_challenge(client):
    challenge = make_challenge()
    facilitator = UserFactory(role="facilitator")
    community = CommunityFactory(name="Warm Midden", facilitator=facilitator)
    link(community, challenge)
    client.force_login(facilitator)
    client.post(reverse("exchange:community_challenges", kwargs={"slug": community.slug}), {})
    assert not CommunityChallenge.objects.exists()


def test_a_step_on_a_members_only_community_is_refused_with_a_clear_message(client):
    facilitator = UserFactory(role="facilitator")
    community = CommunityFactory(
        name="Binnenkring", facilitator=facilitator, visibility=Visibility.MEMBERS_ONLY
    )
    client.force_login(facilitator)
    url = reverse("exchange:step_create", kwargs={"slug": community.slug})
    assert "alleen voor leden" in client.get(url).content.decode()
    response = client.post(url, {"kind": "lesson", "title": "Onze les", "what_we_did": "Wat we typten."})
    html = response.content.decode()
    assert response.status_code == 400
    assert "alleen openbare communities delen stappen" in html
    assert "Wat we typten." in html
    assert not DevelopmentStep.objects.exists()


def test_a_facilitator_edits_and_deletes_a_step(client):
    facilitator = UserFactory(role="facilitator")
    community = CommunityFactory(facilitator=facilitator)
    step = make_step(community, title="Oud")
    client.force_login(facilitator)
    response = client.post(
        reverse("exchange:step_edit", kwargs={"slug": community.slug, "pk": step.pk}),
        {"kind": "lesson", "title": "Nieuw", "what_we_did": "Anders gedaan."},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.title == "Nieuw" and step.what_we_did_html == "<p>Anders gedaan.</p>"
    client.post(reverse("exchange:step_delete", kwargs={"slug": community.slug, "pk": step.pk}))
    assert not DevelopmentStep.objects.exists()


def test_following_a_challenge(client):
    challenge = make_challenge()
    user = UserFactory()
    client.force_login(user)
    target = {"target_type": "exchange.challenge", "target_id": challenge.pk}
    assert 'name="target_type" value="exchange.challenge"' in _page(client, challenge)
    client.post(reverse("notifications:follow"), {**target, "action": "follow"})
    assert follow_selectors.is_following(user, challenge)
    assert 'aria-pressed="true"' in _page(client, challenge)
    client.post(reverse("notifications:follow"), {**target, "action": "unfollow"})
    assert not follow_selectors.is_following(user, challenge)


# -- municipalities ----------------------------------------------------------------------------


def test_community_form_takes_a_municipality_and_rejects_an_unknown_one(client):
    facilitator = UserFactory(role="facilitator")
    community = CommunityFactory(facilitator=facilitator, province="north_holland")
    client.force_login(facilitator)
    url = reverse("communities:edit", kwargs={"slug": community.slug})
    page = client.get(url).content.decode()
    assert "<datalist" in page and "Amsterdam (GM0363)" in page
    data = {
        "name": community.name,
        "challenge": community.challenge,
        "level": community.level,
        "variant": community.variant,
        "province": "north_holland",
        "phase": community.phase,
        "visibility": community.visibility,
    }
    response = client.post(url, {**data, "municipality": "Atlantis"})
    html = response.content.decode()
    assert "We kennen geen gemeente met de naam “Atlantis”" in html and 'value="Atlantis"' in html
    response = client.post(url, {**data, "municipality": "Rotterdam"})
    assert "Rotterdam ligt in Zuid-Holland" in response.content.decode()
    community.refresh_from_db()
    assert community.municipality is None
    response = client.post(url, {**data, "municipality": "gm0363"})
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.municipality == Municipality.objects.get(code="GM0363")


def test_profile_takes_a_municipality(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {
            "name": "Wil Webber",
            "organisation": "Gemeente Zwolle",
            "municipality": "Zwolle",
            "bio": "",
            "language": "nl",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.municipality.code == "GM0193"


def test_community_list_filters_by_municipality(client):
    CommunityFactory(name="In Zwolle", municipality=municipality("GM0193"))
    CommunityFactory(name="In Deventer", municipality=municipality("GM0150"))
    CommunityFactory(
        name="Geheim in Zwolle", municipality=municipality("GM0193"), visibility=Visibility.MEMBERS_ONLY
    )
    html = client.get(reverse("communities:list") + "?municipality=Zwolle").content.decode()
    assert "In Zwolle" in html and "In Deventer" not in html and "Geheim in Zwolle" not in html
    html = client.get(reverse("communities:list") + "?municipality=Atlantis").content.decode()
    assert "We kennen geen gemeente met de naam" in html


# -- comparable communities ----------------------------------------------------------------------


def test_comparable_communities_prefer_the_same_challenge(client):
    from discovery.associations import comparable_communities

    challenge = make_challenge()
    own = CommunityFactory(
        name="Eigen", province="overijssel", level="meso", municipality=municipality("GM0193")
    )
    far = CommunityFactory(name="Ver weg, zelfde opgave", province="limburg", level="micro", phase="start")
    near = CommunityFactory(name="Dichtbij", province="overijssel", level="meso")
    same_town = CommunityFactory(
        name="Zelfde stad", province="overijssel", level="meso", municipality=municipality("GM0193")
    )
    secret = CommunityFactory(name="Geheim, zelfde opgave", visibility=Visibility.MEMBERS_ONLY)
    for community in (own, far, secret):
        link(community, challenge)
    result = comparable_communities(own, UserFactory())
    names = [c.community.name for c in result]
    assert names[0] == "Ver weg, zelfde opgave"
    assert "Geheim, zelfde opgave" not in names
    assert names.index("Zelfde stad") < names.index("Dichtbij")
    assert any(r.code == "challenge_link" for r in result[0].reasons)
    html = client.get(own.get_absolute_url()).content.decode()
    assert "Werken aan dezelfde opgave" in html
    del far, near, same_town


def test_selector_counts_only_from_three():
    assert selectors.count_label(2) is None and selectors.count_label(3) == 3


def test_proposals_wait_in_the_moderation_queue_and_challenges_are_reportable(client, coordinator):
    proposal = make_challenge(
        "Voedsel uit de buurt", status=ChallengeStatus.PROPOSED, created_by=UserFactory()
    )
    client.force_login(coordinator)
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert (
        "Wacht op goedkeuring" in queue
        and "Voedsel uit de buurt" in queue
        and proposal.get_absolute_url() in queue
    )
    challenge = make_challenge()
    step = make_step(CommunityFactory(), title="Meldbare stap")
    reporter = UserFactory()
    client.force_login(reporter)
    assert reverse("moderation:report", kwargs={"kind": "challenge", "pk": challenge.pk}) in _page(
        client, challenge
    )
    step_page = client.get(step.get_absolute_url()).content.decode()
    assert reverse("moderation:report", kwargs={"kind": "development_step", "pk": step.pk}) in step_page
