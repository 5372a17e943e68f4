"""Reads of value entries, already limited to what the user may see.

Counts are aggregated in the database (``values`` + ``Count``), never by
loading entries, so the dashboard, report and network view cost the same
number of queries for ten entries or a hundred thousand. The dashboard's
counts are also cached (:func:`cached_dashboard_counts`): a community's
dashboard is read far more often than its log changes.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from accounts.roles import is_coordinator
from communities import permissions as community_permissions
from communities.models import (
    Community,
    CommunityInstrumentUse,
    Membership,
    MembershipRole,
    Sprint,
    Standup,
    StandupAnswer,
    Visibility,
)
from communities.selectors import communities_visible_to
from instruments.selectors import instruments_visible_to

from .models import CYCLE_ORDER, Cycle, EntryVisibility, ValueEntry, ValueLevel

MONTHS_SHOWN = 12
REPORT_STORY_LIMIT = 200
# Cached counts are keyed by the log's version and the day, so they never go stale;
# this only lets entries nobody asks for again expire.
DASHBOARD_CACHE_SECONDS = 24 * 60 * 60


def cycle_rank():
    """Sort key that puts cycles in framework order (expected first) in SQL."""
    return Case(
        *[When(cycle=code, then=Value(index)) for code, index in CYCLE_ORDER.items()],
        output_field=IntegerField(),
    )


def value_entries_visible_to(user, *, include_hidden: bool = False) -> QuerySet[ValueEntry]:
    """The value entries ``user`` may see, in every community they may see: the one rule.

    Members (facilitators included) and network coordinators see the entries
    meant for their community; everyone else sees only the public entries of
    public communities (members-only communities are not visible to them at
    all). Hidden entries are left out, except the author's own and, with
    ``include_hidden``, for those who may hide them (the community's
    facilitators and coordinators). Moderation, the admin and the pages all
    read entries through here (or :func:`visible_entries` for one community).
    """
    queryset = ValueEntry.objects.filter(community__in=communities_visible_to(user))
    coordinator = is_coordinator(user)
    if not coordinator:
        public = Q(visibility=EntryVisibility.PUBLIC, community__visibility=Visibility.PUBLIC)
        if user.is_authenticated:
            member_of = Membership.objects.filter(user=user).values("community_id")
            queryset = queryset.filter(public | Q(community_id__in=member_of))
        else:
            queryset = queryset.filter(public)
    if include_hidden and coordinator:
        return queryset
    if not user.is_authenticated:
        return queryset.filter(is_hidden=False)
    shown = Q(is_hidden=False) | Q(author=user)
    if include_hidden:
        facilitates = Membership.objects.filter(user=user, role=MembershipRole.FACILITATOR).values(
            "community_id"
        )
        shown |= Q(community_id__in=facilitates)
    return queryset.filter(shown)


def visible_entries(user, community: Community, *, include_hidden: bool = False) -> QuerySet[ValueEntry]:
    """The entries of ``community`` the user may see (:func:`value_entries_visible_to`, one community)."""
    return value_entries_visible_to(user, include_hidden=include_hidden).filter(community=community)


def entry_for_view(user, community: Community, pk: int) -> ValueEntry:
    queryset = visible_entries(user, community, include_hidden=True).select_related(
        "author",
        "sprint",
        "standup",
        "instrument",
        "instrument_use__instrument",
        "follows",
        "hidden_by",
    )
    return get_object_or_404(queryset, pk=pk)


def entry_for_edit(community: Community, pk: int) -> ValueEntry:
    return get_object_or_404(ValueEntry.objects.select_related("community"), community=community, pk=pk)


# -- dashboard -------------------------------------------------------------------------


@dataclass
class Tally:
    code: str
    label: str
    count: int


def _tallies(queryset, field_name: str, choices) -> list[Tally]:
    counts = dict(queryset.order_by().values_list(field_name).annotate(n=Count("id")))
    return [Tally(code, label, counts.get(code, 0)) for code, label in choices]


def cycle_tallies(queryset) -> list[Tally]:
    return _tallies(queryset, "cycle", Cycle.choices)


def level_tallies(queryset) -> list[Tally]:
    return _tallies(queryset, "level", ValueLevel.choices)


def month_starts(last_day: datetime.date, months: int = MONTHS_SHOWN) -> list[datetime.date]:
    first = last_day.replace(day=1)
    result = []
    year, month = first.year, first.month
    for _ in range(months):
        result.append(datetime.date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(result))


@dataclass
class MonthlySeries:
    months: list  # first days of the months shown
    series: list  # (code, label, [count per month])

    @property
    def totals(self) -> list[int]:
        return [sum(values[i] for _c, _l, values in self.series) for i in range(len(self.months))]

    @property
    def rows(self):
        """Per month: (month, [counts per series], total) for the table fallback."""
        return [
            (month, [values[i] for _c, _l, values in self.series], self.totals[i])
            for i, month in enumerate(self.months)
        ]


def from_first_data(series: MonthlySeries) -> MonthlySeries:
    """``series`` without the empty months before the first month with data.

    A community that started logging in August gets a chart from August, not
    from January; with no data at all only the current month remains.
    """
    totals = series.totals
    first = next((i for i, total in enumerate(totals) if total), len(totals) - 1)
    if first <= 0:
        return series
    return MonthlySeries(
        months=series.months[first:],
        series=[(code, label, values[first:]) for code, label, values in series.series],
    )


def monthly(queryset, field_name: str, choices, today: datetime.date) -> MonthlySeries:
    """Entries per month and per ``field_name`` value over the last twelve months: one query."""
    months = month_starts(today)
    rows = (
        queryset.filter(date__gte=months[0], date__lte=today)
        .order_by()
        .annotate(month=TruncMonth("date"))
        .values_list("month", field_name)
        .annotate(n=Count("id"))
    )
    index = {m: i for i, m in enumerate(months)}
    counts = {code: [0] * len(months) for code, _label in choices}
    for month, code, n in rows:
        if isinstance(month, datetime.datetime):
            month = month.date()
        if month in index and code in counts:
            counts[code][index[month]] += n
    return from_first_data(
        MonthlySeries(months=months, series=[(code, label, counts[code]) for code, label in choices])
    )


@dataclass
class DashboardCounts:
    cycles: list
    levels: list
    total: int
    by_cycle: MonthlySeries
    by_level: MonthlySeries


def dashboard_counts(queryset, today: datetime.date) -> DashboardCounts:
    """Totals and monthly series per cycle and per level in two grouped queries.

    Grouping by (cycle, level) once, and by (month, cycle, level) once, scans
    the community's entries twice instead of four times; the pager reuses the
    total instead of counting again.
    """
    return _counts_from_rows(_count_rows(queryset, today), today)


def _count_rows(queryset, today: datetime.date) -> dict:
    """The two grouped queries, as plain data (what the cache keeps)."""
    months = month_starts(today)
    pairs = queryset.order_by().values_list("cycle", "level").annotate(n=Count("id"))
    monthly_rows = (
        queryset.filter(date__gte=months[0], date__lte=today)
        .order_by()
        .annotate(month=TruncMonth("date"))
        .values_list("month", "cycle", "level")
        .annotate(n=Count("id"))
    )
    per_month = []
    for month, cycle, level, n in monthly_rows:
        if isinstance(month, datetime.datetime):
            month = month.date()
        per_month.append([month.isoformat(), cycle, level, n])
    return {"pairs": [list(row) for row in pairs], "months": per_month}


def _counts_from_rows(rows: dict, today: datetime.date) -> DashboardCounts:
    cycles, levels = {}, {}
    for cycle, level, n in rows["pairs"]:
        cycles[cycle] = cycles.get(cycle, 0) + n
        levels[level] = levels.get(level, 0) + n
    months = month_starts(today)
    index = {m: i for i, m in enumerate(months)}
    per_cycle = {code: [0] * len(months) for code in Cycle.values}
    per_level = {code: [0] * len(months) for code in ValueLevel.values}
    for month, cycle, level, n in rows["months"]:
        i = index.get(datetime.date.fromisoformat(month))
        if i is None:
            continue
        if cycle in per_cycle:
            per_cycle[cycle][i] += n
        if level in per_level:
            per_level[level][i] += n
    return DashboardCounts(
        cycles=[Tally(code, label, cycles.get(code, 0)) for code, label in Cycle.choices],
        levels=[Tally(code, label, levels.get(code, 0)) for code, label in ValueLevel.choices],
        total=sum(cycles.values()),
        by_cycle=from_first_data(
            MonthlySeries(months, [(c, label, per_cycle[c]) for c, label in Cycle.choices])
        ),
        by_level=from_first_data(
            MonthlySeries(months, [(c, label, per_level[c]) for c, label in ValueLevel.choices])
        ),
    )


def value_log_version(community: Community) -> int | None:
    """A number the database raises with every change to the community's log that a count can see.

    Kept by triggers (migration 0002; on SQLite valuecreation.sqlite), so hiding by
    moderation, the admin's bulk actions and cascades raise it too. None on a database without those
    triggers: the dashboard then counts on every request.
    """
    if connection.vendor not in ("postgresql", "sqlite"):
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT n FROM lc_value_log_version WHERE community_id = %s", [community.pk])
        row = cursor.fetchone()
    return row[0] if row else 0


def cached_dashboard_counts(
    community: Community, queryset, today: datetime.date, *, audience: str, filters: dict
) -> DashboardCounts:
    """``dashboard_counts(queryset, today)``, cached until the community's log changes.

    ``queryset`` must be what ``audience`` (insiders: every entry that is not
    hidden; outsiders: the public ones) sees of ``community``, narrowed by
    ``filters`` (the valid filter values, model instances as their pk): those,
    the day and the log's version make the key.
    """
    version = value_log_version(community)
    if version is None:
        return dashboard_counts(queryset, today)
    chosen = json.dumps(
        {name: getattr(value, "pk", value) for name, value in sorted(filters.items())}, sort_keys=True
    )
    digest = hashlib.sha256(chosen.encode()).hexdigest()[:32]
    key = f"value:dashboard:{community.pk}:{version}:{audience}:{today.isoformat()}:{digest}"
    rows = cache.get(key)
    if rows is None:
        rows = _count_rows(queryset, today)
        cache.set(key, rows, DASHBOARD_CACHE_SECONDS)
    return _counts_from_rows(rows, today)


def latest_entries(queryset) -> QuerySet[ValueEntry]:
    return queryset.select_related("author", "sprint").order_by("-date", "-id")


def filter_sprints(community: Community) -> QuerySet[Sprint]:
    return Sprint.objects.filter(community=community).order_by("number")


def filter_members(community: Community):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(memberships__community=community).order_by("name", "email")


def public_stories(community: Community, limit: int = 5) -> list[ValueEntry]:
    """What the public profile shows: public, not hidden entries of a public community."""
    if community.visibility != Visibility.PUBLIC:
        return []
    return list(
        ValueEntry.objects.filter(community=community, visibility=EntryVisibility.PUBLIC, is_hidden=False)
        .select_related("author")
        .order_by("-date", "-id")[:limit]
    )


def latest_public_stories(community_ids, limit: int) -> list[ValueEntry]:
    """The newest public, not hidden entries of the given communities (which the caller has checked
    are public): a challenge page's stories."""
    return list(
        ValueEntry.objects.filter(
            community_id__in=community_ids, visibility=EntryVisibility.PUBLIC, is_hidden=False
        )
        .select_related("community")
        .order_by("-date", "-id")[:limit]
    )


# -- stories ----------------------------------------------------------------------------


def story(user, entry: ValueEntry) -> list[ValueEntry]:
    """Every entry of the story ``entry`` belongs to that the user may see, in cycle order, then date.

    Each entry's ``shown_follows`` is the entry it grew out of when that one is
    in the list too, else None: a public step must not name a community-only
    or hidden one.
    """
    root_id = entry.story_root_id or entry.pk
    chain = list(
        visible_entries(user, entry.community)
        .filter(Q(pk=root_id) | Q(story_root_id=root_id))
        .select_related("author", "follows")
        .annotate(rank=cycle_rank())
        .order_by("rank", "date", "id")
    )
    shown = {item.pk for item in chain}
    for item in chain:
        item.shown_follows = item.follows if item.follows_id in shown else None
    return chain


def story_size(user, entry: ValueEntry) -> int:
    """How many entries of the story the user may see (the story page lists exactly these)."""
    root_id = entry.story_root_id or entry.pk
    return visible_entries(user, entry.community).filter(Q(pk=root_id) | Q(story_root_id=root_id)).count()


def earlier_entry(user, entry: ValueEntry) -> ValueEntry | None:
    """The entry ``entry`` grew out of, or None when there is none or the user may not see it.

    Every page that names the earlier entry (the entry's page, its edit form) asks
    here: it may be community-only, or hidden by moderation since it was linked.
    """
    if not entry.follows_id:
        return None
    visible = visible_entries(user, entry.community, include_hidden=True).filter(pk=entry.follows_id)
    return entry.follows if visible.exists() else None


@dataclass
class EntryLinks:
    """What an entry's page may show of the objects it links to."""

    follows: ValueEntry | None
    sprint: Sprint | None
    standup: Standup | None
    instrument: object | None
    story_size: int


def entry_links(user, entry: ValueEntry) -> EntryLinks:
    """The entry's links, each only when the viewer may see its target on its own page.

    A public entry of a public community is read by anyone, but the entry it grew
    out of may be community-only or hidden, sprints and stand-ups (goal included)
    belong to the workspace, and an instrument may be unpublished or hidden.
    """
    community = entry.community
    workspace = community_permissions.can_view_workspace(user, community)
    instrument = None
    if entry.instrument_id and instruments_visible_to(user).filter(pk=entry.instrument_id).exists():
        instrument = entry.instrument
    return EntryLinks(
        follows=earlier_entry(user, entry),
        sprint=entry.sprint if workspace else None,
        standup=entry.standup if workspace else None,
        instrument=instrument,
        story_size=story_size(user, entry),
    )


# -- period report -------------------------------------------------------------------------


@dataclass
class Matrix:
    """Counts per cycle (rows) × level (columns), with totals."""

    rows: list = field(default_factory=list)  # (cycle code, label, [counts per level], row total)
    column_totals: list = field(default_factory=list)
    total: int = 0
    levels: list = field(default_factory=lambda: list(ValueLevel.choices))


def cycle_level_matrix(queryset) -> Matrix:
    counts = {
        (cycle, level): n
        for cycle, level, n in queryset.order_by().values_list("cycle", "level").annotate(n=Count("id"))
    }
    matrix = Matrix()
    for code, label in Cycle.choices:
        values = [counts.get((code, level), 0) for level, _l in ValueLevel.choices]
        matrix.rows.append((code, label, values, sum(values)))
    matrix.column_totals = [sum(row[2][i] for row in matrix.rows) for i in range(len(ValueLevel.choices))]
    matrix.total = sum(matrix.column_totals)
    return matrix


@dataclass
class PeriodReport:
    community: Community
    start: datetime.date
    end: datetime.date
    sprints: list
    standup_count: int
    answer_count: int
    instrument_uses: list
    matrix: Matrix
    stories: list
    story_count: int


def period_report(community: Community, start: datetime.date, end: datetime.date) -> PeriodReport:
    """What the community did and yielded between ``start`` and ``end`` (inclusive)."""
    entries = ValueEntry.objects.filter(community=community, is_hidden=False, date__gte=start, date__lte=end)
    matrix = cycle_level_matrix(entries)
    standups = Standup.objects.filter(community=community, date__gte=start, date__lte=end)
    return PeriodReport(
        community=community,
        start=start,
        end=end,
        sprints=list(
            Sprint.objects.filter(community=community, starts_on__lte=end, ends_on__gte=start).order_by(
                "number"
            )
        ),
        standup_count=standups.count(),
        answer_count=StandupAnswer.objects.filter(standup__in=standups).count(),
        instrument_uses=list(
            CommunityInstrumentUse.objects.filter(community=community, used_on__gte=start, used_on__lte=end)
            .select_related("instrument")
            .order_by("used_on", "id")
        ),
        matrix=matrix,
        stories=list(
            entries.select_related("author", "sprint", "instrument")
            .annotate(rank=cycle_rank())
            .order_by("rank", "date", "id")[:REPORT_STORY_LIMIT]
        ),
        story_count=matrix.total,
    )


# -- network -------------------------------------------------------------------------------------


@dataclass
class NetworkRow:
    community: Community | None
    label: str
    cycles: list
    levels: list
    total: int


@dataclass
class NetworkView:
    matrix: Matrix
    rows: list
    members_only_count: int


def network(today: datetime.date | None = None) -> NetworkView:
    """Totals per cycle and level across communities; members-only ones only as one aggregated row."""
    entries = ValueEntry.objects.filter(is_hidden=False)
    matrix = cycle_level_matrix(entries)
    per_community = entries.order_by().values_list("community_id", "cycle", "level").annotate(n=Count("id"))
    cycles_by, levels_by = {}, {}
    for community_id, cycle, level, n in per_community:
        cycles_by.setdefault(community_id, {}).setdefault(cycle, 0)
        cycles_by[community_id][cycle] += n
        levels_by.setdefault(community_id, {}).setdefault(level, 0)
        levels_by[community_id][level] += n
    communities = Community.objects.filter(pk__in=cycles_by.keys()).only("pk", "name", "slug", "visibility")
    rows, hidden_cycles, hidden_levels, hidden_count = [], {}, {}, 0
    for community in sorted(communities, key=lambda c: c.name.lower()):
        cycles, levels = cycles_by[community.pk], levels_by[community.pk]
        if community.visibility == Visibility.PUBLIC:
            rows.append(_network_row(community, community.name, cycles, levels))
        else:
            hidden_count += 1
            for code, n in cycles.items():
                hidden_cycles[code] = hidden_cycles.get(code, 0) + n
            for code, n in levels.items():
                hidden_levels[code] = hidden_levels.get(code, 0) + n
    if hidden_count:
        rows.append(_network_row(None, "", hidden_cycles, hidden_levels))
    return NetworkView(matrix=matrix, rows=rows, members_only_count=hidden_count)


def _network_row(community, label, cycles, levels) -> NetworkRow:
    cycle_values = [cycles.get(code, 0) for code in Cycle.values]
    return NetworkRow(
        community=community,
        label=label,
        cycles=cycle_values,
        levels=[levels.get(code, 0) for code in ValueLevel.values],
        total=sum(cycle_values),
    )


# -- for other apps -------------------------------------------------------------------------------


def cycle_counts_for_instrument(instrument) -> list[tuple[str, str, int]]:
    """(cycle, label, count) for all six cycles: non-hidden entries linked to the instrument.

    Linked directly or through a recorded instrument use. Aggregate numbers
    only, so members-only communities add to a count and nothing else.
    """
    counts = dict(
        ValueEntry.objects.filter(
            Q(instrument=instrument) | Q(instrument_use__instrument=instrument), is_hidden=False
        )
        .order_by()
        .values_list("cycle")
        .annotate(n=Count("id", distinct=True))
    )
    return [(code, label, counts.get(code, 0)) for code, label in Cycle.choices]
