"""Helpers to build scans, rounds and answers for the scans tests."""

from communities.models import Membership, MembershipRole
from scans import services
from scans.models import Canvas, CanvasBlock, Dimension, Item, Scan
from tests.communities.factories import CommunityFactory, UserFactory

__all__ = ["CommunityFactory", "UserFactory", "answer_all", "make_canvas", "make_community", "make_scan"]


def make_scan(
    *,
    slug="testscan",
    dimensions=3,
    items_per_dimension=1,
    scale="agree_5",
    open_question=False,
    instrument=None,
) -> Scan:
    scan = Scan.objects.create(slug=slug, title=f"Scan {slug}", intro="Een testscan.", instrument=instrument)
    for d in range(dimensions):
        dimension = Dimension.objects.create(scan=scan, key=f"d{d}", title=f"Dimensie {d + 1}", position=d)
        for i in range(items_per_dimension):
            extra = {"left_label": "Links", "right_label": "Rechts"} if scale == "bipolar" else {}
            Item.objects.create(
                dimension=dimension,
                key=f"i{i}",
                statement=f"Stelling {d + 1}.{i + 1}",
                scale=scale,
                position=i,
                **extra,
            )
    if open_question:
        dimension = Dimension.objects.create(scan=scan, key="open", title="Toelichting", position=dimensions)
        Item.objects.create(dimension=dimension, key="open", statement="Wat is er nodig?", scale="open")
    return scan


def make_canvas(*, slug="testcanvas", blocks=("a", "b"), instrument=None) -> Canvas:
    canvas = Canvas.objects.create(slug=slug, title=f"Canvas {slug}", instrument=instrument)
    for position, key in enumerate(blocks):
        CanvasBlock.objects.create(
            canvas=canvas, key=key, title=f"Blok {key}", prompt="Vraag?", position=position
        )
    return canvas


def make_community(*, facilitator=None, members=3, **kwargs):
    """A community with a facilitator and ``members`` members; returns (community, facilitator, members)."""
    facilitator = facilitator or UserFactory()
    community = CommunityFactory(facilitator=facilitator, **kwargs)
    if not Membership.objects.filter(community=community, user=facilitator).exists():
        Membership.objects.create(community=community, user=facilitator, role=MembershipRole.FACILITATOR)
    users = [UserFactory() for _ in range(members)]
    Membership.objects.bulk_create([Membership(community=community, user=u) for u in users])
    return community, facilitator, users


def answer_all(round_, members, value_for=lambda member_index, item: 3, text=""):
    """Every member answers every item of the round's scan."""
    items = list(Item.objects.filter(dimension__scan=round_.scan))
    for index, member in enumerate(members):
        values = {item.pk: value_for(index, item) for item in items if item.is_scored}
        texts = {item.pk: text for item in items if not item.is_scored}
        services.response_save(actor=member, round=round_, values=values, texts=texts)
