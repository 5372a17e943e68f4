"""What communities add to an instrument's insights page (instruments/insights.py): who uses it."""

from django.db.models import Count

from instruments.insights import CommunityUse, Insights, register
from instruments.models import Instrument

from .models import CommunityInstrumentUse, Visibility


def community_uses(instrument: Instrument, result: Insights) -> None:
    """Public communities by name; members-only (and hidden) ones only as a number."""
    rows = (
        CommunityInstrumentUse.objects.filter(instrument=instrument)
        .values(
            "community_id",
            "community__name",
            "community__slug",
            "community__visibility",
            "community__is_hidden",
        )
        .annotate(n=Count("id"))
        .order_by("community__name")
    )
    for row in rows:
        if row["community__visibility"] == Visibility.PUBLIC and not row["community__is_hidden"]:
            result.named_communities.append(
                CommunityUse(name=row["community__name"], slug=row["community__slug"], uses=row["n"])
            )
        else:
            result.unnamed_communities += 1


def register_insights() -> None:
    register("communities.uses", community_uses)
