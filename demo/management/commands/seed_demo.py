"""Load the demo data: accounts, the instrument catalogue, reviews and experiences.

Idempotent: users are matched by e-mail, instruments by title, reviews and
experiences by (author, instrument). Running it twice changes nothing, and
existing users keep their password.
"""

import json
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role, assign_role
from instruments import services
from instruments.models import Experience, Instrument, InstrumentStatus, Review
from moderation.ratelimit import WINDOW as RATE_WINDOW
from places.services import ensure_municipalities

# A public demo password by design: printed on start-up, overridable via DEMO_PASSWORD.
DEFAULT_PASSWORD = "lc-demo-2026"  # noqa: S105
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "instruments.json"

# Fixture key -> facet name used by instruments.services.
FACET_KEYS = {
    "phases": "phase",
    "pillars": "pillar",
    "levels": "level",
    "audiences": "audience",
    "themes": "theme",
}


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    organisation: str
    bio: str
    role: Role | None = None
    admin: bool = False

    @property
    def role_label(self) -> str:
        if self.admin:
            return "beheerder (superuser)"
        return self.role.value if self.role else "lid (geen rol)"


DEMO_USERS = [
    DemoUser(
        "admin@lcplatform.local",
        "Anouk de Vries",
        "LC Platform",
        "Beheert het platform en de technische inrichting.",
        admin=True,
    ),
    DemoUser(
        "coordinator@lcplatform.local",
        "Marloes Jansen",
        "Netwerk Learning Communities",
        "Netwerkcoördinator: beoordeelt nieuwe instrumenten en houdt het platform actief.",
        role=Role.NETWORK_COORDINATOR,
    ),
    DemoUser(
        "facilitator@lcplatform.local",
        "Sanne Bakker",
        "Energieloket Salland",
        "Webber in de energietransitie: begeleidt wijkgerichte learning communities rond aardgasvrij wonen.",
        role=Role.FACILITATOR,
    ),
    DemoUser(
        "developer@lcplatform.local",
        "Pieter van Dijk",
        "Lectoraat Leren en Innoveren, Hogeschool Midden-Nederland",
        "Onderzoeker die instrumenten voor learning communities ontwikkelt en test.",
        role=Role.INSTRUMENT_DEVELOPER,
    ),
    DemoUser(
        "member@lcplatform.local",
        "Youssef El Amrani",
        "Installatiebedrijf Van der Meer",
        "Monteur warmtepompen en deelnemer aan een learning community installatietechniek.",
    ),
    DemoUser(
        "lid1@lcplatform.local",
        "Fleur Visser",
        "Zorggroep De Linde",
        "Wijkverpleegkundige; werkt in een learning community over dementiezorg thuis.",
    ),
    DemoUser(
        "lid2@lcplatform.local",
        "Daan Mulder",
        "Distributiecentrum Venlo",
        "Teamleider logistiek; doet mee aan een leernetwerk over robotisering.",
    ),
    DemoUser(
        "lid3@lcplatform.local",
        "Noor Hendriks",
        "ROC Oost",
        "Docent techniek; verbindt studenten met learning communities in de regio.",
    ),
]

# (author e-mail, instrument title, rating, text, level, phase, theme)
DEMO_REVIEWS = [
    (
        "facilitator@lcplatform.local",
        "Wekelijkse stand-up met drie kernvragen",
        5,
        "Kort en krachtig. Na drie weken kwamen de monteurs zelf met hun blokkades, "
        "zonder dat ik erom hoefde te vragen.",
        "micro",
        "execute",
        "energy",
    ),
    (
        "member@lcplatform.local",
        "Wekelijkse stand-up met drie kernvragen",
        4,
        "Fijn dat het echt een kwartier blijft. Een foto van je werk meenemen maakt het "
        "makkelijker om iets te vertellen.",
        "micro",
        "execute",
        "energy",
    ),
    (
        "lid2@lcplatform.local",
        "Wekelijkse stand-up met drie kernvragen",
        3,
        "Werkt, maar met ploegendiensten is een vast moment lastig te vinden.",
        "micro",
        "execute",
        "",
    ),
    (
        "lid1@lcplatform.local",
        "Afwegingskader vertrouwen",
        5,
        "De drie bronnen van vertrouwen gaven ons taal voor iets wat we al voelden "
        "maar niet konden benoemen.",
        "meso",
        "start",
        "health",
    ),
    (
        "facilitator@lcplatform.local",
        "Afwegingskader vertrouwen",
        4,
        "Uit de zorg meegenomen naar een energiecoöperatie: ook daar bruikbaar, al "
        "moesten we de voorbeelden aanpassen.",
        "meso",
        "execute",
        "energy",
    ),
    (
        "lid2@lcplatform.local",
        "Designkit Learning communities: doelenscan",
        4,
        "Liet zien dat de vervoerder en de verlader heel andere doelen hadden. Dat gesprek hadden we nodig.",
        "meso",
        "design",
        "",
    ),
    (
        "lid3@lcplatform.local",
        "Werkblad micro-learning communities",
        5,
        "In één middag stond er een concreet plan met een leerdoel per student.",
        "micro",
        "design",
        "energy",
    ),
    (
        "coordinator@lcplatform.local",
        "Seeds of Innovation",
        4,
        "Goede manier om elk halfjaar terug te kijken. De poster hangt nu bij twee communities aan de muur.",
        "meso",
        "sustain",
        "agri_food",
    ),
    (
        "facilitator@lcplatform.local",
        "Sociale Innovatie Businessmodel-canvas",
        4,
        "Het blauwe vlak (financiering) leverde de meeste discussie op, en terecht.",
        "macro",
        "start",
        "energy",
    ),
    (
        "lid3@lcplatform.local",
        "Dialooginstrument",
        3,
        "Bruikbaar, maar voor deelnemers uit het bedrijfsleven voelde het wat schools.",
        "micro",
        "execute",
        "",
    ),
]

# (author e-mail, instrument title, fields for services.experience_create)
DEMO_EXPERIENCES = [
    (
        "facilitator@lcplatform.local",
        "Wekelijkse stand-up met drie kernvragen",
        {
            "theme": "energy",
            "sector": "installatietechniek",
            "level": "micro",
            "phase": "execute",
            "what_worked": "Een vaste tijd op maandagochtend, staand bij de bus. Iedereen "
            "wist wat de ander die week ging doen.",
            "what_did_not_work": "In de eerste weken werd het toch een werkoverleg; ik "
            "moest vaker ingrijpen dan verwacht.",
            "tips": "Houd een parkeerlijst bij en plan de discussiepunten in de eerstvolgende werksessie.",
            "would_use_again": True,
        },
    ),
    (
        "lid1@lcplatform.local",
        "Afwegingskader vertrouwen",
        {
            "theme": "health",
            "sector": "wijkverpleging",
            "level": "meso",
            "phase": "start",
            "what_worked": "Door per bron (prestaties, competenties, intenties) te scoren "
            "werd duidelijk dat het wantrouwen vooral over intenties ging.",
            "what_did_not_work": "Een gemeente-ambtenaar vond de vragen te persoonlijk om "
            "in de grote groep te bespreken.",
            "tips": "Laat eerst in tweetallen scoren en bespreek daarna pas plenair.",
            "would_use_again": True,
        },
    ),
    (
        "lid2@lcplatform.local",
        "Designkit Learning communities: doelenscan",
        {
            "theme": "",
            "sector": "logistiek",
            "level": "meso",
            "phase": "design",
            "what_worked": "De scan dwong ons om het gezamenlijke doel in één zin op te schrijven.",
            "what_did_not_work": "Niet alle partners vulden de scan vooraf in, waardoor de "
            "vergelijking scheef was.",
            "tips": "Plan tien minuten in de sessie zelf om de scan in te vullen.",
            "would_use_again": True,
        },
    ),
    (
        "member@lcplatform.local",
        "Werkblad micro-learning communities",
        {
            "theme": "energy",
            "sector": "installatietechniek",
            "level": "micro",
            "phase": "design",
            "what_worked": "Het blok over de tweede schil bracht ons op het idee de "
            "leverancier van de warmtepompen uit te nodigen.",
            "what_did_not_work": "De scores voor innovatie en complexiteit zeiden ons weinig.",
            "tips": "Neem zowel binnen- als buitendienst mee in de ontwerpsessie.",
            "would_use_again": True,
        },
    ),
    (
        "facilitator@lcplatform.local",
        "Seeds of Innovation",
        {
            "theme": "energy",
            "sector": "energiecoöperaties",
            "level": "meso",
            "phase": "sustain",
            "what_worked": "Ontwikkeld in de tuinbouw, maar de twaalf factoren pasten "
            "prima op onze coöperatie die na de subsidie verder wilde.",
            "what_did_not_work": "Zonder de app moesten we de scores van twee rondes zelf "
            "naast elkaar leggen.",
            "tips": "Fotografeer de ingevulde poster, dan kun je later vergelijken.",
            "would_use_again": True,
        },
    ),
    (
        "lid3@lcplatform.local",
        "Uitvoering in drie fasen met sprints",
        {
            "theme": "key_technologies",
            "sector": "onderwijs en techniek",
            "level": "micro",
            "phase": "execute",
            "what_worked": "Sprints van twee weken passen goed bij de onderwijsperiodes van onze studenten.",
            "what_did_not_work": "De evaluatiefase viel in de toetsweek en kreeg te weinig aandacht.",
            "tips": "Leg de evaluatie vooraf vast in de jaarplanning van school én bedrijf.",
            "would_use_again": True,
        },
    ),
]

SUBMITTED_INSTRUMENT = {
    "data": {
        "title": "Opgavekaart voor wijkgerichte energie-communities",
        "summary": "Kaart waarmee een webber de opgave van een wijk in de energietransitie "
        "uitsplitst in deelvragen, partijen en een eerste leerdoel voor de "
        "learning community.",
        "goal": "Een grote opgave (een aardgasvrije wijk) vertalen naar een vraag die direct "
        "relevant is voor de deelnemende organisaties.",
        "description": "Demo-inzending van een instrumentontwikkelaar, bedoeld om de "
        "beoordelingsstap door een netwerkcoördinator te laten zien.\n\n"
        "**Stappen**\n\n"
        "1. Schrijf de opgave van de wijk op.\n"
        "2. Breek die op in deelvragen per partij (gemeente, corporatie, "
        "installateur, bewoners, onderwijs).\n"
        "3. Kies de deelvraag waar de partijen elkaar het hardst nodig "
        "hebben en formuleer een gezamenlijk leerdoel.",
        "format": "canvas",
        "url": "",
        "origin_organisation": "Lectoraat Leren en Innoveren, Hogeschool Midden-Nederland",
        "authors": "Van Dijk, P.",
        "year": 2026,
        "language": "nl",
        "licence": "CC BY-SA 4.0",
        "effort": "1 tot 2 uur",
        "group_size": "6-10 personen",
    },
    "facets": {
        "phase": ["start"],
        "pillar": ["goals"],
        "level": ["meso"],
        "audience": ["facilitators", "initiators"],
        "theme": ["energy"],
    },
    "tags": ["energietransitie", "wijkaanpak", "opgave"],
}

INSTRUMENT_DATA_KEYS = services.INSTRUMENT_FIELDS


# refresh_catalogue first: it brings fixture instruments seeded by an earlier version up to date.
SEED_EXTENSIONS: tuple[str, ...] = (
    "refresh_catalogue",
    "seed_value",
    "seed_scans",
    "seed_discovery",
    "seed_moderation",
    "seed_exchange",
    "seed_discussions",
)


class Command(BaseCommand):
    help = "Load demo accounts, the instrument catalogue, reviews and experiences (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the table of demo accounts.")

    def handle(self, *args, quiet=False, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        started = timezone.now()
        with transaction.atomic():
            ensure_municipalities()
            users, new_users = self._users(password)
            developer = users["developer@lcplatform.local"]
            created = self._instruments(developer)
            created += self._submitted_instrument(developer)
            reviews = self._reviews(users)
            experiences = self._experiences(users)
        # Communities build on the demo users and instruments created above.
        call_command("seed_communities", stdout=self.stdout)
        # Each later app seeds its own demo content on top of the communities.
        for command in SEED_EXTENSIONS:
            call_command(command, stdout=self.stdout)
        self._date_before_rate_window(started)

        self.stdout.write(
            f"Demo data: {new_users} new users, {created} new instruments, "
            f"{reviews} new reviews, {experiences} new experiences."
        )
        if not quiet:
            self._print_accounts(password)

    # -- users ---------------------------------------------------------------

    def _users(self, password: str):
        User = get_user_model()
        users, new = {}, 0
        for spec in DEMO_USERS:
            user = User.objects.filter(email__iexact=spec.email).first()
            if user is None:
                user = User.objects.create_user(
                    email=spec.email,
                    password=password,
                    name=spec.name,
                    organisation=spec.organisation,
                    bio=spec.bio,
                    is_staff=spec.admin,
                    is_superuser=spec.admin,
                    onboarded_at=timezone.now(),
                )
                new += 1
            if spec.role is not None:
                assign_role(user, spec.role)
            EmailAddress.objects.update_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
            users[spec.email] = user
        return users, new

    # -- instruments ---------------------------------------------------------

    def _load_fixture(self) -> list[dict]:
        try:
            with FIXTURE.open(encoding="utf-8") as fh:
                items = json.load(fh)
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {FIXTURE}: {exc}") from exc
        if not isinstance(items, list):
            raise CommandError(f"{FIXTURE} must hold a JSON list")
        return items

    def _instruments(self, owner) -> int:
        existing = set(Instrument.objects.values_list("title", flat=True))
        created = 0
        for item in self._load_fixture():
            title = item["title"]
            if title in existing:
                continue
            data = {key: item[key] for key in INSTRUMENT_DATA_KEYS if key in item}
            facets = {facet: item.get(key, []) for key, facet in FACET_KEYS.items()}
            try:
                services.instrument_create(
                    actor=owner,
                    data=data,
                    facets=facets,
                    tags=item.get("tags", []),
                    status=InstrumentStatus.PUBLISHED,
                )
            except Exception as exc:  # report which fixture entry is wrong
                raise CommandError(f"Instrument {title!r}: {exc}") from exc
            existing.add(title)
            created += 1
        return created

    def _submitted_instrument(self, owner) -> int:
        spec = SUBMITTED_INSTRUMENT
        if Instrument.objects.filter(title=spec["data"]["title"]).exists():
            return 0
        services.instrument_create(
            actor=owner,
            data=spec["data"],
            facets=spec["facets"],
            tags=spec["tags"],
            status=InstrumentStatus.SUBMITTED,
        )
        return 1

    # -- reviews and experiences ---------------------------------------------

    @staticmethod
    def _instrument(title: str) -> Instrument | None:
        return Instrument.objects.filter(title=title).first()

    def _reviews(self, users) -> int:
        created = 0
        for email, title, rating, text, level, phase, theme in DEMO_REVIEWS:
            instrument, author = self._instrument(title), users[email]
            if instrument is None or Review.objects.filter(instrument=instrument, author=author).exists():
                continue
            services.review_save(
                actor=author,
                instrument=instrument,
                rating=rating,
                text=text,
                context_level=level,
                context_phase=phase,
                context_theme=theme,
            )
            created += 1
        return created

    def _experiences(self, users) -> int:
        created = 0
        for email, title, fields in DEMO_EXPERIENCES:
            instrument, author = self._instrument(title), users[email]
            if instrument is None or Experience.objects.filter(instrument=instrument, author=author).exists():
                continue
            services.experience_create(actor=author, instrument=instrument, **fields)
            created += 1
        return created

    @staticmethod
    def _date_before_rate_window(started) -> None:
        """Date what this run created before the hourly rate-limit window.

        The limits count a person's rows of the last hour; without this the demo
        developer, who "submitted" the whole catalogue a second ago, could not
        submit anything for an hour. Demo content is history, not activity.
        """
        before = started - RATE_WINDOW - timedelta(minutes=1)
        for label, field in (
            ("instruments.InstrumentChange", "created_at"),
            ("instruments.Review", "created_at"),
            ("instruments.Experience", "created_at"),
            ("moderation.Report", "created_at"),
        ):
            model = apps.get_model(label)
            model.objects.filter(**{f"{field}__gte": started}).update(**{field: before})

    # -- output --------------------------------------------------------------

    def _print_accounts(self, password: str) -> None:
        email_width = max(len(u.email) for u in DEMO_USERS)
        role_width = max(len(u.role_label) for u in DEMO_USERS)
        header = f"{'e-mail':<{email_width}}  {'rol':<{role_width}}  wachtwoord"
        self.stdout.write("")
        self.stdout.write("Demo-accounts:")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for spec in DEMO_USERS:
            self.stdout.write(f"{spec.email:<{email_width}}  {spec.role_label:<{role_width}}  {password}")
        self.stdout.write(
            "(Bestaande accounts houden hun wachtwoord; het getoonde wachtwoord geldt voor "
            "nieuw aangemaakte accounts.)"
        )
