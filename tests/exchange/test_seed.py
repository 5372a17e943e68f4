"""The demo data shows challenges alive, and loading it twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from exchange.models import Challenge, CommunityChallenge, DevelopmentStep

pytestmark = pytest.mark.django_db


def test_seed_demo_brings_challenges_with_communities_in_three_municipalities(client):
    call_command("seed_demo", "--quiet", stdout=StringIO())
    counts = (Challenge.objects.count(), CommunityChallenge.objects.count(), DevelopmentStep.objects.count())
    assert counts[0] == 3 and counts[2] >= 5
    call_command("seed_demo", "--quiet", stdout=StringIO())
    assert (
        Challenge.objects.count(),
        CommunityChallenge.objects.count(),
        DevelopmentStep.objects.count(),
    ) == counts

    challenge = Challenge.objects.get(title="Aardgasvrije wijken")
    html = client.get(challenge.get_absolute_url()).content.decode()
    for town in ("Zwolle", "Deventer", "Groningen"):
        assert town in html
    assert "Eerste twintig woningen op het warmtenet" in html
    assert "Kerngroep warmte Apeldoorn" not in html and "Apeldoorn" not in html
    assert "Co-creatiewiel" in html
    for title in ("Zorg thuis in de wijk", "Duurzame stadslogistiek"):
        assert client.get(Challenge.objects.get(title=title).get_absolute_url()).status_code == 200


def test_seed_demo_brings_discussions_a_faq_and_requests_once(client):
    from exchange.models import InstrumentRequest, Post, Thread
    from instruments.models import Instrument

    call_command("seed_demo", "--quiet", stdout=StringIO())
    counts = (Thread.objects.count(), Post.objects.count(), InstrumentRequest.objects.count())
    assert counts[0] == 4 and counts[2] == 2
    call_command("seed_demo", "--quiet", stdout=StringIO())
    assert (Thread.objects.count(), Post.objects.count(), InstrumentRequest.objects.count()) == counts
    assert not Post.objects.filter(is_pending=True).exists()

    challenge = Challenge.objects.get(title="Aardgasvrije wijken")
    html = client.get(challenge.get_absolute_url()).content.decode()
    assert "Hoe krijg je bewoners naar de eerste wijkavond?" in html
    assert "peilen hoeveel bewoners de warmtetransitie vertrouwen" in html
    scan = Instrument.objects.get(title="Designkit Learning communities: cultuurscan")
    html = client.get(scan.get_absolute_url()).content.decode()
    assert 'data-testid="instrument-faq"' in html and "gemengde groep" in html
    request = InstrumentRequest.objects.get(title__startswith="Een instrument om te peilen")
    assert request.demand == 3 and request.suggestions.count() == 1
