"""When reminders are due, computed in Europe/Amsterdam.

Two rules keep daylight-saving changes harmless:

* a stand-up happens at its wall-clock time on its local date (09:00 stays
  09:00 in summer and winter), and its reminder is identified by that local
  date, never by a UTC timestamp — so a scan during the repeated hour in
  October cannot produce a second occurrence;
* a lead shorter than a day is elapsed time (the subtraction happens in UTC:
  "15 minutes before" is 15 real minutes, also in the night of a switch); a
  lead of 24 hours or more keeps the wall-clock time (it is done on the local
  date and time: "two days before" a 09:00 stand-up is 09:00 two days earlier,
  even when the clocks change in between).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings

UTC = dt.UTC
# From this lead on the reminder keeps its wall-clock time across a daylight-saving change.
WALL_CLOCK_LEAD_MINUTES = 24 * 60


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    """``day`` at wall-clock ``time`` in Amsterdam, as an aware UTC datetime.

    In the repeated hour of October the first (summer-time) instance is taken
    (fold=0); a time that does not exist in March (02:30) is read with the
    winter offset, which lands an hour later on the clock (03:30) rather than
    being dropped.
    """
    return dt.datetime.combine(day, time, tzinfo=local_zone()).astimezone(UTC)


def afternoon_before_time() -> dt.time:
    hours, minutes = settings.REMINDER_AFTERNOON_BEFORE.split(":")
    return dt.time(int(hours), int(minutes))


@dataclass(frozen=True)
class StandupOccurrence:
    date: dt.date
    starts_at: dt.datetime  # aware, UTC
    remind_at: dt.datetime  # aware, UTC


def standup_occurrence(schedule, day: dt.date) -> StandupOccurrence:
    starts_at = local_datetime(day, schedule.time)
    lead = schedule.reminder_lead_minutes
    if lead is None:
        remind_at = local_datetime(day - dt.timedelta(days=1), afternoon_before_time())
    elif lead >= WALL_CLOCK_LEAD_MINUTES:
        local = dt.datetime.combine(day, schedule.time) - dt.timedelta(minutes=lead)
        remind_at = local_datetime(local.date(), local.time())
    else:
        remind_at = starts_at - dt.timedelta(minutes=lead)
    return StandupOccurrence(day, starts_at, remind_at)


def standup_occurrences_between(schedule, since: dt.datetime, until: dt.datetime) -> list[StandupOccurrence]:
    """Occurrences that start after ``since`` and whose reminder time is at or before ``until``."""
    zone = local_zone()
    # The longest lead (six days, or the afternoon before) reaches a week ahead.
    first = since.astimezone(zone).date() - dt.timedelta(days=1)
    last = until.astimezone(zone).date() + dt.timedelta(days=8)
    return [
        occurrence
        for occurrence in (standup_occurrence(schedule, day) for day in standup_dates(schedule, first, last))
        if occurrence.starts_at > since and occurrence.remind_at <= until
    ]


def next_standup(schedule, now: dt.datetime) -> StandupOccurrence:
    """The first scheduled stand-up that has not started at ``now``."""
    today = now.astimezone(local_zone()).date()
    day = today + dt.timedelta(days=(schedule.weekday - today.weekday()) % 7)
    occurrence = standup_occurrence(schedule, day)
    if occurrence.starts_at <= now:
        occurrence = standup_occurrence(schedule, day + dt.timedelta(days=7))
    return occurrence


def due_standup(schedule, now: dt.datetime) -> StandupOccurrence | None:
    """The stand-up whose reminder is due at ``now``: between reminder time and start."""
    occurrence = next_standup(schedule, now)
    if occurrence.remind_at <= now < occurrence.starts_at:
        return occurrence
    return None


def standup_dates(schedule, start: dt.date, end: dt.date) -> list[dt.date]:
    """Every scheduled date in [start, end]."""
    day = start + dt.timedelta(days=(schedule.weekday - start.weekday()) % 7)
    dates = []
    while day <= end:
        dates.append(day)
        day += dt.timedelta(days=7)
    return dates


def at_local_hour(day: dt.date, hour: int) -> dt.datetime:
    return local_datetime(day, dt.time(hour, 0))


def digest_period(frequency: str, now: dt.datetime) -> tuple[str, dt.datetime, dt.datetime] | None:
    """(occurrence key, since, until) of the digest due at ``now``, or None before the hour.

    Daily: every day at REMINDER_DIGEST_HOUR about the 24 hours before. Weekly:
    Mondays at that hour about the week before. The key is a local date or ISO
    week, so a scan every five minutes all day still yields one digest.
    """
    local_today = now.astimezone(local_zone()).date()
    hour = settings.REMINDER_DIGEST_HOUR
    until = at_local_hour(local_today, hour)
    if now < until:
        return None
    if frequency == "daily":
        since = at_local_hour(local_today - dt.timedelta(days=1), hour)
        return f"digest:daily:{local_today.isoformat()}", since, until
    if frequency == "weekly":
        if local_today.weekday() != 0:
            return None
        year, week, _weekday = local_today.isocalendar()
        since = at_local_hour(local_today - dt.timedelta(days=7), hour)
        return f"digest:weekly:{year}-W{week:02d}", since, until
    return None
