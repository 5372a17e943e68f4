import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from communities.models import CommunityInstrumentUse
from tests.factories import InstrumentFactory
from valuecreation import selectors
from valuecreation.models import Cycle, ValueEntry

from .factories import ValueEntryFactory

pytestmark = pytest.mark.django_db


def test_cycle_counts_for_instrument_counts_direct_and_via_use(public_world, private_world):
    instrument = public_world.use.instrument
    member = public_world.users["member"]
    ValueEntryFactory(
        community=public_world.community, author=member, instrument=instrument, cycle=Cycle.APPLIED
    )
    ValueEntryFactory(
        community=public_world.community, author=member, instrument_use=public_world.use, cycle=Cycle.APPLIED
    )
    # A members-only community adds to the count, and nothing else leaves it.
    private_use = CommunityInstrumentUse.objects.create(
        community=private_world.community, instrument=instrument, phase="execute"
    )
    ValueEntryFactory(
        community=private_world.community,
        author=private_world.users["member"],
        instrument_use=private_use,
        cycle=Cycle.REALIZED,
    )
    hidden = ValueEntryFactory(community=public_world.community, author=member, instrument=instrument)
    ValueEntry.objects.filter(pk=hidden.pk).update(is_hidden=True)
    ValueEntryFactory(community=public_world.community, author=member, instrument=InstrumentFactory())
    counts = selectors.cycle_counts_for_instrument(instrument)
    assert [c[0] for c in counts] == list(Cycle.values)
    assert dict((code, n) for code, _label, n in counts) == {
        "expected": 0,
        "immediate": 0,
        "potential": 0,
        "applied": 2,
        "realized": 1,
        "transformative": 0,
    }
    assert str(counts[3][1]) == "Applied value"


def test_monthly_series_puts_entries_in_their_month(public_world):
    member = public_world.users["member"]
    today = datetime.date(2026, 6, 15)
    for day in (
        datetime.date(2026, 6, 1),
        datetime.date(2026, 6, 14),
        datetime.date(2026, 1, 31),
        datetime.date(2025, 5, 1),
    ):
        ValueEntryFactory(community=public_world.community, author=member, date=day, cycle=Cycle.POTENTIAL)
    series = selectors.monthly(
        ValueEntry.objects.filter(community=public_world.community, cycle=Cycle.POTENTIAL),
        "cycle",
        Cycle.choices,
        today,
    )
    # The chart starts at the first month with data (January), not twelve months back.
    assert series.months[0] == datetime.date(2026, 1, 1) and series.months[-1] == datetime.date(2026, 6, 1)
    potential = dict((code, values) for code, _l, values in series.series)["potential"]
    assert potential[-1] == 2 and potential[series.months.index(datetime.date(2026, 1, 1))] == 1
    assert sum(potential) == 3  # May 2025 is outside the twelve months


def test_network_aggregates_members_only_communities(public_world, private_world):
    view = selectors.network()
    named = [row.community for row in view.rows if row.community]
    assert named == [public_world.community]
    assert view.members_only_count == 1
    aggregated = view.rows[-1]
    assert aggregated.community is None and aggregated.total == 1  # hidden entries not counted
    assert view.matrix.total == 3


@pytest.mark.parametrize(
    ("value", "top"), [(0, 2), (1, 2), (3, 4), (10, 10), (11, 20), (37, 40), (99, 100), (12345, 20000)]
)
def test_chart_axis_top_is_round_and_even(value, top):
    from valuecreation.charts import _nice_max

    assert _nice_max(value) == top
    assert (_nice_max(value) / 2) == int(_nice_max(value) / 2)


def test_value_entries_visible_to_is_the_rule_across_communities(public_world, private_world):
    """Outsiders: public entries of public communities; members: their community's; hidden: authors."""

    def seen(user, **kwargs):
        entries = selectors.value_entries_visible_to(user, **kwargs)
        return set(entries.values_list("title", "community__visibility"))

    assert seen(AnonymousUser()) == {("Openbaar verhaal", "public")}
    assert seen(public_world.users["outsider"]) == {("Openbaar verhaal", "public")}
    member = private_world.users["member"]
    assert ("Tip over inregelen", "members_only") in seen(member)
    # The author still sees their own hidden entry; the facilitator only when asking for hidden ones.
    assert ("Verborgen verhaal", "members_only") in seen(member)
    facilitator = private_world.users["facilitator"]
    assert ("Verborgen verhaal", "members_only") not in seen(facilitator)
    assert ("Verborgen verhaal", "members_only") in seen(facilitator, include_hidden=True)
    assert ("Tip over inregelen", "public") not in seen(facilitator)
