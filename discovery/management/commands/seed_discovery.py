"""Demo content for discovery: two curated routes and experiences that cross sectors.

Idempotent: routes are matched by title, experiences by (author, instrument).
Runs after ``seed_demo`` created the users and instruments (it is one of its
SEED_EXTENSIONS); missing users or instruments are skipped with a note.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from discovery import services
from discovery.models import Route
from instruments import services as instrument_services
from instruments.models import Experience, Instrument, InstrumentStatus

COORDINATOR = "coordinator@lcplatform.local"

ROUTES = [
    {
        "title": "Een micro-learning community starten in zes stappen",
        "purpose": "Voor een bedrijf of team dat samen met een school een kleine learning community wil "
        "beginnen: van de eerste verkenning op de werkvloer tot een wekelijks ritme waarin deelnemers "
        "van hun eigen werk leren.",
        "steps": [
            (
                "Diepte-interviews en observaties op de werkvloer",
                "Begin bij de praktijk: wat speelt er echt bij medewerkers, studenten en experts?",
            ),
            (
                "Actiebereidheid: vijf stellingen",
                "Toets voordat je investeert of iedereen hetzelfde doel, mandaat en tijd heeft.",
            ),
            (
                "Werkblad micro-learning communities",
                "Leg in één sessie project, gezamenlijk leerdoel, deelnemers en ritme vast.",
            ),
            (
                "Uitvoering in drie fasen met sprints",
                "Deel de uitvoering op in oriëntatie, korte sprints en een evaluatie.",
            ),
            (
                "Wekelijkse stand-up met drie kernvragen",
                "Een kwartier per week houdt iedereen op de hoogte en brengt blokkades boven.",
            ),
            (
                "Reflectievragen: het werk als leerplek",
                "Sluit elke sprint af met de vraag wat deelnemers in hun werk anders zijn gaan doen.",
            ),
        ],
    },
    {
        "title": "Vertrouwen en dialoog in een nieuwe samenwerking",
        "purpose": "Voor begeleiders van een community waarin partijen elkaar nog weinig kennen: eerst "
        "vertrouwen bespreekbaar maken, dan de kwaliteit van het gesprek verbeteren.",
        "steps": [
            (
                "Afwegingskader vertrouwen",
                "Maak zichtbaar waar het vertrouwen op rust en waar het schuurt.",
            ),
            (
                "Partnerschapskaart",
                "Bespreek hoe gelijkwaardig de partners zich voelen en wat daarvoor nodig is.",
            ),
            (
                "Reflectie-instrument dialoogkwaliteit",
                "Kijk samen terug op hoe het gesprek verliep en stuur bij naar echte dialoog.",
            ),
            (
                "Dialooginstrument",
                "Help werkgroepen van uitwisselen naar samen onderzoeken te gaan.",
            ),
        ],
    },
]

# Experiences that carry an instrument across sectors, so "proven elsewhere" and
# the search for "vertrouwen" have something to show.
EXPERIENCES = [
    (
        "facilitator@lcplatform.local",
        "Partnerschapskaart",
        {
            "theme": "energy",
            "sector": "energiecoöperaties",
            "level": "meso",
            "phase": "execute",
            "what_worked": "Gemaakt voor het sociaal domein, maar in onze wijkcoöperatie bracht de kaart "
            "het gebrek aan vertrouwen tussen bewoners en de gemeente goed op tafel.",
            "what_did_not_work": "De eerste ronde bleef te beleefd; pas bij de tweede sessie werd het echt.",
            "tips": "Laat bewoners en ambtenaren de kaart eerst apart invullen.",
            "would_use_again": True,
        },
    ),
    (
        "lid2@lcplatform.local",
        "Profielbeschrijving (PexPi)",
        {
            "theme": "key_technologies",
            "sector": "logistiek",
            "level": "meso",
            "phase": "start",
            "what_worked": "In ons online leernetwerk gaf de profielbeschrijving snel vertrouwen: je wist "
            "wie je tegenover je had voordat de eerste sessie begon.",
            "what_did_not_work": "Een paar deelnemers vulden alleen hun functie in.",
            "tips": "Vraag naar een recente mislukking, dat breekt het ijs.",
            "would_use_again": True,
        },
    ),
    (
        "lid1@lcplatform.local",
        "Reflectie-instrument dialoogkwaliteit",
        {
            "theme": "health",
            "sector": "wijkverpleging",
            "level": "meso",
            "phase": "execute",
            "what_worked": "Na drie bijeenkomsten zagen we dat we vooral informatie uitwisselden; het "
            "instrument hielp om echt samen te onderzoeken.",
            "what_did_not_work": "Kost tijd die in een volle agenda lastig te vinden is.",
            "tips": "Gebruik het om de andere bijeenkomst, niet elke keer.",
            "would_use_again": True,
        },
    ),
]


class Command(BaseCommand):
    help = "Add demo routes and cross-sector experiences for discovery (idempotent)."

    def handle(self, *args, **options):
        User = get_user_model()
        users = {
            u.email: u for u in User.objects.filter(email__in={COORDINATOR} | {e[0] for e in EXPERIENCES})
        }
        instruments = {
            i.title: i
            for i in Instrument.objects.filter(status=InstrumentStatus.PUBLISHED).only(
                "pk", "title", "status"
            )
        }
        routes = experiences = 0
        with transaction.atomic():
            coordinator = users.get(COORDINATOR)
            for spec in ROUTES:
                if coordinator is None or Route.objects.filter(title=spec["title"]).exists():
                    continue
                steps = [(instruments[title], why) for title, why in spec["steps"] if title in instruments]
                if not steps:
                    self.stdout.write(f"Skipped route {spec['title']!r}: its instruments are missing.")
                    continue
                services.route_create(
                    actor=coordinator,
                    title=spec["title"],
                    purpose=spec["purpose"],
                    is_published=True,
                    steps=steps,
                )
                routes += 1
            for email, title, fields in EXPERIENCES:
                author, instrument = users.get(email), instruments.get(title)
                if author is None or instrument is None:
                    continue
                if Experience.objects.filter(author=author, instrument=instrument).exists():
                    continue
                instrument_services.experience_create(actor=author, instrument=instrument, **fields)
                experiences += 1
        self.stdout.write(f"Discovery demo data: {routes} new routes, {experiences} new experiences.")
