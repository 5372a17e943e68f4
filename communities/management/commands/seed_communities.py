"""Load demo communities modelled on the NWO research projects (publication, Bijlage 4).

Idempotent: a community whose name already exists is left alone, so running the
command twice changes nothing. Demo users are looked up by e-mail (``seed_demo``
creates them) and created when missing. Dates are relative to today, so the
demo always has a sprint in progress.
"""

import datetime
import os

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from accounts.roles import Role, assign_role
from communities import services
from communities.models import (
    BuildingBlock,
    Community,
    ExperienceLink,
    Membership,
    MembershipRole,
    StandupAnswer,
    Visibility,
)
from instruments.models import Experience, Instrument, InstrumentStatus

DEFAULT_PASSWORD = "lc-demo-2026"  # noqa: S105  (documented demo password; DEMO_PASSWORD overrides)

# e-mail -> (name, organisation, platform role)
DEMO_USERS = {
    "facilitator@lcplatform.local": ("Sanne Bakker", "Energieloket Salland", Role.FACILITATOR),
    "member@lcplatform.local": ("Youssef El Amrani", "Installatiebedrijf Van der Meer", None),
    "lid1@lcplatform.local": ("Fleur Visser", "Zorggroep De Linde", None),
    "lid2@lcplatform.local": ("Daan Mulder", "Distributiecentrum Venlo", None),
    "lid3@lcplatform.local": ("Noor Hendriks", "ROC Oost", None),
    "coordinator@lcplatform.local": (
        "Marloes Jansen",
        "Netwerk Learning Communities",
        Role.NETWORK_COORDINATOR,
    ),
}

COMMUNITIES = [
    {
        "data": {
            "name": "Gas erop! Total Station in de installatietechniek",
            "challenge": "Installatietechnici van Engberink leren werken met de Total Station, een "
            "meetinstrument voor de bouwplaats, en nemen het op in hun dagelijkse werk. Binnen- en "
            "buitendienst gaan daarbij beter samenwerken.",
            "shared_learning_goal": "Met de Total Station zelfstandig uitzetten en inmeten, en de "
            "tekeningen van de binnendienst zonder omwegen op de bouwplaats gebruiken.",
            "level": "micro",
            "variant": "learning_community",
            "province": "overijssel",
            "region": "Oost-Nederland",
            "phase": "execute",
            "visibility": Visibility.PUBLIC,
            "website": "https://www.nwo.nl/projecten/05519001-0",
        },
        "themes": ["energy", "key_technologies"],
        "sectors": ["installatietechniek", "bouw"],
        "partners": [
            ("Engberink installatietechniek", "business"),
            ("ROC Oost", "education"),
            ("Universiteit Twente", "knowledge"),
            ("Hogeschool Saxion", "knowledge"),
            ("Hogeschool Windesheim", "knowledge"),
        ],
        "members": [
            (
                "facilitator@lcplatform.local",
                MembershipRole.FACILITATOR,
                "Leren hoe ik een challenge-based "
                "community zo begeleid dat de monteurs zelf de agenda bepalen.",
            ),
            (
                "member@lcplatform.local",
                MembershipRole.MEMBER,
                "De Total Station zelfstandig kunnen gebruiken bij het uitzetten van leidingwerk.",
            ),
            (
                "lid3@lcplatform.local",
                MembershipRole.MEMBER,
                "Ervaren hoe studenten in een echte "
                "werkomgeving leren, om het curriculum daarop aan te passen.",
            ),
        ],
        "blocks": {
            "goal_focus": "Eén concrete vraag van het bedrijf: de Total Station goed leren gebruiken.",
            "intended_term": "Twee sprints van tien weken, daarna borgen in het werk.",
            "size": "Negen mensen: monteurs met en zonder ervaring, een tekenaar, twee studenten en de "
            "facilitator.",
            "composition": "Buitendienst, binnendienst en mbo-studenten; de leverancier schuift later aan.",
            "meeting_frequency": "Elke maandag een stand-up van een kwartier, "
            "om de twee weken een werksessie.",
            "meeting_form": "Afwisselend op de bouwplaats en op kantoor.",
            "way_of_working": "Werken in sprints; elke werksessie begint met een demonstratie op locatie.",
            "trust": "Iedereen is gelijkwaardig, ongeacht functie; vragen stellen is nadrukkelijk welkom.",
            "room_to_experiment": "Op één project mag alles met de Total Station worden uitgezet, ook als "
            "het langer duurt.",
        },
        "sprints": [
            (
                -84,
                -15,
                "De Total Station leren kennen: elke monteur zet één keer zelf uit.",
                "Alle monteurs hebben geoefend; de tekeningen bleken nog niet geschikt voor het apparaat.",
            ),
            (-14, 55, "Tekeningen van de binnendienst direct bruikbaar maken op de bouwplaats.", ""),
        ],
        "phases": {"orientation": (-112, -85), "action": (-84, 55), "evaluation": (56, 84)},
        "schedule": (0, datetime.time(7, 30), "Bouwkeet of kantoor Engberink (wisselt per week)", ""),
        "standups": True,
        "uses": [
            (
                "Werkblad micro-learning communities",
                -120,
                "design",
                "Leverde in één middag de leerdoelen per deelnemer op.",
            ),
            (
                "Wekelijkse stand-up met drie kernvragen",
                -80,
                "execute",
                "Werkt goed op maandagochtend bij de bus.",
            ),
            ("Uitvoering in drie fasen met sprints", -84, "execute", ""),
        ],
    },
    {
        "data": {
            "name": "CHANGE GEAR: leernetwerk logistiek",
            "challenge": "Logistieke mkb-bedrijven vergroten hun innovatievermogen door samen te leren. Ze "
            "bieden werkzoekenden via instroom en doorstroom een passende plek in de logistiek.",
            "shared_learning_goal": "Een aanpak voor instroom en doorstroom die ook bedrijven buiten het "
            "netwerk kunnen overnemen.",
            "level": "meso",
            "variant": "learning_network",
            "province": "gelderland",
            "region": "Regio Maashorst en Gelderland",
            "phase": "execute",
            "visibility": Visibility.PUBLIC,
        },
        "themes": ["earning_capacity"],
        "sectors": ["logistiek", "leven lang ontwikkelen"],
        "partners": [
            ("Chain Logistics", "business"),
            ("Distributiecentrum Venlo", "business"),
            ("Maashorst Academy", "education"),
            ("TNO", "knowledge"),
            ("Hogeschool Windesheim", "knowledge"),
            ("NHL Stenden Hogeschool", "knowledge"),
            ("UWV", "government"),
        ],
        "members": [
            (
                "lid2@lcplatform.local",
                MembershipRole.FACILITATOR,
                "Een leernetwerk opzetten dat blijft draaien als het project stopt.",
            ),
            (
                "facilitator@lcplatform.local",
                MembershipRole.MEMBER,
                "Zien wat de energietransitie kan leren van instroom in de logistiek.",
            ),
        ],
        "blocks": {
            "goal_focus": "Werkzoekenden laten instromen en doorgroeien, ook naar andere bedrijven.",
            "composition": "Bedrijven, een academie, kennisinstellingen en partijen die "
            "kandidaten aanleveren.",
            "mutual_relations": "Bedrijven gunnen elkaar medewerkers; wie doorstroomt blijft in de regio.",
            "trust": "Successen en missers worden openlijk gedeeld, zoals de ervaringen met open hiring.",
        },
        "sprints": [(-7, 13, "Drie bedrijven beschrijven hun instroomroute op één A4.", "")],
        "phases": {"orientation": (-60, -8), "action": (-7, 50)},
        "schedule": (2, datetime.time(9, 0), "", "https://meet.example.org/change-gear"),
        "standups": False,
        "uses": [("Designkit Learning communities: doelenscan", -50, "design", "")],
    },
    {
        "data": {
            "name": "ShareHouse: innovaties in logistieke warehouses",
            "challenge": "Meer dan twintig kennisinstellingen, onderwijspartijen, mkb-bedrijven, "
            "technologieleveranciers, brancheorganisaties en overheden onderzoeken samen hoe warehouses "
            "innovaties beter adopteren en invoeren.",
            "shared_learning_goal": "Weten wat warehouses nodig hebben om robotisering en digitalisering "
            "echt in gebruik te nemen.",
            "level": "macro",
            "variant": "learning_network",
            "province": "national",
            "region": "Meerdere regio's",
            "phase": "design",
            "visibility": Visibility.PUBLIC,
            "website": "https://www.nwo.nl/projecten/43918452-0",
        },
        "themes": ["key_technologies", "earning_capacity"],
        "sectors": ["logistiek", "robotisering"],
        "partners": [
            ("Hogeschool Windesheim", "knowledge"),
            ("TNO", "knowledge"),
            ("ROC Oost", "education"),
            ("Distributiecentrum Venlo", "business"),
            ("Chain Logistics", "business"),
        ],
        "members": [
            ("coordinator@lcplatform.local", MembershipRole.FACILITATOR, ""),
            (
                "lid2@lcplatform.local",
                MembershipRole.MEMBER,
                "Leren hoe mijn team een nieuwe robot accepteert.",
            ),
        ],
        "blocks": {
            "intended_term": "Meerjarig programma.",
            "size": "Ruim twintig organisaties uit verschillende regio's.",
        },
        "sprints": [],
        "phases": {},
        "schedule": None,
        "standups": False,
        "uses": [("Sociale Innovatie Businessmodel-canvas", -30, "design", "")],
    },
    {
        "data": {
            "name": "ENABLE-dem Zwolle: cultuursensitieve dementiezorg",
            "challenge": "Zorg- en welzijnsorganisaties, onderwijs, mantelzorgers en mensen met dementie "
            "werken samen aan dementiezorg thuis die past bij ieders culturele achtergrond.",
            "shared_learning_goal": "Samen vaststellen wat een goed leven met dementie is voor mensen met "
            "een migratieachtergrond, en wat professionals daarvoor moeten kunnen.",
            "level": "meso",
            "variant": "learning_community",
            "province": "overijssel",
            "region": "Zwolle",
            "phase": "execute",
            # Experiences of people with dementia and their carers are shared here: members only.
            "visibility": Visibility.MEMBERS_ONLY,
        },
        "themes": ["health"],
        "sectors": ["zorg", "welzijn"],
        "partners": [
            ("Hogeschool Windesheim", "knowledge"),
            ("Zorggroep De Linde", "semi_public"),
            ("Gemeente Zwolle", "government"),
            ("Mantelzorgers en naasten Zwolle", "citizens"),
        ],
        "members": [
            (
                "lid1@lcplatform.local",
                MembershipRole.FACILITATOR,
                "Mijn wijkteam leren om het gesprek over cultuur en zorg te voeren.",
            ),
            (
                "lid3@lcplatform.local",
                MembershipRole.MEMBER,
                "Casussen uit deze community in de opleiding gebruiken.",
            ),
        ],
        "blocks": {
            "goal_focus": "Eerst samen vaststellen waarom we dit doen: de gezamenlijke ambitie.",
            "composition": "Professionals, mantelzorgers, mensen met dementie, onderwijs en gemeente.",
            "meeting_form": "Roulerend op de werkplekken van de partners.",
            "trust": "Wat mantelzorgers vertellen blijft binnen de community.",
            "appreciation_of_learning": "Ervaringskennis van mantelzorgers telt even zwaar als vakkennis.",
        },
        "sprints": [(-10, 10, "Drie gesprekken met mantelzorgers voeren en samen terugkijken.", "")],
        "phases": {"orientation": (-70, -11), "action": (-10, 40)},
        "schedule": (3, datetime.time(16, 0), "Wisselend bij een van de partners", ""),
        "standups": False,
        "uses": [
            (
                "Afwegingskader vertrouwen",
                -60,
                "start",
                "Liet zien dat het wantrouwen vooral over intenties ging.",
            )
        ],
    },
    {
        "data": {
            "name": "Responsible Applied AI: energie in de gebouwde omgeving",
            "challenge": "Hogescholen, mkb, publieke organisaties en bewoners passen AI verantwoord toe "
            "om de energietransitie in de gebouwde omgeving te versnellen, in een "
            "quintuple-helix-samenwerking.",
            "shared_learning_goal": "Gemene delers vinden in hoe AI de werkvorm en methodiek van een "
            "learning community verandert.",
            "level": "meso",
            "variant": "living_lab",
            "province": "utrecht",
            "region": "Regionale AI-hub",
            "phase": "design",
            "visibility": Visibility.PUBLIC,
            "website": "https://ained.nl/aanpak/samenwerking-in-het-ecosysteem/",
        },
        "themes": ["key_technologies", "energy"],
        "sectors": ["ICT", "gebouwde omgeving"],
        "partners": [
            ("Platform PRIO", "knowledge"),
            ("Nederlandse AI Coalitie", "semi_public"),
            ("Installatiebedrijf Van der Meer", "business"),
            ("Energieloket Salland", "government"),
            ("Bewonerscollectief Energieneutraal", "citizens"),
        ],
        "members": [
            (
                "facilitator@lcplatform.local",
                MembershipRole.FACILITATOR,
                "Ontdekken waar AI de webber werk uit handen neemt, en waar niet.",
            ),
            ("member@lcplatform.local", MembershipRole.MEMBER, ""),
        ],
        "blocks": {
            "goal_focus": "Een challenge uit de co-creatiesessies: energieverbruik van woningen voorspellen.",
            "way_of_working": "Co-creatiesessies en frequente intervisie tussen de zes communities.",
        },
        "sprints": [],
        "phases": {"orientation": (-20, 20)},
        "schedule": None,
        "standups": False,
        "uses": [("Co-creatiewiel", -15, "design", "")],
    },
]

# (author e-mail, instrument title, community name): demo experiences their author used in one of
# their communities, so the instrument page shows "Used in the community ...".
EXPERIENCE_LINKS = [
    (
        "facilitator@lcplatform.local",
        "Wekelijkse stand-up met drie kernvragen",
        "Gas erop! Total Station in de installatietechniek",
    ),
]

STANDUP_ANSWERS = {
    "member@lcplatform.local": [
        (
            "Leidingwerk op de tweede verdieping uitgezet met de Total Station.",
            "Samen met de tekenaar kijken waarom de referentiepunten niet klopten.",
            "De accu van het apparaat houdt het geen hele dag vol.",
        ),
        (
            "Met de tekenaar de referentiepunten in de tekening aangepast.",
            "De aangepaste tekening op de bouwplaats testen.",
            "",
        ),
    ],
    "lid3@lcplatform.local": [
        (
            "Twee studenten laten meekijken bij het uitzetten.",
            "Een opdracht voor de studenten maken over inmeten.",
            "",
        ),
    ],
}


class Command(BaseCommand):
    help = "Load demo communities with partners, members, tempelmodel, sprints and stand-ups (idempotent)."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        created = 0
        with transaction.atomic():
            users = self._users(password)
            for spec in COMMUNITIES:
                if Community.objects.filter(name=spec["data"]["name"]).exists():
                    continue
                self._community(spec, users)
                created += 1
            # After the loop, not inside it: a database seeded before the links existed gets them too.
            linked = self._experience_links(users)
        self.stdout.write(f"Demo communities: {created} new, {linked} experiences newly linked.")

    def _experience_links(self, users) -> int:
        """Link the demo experiences through the communities' own service (its membership rule included).

        An experience that already has a link keeps it, whichever community it names: a second seed
        changes nothing, and neither does a seed after a person chose another community in the demo.
        """
        linked = 0
        for email, title, community_name in EXPERIENCE_LINKS:
            author = users[email]
            experience = Experience.objects.filter(author=author, instrument__title=title).first()
            community = Community.objects.filter(name=community_name).first()
            if experience is None or community is None:  # catalogue or experiences not seeded: skip
                continue
            if ExperienceLink.objects.filter(experience=experience).exists():
                continue
            services.experience_link_set(actor=author, experience=experience, community_id=community.pk)
            linked += 1
        return linked

    def _users(self, password):
        User = get_user_model()
        users = {}
        for email, (name, organisation, role) in DEMO_USERS.items():
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email, password=password, name=name, organisation=organisation
                )
                EmailAddress.objects.update_or_create(
                    user=user, email=user.email, defaults={"verified": True, "primary": True}
                )
            if role is not None:
                assign_role(user, role)
            users[email] = user
        return users

    def _community(self, spec, users):
        today = timezone.localdate()
        day = lambda offset: today + datetime.timedelta(days=offset)  # noqa: E731
        first_facilitator = next(
            users[e] for e, role, _goal in spec["members"] if role == MembershipRole.FACILITATOR
        )
        community = services.community_create(
            actor=first_facilitator, data=spec["data"], themes=spec["themes"], sectors=spec["sectors"]
        )
        for name, practice_type in spec["partners"]:
            services.partner_add(
                actor=first_facilitator, community=community, name=name, practice_type=practice_type
            )
        for email, role, goal in spec["members"]:
            membership, _created = Membership.objects.get_or_create(
                community=community, user=users[email], defaults={"role": role}
            )
            services.membership_set_learning_goal(
                actor=users[email], membership=membership, learning_goal=goal
            )
        blocks = {b.code: b.pk for b in BuildingBlock.objects.all()}
        services.building_blocks_save(
            actor=first_facilitator,
            community=community,
            texts={blocks[code]: text for code, text in spec["blocks"].items() if code in blocks},
        )
        services.execution_phases_save(
            actor=first_facilitator,
            community=community,
            phases={phase: (day(start), day(end)) for phase, (start, end) in spec["phases"].items()},
        )
        for start, end, goal, review in spec["sprints"]:
            services.sprint_create(
                actor=first_facilitator,
                community=community,
                goal=goal,
                starts_on=day(start),
                ends_on=day(end),
                review_notes=review,
            )
        if spec["schedule"]:
            weekday, time, place, url = spec["schedule"]
            services.schedule_save(
                actor=first_facilitator,
                community=community,
                weekday=weekday,
                time=time,
                place=place,
                online_url=url,
            )
            if spec["standups"]:
                self._standups(community, first_facilitator, users, weekday, today)
        for title, offset, phase, note in spec["uses"]:
            instrument = Instrument.objects.filter(title=title, status=InstrumentStatus.PUBLISHED).first()
            if instrument is None:  # catalogue not seeded: skip, do not fail
                continue
            services.instrument_use_record(
                actor=first_facilitator,
                community=community,
                instrument=instrument,
                used_on=day(offset),
                phase=phase,
                note=note,
            )
        return community

    def _standups(self, community, facilitator, users, weekday, today):
        """Two past stand-ups (the older one closed) and, answered by some members, the latest."""
        latest = today - datetime.timedelta(days=(today.weekday() - weekday) % 7)
        earlier = latest - datetime.timedelta(days=7)
        old = services.standup_create(actor=facilitator, community=community, date=earlier)
        current = services.standup_create(actor=facilitator, community=community, date=latest)
        for email, answers in STANDUP_ANSWERS.items():
            for standup, answer in zip((old, current), answers, strict=False):
                did, will_do, blockers = answer
                StandupAnswer.objects.get_or_create(
                    standup=standup,
                    member=users[email],
                    defaults={"did": did, "will_do": will_do, "blockers": blockers},
                )
        services.standup_park(
            actor=facilitator, standup=old, text="Tweede accu of laadpunt in de bouwkeet regelen."
        )
        services.standup_close(actor=facilitator, standup=old)
