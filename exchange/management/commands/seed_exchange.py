"""Demo challenges, the communities working on them and the steps they shared (idempotent).

Run by ``seed_demo`` after the demo communities exist. Challenges are matched
by title, communities by name, links by (community, challenge) and steps by
(community, title): running it again changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from communities import services as community_services
from communities.models import Community, CommunityInstrumentUse, Membership, MembershipRole, Visibility
from core.markdown import render_markdown
from instruments.models import Instrument, InstrumentStatus
from places.models import Municipality

from ...models import (
    Challenge,
    ChallengeStatus,
    ChallengeTheme,
    CommunityChallenge,
    DevelopmentStep,
    StepKind,
)

COORDINATOR = "coordinator@lcplatform.local"
FACILITATOR = "facilitator@lcplatform.local"
MEMBER = "member@lcplatform.local"

CHALLENGES = [
    {
        "title": "Aardgasvrije wijken",
        "themes": ["energy"],
        "sectors": ["wonen", "installatietechniek", "gemeente"],
        "description": (
            "Gemeenten maken wijk voor wijk een plan om woningen van het aardgas af te halen. "
            "Dat lukt alleen als bewoners, woningcorporaties, installateurs, netbeheerders en "
            "het onderwijs samen uitzoeken wat in hun wijk werkt.\n\n"
            "Hier vinden communities die daaraan werken elkaar: wat probeerden ze, wat leerden "
            "ze, en welke instrumenten hielpen?"
        ),
    },
    {
        "title": "Zorg thuis in de wijk",
        "themes": ["health"],
        "sectors": ["zorg", "welzijn"],
        "description": (
            "Meer mensen blijven langer thuis wonen, ook met dementie of een chronische ziekte. "
            "Wijkverpleging, mantelzorgers, huisartsen en opleidingen zoeken samen naar zorg die "
            "past bij wie iemand is."
        ),
    },
    {
        "title": "Duurzame stadslogistiek",
        "themes": ["earning_capacity"],
        "sectors": ["logistiek"],
        "description": (
            "Minder en schonere vrachtbewegingen in de stad: bundelen, elektrisch rijden en "
            "slimmer plannen. Vervoerders, verladers, gemeenten en kennisinstellingen leren van "
            "elkaars proeven."
        ),
    },
]

# name, municipality code, province, phase, visibility, challenge learned about in a line.
COMMUNITIES = [
    {
        "data": {
            "name": "Aardgasvrij Holtenbroek",
            "challenge": "Een naoorlogse wijk in Zwolle samen met bewoners van het aardgas af halen.",
            "level": "meso",
            "province": "overijssel",
            "phase": "execute",
            "visibility": Visibility.PUBLIC,
        },
        "municipality": "GM0193",
        "challenge": "Aardgasvrije wijken",
    },
    {
        "data": {
            "name": "Warmteteam Rivierenwijk",
            "challenge": "Bewoners, corporatie en installateurs kiezen samen een warmteoplossing.",
            "level": "meso",
            "province": "overijssel",
            "phase": "design",
            "visibility": Visibility.PUBLIC,
        },
        "municipality": "GM0150",
        "challenge": "Aardgasvrije wijken",
    },
    {
        "data": {
            "name": "Groene Warmte Paddepoel",
            "challenge": "Studenten, bewoners en de gemeente onderzoeken een warmtenet voor de buurt.",
            "level": "meso",
            "province": "groningen",
            "phase": "start",
            "visibility": Visibility.PUBLIC,
        },
        "municipality": "GM0014",
        "challenge": "Aardgasvrije wijken",
    },
    {
        "data": {
            "name": "Kerngroep warmte Apeldoorn",
            "challenge": "Vertrouwelijk overleg tussen corporaties over de volgorde van de wijken.",
            "level": "meso",
            "province": "gelderland",
            "phase": "design",
            "visibility": Visibility.MEMBERS_ONLY,
        },
        "municipality": "GM0200",
        "challenge": "Aardgasvrije wijken",
    },
    {
        "data": {
            "name": "Samen zorgen in Kampen",
            "challenge": "Wijkverpleging en mantelzorgers leren samen thuiszorg beter af te stemmen.",
            "level": "micro",
            "province": "overijssel",
            "phase": "execute",
            "visibility": Visibility.PUBLIC,
        },
        "municipality": "GM0166",
        "challenge": "Zorg thuis in de wijk",
    },
]

# Existing demo communities (seed_communities) that work on a demo challenge.
EXISTING_LINKS = [
    ("ENABLE-dem Zwolle: cultuursensitieve dementiezorg", "Zorg thuis in de wijk"),
    ("CHANGE GEAR: leernetwerk logistiek", "Duurzame stadslogistiek"),
    ("ShareHouse: innovaties in logistieke warehouses", "Duurzame stadslogistiek"),
]

# community, kind, title, what we did, what we learned, instrument title, days ago.
STEPS = [
    (
        "Aardgasvrij Holtenbroek",
        StepKind.MILESTONE,
        "Eerste twintig woningen op het warmtenet",
        "In de Vechtstraat zijn twintig huurwoningen aangesloten. Bewoners kozen zelf de planning "
        "van de werkzaamheden in drie avondsessies.",
        "Bewoners die al over waren, overtuigden hun buren beter dan onze brochures.",
        "Co-creatiewiel",
        12,
    ),
    (
        "Aardgasvrij Holtenbroek",
        StepKind.LESSON,
        "Begin bij de vragen van bewoners, niet bij de techniek",
        "We openden de eerste bijeenkomst met een warmtetechnische uitleg. Er kwamen vooral zorgen "
        "over kosten en overlast.",
        "Nu beginnen we met een rondje vragen en leggen we de techniek pas uit als daarom gevraagd wordt.",
        "Dialooginstrument",
        40,
    ),
    (
        "Warmteteam Rivierenwijk",
        StepKind.SPRINT_REVIEW,
        "Sprintreview: drie warmteopties doorgerekend",
        "Studenten installatietechniek rekenden met de corporatie drie opties door: een warmtenet, "
        "hybride warmtepompen en all-electric.",
        "De keuze hangt minder af van de techniek dan van wie de investering draagt.",
        "Actiescan Learning communities",
        20,
    ),
    (
        "Groene Warmte Paddepoel",
        StepKind.MILESTONE,
        "Buurtteam gevormd",
        "Acht bewoners, twee studenten en een beleidsmedewerker vormen het buurtteam; we komen "
        "elke twee weken bij elkaar.",
        "",
        "Partnerschapskaart",
        6,
    ),
    (
        "Samen zorgen in Kampen",
        StepKind.LESSON,
        "Mantelzorgers als volwaardige partner",
        "We nodigden mantelzorgers uit voor het wekelijkse overleg van het wijkteam.",
        "Het overleg werd korter: vragen die eerst via drie schijven liepen, zijn nu meteen beantwoord.",
        "Wekelijkse stand-up met drie kernvragen",
        15,
    ),
    (
        "CHANGE GEAR: leernetwerk logistiek",
        StepKind.SPRINT_REVIEW,
        "Proef met gebundelde leveringen in de binnenstad",
        "Drie vervoerders bundelden twee weken hun leveringen aan winkels via één elektrische bus.",
        "Bundelen werkt alleen als de verladers hun bestelmomenten op elkaar afstemmen.",
        "",
        9,
    ),
]

# community, instrument title, phase, how it went.
INSTRUMENT_USES = [
    (
        "Aardgasvrij Holtenbroek",
        "Co-creatiewiel",
        "execute",
        "Hielp bewoners en installateurs één taal te vinden.",
    ),
    (
        "Warmteteam Rivierenwijk",
        "Co-creatiewiel",
        "design",
        "Goed voor de start, daarna te abstract voor de bewoners.",
    ),
    ("Groene Warmte Paddepoel", "Partnerschapskaart", "start", "Liet zien dat de netbeheerder nog ontbrak."),
]


class Command(BaseCommand):
    help = "Load demo challenges, their communities and shared development steps (idempotent)."

    def handle(self, *args, **options):
        User = get_user_model()
        coordinator = User.objects.filter(email=COORDINATOR).first()
        facilitator = User.objects.filter(email=FACILITATOR).first()
        if coordinator is None or facilitator is None:
            self.stdout.write("Demo challenges: skipped (run seed_demo first for the demo accounts).")
            return
        counts = {"challenges": 0, "communities": 0, "steps": 0}
        with transaction.atomic():
            challenges = {spec["title"]: self._challenge(spec, coordinator, counts) for spec in CHALLENGES}
            for spec in COMMUNITIES:
                community = self._community(spec, facilitator, counts)
                CommunityChallenge.objects.get_or_create(
                    community=community,
                    challenge=challenges[spec["challenge"]],
                    defaults={"linked_by": facilitator},
                )
            for name, title in EXISTING_LINKS:
                community = Community.objects.filter(name=name).first()
                if community is not None:
                    CommunityChallenge.objects.get_or_create(community=community, challenge=challenges[title])
            self._instrument_uses(facilitator)
            self._steps(facilitator, counts)
            member = User.objects.filter(email=MEMBER).first()
            secret = Community.objects.filter(name="Kerngroep warmte Apeldoorn").first()
            if member is not None and secret is not None:
                Membership.objects.get_or_create(
                    community=secret, user=member, defaults={"role": MembershipRole.MEMBER}
                )
        self.stdout.write(
            f"Demo challenges: {counts['challenges']} new challenges, "
            f"{counts['communities']} new communities, {counts['steps']} new steps."
        )

    def _challenge(self, spec, coordinator, counts) -> Challenge:
        challenge = Challenge.objects.filter(title=spec["title"]).first()
        if challenge is not None:
            return challenge
        # Written directly rather than through challenge_create: the demo keeps its fixed slugs.
        challenge = Challenge.objects.create(
            title=spec["title"],
            slug=spec["title"].lower().replace(" ", "-"),
            description=spec["description"],
            description_html=render_markdown(spec["description"]),
            status=ChallengeStatus.ACTIVE,
            created_by=coordinator,
        )
        ChallengeTheme.objects.bulk_create(
            [ChallengeTheme(challenge=challenge, theme=t) for t in spec["themes"]]
        )
        challenge.sectors.set(spec["sectors"])
        counts["challenges"] += 1
        return challenge

    def _community(self, spec, facilitator, counts) -> Community:
        community = Community.objects.filter(name=spec["data"]["name"]).first()
        if community is None:
            data = {**spec["data"], "municipality": Municipality.objects.get(code=spec["municipality"])}
            community = community_services.community_create(
                actor=facilitator, data=data, themes=CHALLENGE_THEMES[spec["challenge"]], sectors=[]
            )
            counts["communities"] += 1
        return community

    def _instrument_uses(self, facilitator) -> None:
        today = timezone.localdate()
        for name, title, phase, note in INSTRUMENT_USES:
            community = Community.objects.filter(name=name).first()
            instrument = Instrument.objects.filter(title=title, status=InstrumentStatus.PUBLISHED).first()
            if community is None or instrument is None:
                continue
            if CommunityInstrumentUse.objects.filter(community=community, instrument=instrument).exists():
                continue
            community_services.instrument_use_record(
                actor=facilitator,
                community=community,
                instrument=instrument,
                used_on=today - datetime.timedelta(days=30),
                phase=phase,
                note=note,
            )

    def _steps(self, facilitator, counts) -> None:
        now = timezone.now()
        for name, kind, title, did, learned, instrument_title, days_ago in STEPS:
            community = Community.objects.filter(name=name, visibility=Visibility.PUBLIC).first()
            if community is None or DevelopmentStep.objects.filter(community=community, title=title).exists():
                continue
            instrument = (
                Instrument.objects.filter(title=instrument_title, status=InstrumentStatus.PUBLISHED).first()
                if instrument_title
                else None
            )
            DevelopmentStep.objects.create(
                community=community,
                author=facilitator,
                kind=kind,
                title=title,
                what_we_did=did,
                what_we_learned=learned,
                what_we_did_html=render_markdown(did),
                what_we_learned_html=render_markdown(learned),
                instrument=instrument,
                published_at=now - datetime.timedelta(days=days_ago),
            )
            counts["steps"] += 1


CHALLENGE_THEMES = {spec["title"]: spec["themes"] for spec in CHALLENGES}
