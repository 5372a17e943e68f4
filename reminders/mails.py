"""What each kind of reminder says: template and context, or why it is no longer sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse

from communities.models import Membership, Sprint, Standup, StandupAnswer, StandupSchedule

from . import selectors
from .models import OPTIONAL_KINDS, ReminderKind, ReminderPreference, SentReminder
from .services import unsubscribe_token

TEMPLATE_DIR = "reminders/email/"


@dataclass
class Mail:
    template: str = ""
    context: dict = field(default_factory=dict)
    unsubscribe_url: str | None = None
    skip_reason: str = ""


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def value_log_url(community) -> str:
    return absolute(reverse("valuecreation:entry_create", kwargs={"slug": community.slug}))


def _skip(reason: str) -> Mail:
    return Mail(skip_reason=reason)


def _standup(reminder: SentReminder, context: dict) -> Mail:
    day = dt.date.fromisoformat(reminder.payload["date"])
    standup = Standup.objects.filter(community=reminder.community, date=day).first()
    if standup is not None and not standup.is_open:
        return _skip("The stand-up was closed before the reminder went out.")
    schedule = StandupSchedule.objects.filter(community=reminder.community).first()
    link_name = "communities:standup_detail" if standup else "communities:timeline"
    kwargs = {"slug": reminder.community.slug, **({"pk": standup.pk} if standup else {})}
    context.update(
        starts_at=dt.datetime.fromisoformat(reminder.payload["starts_at"]),
        schedule=schedule,
        standup_url=absolute(reverse(link_name, kwargs=kwargs)),
        questions=[StandupAnswer._meta.get_field(f).verbose_name for f in ("did", "will_do", "blockers")],
    )
    return Mail("standup", context)


def _sprint(reminder: SentReminder, context: dict) -> Mail:
    sprint = Sprint.objects.filter(pk=reminder.payload.get("sprint_id")).first()
    if sprint is None:
        return _skip("The sprint was deleted.")
    community = reminder.community
    timeline = absolute(reverse("communities:timeline", kwargs={"slug": community.slug}))
    membership = Membership.objects.filter(community=community, user=reminder.recipient).first()
    review_url = timeline
    if membership and membership.is_facilitator:
        review_url = absolute(
            reverse("communities:sprint_edit", kwargs={"slug": community.slug, "number": sprint.number})
        )
    context.update(
        sprint=sprint, timeline_url=timeline, review_url=review_url, value_url=value_log_url(community)
    )
    return Mail(reminder.kind, context)


def _blockers(reminder: SentReminder, context: dict) -> Mail:
    standup = Standup.objects.filter(pk=reminder.payload.get("standup_id")).first()
    if standup is None:
        return _skip("The stand-up was deleted.")
    answers = list(standup.answers.exclude(blockers="").select_related("member"))
    if not answers:
        return _skip("The blockers were removed.")
    context.update(
        standup=standup,
        answers=answers,
        standup_url=absolute(
            reverse("communities:standup_detail", kwargs={"slug": reminder.community.slug, "pk": standup.pk})
        ),
    )
    return Mail("blockers", context)


def _value_followup(reminder: SentReminder, context: dict) -> Mail:
    payload = reminder.payload
    context.update(
        # Prompts come from applied-value entries and from recorded instrument uses.
        about_instrument_use=reminder.occurrence.startswith("instrument-use:"),
        title=payload.get("title", ""),
        since=dt.date.fromisoformat(payload["since"]) if payload.get("since") else None,
        followup_url=absolute(payload.get("path", "/")),
    )
    return Mail("value_followup", context)


def _digest(reminder: SentReminder, context: dict) -> Mail:
    since = dt.datetime.fromisoformat(reminder.payload["since"])
    until = dt.datetime.fromisoformat(reminder.payload["until"])
    digest = selectors.digest_for(reminder.recipient, since, until)
    if digest.is_empty:
        return _skip("Nothing new for this digest.")
    context.update(
        digest=digest,
        since=since,
        until=until,
        frequency=reminder.payload.get("frequency"),
        moderation_url=absolute(
            reverse("admin:instruments_instrument_changelist") + "?status__exact=submitted"
        ),
    )
    return Mail("digest", context)


def _join_decision(reminder: SentReminder, context: dict) -> Mail:
    context.update(
        approved=bool(reminder.payload.get("approved")),
        community_url=absolute(reminder.community.get_absolute_url()),
    )
    return Mail("join_decision", context)


BUILDERS = {
    ReminderKind.STANDUP: _standup,
    ReminderKind.SPRINT_START: _sprint,
    ReminderKind.SPRINT_END: _sprint,
    ReminderKind.BLOCKERS: _blockers,
    ReminderKind.VALUE_FOLLOWUP: _value_followup,
    ReminderKind.DIGEST: _digest,
    ReminderKind.JOIN_DECISION: _join_decision,
}


def build(reminder: SentReminder) -> Mail:
    """Decide again, at sending time, whether the reminder still applies; then its template and context."""
    user = reminder.recipient
    if not user.is_active:
        return _skip("The recipient's account is inactive.")
    preference = ReminderPreference.objects.filter(user=user).first()
    if preference is not None and not preference.wants(reminder.kind):
        return _skip("The recipient unsubscribed from this kind of reminder.")
    community_kinds = (
        ReminderKind.STANDUP,
        ReminderKind.SPRINT_START,
        ReminderKind.SPRINT_END,
        ReminderKind.BLOCKERS,
    )
    if reminder.kind in community_kinds:
        if reminder.community is None:
            return _skip("The community was deleted.")
        if not Membership.objects.filter(community=reminder.community, user=user).exists():
            return _skip("The recipient left the community.")
    unsubscribe_url = None
    if reminder.kind in OPTIONAL_KINDS:
        unsubscribe_url = absolute(
            reverse("reminders:unsubscribe", kwargs={"token": unsubscribe_token(user, reminder.kind)})
        )
    context = {
        "user": user,
        "community": reminder.community,
        "kind": reminder.kind,
        "kind_label": ReminderKind(reminder.kind).label,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": absolute(reverse("reminders:preferences")),
    }
    mail = BUILDERS[reminder.kind](reminder, context)
    if mail.skip_reason:
        return mail
    mail.template = TEMPLATE_DIR + mail.template
    mail.unsubscribe_url = unsubscribe_url
    return mail
