"""Demo value entries on top of ``seed_communities``.

In the public Gas erop! community a member's stand-up answer grows into a
story (immediate → applied → realized value), beside a spread of entries over
cycles, levels and months. The members-only ENABLE-dem community gets a few
entries too, so the network view has something to aggregate.

Idempotent: an entry is matched by (community, title); running the command
twice changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from communities.models import Community, CommunityInstrumentUse, StandupAnswer
from valuecreation import services
from valuecreation.models import ValueEntry

GAS_EROP = "Gas erop! Total Station in de installatietechniek"
ENABLE_DEM = "ENABLE-dem Zwolle: cultuursensitieve dementiezorg"
CHANGE_GEAR = "CHANGE GEAR: leernetwerk logistiek"

# The demo story: (key, author, cycle, level, days after the stand-up, title, story, visibility, follows key)
STORY = [
    (
        "tip",
        "member@lcplatform.local",
        "immediate",
        "individual",
        0,
        "Tip van de tekenaar: referentiepunten eerst in de tekening zetten",
        "In de stand-up vertelde de tekenaar dat de Total Station de referentiepunten uit de tekening "
        "haalt. Als die er vooraf in staan, scheelt dat op de bouwplaats zoeken.",
        "public",
        None,
    ),
    (
        "applied",
        "member@lcplatform.local",
        "applied",
        "organisation",
        2,
        "Werkvoorbereiding zet referentiepunten standaard in de tekening",
        "Samen met de binnendienst hebben we de werkvoorbereiding aangepast: elke tekening voor de "
        "buitendienst krijgt nu drie referentiepunten mee.",
        "public",
        "tip",
    ),
    (
        "realized",
        "member@lcplatform.local",
        "realized",
        "organisation",
        6,
        "Uitzetten leidingwerk kost de helft minder tijd",
        "Op het project aan de Hengelosestraat duurde het uitzetten van het leidingwerk per verdieping "
        "twee uur in plaats van vier. Geen enkele sparing hoefde opnieuw.",
        "public",
        "applied",
    ),
]

SPREAD = [
    (
        "facilitator@lcplatform.local",
        "expected",
        "",
        "individual",
        100,
        "Hoop: monteurs bepalen zelf de agenda",
        "Ik verwacht dat de monteurs meer eigenaarschap nemen als zij zelf de vragen inbrengen.",
        "community",
    ),
    (
        "lid3@lcplatform.local",
        "expected",
        "",
        "organisation",
        95,
        "Studenten in een echte leeromgeving",
        "ROC Oost hoopt te zien hoe studenten leren op de bouwplaats, om het curriculum bij te stellen.",
        "public",
    ),
    (
        "lid3@lcplatform.local",
        "potential",
        "human",
        "individual",
        70,
        "Zelf leren inmeten met de Total Station",
        "Na twee werksessies kan ik de basis van het inmeten zelf; op school gebruik ik het nog niet.",
        "community",
    ),
    (
        "member@lcplatform.local",
        "potential",
        "social",
        "individual",
        60,
        "Weet nu wie ik bel bij een afwijkende tekening",
        "Ik ken de tekenaars van de binnendienst nu persoonlijk en bel ze direct als iets niet klopt.",
        "public",
    ),
    (
        "facilitator@lcplatform.local",
        "potential",
        "tangible",
        "organisation",
        45,
        "Checklist uitzetten op één A4",
        "De groep maakte een checklist voor het uitzetten met de Total Station; die ligt nu in elke bus.",
        "public",
    ),
    (
        "lid3@lcplatform.local",
        "potential",
        "learning",
        "society",
        30,
        "Challenge-based leren past ook in het mbo",
        "Wat we hier doen is bruikbaar voor andere opleidingen installatietechniek in de regio.",
        "community",
    ),
    (
        "facilitator@lcplatform.local",
        "immediate",
        "",
        "individual",
        20,
        "Demonstratie op locatie werkte beter dan uitleg",
        "De werksessie begon met een demonstratie op de bouwplaats; iedereen probeerde het meteen zelf.",
        "community",
    ),
    (
        "lid3@lcplatform.local",
        "applied",
        "",
        "organisation",
        12,
        "Opdracht inmeten in het lesprogramma",
        "De opdracht over inmeten uit de community staat nu in het lesprogramma van het tweede jaar.",
        "community",
    ),
    (
        "facilitator@lcplatform.local",
        "transformative",
        "",
        "society",
        5,
        "Leren hoort bij het werk, niet ernaast",
        "Monteurs zien de bouwplaats als plek om te leren; dat verandert hoe het bedrijf opleiden plant.",
        "public",
    ),
]

PRIVATE = [
    (
        "lid1@lcplatform.local",
        "immediate",
        "individual",
        25,
        "Gesprek met mantelzorger opende mijn ogen",
        "Een mantelzorger vertelde hoe schaamte hulp vragen in de weg zit.",
    ),
    (
        "lid3@lcplatform.local",
        "applied",
        "organisation",
        8,
        "Casus uit de community in de opleiding",
        "Een geanonimiseerde casus uit de gesprekken is nu lesstof in de opleiding verpleegkunde.",
    ),
]


class Command(BaseCommand):
    help = "Load demo value entries: a story from stand-up to realized value, and a spread (idempotent)."

    def handle(self, *args, **options):
        users = {u.email: u for u in get_user_model().objects.filter(email__endswith="@lcplatform.local")}
        created = 0
        with transaction.atomic():
            gas = Community.objects.filter(name=GAS_EROP).first()
            if gas is not None:
                created += self._story(gas, users)
                created += self._spread(gas, users)
            private = Community.objects.filter(name=ENABLE_DEM).first()
            if private is not None:
                for email, cycle, level, days, title, story in PRIVATE:
                    created += self._entry(
                        private,
                        users,
                        email,
                        title,
                        cycle=cycle,
                        level=level,
                        date=self._day(days),
                        story=story,
                    )
            change_gear = Community.objects.filter(name=CHANGE_GEAR).first()
            if change_gear is not None:
                use = CommunityInstrumentUse.objects.filter(community=change_gear).first()
                created += self._entry(
                    change_gear,
                    users,
                    "lid2@lcplatform.local",
                    "Doelenscan maakte verschillen tussen bedrijven bespreekbaar",
                    cycle="immediate",
                    level="organisation",
                    date=self._day(40),
                    story="Met de doelenscan zagen de bedrijven dat ze instroom heel verschillend opvatten.",
                    visibility="public",
                    instrument_use=use,
                )
        self.stdout.write(f"Demo value entries: {created} new.")

    @staticmethod
    def _day(days_ago: int) -> datetime.date:
        return timezone.localdate() - datetime.timedelta(days=days_ago)

    def _entry(self, community, users, email, title, **data) -> int:
        author = users.get(email)
        if author is None or ValueEntry.objects.filter(community=community, title=title).exists():
            return 0
        services.value_entry_create(actor=author, community=community, data={"title": title, **data})
        return 1

    def _story(self, community, users) -> int:
        created, entries = 0, {}
        answer = (
            StandupAnswer.objects.filter(
                standup__community=community, member__email="member@lcplatform.local"
            )
            .select_related("standup")
            .order_by("standup__date")
            .first()
        )
        start = answer.standup.date if answer else self._day(14)
        for key, email, cycle, level, offset, title, story, visibility, follows in STORY:
            date = min(timezone.localdate(), start + datetime.timedelta(days=offset))
            data = {"cycle": cycle, "level": level, "date": date, "story": story, "visibility": visibility}
            if follows:
                data["follows"] = entries[follows]
            if key == "tip" and answer is not None:
                data["standup_answer"] = answer
            created += self._entry(community, users, email, title, **data)
            entries[key] = ValueEntry.objects.filter(community=community, title=title).first()
            if entries[key] is None:  # author missing: stop the chain rather than half-link it
                break
        return created

    def _spread(self, community, users) -> int:
        created = 0
        for email, cycle, capital, level, days, title, story, visibility in SPREAD:
            created += self._entry(
                community,
                users,
                email,
                title,
                cycle=cycle,
                capital=capital,
                level=level,
                date=self._day(days),
                story=story,
                visibility=visibility,
            )
        return created
