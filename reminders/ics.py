"""A small RFC 5545 writer: enough for a subscribed calendar of stand-ups and sprints.

Written by hand rather than with a library: the feed needs about a dozen
properties, and the rules that matter (CRLF line ends, folding at 75 octets
without splitting a UTF-8 character, TEXT escaping, a VTIMEZONE for every
TZID used) fit in this file and are tested directly.
"""

from __future__ import annotations

import datetime as dt

CRLF = "\r\n"
MAX_OCTETS = 75

# Europe/Amsterdam since 1996: CET/CEST, switching on the last Sundays of
# March and October at 01:00 UTC. Clients need this block to place
# DTSTART;TZID=Europe/Amsterdam correctly.
VTIMEZONE_AMSTERDAM = [
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Amsterdam",
    "X-LIC-LOCATION:Europe/Amsterdam",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
]


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma, newline."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (continuations start with a space)."""
    encoded = line.encode("utf-8")
    if len(encoded) <= MAX_OCTETS:
        return line
    parts, current, size = [], [], 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size = [], 0
            limit = MAX_OCTETS - 1  # the leading space counts
        current.append(char)
        size += width
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def format_utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def format_local(value: dt.datetime, zone) -> str:
    return value.astimezone(zone).strftime("%Y%m%dT%H%M%S")


def format_date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


class Calendar:
    """Collects events and serialises them; property values are passed unescaped."""

    def __init__(self, *, name: str, prodid: str = "-//LC Platform//Reminders//NL"):
        self.name = name
        self.prodid = prodid
        self.events: list[list[str]] = []

    def add_event(
        self,
        *,
        uid: str,
        stamp: dt.datetime,
        summary: str,
        start: dt.datetime | dt.date,
        end: dt.datetime | dt.date,
        zone=None,
        description: str = "",
        location: str = "",
        url: str = "",
    ) -> None:
        lines = ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{format_utc(stamp)}"]
        if isinstance(start, dt.datetime):
            tzid = str(zone)
            lines.append(f"DTSTART;TZID={tzid}:{format_local(start, zone)}")
            lines.append(f"DTEND;TZID={tzid}:{format_local(end, zone)}")
        else:
            lines.append(f"DTSTART;VALUE=DATE:{format_date(start)}")
            # DTEND of an all-day event is exclusive: the day after the last day.
            lines.append(f"DTEND;VALUE=DATE:{format_date(end)}")
        lines.append(f"SUMMARY:{escape_text(summary)}")
        if description:
            lines.append(f"DESCRIPTION:{escape_text(description)}")
        if location:
            lines.append(f"LOCATION:{escape_text(location)}")
        if url:
            lines.append(f"URL:{url}")
        lines.append("END:VEVENT")
        self.events.append(lines)

    def to_ical(self) -> str:
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{self.prodid}",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{escape_text(self.name)}",
            "X-WR-TIMEZONE:Europe/Amsterdam",
            "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
            *VTIMEZONE_AMSTERDAM,
        ]
        for event in self.events:
            lines.extend(event)
        lines.append("END:VCALENDAR")
        return "".join(fold(line) + CRLF for line in lines)
