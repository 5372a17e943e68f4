"""Logging, editing, hiding, exporting and reporting value through the web UI."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from valuecreation import codebook
from valuecreation.models import Capital, Cycle, EntryVisibility, ValueEntry

from .factories import ValueEntryFactory

pytestmark = pytest.mark.django_db


def _url(name, world, **kwargs):
    return reverse(f"valuecreation:{name}", kwargs={"slug": world.community.slug, **kwargs})


def _post_data(**overrides):
    data = {
        "cycle": Cycle.IMMEDIATE,
        "capital": "",
        "level": "individual",
        "title": "Nieuwe tip",
        "story": "Ik leerde iets nieuws.",
        "date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
        "visibility": EntryVisibility.COMMUNITY,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_form_explains_every_cycle_with_a_question(client, public_world):
    client.force_login(public_world.users["member"])
    content = client.get(_url("entry_create", public_world)).content.decode()
    for code in Cycle.values:
        assert f'value="{code}"' in content
    assert "What did you do differently in your work because of the community?" in content
    assert "Human capital" in content


def test_member_logs_entry_from_standup_answer(client, public_world):
    client.force_login(public_world.users["member"])
    url = _url("entry_create", public_world) + f"?standup_answer={public_world.answer.pk}"
    response = client.get(url)
    form = response.context["form"]
    assert form.initial["standup_answer"] == public_world.answer.pk
    assert form.initial["cycle"] == Cycle.IMMEDIATE
    assert "Warmtepomp ingeregeld." in response.content.decode()
    data = _post_data(standup_answer=public_world.answer.pk, standup=public_world.standup.pk)
    response = client.post(url, data)
    entry = ValueEntry.objects.get(title="Nieuwe tip")
    assert response.status_code == 302 and response["Location"] == entry.get_absolute_url()
    assert entry.standup_answer == public_world.answer and entry.author == public_world.users["member"]


def test_sprint_review_prefills_an_applied_entry(client, public_world):
    client.force_login(public_world.users["member"])
    response = client.get(_url("entry_create", public_world) + "?sprint=1")
    initial = response.context["form"].initial
    assert initial["sprint"] == public_world.sprint.pk and initial["cycle"] == Cycle.APPLIED
    assert initial["story"] == "Alle monteurs hebben geoefend."


def test_follows_links_the_entry_and_leaves_the_cycle_to_the_member(client, public_world):
    # Publication 2.3: the cycles are neither hierarchical nor sequential, so no "next" cycle is chosen.
    client.force_login(public_world.users["member"])
    response = client.get(_url("entry_create", public_world) + f"?follows={public_world.public_entry.pk}")
    assert "cycle" not in response.context["form"].initial
    assert response.context["form"].initial["follows"] == public_world.public_entry.pk


def test_instrument_use_prefill(client, public_world):
    client.force_login(public_world.users["member"])
    response = client.get(_url("entry_create", public_world) + f"?instrument_use={public_world.use.pk}")
    assert response.context["form"].initial["instrument_use"] == public_world.use.pk


@pytest.mark.parametrize(
    "query",
    [
        "?standup_answer=abc",
        "?sprint=-1",
        "?follows=99999999999999",
        "?instrument_use=%3Cscript%3E",
        "?sprint=1e9&follows=",
    ],
)
def test_garbage_prefill_is_ignored(client, public_world, query):
    client.force_login(public_world.users["member"])
    response = client.get(_url("entry_create", public_world) + query)
    assert response.status_code == 200


def test_prefill_from_another_community_is_ignored(client, public_world, private_world):
    client.force_login(public_world.users["member"])
    response = client.get(_url("entry_create", public_world) + f"?standup_answer={private_world.answer.pk}")
    assert response.status_code == 200
    assert "standup_answer" not in response.context["form"].initial
    assert "Warmtepomp ingeregeld." not in response.context["form"].initial.get("story", "")


def test_capital_on_non_potential_entry_is_refused_with_a_message(client, public_world):
    client.force_login(public_world.users["member"])
    response = client.post(
        _url("entry_create", public_world), _post_data(capital=Capital.HUMAN, title="Kapitaal")
    )
    assert response.status_code == 400
    assert "potential value only" in response.content.decode()
    assert 'value="Kapitaal"' in response.content.decode()  # nothing typed is lost
    assert not ValueEntry.objects.filter(title="Kapitaal").exists()


@pytest.mark.parametrize("field", ["sprint", "standup", "standup_answer", "instrument_use", "follows"])
def test_links_to_another_community_are_refused_through_the_form(client, public_world, private_world, field):
    foreign = {
        "sprint": private_world.sprint,
        "standup": private_world.standup,
        "standup_answer": private_world.answer,
        "instrument_use": private_world.use,
        "follows": private_world.entry,
    }[field]
    client.force_login(public_world.users["member"])
    response = client.post(_url("entry_create", public_world), _post_data(**{field: foreign.pk}))
    assert response.status_code == 400
    content = response.content.decode()
    assert "of this community" in content or "in this community" in content
    assert not ValueEntry.objects.filter(title="Nieuwe tip").exists()


def test_story_loop_is_refused_through_the_edit_form(client, public_world):
    member = public_world.users["member"]
    first = public_world.entry
    second = ValueEntryFactory(
        community=public_world.community, author=member, cycle=Cycle.APPLIED, follows=first
    )
    client.force_login(member)
    data = _post_data(title=first.title, follows=second.pk)
    response = client.post(_url("entry_edit", public_world, pk=first.pk), data)
    assert response.status_code == 400
    assert "round in circles" in response.content.decode()


def test_public_visibility_refused_in_members_only_community(client, private_world):
    client.force_login(private_world.users["member"])
    response = client.post(_url("entry_create", private_world), _post_data(visibility=EntryVisibility.PUBLIC))
    assert response.status_code == 400
    assert not ValueEntry.objects.filter(title="Nieuwe tip").exists()


def test_future_date_refused(client, public_world):
    client.force_login(public_world.users["member"])
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(_url("entry_create", public_world), _post_data(date=future))
    assert response.status_code == 400


def test_backwards_cycle_saves_with_a_warning(client, public_world):
    client.force_login(public_world.users["member"])
    data = _post_data(cycle=Cycle.EXPECTED, follows=public_world.public_entry.pk, title="Terug")
    response = client.post(_url("entry_create", public_world), data, follow=True)
    assert ValueEntry.objects.filter(title="Terug").exists()
    assert "not a ladder" in response.content.decode()


def test_author_edits_own_entry(client, public_world):
    client.force_login(public_world.users["member"])
    entry = public_world.entry
    response = client.post(_url("entry_edit", public_world, pk=entry.pk), _post_data(title="Aangepast"))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.title == "Aangepast"


def test_facilitator_hides_and_unhides(client, public_world):
    client.force_login(public_world.users["facilitator"])
    entry = public_world.public_entry
    client.post(_url("entry_hide", public_world, pk=entry.pk), {"action": "hide"})
    entry.refresh_from_db()
    assert entry.is_hidden
    client.logout()
    assert client.get(entry.get_absolute_url()).status_code == 404
    client.force_login(public_world.users["facilitator"])
    client.post(_url("entry_hide", public_world, pk=entry.pk), {"action": "unhide"})
    entry.refresh_from_db()
    assert not entry.is_hidden


def test_story_page_shows_the_chain_in_cycle_order(client, public_world):
    member = public_world.users["member"]
    first = public_world.entry
    applied = ValueEntryFactory(
        community=public_world.community, author=member, cycle=Cycle.APPLIED, follows=first, title="Toegepast"
    )
    ValueEntryFactory(
        community=public_world.community,
        author=member,
        cycle=Cycle.REALIZED,
        follows=applied,
        title="Gerealiseerd",
    )
    client.force_login(member)
    content = client.get(_url("story", public_world, pk=applied.pk)).content.decode()
    content = content[content.index('class="value-story"') :]
    positions = [content.index(t) for t in (first.title, "Toegepast", "Gerealiseerd")]
    assert positions == sorted(positions)


def test_dashboard_counts_and_filters(client, public_world):
    member = public_world.users["member"]
    for _ in range(3):
        ValueEntryFactory(
            community=public_world.community, author=member, cycle=Cycle.REALIZED, level="society"
        )
    client.force_login(member)
    response = client.get(_url("dashboard", public_world))
    tallies = {t.code: t.count for t in response.context["cycle_tallies"]}
    assert tallies[Cycle.REALIZED] == 3 and tallies[Cycle.IMMEDIATE] == 1  # the hidden one is not counted
    response = client.get(_url("dashboard", public_world), {"cycle": "realized", "level": "society"})
    assert response.context["page"].paginator.count == 3
    assert "<svg" in response.content.decode() and "<title" in response.content.decode()
    response = client.get(
        _url("dashboard", public_world), {"member": member.pk, "sprint": public_world.sprint.pk}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "query", ["?cycle=nonsense", "?level=1&member=abc", "?sprint=-5", "?page=zzz", "?member=999999"]
)
def test_dashboard_ignores_garbage_filters(client, public_world, query):
    client.force_login(public_world.users["member"])
    response = client.get(_url("dashboard", public_world) + query)
    assert response.status_code == 200


def test_csv_export_has_header_and_leaves_hidden_out(client, public_world):
    ValueEntryFactory(
        community=public_world.community, author=public_world.users["member"], title="=HYPERLINK(1)"
    )
    client.force_login(public_world.users["facilitator"])
    response = client.get(_url("export_csv", public_world))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == codebook.HEADER
    titles = {row[codebook.HEADER.index("title")] for row in rows[1:]}
    assert public_world.entry.title in titles and public_world.hidden_entry.title not in titles
    assert "'=HYPERLINK(1)" in titles
    assert public_world.users["member"].name not in body  # pseudonymous


def test_codebook_explains_every_column(client, public_world):
    client.force_login(public_world.users["facilitator"])
    content = client.get(_url("codebook", public_world)).content.decode()
    for name in codebook.HEADER:
        assert name in content
    response = client.get(_url("codebook", public_world) + "?format=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["column", "code", "label", "description"]
    assert {row[0] for row in rows[1:]} == set(codebook.HEADER)
    assert ["cycle", "transformative"] in [r[:2] for r in rows]


def test_period_report(client, public_world):
    client.force_login(public_world.users["facilitator"])
    today = timezone.localdate()
    start = (today - datetime.timedelta(days=60)).isoformat()
    response = client.get(_url("report", public_world), {"start": start, "end": today.isoformat()})
    report = response.context["report"]
    assert report.matrix.total == 2  # the community entry and the public one; not the hidden one
    assert report.standup_count == 1 and report.answer_count == 1
    assert [s.number for s in report.sprints] == [1]
    assert len(report.instrument_uses) == 1
    content = response.content.decode()
    assert public_world.entry.title in content and public_world.hidden_entry.title not in content


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-05-01", "end": "2026-01-01"},
        {"start": "x", "end": "y"},
        {"start": "2000-01-01", "end": "2026-01-01"},
    ],
)
def test_report_bad_period_gets_a_message(client, public_world, params):
    client.force_login(public_world.users["facilitator"])
    response = client.get(_url("report", public_world), params)
    assert response.status_code == 400
    assert response.context["report"] is None


def test_network_names_public_communities_and_aggregates_members_only_ones(
    client, public_world, private_world
):
    client.force_login(public_world.users["coordinator"])
    content = client.get(reverse("valuecreation:network")).content.decode()
    assert public_world.community.name in content
    assert private_world.community.name not in content
    assert "Members-only communities (1)" in content


def test_public_profile_shows_public_stories_only(client, public_world):
    content = client.get(public_world.community.get_absolute_url()).content.decode()
    assert public_world.public_entry.title in content
    assert public_world.entry.title not in content
    assert public_world.hidden_entry.title not in content


def test_one_click_links_on_standup_and_sprint_review(client, public_world):
    client.force_login(public_world.users["member"])
    standup_url = reverse(
        "communities:standup_detail",
        kwargs={"slug": public_world.community.slug, "pk": public_world.standup.pk},
    )
    assert f"?standup_answer={public_world.answer.pk}" in client.get(standup_url).content.decode()
    timeline = client.get(reverse("communities:timeline", kwargs={"slug": public_world.community.slug}))
    assert "value/new/?sprint=1" in timeline.content.decode()
    # Coordinators see the timeline but do not log value: no button.
    client.force_login(public_world.users["coordinator"])
    timeline = client.get(reverse("communities:timeline", kwargs={"slug": public_world.community.slug}))
    assert "value/new/?sprint=1" not in timeline.content.decode()


def test_value_tab_and_network_link(client, public_world):
    client.force_login(public_world.users["coordinator"])
    content = client.get(_url("dashboard", public_world)).content.decode()
    assert reverse("valuecreation:network") in content
    client.force_login(public_world.users["member"])
    content = client.get(_url("dashboard", public_world)).content.decode()
    assert reverse("valuecreation:network") not in content
