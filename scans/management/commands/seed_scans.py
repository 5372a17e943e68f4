"""Load the publication's scans and canvases (``scans/definitions.py``); idempotent.

Safe in production: definitions are matched by slug and key and updated in
place, nothing is deleted, and an item that already has answers keeps its scale
(changing it would change the meaning of those answers).

When the demo community of ``seed_demo`` exists, it also gets demo rounds (an
actiebereidheid round a month ago and one now, three members each) and a
filled-in canvas, so the charts show progress. Existing rounds are left alone.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from communities.models import Community
from instruments.models import Instrument
from scans import definitions, services
from scans.models import Canvas, CanvasBlock, Dimension, Item, Round, Scan

DEMO_COMMUNITY = "Gas erop! Total Station in de installatietechniek"
DEMO_FACILITATOR = "facilitator@lcplatform.local"
DEMO_MEMBERS = ["facilitator@lcplatform.local", "member@lcplatform.local", "lid3@lcplatform.local"]

# Actiebereidheid a month ago and now: the same three members, grown more confident.
ACTIEBEREIDHEID_ROUNDS = [
    (
        35,
        "Bij de start van sprint 1",
        [
            [4, 2, 3, 2, 2],
            [3, 3, 2, 3, 1],
            [4, 2, 3, 2, 3],
        ],
        [
            "Meer duidelijkheid over wie er namens het bedrijf mag beslissen.",
            "De planning van de buitendienst laat weinig ruimte; dat moet op tafel.",
            "",
        ],
    ),
    (
        3,
        "Na sprint 1",
        [
            [5, 4, 4, 3, 4],
            [4, 4, 4, 4, 3],
            [5, 3, 4, 4, 4],
        ],
        [
            "Dat de directie vaker bij de werksessies aanschuift.",
            "",
            "Vaste tijd voor de studenten in het rooster.",
        ],
    ),
]
DESIGN_ANSWERS = [[-2, 1, -3, 2], [-1, 2, -2, 3], [-3, 0, -4, 1]]
CANVAS_VERSIONS = [
    {
        "waardepropositie": "Monteurs van Engberink leren de Total Station zelfstandig gebruiken; het "
        "bedrijf "
        "wint tijd op de bouwplaats, de scholen krijgen een echte leeromgeving voor hun studenten.",
        "voor-wie": "Buitendienst en binnendienst van Engberink, mbo-studenten van ROC Oost.",
    },
    {
        "waardepropositie": "Monteurs van Engberink leren de Total Station zelfstandig gebruiken; het "
        "bedrijf "
        "wint tijd op de bouwplaats, de scholen krijgen een echte leeromgeving voor hun studenten.",
        "voor-wie": "Buitendienst en binnendienst van Engberink, mbo-studenten van ROC Oost; later ook "
        "andere installateurs in de regio.",
        "waardecreatie": "Werksessies op de bouwplaats, sprints van tien weken, een stand-up op maandag.",
        "financiering": "Uren van het bedrijf en de scholen; NWO-subsidie voor het onderzoek. "
        "Maatschappelijke "
        "baat: sneller aardgasvrij bouwen.",
    },
]


class Command(BaseCommand):
    help = "Load the publication's scans and canvases; adds demo rounds when the demo community exists."

    def handle(self, *args, **options):
        with transaction.atomic():
            scans, canvases = self._definitions()
        demo = self._demo()
        self.stdout.write(f"Scans: {scans} new scans, {canvases} new canvases, {demo} new demo rounds.")

    # -- definitions ---------------------------------------------------------------

    @staticmethod
    def _instrument(slug: str):
        return Instrument.objects.filter(slug=slug).first() if slug else None

    def _definitions(self) -> tuple[int, int]:
        new_scans = 0
        for position, spec in enumerate(definitions.SCANS):
            english = definitions.ENGLISH_SCANS.get(spec["slug"], {})
            scan, created = Scan.objects.update_or_create(
                slug=spec["slug"],
                defaults={
                    "title_nl": spec["title"],
                    "title_en": english.get("title", ""),
                    "intro_nl": spec["intro"],
                    "intro_en": english.get("intro", ""),
                    "source": spec["source"],
                    "position": position,
                    "instrument": self._instrument(spec["instrument"]),
                },
            )
            new_scans += created
            for d_pos, dim_spec in enumerate(spec["dimensions"]):
                dim_en = english.get("dimensions", {}).get(dim_spec["key"], {})
                dimension, _ = Dimension.objects.update_or_create(
                    scan=scan,
                    key=dim_spec["key"],
                    defaults={
                        "title_nl": dim_spec["title"],
                        "title_en": dim_en.get("title", ""),
                        "description_nl": dim_spec.get("description", ""),
                        "description_en": dim_en.get("description", ""),
                        "position": d_pos,
                    },
                )
                for i_pos, item_spec in enumerate(dim_spec["items"]):
                    self._item(
                        dimension, i_pos, item_spec, definitions.english_item(dim_en, item_spec["key"])
                    )
        new_canvases = 0
        for position, spec in enumerate(definitions.CANVASES):
            english = definitions.ENGLISH_CANVASES.get(spec["slug"], {})
            canvas, created = Canvas.objects.update_or_create(
                slug=spec["slug"],
                defaults={
                    "title_nl": spec["title"],
                    "title_en": english.get("title", ""),
                    "intro_nl": spec["intro"],
                    "intro_en": english.get("intro", ""),
                    "source": spec["source"],
                    "paper_size": spec["paper_size"],
                    "position": position,
                    "instrument": self._instrument(spec["instrument"]),
                },
            )
            new_canvases += created
            for b_pos, block in enumerate(spec["blocks"]):
                title_en, prompt_en = english.get("blocks", {}).get(block["key"], ("", ""))
                CanvasBlock.objects.update_or_create(
                    canvas=canvas,
                    key=block["key"],
                    defaults={
                        "title_nl": block["title"],
                        "title_en": title_en,
                        "prompt_nl": block["prompt"],
                        "prompt_en": prompt_en,
                        "colour": block.get("colour", ""),
                        "position": b_pos,
                    },
                )
        return new_scans, new_canvases

    def _item(self, dimension, position, spec, english) -> None:
        scale = spec.get("scale", definitions.AGREE)
        item = Item.objects.filter(dimension=dimension, key=spec["key"]).first()
        if item is None:
            item = Item(dimension=dimension, key=spec["key"], scale=scale)
        elif item.scale != scale:
            if item.answers.exists():
                self.stderr.write(
                    f"Item {dimension.scan.slug}/{item.key} has answers; its scale stays {item.scale}."
                )
            else:
                item.scale = scale
        item.statement_nl = spec["statement"]
        item.left_label_nl = spec.get("left_label", "")
        item.right_label_nl = spec.get("right_label", "")
        item.statement_en, item.left_label_en, item.right_label_en = english
        item.position = position
        item.full_clean()
        item.save()

    # -- demo --------------------------------------------------------------------------

    def _demo(self) -> int:
        community = Community.objects.filter(name=DEMO_COMMUNITY).first()
        users = {u.email: u for u in get_user_model().objects.filter(email__in=DEMO_MEMBERS)}
        if community is None or len(users) < len(DEMO_MEMBERS):
            return 0
        if community.memberships.filter(user__email__in=DEMO_MEMBERS).count() != len(DEMO_MEMBERS):
            return 0
        members = [users[email] for email in DEMO_MEMBERS]
        facilitator = users[DEMO_FACILITATOR]
        created = 0
        with transaction.atomic():
            scan = Scan.objects.get(slug="actiebereidheid")
            if not Round.objects.filter(community=community, scan=scan).exists():
                # Closed, both: an open round shows its results only when it closes.
                for days_ago, note, values, texts in ACTIEBEREIDHEID_ROUNDS:
                    self._round(community, scan, facilitator, members, days_ago, note, values, texts, True)
                    created += 1
            scan = Scan.objects.get(slug="ontwerpoverwegingen")
            if not Round.objects.filter(community=community, scan=scan).exists():
                self._round(community, scan, facilitator, members, 30, "", DESIGN_ANSWERS, [], True)
                created += 1
            canvas = Canvas.objects.get(slug="sociale-innovatie-businessmodel")
            if not community.canvases.filter(canvas=canvas).exists():
                sheet = services.canvas_start(
                    actor=facilitator, community=community, canvas=canvas, title="De samenwerking als geheel"
                )
                for number, texts in enumerate(CANVAS_VERSIONS, start=1):
                    author = members[(number - 1) % len(members)]
                    services.canvas_save(actor=author, sheet=sheet, texts=texts, base_version=number - 1)
        return created

    @staticmethod
    def _round(community, scan, facilitator, members, days_ago, note, values, texts, close) -> Round:
        round_ = services.round_open(actor=facilitator, community=community, scan=scan, note=note)
        items = list(Item.objects.filter(dimension__scan=scan).order_by("dimension__position", "position"))
        scored = [item for item in items if item.is_scored]
        open_items = [item for item in items if not item.is_scored]
        for index, member in enumerate(members):
            answers = dict(zip([i.pk for i in scored], values[index], strict=True))
            open_texts = {open_items[0].pk: texts[index]} if open_items and texts else {}
            services.response_save(actor=member, round=round_, values=answers, texts=open_texts)
        opened = timezone.now() - datetime.timedelta(days=days_ago)
        Round.objects.filter(pk=round_.pk).update(opened_at=opened)
        round_.refresh_from_db()
        if close:
            services.round_close(actor=facilitator, round=round_)
            closed = min(opened + datetime.timedelta(days=7), timezone.now())
            Round.objects.filter(pk=round_.pk).update(closed_at=closed)
        return round_
