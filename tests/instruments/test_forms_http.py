"""Writing through the web UI: reviews, experiences, submissions, admin."""

import pytest
from django.urls import reverse

from instruments.models import Experience, Instrument, InstrumentStatus, Review
from tests.factories import InstrumentFactory, UserFactory


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def test_review_updates_the_average_at_once(logged_in, instrument):
    response = logged_in.post(
        reverse("instruments:review", args=[instrument.slug]),
        {"rating": "4", "text": "Bruikbaar", "context_theme": "energy"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.context["instrument"].rating_avg == 4.0
    assert "Bruikbaar" in response.content.decode()


def test_a_second_review_edits_the_first(logged_in, instrument, user):
    url = reverse("instruments:review", args=[instrument.slug])
    logged_in.post(url, {"rating": "2", "text": "Eerste indruk"})
    logged_in.post(url, {"rating": "5", "text": "Na een tweede sessie"})
    assert Review.objects.filter(author=user).count() == 1
    assert Review.objects.get(author=user).text == "Na een tweede sessie"
    instrument.refresh_from_db()
    assert instrument.rating_avg == 5.0


@pytest.mark.parametrize(
    "data",
    [
        {"rating": "6", "text": "Mijn zorgvuldig getypte tekst"},
        {"rating": "", "text": "Mijn zorgvuldig getypte tekst"},
        {"rating": "abc", "text": "Mijn zorgvuldig getypte tekst"},
        {"rating": "4", "text": "Mijn zorgvuldig getypte tekst" + "x" * 10_000},
        {"rating": "4", "text": "Mijn zorgvuldig getypte tekst", "context_phase": "someday"},
    ],
)
def test_bad_review_input_gets_a_message_and_keeps_the_text(logged_in, instrument, data):
    response = logged_in.post(reverse("instruments:review", args=[instrument.slug]), data)
    assert response.status_code == 400
    assert response.context["review_form"].errors
    assert "Mijn zorgvuldig getypte tekst" in response.content.decode()
    assert not Review.objects.exists()


def test_experience_appears_grouped_by_context(logged_in, instrument):
    response = logged_in.post(
        reverse("instruments:experience", args=[instrument.slug]),
        {
            "what_worked": "Gesprek over vertrouwen",
            "theme": "health",
            "sector": "wijkverpleging",
            "level": "meso",
            "phase": "start",
            "would_use_again": "no",
        },
        follow=True,
    )
    groups = response.context["experience_groups"]
    assert [g.key for g in groups] == ["health"]
    assert groups[0].experiences[0].would_use_again is False
    assert response.context["instrument"].experience_count == 1


def test_experience_without_what_worked_is_refused_and_keeps_input(logged_in, instrument):
    response = logged_in.post(
        reverse("instruments:experience", args=[instrument.slug]),
        {"what_worked": "", "tips": "Begin klein", "would_use_again": "yes"},
    )
    assert response.status_code == 400
    assert "Begin klein" in response.content.decode()
    assert not Experience.objects.exists()


SUBMISSION = {
    "title": "Wijkkaart",
    "summary": "Kaart van de wijk",
    "goal": "Samen de wijk verkennen",
    "description": "Zo **werkt** het",
    "format": "canvas",
    "url": "https://example.org/wijkkaart",
    "language": "nl",
    "phase": ["start"],
    "audience": ["facilitators"],
    "tags": "energie, wijk",
}


def test_submitted_instrument_is_hidden_from_everyone_but_owner_and_coordinators(client, user, coordinator):
    InstrumentFactory(title="Wijkverkenner", facets={"phase": ["start"]}, tags=["wijk"])
    client.force_login(user)
    response = client.post(reverse("instruments:submit"), SUBMISSION)
    submitted = Instrument.objects.get(title="Wijkkaart")
    assert response.status_code == 302
    assert submitted.status == InstrumentStatus.SUBMITTED
    assert client.get(submitted.get_absolute_url()).status_code == 200
    assert "Wijkkaart" in client.get(reverse("instruments:mine")).content.decode()

    other = UserFactory()
    for viewer in (None, other):
        client.logout()
        if viewer:
            client.force_login(viewer)
        assert client.get(submitted.get_absolute_url()).status_code == 404
        listing = client.get(reverse("instruments:list"), {"tag": "wijk"})
        assert [i.title for i in listing.context["page"]] == ["Wijkverkenner"]
        assert listing.context["page"].paginator.count == 1
        tag_counts = {
            o.value: o.count for g in listing.context["groups"] if g.name == "tag" for o in g.options
        }
        assert tag_counts == {"wijk": 1}
        assert "Wijkkaart" not in client.get("/").content.decode()
        related = client.get(Instrument.objects.get(title="Wijkverkenner").get_absolute_url())
        assert "Wijkkaart" not in related.content.decode()

    client.force_login(coordinator)
    assert client.get(submitted.get_absolute_url()).status_code == 200


def test_invalid_submission_keeps_everything_typed(logged_in):
    response = logged_in.post(reverse("instruments:submit"), {**SUBMISSION, "url": "geen url", "phase": []})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"url", "phase"}
    content = response.content.decode()
    assert "Samen de wijk verkennen" in content and "energie, wijk" in content
    assert not Instrument.objects.exists()


def test_owner_edits_a_submission(logged_in, user):
    instrument = InstrumentFactory(owner=user, status=InstrumentStatus.SUBMITTED)
    response = logged_in.post(
        reverse("instruments:edit", args=[instrument.slug]), {**SUBMISSION, "title": "Nieuwe titel"}
    )
    assert response.status_code == 302
    instrument.refresh_from_db()
    assert (instrument.title, instrument.slug) == ("Nieuwe titel", instrument.slug)
    assert instrument.facet_values("phase") == ["start"]


def test_bookmark_toggles_and_fills_the_toolbox(logged_in, instrument):
    url = reverse("instruments:bookmark", args=[instrument.slug])
    logged_in.post(url, {"next": "https://evil.example.org/"})
    toolbox = logged_in.get(reverse("instruments:toolbox"))
    assert [i.title for i in toolbox.context["instruments"]] == ["Cultuurscan"]
    response = logged_in.post(url, {"next": reverse("instruments:list")})
    assert response["Location"] == reverse("instruments:list")
    assert logged_in.get(reverse("instruments:toolbox")).context["instruments"] == []


def test_bookmark_refuses_an_offsite_redirect(logged_in, instrument):
    response = logged_in.post(
        reverse("instruments:bookmark", args=[instrument.slug]), {"next": "https://evil.example.org/"}
    )
    assert response["Location"] == instrument.get_absolute_url()


@pytest.mark.parametrize("model", ["instrument", "classification", "review", "experience", "bookmark"])
def test_admin_pages_render(client, make_user, instrument, model):
    from instruments import services

    reviewer = UserFactory()
    services.review_save(actor=reviewer, instrument=instrument, rating=3)
    services.bookmark_toggle(actor=reviewer, instrument=instrument)
    client.force_login(make_user("admin"))
    changelist = client.get(reverse(f"admin:instruments_{model}_changelist"), {"q": "scan"})
    assert changelist.status_code == 200
    obj = changelist.context["cl"].result_list[0] if changelist.context["cl"].result_list else None
    if obj is not None:
        assert client.get(reverse(f"admin:instruments_{model}_change", args=[obj.pk])).status_code == 200


def test_admin_publish_action(client, make_user):
    instrument = InstrumentFactory(status=InstrumentStatus.SUBMITTED)
    client.force_login(make_user("admin"))
    client.post(
        reverse("admin:instruments_instrument_changelist"),
        {"action": "publish", "_selected_action": [instrument.pk]},
    )
    instrument.refresh_from_db()
    assert instrument.status == InstrumentStatus.PUBLISHED
    assert instrument.published_at is not None


def test_admin_creates_an_instrument_with_facets(client, make_user):
    admin_user = make_user("admin")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:instruments_instrument_add"),
        {
            "title": "Netwerkkaart",
            "slug": "netwerkkaart",
            "status": "published",
            "owners": [admin_user.pk],
            "summary": "s",
            "goal": "g",
            "description": "*nadruk*",
            "format": "canvas",
            "language": "nl",
            "tags": "netwerk",
            "phase": ["design", "execute"],
            "audience": ["facilitators"],
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    instrument = Instrument.objects.get(slug="netwerkkaart")
    assert instrument.facet_values("phase") == ["design", "execute"]
    assert instrument.description_html == "<p><em>nadruk</em></p>"
    assert instrument.published_at is not None
