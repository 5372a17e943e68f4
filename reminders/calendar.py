"""Turn a community's stand-ups and sprints into an iCalendar feed."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import ics, selectors, timing

STANDUP_MINUTES = 15  # "at most a quarter of an hour" (publication 3.4)


def _uid(kind: str, *parts) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "lcplatform.local"
    return f"{kind}-{'-'.join(str(p) for p in parts)}@{host}"


def community_feed(community, *, detailed: bool) -> str:
    """The feed text. ``detailed`` (token feeds) adds places, links and sprint goals."""
    today = timezone.localdate()
    data = selectors.calendar_data(
        community, today, weeks=settings.REMINDER_CALENDAR_WEEKS, include_online_url=detailed
    )
    calendar = ics.Calendar(name=f"{community.name} · LC Platform")
    stamp = timezone.now()
    zone = timing.local_zone()
    community_url = settings.SITE_URL + community.get_absolute_url()
    for event in data.standups:
        url = community_url
        if detailed and event.standup_id:
            url = settings.SITE_URL + reverse(
                "communities:standup_detail", kwargs={"slug": community.slug, "pk": event.standup_id}
            )
        description = ""
        if detailed:
            description = "\n".join(
                part
                for part in (
                    _("Three questions: what did you do, what will you do, is anything in your way?"),
                    event.online_url,
                    url,
                )
                if part
            )
        # The UID depends on the community and the date only: a changed
        # schedule time updates the event instead of adding a second one.
        uid = _uid("standup", community.pk, event.date.isoformat())
        summary = _("Stand-up · %(community)s") % {"community": community.name}
        if event.starts_at is None:
            calendar.add_event(
                uid=uid,
                stamp=stamp,
                summary=summary,
                start=event.date,
                end=event.date + dt.timedelta(days=1),
                description=description,
                url=url,
            )
        else:
            calendar.add_event(
                uid=uid,
                stamp=stamp,
                summary=summary,
                start=event.starts_at,
                end=event.starts_at + dt.timedelta(minutes=STANDUP_MINUTES),
                zone=zone,
                description=description,
                location=event.place if detailed else "",
                url=url,
            )
    for sprint in data.sprints:
        summary = _("Sprint %(number)s · %(community)s") % {
            "number": sprint.number,
            "community": community.name,
        }
        calendar.add_event(
            uid=_uid("sprint", sprint.pk),
            stamp=stamp,
            summary=summary,
            start=sprint.starts_on,
            end=sprint.ends_on + dt.timedelta(days=1),
            description=sprint.goal if detailed else "",
            url=community_url,
        )
    return calendar.to_ical()
