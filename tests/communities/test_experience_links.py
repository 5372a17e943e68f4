"""A member links their experience with an instrument to a community they belong to (issue 19).

The instrument page then says "Used in the community X" to whoever may see X (linked to it), and the
community page lists the instruments its members shared experiences with. A members-only community is
never named to anyone who may not see it, and a community the writer is not in cannot be chosen, not
through the form and not through the service.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from communities import services as community_services
from communities.models import ExperienceLink, Membership, MembershipRole, Visibility
from instruments import services as instrument_services
from instruments.models import Experience, InstrumentStatus
from tests.factories import ExperienceFactory, InstrumentFactory, UserFactory

from .factories import CommunityFactory

pytestmark = pytest.mark.django_db

REFUSED = "Choose one of the communities you are a member of."


@pytest.fixture
def setting(instrument, make_user):
    """A member of a public and of a members-only community; a public community they are not in."""
    member = make_user(name="Mo Member")
    public = CommunityFactory(
        name="Warmtewijk Zuid", visibility=Visibility.PUBLIC, facilitator=make_user("facilitator")
    )
    sealed = CommunityFactory(
        name="Geheime Kring", visibility=Visibility.MEMBERS_ONLY, facilitator=make_user("facilitator")
    )
    foreign = CommunityFactory(
        name="Andermans Lab", visibility=Visibility.PUBLIC, facilitator=make_user("facilitator")
    )
    foreign_sealed = CommunityFactory(
        name="Verborgen Lab", visibility=Visibility.MEMBERS_ONLY, facilitator=make_user("facilitator")
    )
    for community in (public, sealed):
        Membership.objects.create(community=community, user=member, role=MembershipRole.MEMBER)
    return {
        "instrument": instrument,
        "member": member,
        "public": public,
        "sealed": sealed,
        "foreign": foreign,
        "foreign_sealed": foreign_sealed,
    }


def _post_experience(client, instrument, **data):
    payload = {"what_worked": "De gesprekken kwamen op gang.", "would_use_again": "yes", **data}
    return client.post(reverse("instruments:experience", args=[instrument.slug]), payload)


def _link(experience):
    return ExperienceLink.objects.filter(experience=experience).select_related("community").first()


def _context_labels(html: str) -> int:
    return html.count('data-testid="experience-context"')


# -- linking -------------------------------------------------------------------------------------------


def test_member_links_a_new_experience_to_their_community(client, setting):
    client.force_login(setting["member"])
    response = _post_experience(client, setting["instrument"], community=str(setting["public"].pk))
    assert response.status_code == 302
    experience = Experience.objects.get(author=setting["member"])
    assert _link(experience).community == setting["public"]


def test_the_form_offers_only_the_writers_own_communities(client, setting):
    client.force_login(setting["member"])
    html = client.get(setting["instrument"].get_absolute_url()).content.decode()
    assert 'name="community"' in html
    assert f'<option value="{setting["public"].pk}">Warmtewijk Zuid</option>' in html
    # Their own members-only community is theirs to choose, with its name: they are a member.
    assert f'<option value="{setting["sealed"].pk}">Geheime Kring</option>' in html
    assert "Andermans Lab" not in html and "Verborgen Lab" not in html


def test_a_writer_without_communities_gets_no_community_field(client, setting):
    client.force_login(UserFactory())
    html = client.get(setting["instrument"].get_absolute_url()).content.decode()
    assert 'name="community"' not in html


def test_no_community_chosen_stores_no_link(client, setting):
    client.force_login(setting["member"])
    assert _post_experience(client, setting["instrument"], community="").status_code == 302
    assert not ExperienceLink.objects.exists()


def test_author_changes_and_removes_the_link_when_editing(client, setting):
    member = setting["member"]
    experience = ExperienceFactory(instrument=setting["instrument"], author=member)
    client.force_login(member)
    url = reverse("instruments:experience_edit", args=[setting["instrument"].slug, experience.pk])
    base = {"what_worked": "Beter verwoord", "would_use_again": "yes"}

    assert client.post(url, {**base, "community": setting["sealed"].pk}).status_code == 302
    assert _link(experience).community == setting["sealed"]
    html = client.get(url).content.decode()
    assert f'<option value="{setting["sealed"].pk}" selected>Geheime Kring</option>' in html

    assert client.post(url, {**base, "community": setting["public"].pk}).status_code == 302
    assert _link(experience).community == setting["public"]
    assert ExperienceLink.objects.count() == 1

    assert client.post(url, {**base, "community": ""}).status_code == 302
    assert _link(experience) is None


def test_an_edit_after_leaving_the_community_keeps_the_link_without_naming_it(client, setting):
    member = setting["member"]
    experience = ExperienceFactory(
        instrument=setting["instrument"], author=member, contexts={"community": setting["sealed"].pk}
    )
    Membership.objects.filter(community=setting["sealed"], user=member).delete()
    client.force_login(member)
    url = reverse("instruments:experience_edit", args=[setting["instrument"].slug, experience.pk])
    html = client.get(url).content.decode()
    assert f'<option value="{setting["sealed"].pk}" selected>' in html
    assert "Geheime Kring" not in html  # they may no longer see it
    response = client.post(
        url, {"what_worked": "Typfout hersteld", "would_use_again": "yes", "community": setting["sealed"].pk}
    )
    assert response.status_code == 302
    assert _link(experience).community == setting["sealed"]


def test_deleting_the_experience_deletes_its_link(client, setting):
    member = setting["member"]
    experience = ExperienceFactory(
        instrument=setting["instrument"], author=member, contexts={"community": setting["public"].pk}
    )
    client.force_login(member)
    client.post(reverse("instruments:experience_delete", args=[setting["instrument"].slug, experience.pk]))
    assert not ExperienceLink.objects.exists()


# -- hostile input ------------------------------------------------------------------------------------


HOSTILE = {
    "a public community they are not in": lambda s: str(s["foreign"].pk),
    "a members-only community they are not in": lambda s: str(s["foreign_sealed"].pk),
    "an id that does not exist": lambda s: "987654321",
    "a negative id": lambda s: "-1",
    "text": lambda s: "Geheime Kring",
    "an overflowing id": lambda s: "9" * 40,
}


@pytest.mark.parametrize("hostile", list(HOSTILE), ids=list(HOSTILE))
def test_a_community_the_writer_is_not_in_is_a_form_error_on_create(client, setting, english_copy, hostile):
    client.force_login(setting["member"])
    response = _post_experience(client, setting["instrument"], community=HOSTILE[hostile](setting))
    assert response.status_code == 400
    html = response.content.decode()
    assert REFUSED in html
    assert "Verborgen Lab" not in html
    # What the person typed stays in the form.
    assert "De gesprekken kwamen op gang." in html
    assert not Experience.objects.exists() and not ExperienceLink.objects.exists()


@pytest.mark.parametrize("hostile", list(HOSTILE), ids=list(HOSTILE))
def test_a_community_the_writer_is_not_in_is_a_form_error_on_edit(client, setting, english_copy, hostile):
    experience = ExperienceFactory(
        instrument=setting["instrument"], author=setting["member"], what_worked="Eerst"
    )
    client.force_login(setting["member"])
    url = reverse("instruments:experience_edit", args=[setting["instrument"].slug, experience.pk])
    response = client.post(
        url, {"what_worked": "Later", "would_use_again": "yes", "community": HOSTILE[hostile](setting)}
    )
    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    experience.refresh_from_db()
    assert experience.what_worked == "Eerst" and _link(experience) is None


def test_a_nul_character_is_a_bad_request_not_an_error(client, setting):
    client.force_login(setting["member"])
    response = _post_experience(client, setting["instrument"], community="1\x00")
    assert response.status_code == 400  # core.middleware refuses it before the form
    assert not Experience.objects.exists()


def test_the_service_refuses_a_community_the_writer_is_not_in(setting, english_copy):
    """The form's choices are not the only guard: a caller of the service is checked too."""
    for community in (setting["foreign"], setting["foreign_sealed"]):
        with pytest.raises(ValidationError) as refused:
            instrument_services.experience_create(
                actor=setting["member"],
                instrument=setting["instrument"],
                what_worked="Via de service",
                contexts={"community": community.pk},
            )
        assert refused.value.message_dict == {"community": [REFUSED]}
    # The experience itself was rolled back with the refused link, and the count did not move.
    assert not Experience.objects.exists()
    setting["instrument"].refresh_from_db()
    assert setting["instrument"].experience_count == 0


def test_only_the_author_links_an_experience(setting):
    experience = ExperienceFactory(instrument=setting["instrument"], author=UserFactory())
    with pytest.raises(PermissionDenied):
        community_services.experience_link_set(
            actor=setting["member"], experience=experience, community_id=setting["public"].pk
        )
    assert not ExperienceLink.objects.exists()


def test_a_race_with_leaving_the_community_is_refused_by_the_service(client, setting, english_copy):
    """Removed from the community between loading the form and posting it: the service says no."""
    client.force_login(setting["member"])
    form_page = client.get(setting["instrument"].get_absolute_url()).content.decode()
    assert f'value="{setting["public"].pk}"' in form_page
    Membership.objects.filter(community=setting["public"], user=setting["member"]).delete()
    response = _post_experience(client, setting["instrument"], community=str(setting["public"].pk))
    assert response.status_code == 400 and REFUSED in response.content.decode()
    assert not Experience.objects.exists()


# -- the label on the instrument page -------------------------------------------------------------------


def test_a_public_community_is_named_and_linked_for_everyone(client, setting):
    ExperienceFactory(
        instrument=setting["instrument"],
        author=setting["member"],
        contexts={"community": setting["public"].pk},
    )
    html = client.get(setting["instrument"].get_absolute_url()).content.decode()
    assert _context_labels(html) == 1
    assert f'<a href="{setting["public"].get_absolute_url()}">Warmtewijk Zuid</a>' in html


@pytest.mark.parametrize("viewer", ["anonymous", "outsider", "developer", "facilitator"])
def test_a_members_only_community_is_never_named_to_outsiders(client, setting, make_user, viewer):
    ExperienceFactory(
        instrument=setting["instrument"],
        author=setting["member"],
        what_worked="Zichtbare les",
        contexts={"community": setting["sealed"].pk},
    )
    user = make_user(viewer)
    if user:
        client.force_login(user)
    html = client.get(setting["instrument"].get_absolute_url()).content.decode()
    # The experience is there, without any label: not even "a members-only community".
    assert "Zichtbare les" in html
    assert _context_labels(html) == 0
    assert "Geheime Kring" not in html and setting["sealed"].slug not in html


@pytest.mark.parametrize("viewer", ["member", "other member", "coordinator"])
def test_a_members_only_community_is_named_to_who_may_see_it(client, setting, make_user, viewer):
    ExperienceFactory(
        instrument=setting["instrument"],
        author=setting["member"],
        contexts={"community": setting["sealed"].pk},
    )
    if viewer == "member":
        user = setting["member"]
    elif viewer == "other member":
        user = make_user()
        Membership.objects.create(community=setting["sealed"], user=user, role=MembershipRole.MEMBER)
    else:
        user = make_user("coordinator")
    client.force_login(user)
    html = client.get(setting["instrument"].get_absolute_url()).content.decode()
    assert f'<a href="{setting["sealed"].get_absolute_url()}">Geheime Kring</a>' in html


def test_a_community_hidden_by_moderation_is_not_named_to_outsiders(client, setting):
    ExperienceFactory(
        instrument=setting["instrument"],
        author=setting["member"],
        contexts={"community": setting["public"].pk},
    )
    type(setting["public"]).objects.filter(pk=setting["public"].pk).update(is_hidden=True)
    html = client.get(setting["instrument"].get_absolute_url()).content.decode()
    assert _context_labels(html) == 0 and "Warmtewijk Zuid" not in html


def test_the_label_reads_in_dutch(client, setting):
    ExperienceFactory(
        instrument=setting["instrument"],
        author=setting["member"],
        contexts={"community": setting["public"].pk},
    )
    html = client.get(setting["instrument"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Gebruikt in de community" in html


# -- the community page ---------------------------------------------------------------------------------


def test_the_community_page_lists_the_instruments_its_members_shared_experiences_with(client, setting):
    public, member = setting["public"], setting["member"]
    other_member = UserFactory()
    Membership.objects.create(community=public, user=other_member, role=MembershipRole.MEMBER)
    scan = setting["instrument"]
    canvas = InstrumentFactory(title="Partnerschapkaart")
    draft = InstrumentFactory(title="Conceptkaart", status=InstrumentStatus.DRAFT)
    unlinked = InstrumentFactory(title="Losse kaart")
    for author in (member, other_member):
        ExperienceFactory(instrument=scan, author=author, contexts={"community": public.pk})
    ExperienceFactory(instrument=canvas, author=member, contexts={"community": public.pk})
    hidden = ExperienceFactory(instrument=canvas, author=other_member, contexts={"community": public.pk})
    instrument_services.experience_set_hidden(actor=None, experience=hidden, hidden=True)
    Experience.objects.create(instrument=draft, author=member, what_worked="Nog niet gepubliceerd")
    ExperienceLink.objects.create(experience=Experience.objects.get(instrument=draft), community=public)
    ExperienceFactory(instrument=unlinked, author=member)

    response = client.get(public.get_absolute_url())
    listed = [(i.title, i.linked_experiences) for i in response.context["experienced"]]
    assert listed == [("Cultuurscan", 2), ("Partnerschapkaart", 1)]
    html = response.content.decode()
    assert f'href="{scan.get_absolute_url()}#experiences"' in html
    assert "Conceptkaart" not in html and "Losse kaart" not in html


def test_a_members_only_community_page_lists_them_for_members_only(client, setting, make_user):
    sealed = setting["sealed"]
    ExperienceFactory(
        instrument=setting["instrument"], author=setting["member"], contexts={"community": sealed.pk}
    )
    client.force_login(setting["member"])
    response = client.get(sealed.get_absolute_url())
    assert [i.title for i in response.context["experienced"]] == ["Cultuurscan"]
    client.force_login(make_user())
    assert client.get(sealed.get_absolute_url()).status_code == 404


def test_an_empty_list_says_how_to_fill_it(client, setting, english_copy):
    html = client.get(setting["public"].get_absolute_url()).content.decode()
    assert "No experiences linked to this community yet." in html


# -- admin ----------------------------------------------------------------------------------------------


def test_admin_shows_the_link(client, setting, make_user):
    experience = ExperienceFactory(
        instrument=setting["instrument"],
        author=setting["member"],
        contexts={"community": setting["sealed"].pk},
    )
    client.force_login(make_user("admin"))
    changelist = client.get(reverse("admin:communities_experiencelink_changelist"))
    assert changelist.status_code == 200
    html = changelist.content.decode()
    assert "Geheime Kring" in html and "Cultuurscan" in html
    link = _link(experience)
    assert client.get(reverse("admin:communities_experiencelink_change", args=[link.pk])).status_code == 200


def test_the_experience_admin_page_shows_its_community_read_only(client, setting, make_user):
    experience = ExperienceFactory(
        instrument=setting["instrument"],
        author=setting["member"],
        contexts={"community": setting["sealed"].pk},
    )
    unlinked = ExperienceFactory(instrument=setting["instrument"], author=make_user())
    client.force_login(make_user("admin"))
    page = client.get(reverse("admin:instruments_experience_change", args=[experience.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Geheime Kring" in html and "Gebruikt in de community" in html
    # Shown, not editable: the link is its author's choice, made through the communities' service.
    assert 'name="community_link-0-community"' not in html
    assert 'name="community_link-TOTAL_FORMS"' in html
    empty = client.get(reverse("admin:instruments_experience_change", args=[unlinked.pk])).content.decode()
    assert "Geheime Kring" not in empty
    # Saving the experience in the admin keeps the link as it was.
    data = {
        "instrument": experience.instrument_id,
        "author": experience.author_id,
        "what_worked": "Aangepast in het beheer.",
        "what_did_not_work": "",
        "tips": "",
        "theme": experience.theme,
        "sector": experience.sector,
        "level": experience.level,
        "phase": experience.phase,
        **({"would_use_again": "on"} if experience.would_use_again else {}),
        "community_link-TOTAL_FORMS": "1",
        "community_link-INITIAL_FORMS": "1",
        "community_link-MIN_NUM_FORMS": "0",
        "community_link-MAX_NUM_FORMS": "1",
        "community_link-0-id": _link(experience).pk,
        "community_link-0-experience": experience.pk,
    }
    response = client.post(reverse("admin:instruments_experience_change", args=[experience.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    experience.refresh_from_db()
    assert experience.what_worked == "Aangepast in het beheer."
    assert _link(experience).community == setting["sealed"]


# -- queries --------------------------------------------------------------------------------------------


def _page_queries(client, instrument) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(instrument.get_absolute_url()).status_code == 200
    return len(captured)


@pytest.mark.parametrize("viewer", ["anonymous", "member"])
def test_labels_come_in_the_experience_query(client, setting, monkeypatch, viewer):
    """The instrument page runs as many queries with 12 linked experiences as with none linked,
    and as many as without the communities' contribution at all, but for the signed-in writer's one
    query for the communities they may choose (measured: anonymous 14 = 14; member 21 = 20 + 1)."""
    from instruments import experience_contexts

    instrument = setting["instrument"]
    authors = []
    for i in range(12):
        author = UserFactory()
        community = setting["public"] if i % 2 else setting["sealed"]
        Membership.objects.create(community=community, user=author, role=MembershipRole.MEMBER)
        authors.append((author, community))
        ExperienceFactory(instrument=instrument, author=author, theme="energy" if i % 3 else "health")
    if viewer == "member":
        client.force_login(setting["member"])

    _page_queries(client, instrument)  # the first view computes and stores the related instruments
    without_contribution = monkeypatch.context()
    with without_contribution as patch:
        patch.setattr(experience_contexts, "_contexts", {})
        baseline = _page_queries(client, instrument)
    unlinked = _page_queries(client, instrument)
    for author, community in authors:
        experience = Experience.objects.get(instrument=instrument, author=author)
        community_services.experience_link_set(actor=author, experience=experience, community_id=community.pk)
    linked = _page_queries(client, instrument)

    html = client.get(instrument.get_absolute_url()).content.decode()
    assert _context_labels(html) == (12 if viewer == "member" else 6)
    assert linked == unlinked
    assert linked == baseline + (1 if viewer == "member" else 0), (baseline, unlinked, linked)
