"""Nothing sealed shows through what is public: every GET page, walked for planted markers.

A members-only community uses the world's public instrument, works on its public challenge, logs value
about the instrument, has a discussion and partners, and a member links a public experience to it; the
public instrument also carries a hidden review and a hidden experience. Every page of the project (the
walker's ``TARGETS``) is then requested by people who may not see any of that, with a search for a word
from the sealed texts where the page searches: no page may name the sealed community or show a sealed
text, whatever foreign key it follows.
"""

import pytest
from django.test import override_settings

from communities import services as community_services
from communities.models import Membership, MembershipRole, Visibility
from exchange import services as exchange_services
from instruments import services as instrument_services
from tests.communities.factories import CommunityFactory, InstrumentUseFactory, SprintFactory
from tests.factories import ExperienceFactory, UserFactory
from tests.valuecreation.factories import ValueEntryFactory

from .clients import RoleClients
from .pages import TARGETS, base_query, page_params, project_patterns, url_for

pytestmark = pytest.mark.django_db

# A word in the sealed texts that a search can find; pages may echo it, so it is not itself a marker.
SEARCH_WORD = "wolkenkrabbervuurtoren"
MARKERS = (
    "Zegelkluis",  # the community's name
    "Zegelsprint",  # its sprint goal
    "Zegelwaarde",  # a value entry about the public instrument
    "Zegeldraad",  # a thread in the community
    "Zegelstap",  # a development step shared on the public challenge before the community closed
    "Zegelpartner",  # a partner organisation
    "Zegelrecensie",  # a hidden review on the public instrument
    "Zegelervaring",  # a hidden experience on the public instrument
    "Zegel Lid",  # the only member's name (they write nowhere public)
)
# People who may see none of it; the world's developer owns the instrument the sealed community uses.
ROLES = ("anonymous", "outsider", "developer", "facilitator")


def _seal(world):
    sealed_facilitator = UserFactory(email="zegel@example.org", name="Zegel Lid")
    sealed = CommunityFactory(
        name="Zegelkluis",
        challenge=f"Een {SEARCH_WORD} bouwen.",
        visibility=Visibility.PUBLIC,  # public while it shares a step; sealed below
        facilitator=sealed_facilitator,
        themes=["energy"],
    )
    SprintFactory(community=sealed, number=1, goal=f"Zegelsprint {SEARCH_WORD}")
    InstrumentUseFactory(community=sealed, instrument=world.instrument, recorded_by=sealed_facilitator)
    ValueEntryFactory(
        community=sealed,
        author=sealed_facilitator,
        title=f"Zegelwaarde {SEARCH_WORD}",
        instrument=world.instrument,
    )
    challenge = world.extra["challenge"]
    exchange_services.community_challenges_set(
        actor=sealed_facilitator, community=sealed, challenges=[challenge]
    )
    exchange_services.step_publish(
        actor=sealed_facilitator,
        community=sealed,
        kind="lesson",
        title=f"Zegelstap {SEARCH_WORD}",
        what_we_did="Binnenskamers gemeten.",
        instrument=world.instrument,
    )
    # The community closes its doors after sharing: what it published before must go dark too.
    community_services.community_update(
        actor=sealed_facilitator, community=sealed, data={"visibility": Visibility.MEMBERS_ONLY}
    )
    with override_settings(EXCHANGE_HOLD_FIRST_POSTS=0):
        exchange_services.thread_start(
            actor=sealed_facilitator,
            subject=sealed,
            title=f"Zegeldraad {SEARCH_WORD}",
            body="Alleen voor ons.",
        )
    community_services.partner_add(
        actor=sealed_facilitator, community=sealed, name="Zegelpartner", practice_type="education"
    )
    reviewer = UserFactory(email="recensent@example.org")
    review = instrument_services.review_save(
        actor=reviewer, instrument=world.instrument, rating=1, text=f"Zegelrecensie {SEARCH_WORD}"
    )
    review.__class__.objects.filter(pk=review.pk).update(is_hidden=True)
    ExperienceFactory(
        instrument=world.instrument,
        author=reviewer,
        what_worked=f"Zegelervaring {SEARCH_WORD}",
        is_hidden=True,
    )
    # A member of the sealed community links a visible experience on the public instrument to it:
    # the experience shows, the community is not named (issue 19).
    writer = UserFactory(email="schrijver@example.org", name="Schrijver Open")
    Membership.objects.create(community=sealed, user=writer, role=MembershipRole.MEMBER)
    ExperienceFactory(
        instrument=world.instrument,
        author=writer,
        what_worked="Open les over de kluis.",
        contexts={"community": sealed.pk},
    )
    # Nobody of ROLES is in the sealed community (the sweep would be vacuous otherwise).
    assert not Membership.objects.filter(
        community=sealed, user__in=[u for r, u in world.users.items() if r in ROLES and u]
    ).exists()
    assert Membership.objects.filter(community=sealed, role=MembershipRole.FACILITATOR).count() == 1
    return sealed


def _query(name, target, world, views):
    base = base_query(target, world)
    params = page_params(name, views[name].callback)
    search = "&".join(f"{param}={SEARCH_WORD}" for param in ("q", "search") if param in params)
    return "&".join(part for part in (base, search) if part)


def test_no_page_shows_what_is_sealed(world):
    _seal(world)
    views = dict(project_patterns())
    clients = RoleClients(world)
    seen, leaks = 0, []
    for role in ROLES:
        client = clients.get(role)
        for name, target in TARGETS.items():
            if not target.get:
                continue
            query = _query(name, target, world, views)
            response = client.get(url_for(name, target, world), QUERY_STRING=query)
            if response.status_code != 200:
                continue
            seen += 1
            raw = b"".join(response.streaming_content) if response.streaming else response.content
            body = raw.decode(errors="replace")
            leaks += [f"{role} {name}?{query}: {marker}" for marker in MARKERS if marker in body]
    assert not leaks, "\n".join(leaks)
    assert seen > 100  # the sweep really read pages (a broken world would answer 404 everywhere)


def test_the_markers_are_findable_by_someone_who_may_see_them(world):
    """The sweep would catch a leak: the sealed community's own facilitator sees the markers."""
    sealed = _seal(world)
    client = RoleClients(world).get("anonymous")
    client.force_login(sealed.memberships.get(role=MembershipRole.FACILITATOR).user)
    body = client.get(sealed.get_absolute_url()).content.decode()
    assert "Zegelkluis" in body and "Zegelpartner" in body
    instrument_page = client.get(world.instrument.get_absolute_url()).content.decode()
    assert f'<a href="{sealed.get_absolute_url()}">Zegelkluis</a>' in instrument_page
