"""Demo discussions, questions to developers and instrument requests (idempotent).

Run by ``seed_demo`` after ``seed_exchange``. Threads are matched by title,
replies by (thread, author, text) and requests by title, so running it again
changes nothing. The texts are written for the demo; names of people are the
demo accounts of ``seed_demo``.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from instruments.models import Instrument

from ... import services
from ...models import Challenge, InstrumentRequest, Post, RequestSupport, Thread, ThreadKind

CHALLENGE = "Aardgasvrije wijken"
CULTURE_SCAN = "Designkit Learning communities: cultuurscan"
STANDUP = "Wekelijkse stand-up met drie kernvragen"
TRUST = "Afwegingskader vertrouwen"

# (subject kind, subject title, kind, title, author, body, [(author, body)], index of the answer or None)
THREADS = [
    (
        "challenge",
        CHALLENGE,
        ThreadKind.QUESTION,
        "Hoe krijg je bewoners naar de eerste wijkavond?",
        "facilitator@lcplatform.local",
        "In onze wijk in Raalte kwamen op de eerste informatieavond over de warmtetransitie twaalf mensen, "
        "bijna allemaal al overtuigd. Hoe bereiken andere gemeenten de bewoners die nog twijfelen?",
        [
            (
                "member@lcplatform.local",
                "Bij ons werkte het om niet over aardgas te beginnen, "
                "maar over de tocht en de energierekening. "
                "We belden aan met een warmtecamera; de avond daarna zat de zaal vol.",
            ),
            (
                "lid3@lcplatform.local",
                "Onze studenten installatietechniek deden in Enschede een straat-voor-straat-ronde. "
                "Bewoners praten makkelijker met een student dan met de gemeente.",
            ),
        ],
        0,
    ),
    (
        "challenge",
        CHALLENGE,
        ThreadKind.DISCUSSION,
        "Warmtescan per straat: wie heeft een goede vragenlijst?",
        "member@lcplatform.local",
        "Wij willen per straat in kaart brengen welke woningen klaar zijn voor een warmtepomp. "
        "Zijn er communities die hun vragenlijst willen delen?",
        [
            (
                "facilitator@lcplatform.local",
                "We hebben er een in de maak op basis van de Actiescan; "
                "ik deel hem hier zodra hij getest is.",
            ),
        ],
        None,
    ),
    (
        "instrument",
        CULTURE_SCAN,
        ThreadKind.QUESTION,
        "Werkt de cultuurscan ook in een gemengde groep van monteurs en docenten?",
        "facilitator@lcplatform.local",
        "Onze community bestaat voor de helft uit monteurs en voor de helft uit docenten van het ROC. "
        "Kunnen we de cultuurscan samen invullen, of beter per groep?",
        [
            (
                "developer@lcplatform.local",
                "Samen invullen kan goed, maar laat iedereen eerst alleen scoren en bespreek daarna "
                "de verschillen. Juist die verschillen tussen praktijk en onderwijs "
                "leveren het beste gesprek op.",
            ),
        ],
        0,
    ),
    (
        "instrument",
        STANDUP,
        ThreadKind.DISCUSSION,
        "Stand-up met wisselende diensten",
        "lid1@lcplatform.local",
        "In de wijkverpleging werkt niet iedereen op dezelfde dag. Hoe houden jullie de stand-up vol "
        "als de helft van het team er niet is?",
        [
            (
                "member@lcplatform.local",
                "Wij doen hem op twee vaste momenten in de week en zetten de antwoorden daarna in de app, "
                "zodat wie er niet was ze toch leest.",
            ),
        ],
        None,
    ),
]

REQUESTS = [
    {
        "title": "Een instrument om te peilen hoeveel bewoners de warmtetransitie vertrouwen",
        "author": "facilitator@lcplatform.local",
        "description": "Voordat we een wijkplan maken, willen we weten wie de gemeente en de netbeheerder "
        "vertrouwt en waarom niet. Een korte peiling die we elk half jaar herhalen, zou ons helpen.",
        "phase": "start",
        "theme": "energy",
        "me_too": ["member@lcplatform.local", "lid3@lcplatform.local"],
        "suggest": (
            "developer@lcplatform.local",
            TRUST,
            "Het afwegingskader helpt het gesprek over vertrouwen te voeren.",
        ),
    },
    {
        "title": "Een werkvorm om mantelzorgers te betrekken bij de community",
        "author": "lid1@lcplatform.local",
        "description": "Mantelzorgers weten veel, maar hebben weinig tijd. Welke werkvorm past bij hen?",
        "phase": "design",
        "theme": "health",
        "me_too": [],
        "suggest": None,
    },
]


class Command(BaseCommand):
    help = "Load demo discussions, questions to instrument developers and instrument requests (idempotent)."

    def handle(self, *args, **options):
        users = {u.email: u for u in get_user_model().objects.filter(email__endswith="@lcplatform.local")}
        challenge = Challenge.objects.filter(title=CHALLENGE).first()
        if challenge is None or "facilitator@lcplatform.local" not in users:
            self.stdout.write("Demo discussions: skipped (run seed_demo and seed_exchange first).")
            return
        developer = users.get("developer@lcplatform.local")
        culture_scan = Instrument.objects.filter(title=CULTURE_SCAN).first()
        if developer is not None and culture_scan is not None:
            # The demo developer speaks for the cultuurscan, so the question above reaches someone.
            culture_scan.owners.add(developer)
        counts = {"threads": 0, "replies": 0, "requests": 0}
        start = timezone.now() - datetime.timedelta(days=20)
        with transaction.atomic():
            for number, spec in enumerate(THREADS):
                self._thread(spec, users, challenge, start + datetime.timedelta(days=3 * number), counts)
            for spec in REQUESTS:
                self._request(spec, users, challenge, counts)
        self.stdout.write(
            f"Demo discussions: {counts['threads']} new threads, {counts['replies']} new replies, "
            f"{counts['requests']} new requests."
        )

    def _thread(self, spec, users, challenge, when, counts):
        subject_kind, subject_title, kind, title, author, body, replies, answer = spec
        subject = (
            challenge
            if subject_kind == "challenge"
            else Instrument.objects.filter(title=subject_title).first()
        )
        if subject is None or author not in users:
            return
        thread = Thread.objects.filter(title=title).first()
        if thread is None:
            thread = services.thread_start(
                actor=users[author], subject=subject, title=title, body=body, kind=kind, now=when, hold=False
            )
            counts["threads"] += 1
        posts = []
        for offset, (replier, text) in enumerate(replies, start=1):
            if replier not in users:
                continue
            post = Post.objects.filter(thread=thread, author=users[replier], body=text).first()
            if post is None:
                post = services.post_reply(
                    actor=users[replier],
                    thread=thread,
                    body=text,
                    now=when + datetime.timedelta(hours=5 * offset),
                    hold=False,
                )
                counts["replies"] += 1
            posts.append(post)
        if answer is not None and answer < len(posts) and thread.answer_id is None:
            services.thread_mark_answer(actor=users[author], thread=thread, post=posts[answer])

    def _request(self, spec, users, challenge, counts):
        if spec["author"] not in users:
            return
        request = InstrumentRequest.objects.filter(title=spec["title"]).first()
        if request is None:
            request = services.request_create(
                actor=users[spec["author"]],
                title=spec["title"],
                description=spec["description"],
                phase=spec["phase"],
                theme=spec["theme"],
                challenge=challenge if spec["theme"] == "energy" else None,
            )
            counts["requests"] += 1
        for email in spec["me_too"]:
            if (
                email in users
                and not RequestSupport.objects.filter(request=request, user=users[email]).exists()
            ):
                services.request_support(actor=users[email], request=request)
        if spec["suggest"]:
            email, title, note = spec["suggest"]
            instrument = Instrument.objects.filter(title=title).first()
            if (
                email in users
                and instrument
                and not request.suggestions.filter(instrument=instrument).exists()
            ):
                services.request_suggest(
                    actor=users[email], request=request, instrument=instrument, note=note
                )
