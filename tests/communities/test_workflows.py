"""Running a community: profile, membership, tempelmodel, sprints and stand-ups."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from communities import services
from communities.models import (
    BuildingBlock,
    Community,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    MembershipRole,
    Sprint,
    Standup,
    StandupAnswer,
    StandupStatus,
)
from core.vocabularies import Pillar

from .factories import CommunityFactory, ScheduleFactory, StandupFactory, UserFactory, next_weekday


@pytest.fixture
def facilitator(make_user):
    return make_user("facilitator")


@pytest.fixture
def community(facilitator):
    return CommunityFactory(name="Gas erop!", facilitator=facilitator)


@pytest.fixture
def member(community):
    user = UserFactory(name="Youssef")
    Membership.objects.create(community=community, user=user)
    return user


def url(name, community, **kwargs):
    return reverse(f"communities:{name}", kwargs={"slug": community.slug, **kwargs})


# -- profile ---------------------------------------------------------------------


def test_facilitator_creates_community_and_becomes_its_first_facilitator(client, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("communities:create"),
        {
            "name": "CHANGE GEAR",
            "challenge": "Innovatievermogen van logistieke bedrijven vergroten.",
            "level": "meso",
            "variant": "learning_network",
            "province": "gelderland",
            "phase": "start",
            "visibility": "public",
            "themes": ["earning_capacity"],
            "sectors": "logistiek, mkb",
        },
    )
    community = Community.objects.get(name="CHANGE GEAR")
    assert response["Location"] == community.get_absolute_url()
    assert Membership.objects.get(community=community).user == facilitator
    assert Membership.objects.get(community=community).role == MembershipRole.FACILITATOR
    assert community.theme_codes == ["earning_capacity"]
    assert sorted(t.name for t in community.sectors.all()) == ["logistiek", "mkb"]


def test_community_form_keeps_input_and_explains_errors(client, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("communities:create"),
        {"name": "Halve community", "challenge": "", "starts_on": "2026-05-01", "ends_on": "2026-01-01"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Halve community"' in content
    assert "The end date cannot be before the start date." in content or "einddatum" in content
    assert not Community.objects.exists()


def test_profile_shows_level_explanation_helix_bar_and_temple(client, community, facilitator):
    services.partner_add(actor=facilitator, community=community, name="Saxion", practice_type="knowledge")
    services.partner_add(actor=facilitator, community=community, name="Engberink", practice_type="business")
    services.partner_add(actor=facilitator, community=community, name="saxion", practice_type="education")
    block = BuildingBlock.objects.get(code="trust")
    services.building_blocks_save(
        actor=facilitator, community=community, texts={block.pk: "Iedereen is gelijk."}
    )
    response = client.get(community.get_absolute_url())
    content = response.content.decode()
    assert str(community.level_explanation) in content
    assert [(s.code, s.count) for s in response.context["helix"]] == [("business", 1), ("knowledge", 1)]
    assert '<rect class="helix-business" x="0.000" y="0" width="50.000"' in content
    assert content.count("temple-block-filled") == 1
    assert content.count("temple-block-empty") == BuildingBlock.objects.count() - 1
    assert "Iedereen is gelijk." in content


def test_building_blocks_are_seeded_for_every_pillar(db):
    pillars = set(BuildingBlock.objects.values_list("pillar", flat=True))
    assert pillars == set(Pillar.values)
    assert BuildingBlock.objects.count() >= 12


def test_facilitator_fills_in_and_empties_building_blocks(client, community, facilitator):
    blocks = list(BuildingBlock.objects.all()[:2])
    client.force_login(facilitator)
    client.post(
        url("building_blocks", community),
        {f"block_{blocks[0].pk}": "Elke maandag", f"block_{blocks[1].pk}": ""},
    )
    assert list(community.building_blocks.values_list("text", flat=True)) == ["Elke maandag"]
    client.post(url("building_blocks", community), {f"block_{blocks[0].pk}": "  "})
    assert not community.building_blocks.exists()


# -- membership -------------------------------------------------------------------


def test_join_request_is_approved_by_a_facilitator(client, community, facilitator, user):
    client.force_login(user)
    client.post(url("join", community), {"message": "Ik werk bij Engberink."})
    client.post(url("join", community), {"message": "Nog een keer"})
    join_request = JoinRequest.objects.get(community=community, user=user)
    client.force_login(facilitator)
    assert "Ik werk bij Engberink." in client.get(url("members", community)).content.decode()
    client.post(url("join_approve", community, pk=join_request.pk))
    assert Membership.objects.filter(community=community, user=user, role=MembershipRole.MEMBER).exists()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.APPROVED


def test_members_only_community_takes_no_join_requests(client, facilitator, user):
    secret = CommunityFactory(facilitator=facilitator, visibility="members_only")
    client.force_login(user)
    assert client.post(url("join", secret)).status_code == 404
    assert not JoinRequest.objects.exists()


def test_member_leaves(client, community, member):
    client.force_login(member)
    client.post(url("leave", community))
    assert not Membership.objects.filter(community=community, user=member).exists()


def test_last_facilitator_cannot_leave_or_be_removed(client, community, facilitator, coordinator):
    client.force_login(facilitator)
    response = client.post(url("leave", community), follow=True)
    assert "only facilitator" in response.content.decode() or "enige" in response.content.decode()
    assert Membership.objects.filter(community=community, user=facilitator).exists()
    own = Membership.objects.get(community=community, user=facilitator)
    client.force_login(coordinator)
    client.post(url("member_remove", community, pk=own.pk))
    assert Membership.objects.filter(pk=own.pk).exists()


def test_facilitator_hands_over_and_steps_down(client, community, facilitator, member):
    membership = Membership.objects.get(community=community, user=member)
    client.force_login(facilitator)
    client.post(url("member_handover", community, pk=membership.pk), {"step_down": "on"})
    roles = dict(Membership.objects.filter(community=community).values_list("user__email", "role"))
    assert roles == {member.email: MembershipRole.FACILITATOR, facilitator.email: MembershipRole.MEMBER}
    # Now the former facilitator may leave: the community keeps one.
    client.post(url("leave", community))
    assert list(community.memberships.values_list("user", flat=True)) == [member.pk]


def test_facilitator_removes_a_member(client, community, facilitator, member):
    client.force_login(facilitator)
    membership = Membership.objects.get(community=community, user=member)
    client.post(url("member_remove", community, pk=membership.pk))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_member_records_individual_learning_goal(client, community, member):
    client.force_login(member)
    client.post(url("learning_goal", community), {"learning_goal": "Zelf uitzetten met de Total Station."})
    assert Membership.objects.get(user=member).learning_goal == "Zelf uitzetten met de Total Station."
    assert "Zelf uitzetten" in client.get(url("members", community)).content.decode()


# -- sprints and stand-ups --------------------------------------------------------


def test_sprint_end_before_start_is_refused_and_input_kept(client, community, facilitator):
    client.force_login(facilitator)
    response = client.post(
        url("sprint_create", community),
        {"goal": "Tekeningen bruikbaar maken", "starts_on": "2026-03-10", "ends_on": "2026-03-01"},
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "The sprint cannot end before it starts." in content or "eindigen" in content
    assert "Tekeningen bruikbaar maken" in content
    assert not Sprint.objects.exists()


def test_sprint_service_refuses_end_before_start(community, facilitator):
    with pytest.raises(ValidationError):
        services.sprint_create(
            actor=facilitator,
            community=community,
            goal="x",
            starts_on=datetime.date(2026, 3, 10),
            ends_on=datetime.date(2026, 3, 1),
        )


def test_sprints_are_numbered_per_community(client, community, facilitator):
    client.force_login(facilitator)
    for start in ("2026-03-02", "2026-03-16"):
        client.post(url("sprint_create", community), {"goal": "Doel", "starts_on": start, "ends_on": start})
    assert list(community.sprints.values_list("number", flat=True)) == [1, 2]


def test_standup_on_unscheduled_date_is_refused_with_reason(client, community, facilitator):
    ScheduleFactory(community=community, weekday=0)
    tuesday = next_weekday(1)
    client.force_login(facilitator)
    response = client.post(url("standup_create", community), {"date": tuesday.isoformat()})
    assert response.status_code == 400
    content = response.content.decode()
    assert "is not a scheduled stand-up day" in content or "geen geplande" in content
    assert f'value="{tuesday.isoformat()}"' in content
    assert not Standup.objects.exists()


def test_standup_without_schedule_is_refused(community, facilitator):
    with pytest.raises(ValidationError):
        services.standup_create(actor=facilitator, community=community, date=next_weekday(0))


def test_standup_on_scheduled_date_joins_the_running_sprint(client, community, facilitator):
    ScheduleFactory(community=community, weekday=0)
    monday = next_weekday(0)
    sprint = services.sprint_create(
        actor=facilitator,
        community=community,
        goal="Doel",
        starts_on=monday - datetime.timedelta(days=7),
        ends_on=monday + datetime.timedelta(days=7),
    )
    client.force_login(facilitator)
    response = client.post(url("standup_create", community), {"date": monday.isoformat()})
    standup = Standup.objects.get()
    assert response["Location"] == url("standup_detail", community, pk=standup.pk)
    assert standup.sprint == sprint


def test_second_answer_edits_the_first(client, community, member):
    standup = StandupFactory(community=community)
    client.force_login(member)
    answer_url = url("standup_answer", community, pk=standup.pk)
    client.post(answer_url, {"did": "Gemeten", "will_do": "Tekenen", "blockers": ""})
    response = client.post(
        answer_url, {"did": "Gemeten en getekend", "will_do": "Testen", "blockers": "Accu"}, follow=True
    )
    answer = StandupAnswer.objects.get()
    assert (answer.did, answer.will_do, answer.blockers) == ("Gemeten en getekend", "Testen", "Accu")
    assert "updated" in response.content.decode() or "bijgewerkt" in response.content.decode()


def test_facilitator_sees_all_answers_parks_points_and_closes(client, community, facilitator, member):
    other = UserFactory(name="Noor")
    Membership.objects.create(community=community, user=other)
    standup = StandupFactory(community=community)
    services.standup_answer_save(actor=member, standup=standup, did="A", will_do="B")
    client.force_login(facilitator)
    detail = client.get(url("standup_detail", community, pk=standup.pk)).content.decode()
    assert "Youssef" in detail
    assert "Noor" in detail  # listed as not answered yet
    client.post(url("standup_park", community, pk=standup.pk), {"text": "Accu bestellen"})
    client.post(url("standup_close", community, pk=standup.pk))
    standup.refresh_from_db()
    assert standup.status == StandupStatus.CLOSED
    assert list(standup.parked_points.values_list("text", flat=True)) == ["Accu bestellen"]


def test_closed_standup_takes_no_more_answers_and_keeps_input(client, community, member):
    standup = StandupFactory(community=community, status=StandupStatus.CLOSED)
    client.force_login(member)
    response = client.post(
        url("standup_answer", community, pk=standup.pk), {"did": "Te laat", "will_do": "Volgende keer"}
    )
    assert response.status_code == 400
    assert "closed" in response.content.decode() or "gesloten" in response.content.decode()
    assert not StandupAnswer.objects.exists()


def test_empty_answer_is_refused_with_field_messages(client, community, member):
    standup = StandupFactory(community=community)
    client.force_login(member)
    response = client.post(url("standup_answer", community, pk=standup.pk), {"did": "Iets", "will_do": ""})
    assert response.status_code == 400
    assert "Iets</textarea>" in response.content.decode()


def test_timeline_shows_sprints_standups_and_who_took_part(client, community, facilitator, member):
    ScheduleFactory(community=community, weekday=0)
    monday = next_weekday(0)
    services.sprint_create(
        actor=facilitator, community=community, goal="Doel één", starts_on=monday, ends_on=monday
    )
    standup = services.standup_create(actor=facilitator, community=community, date=monday)
    services.standup_answer_save(actor=member, standup=standup, did="A", will_do="B")
    client.force_login(member)
    content = client.get(url("timeline", community)).content.decode()
    assert "Doel één" in content
    assert "Youssef" in content


def test_execution_phases_are_saved_with_dates(client, community, facilitator):
    client.force_login(facilitator)
    client.post(
        url("plan", community),
        {"orientation_start": "2026-01-05", "orientation_end": "2026-01-30", "action_start": "2026-02-02"},
    )
    assert not community.execution_phases.exists()  # action lacks an end: nothing saved
    client.post(url("plan", community), {"orientation_start": "2026-01-05", "orientation_end": "2026-01-30"})
    assert list(community.execution_phases.values_list("phase", flat=True)) == ["orientation"]


def test_schedule_needs_a_place_or_link(client, community, facilitator):
    client.force_login(facilitator)
    response = client.post(url("schedule", community), {"weekday": 0, "time": "08:30"})
    assert response.status_code == 400
    client.post(url("schedule", community), {"weekday": 0, "time": "08:30", "place": "Bouwkeet"})
    assert community.standup_schedule.place == "Bouwkeet"


def test_seed_communities_is_idempotent(db):
    from django.core.management import call_command

    call_command("seed_communities")
    first = Community.objects.count()
    call_command("seed_communities")
    assert Community.objects.count() == first >= 5
    assert Community.objects.filter(visibility="members_only").exists()
    assert StandupAnswer.objects.exists()
