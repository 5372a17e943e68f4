"""Issue 16, finding 6: choosing a name reveals nothing about hidden communities, instruments or partners."""

import re

import pytest
from django.urls import reverse

from communities import services
from communities.models import Organisation, Visibility
from core.vocabularies import PracticeType
from instruments import services as instrument_services
from instruments.models import InstrumentStatus
from tests.communities.factories import CommunityFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INSTRUMENT = {"summary": "s", "goal": "g", "format": "scan"}


def test_a_members_only_community_never_holds_the_plain_slug():
    hidden = CommunityFactory(name="Vertrouwelijk Netwerk", visibility=Visibility.MEMBERS_ONLY)
    assert re.fullmatch(r"vertrouwelijk-netwerk-[a-z0-9]{5}", hidden.slug)
    public = CommunityFactory(name="Vertrouwelijk Netwerk", visibility=Visibility.PUBLIC)
    # Not "-2": the new community's slug says nothing about the hidden one.
    assert public.slug == "vertrouwelijk-netwerk"


def test_a_community_made_members_only_gives_up_the_plain_slug(client):
    facilitator = UserFactory()
    community = CommunityFactory(name="Stille Kamer", facilitator=facilitator)
    assert community.slug == "stille-kamer"
    client.force_login(facilitator)
    edit = reverse("communities:edit", kwargs={"slug": community.slug})
    data = {**_profile(community), "visibility": Visibility.MEMBERS_ONLY}
    response = client.post(edit, data, follow=True)
    community.refresh_from_db()
    assert community.visibility == Visibility.MEMBERS_ONLY
    assert re.fullmatch(r"stille-kamer-[a-z0-9]{5}", community.slug)
    html = response.content.decode()
    assert "nieuw webadres" in html or "new web address" in html
    assert client.get(community.get_absolute_url()).status_code == 200
    client.logout()
    assert client.get("/communities/stille-kamer/").status_code == 404
    # A new public community of that name takes the plain slug: nothing tells it the hidden one exists.
    assert CommunityFactory(name="Stille Kamer").slug == "stille-kamer"
    # Going public again keeps the address it has now; other edits never change it.
    services.community_update(actor=facilitator, community=community, data={"visibility": Visibility.PUBLIC})
    slug = community.slug
    services.community_update(actor=facilitator, community=community, data={"challenge": "Anders."})
    community.refresh_from_db()
    assert community.slug == slug


def _profile(community) -> dict:
    """The edit form's fields as the facilitator last saved them."""
    from communities.forms import CommunityForm

    form = CommunityForm(instance=community)
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    return data


def test_a_second_public_community_with_the_same_name_gets_a_random_suffix():
    CommunityFactory(name="Open Werkplaats")
    second = CommunityFactory(name="Open Werkplaats")
    assert re.fullmatch(r"open-werkplaats-[a-z0-9]{5}", second.slug)


def test_an_unpublished_instrument_never_holds_the_plain_slug():
    draft = instrument_services.instrument_create(
        actor=UserFactory(), data={**INSTRUMENT, "title": "Geheim Spel"}
    )
    assert draft.status != InstrumentStatus.PUBLISHED
    assert re.fullmatch(r"geheim-spel-[a-z0-9]{5}", draft.slug)
    mine = instrument_services.instrument_create(
        actor=UserFactory(), data={**INSTRUMENT, "title": "Geheim Spel"}, status=InstrumentStatus.PUBLISHED
    )
    assert mine.slug == "geheim-spel"


def test_a_members_only_partner_is_not_shared_with_other_communities():
    hidden = CommunityFactory(name="Dicht", visibility=Visibility.MEMBERS_ONLY)
    services.partner_add(
        actor=None, community=hidden, name="Stichting Stil", practice_type=PracticeType.GOVERNMENT
    )
    public = CommunityFactory(name="Open")
    partnership = services.partner_add(
        actor=None, community=public, name="stichting stil", practice_type=PracticeType.EDUCATION
    )
    # A new organisation with the practice type given here: nothing confirms the hidden partner.
    assert partnership.organisation.practice_type == PracticeType.EDUCATION
    assert Organisation.objects.filter(name__iexact="stichting stil").count() == 2


def test_a_members_only_community_may_pick_an_existing_public_partner():
    public = CommunityFactory(name="Open")
    shared = services.partner_add(
        actor=None, community=public, name="Hogeschool Noord", practice_type=PracticeType.EDUCATION
    ).organisation
    hidden = CommunityFactory(name="Dicht", visibility=Visibility.MEMBERS_ONLY)
    picked = services.partner_add(
        actor=None, community=hidden, name="hogeschool noord", practice_type=PracticeType.GOVERNMENT
    )
    assert picked.organisation == shared and shared.is_public
    # Adding its own private partner twice keeps one organisation.
    first = services.partner_add(
        actor=None, community=hidden, name="Eigen Club", practice_type=PracticeType.CITIZENS
    )
    again = services.partner_add(
        actor=None, community=hidden, name="eigen club", practice_type=PracticeType.CITIZENS
    )
    assert first.organisation == again.organisation and not first.organisation.is_public
