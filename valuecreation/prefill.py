"""Turn a link's query parameters into the initial values of a new entry.

``?standup_answer=<id>``, ``?sprint=<number>``, ``?follows=<entry id>`` and
``?instrument_use=<id>`` come from the one-click buttons on stand-ups, sprint
reviews, entries and the follow-up mails. Everything is looked up inside the
community; garbage or foreign ids are ignored (the form simply starts empty),
never a 500.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import CommunityInstrumentUse, Sprint, StandupAnswer

from .models import Cycle, ValueEntry

TITLE_LENGTH = 120


def _int(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**31 else None


def _title(text: str) -> str:
    first = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return first if len(first) <= TITLE_LENGTH else first[: TITLE_LENGTH - 1].rstrip() + "…"


@dataclass
class Prefill:
    initial: dict = field(default_factory=dict)
    source: str = ""  # what the entry starts from, shown above the form
    follows: ValueEntry | None = None
    ignored: bool = False


def prefill(user, community, params) -> Prefill:
    result = Prefill()
    answer_id = _int(params.get("standup_answer"))
    sprint_number = _int(params.get("sprint"))
    follows_id = _int(params.get("follows"))
    use_id = _int(params.get("instrument_use"))
    asked = any(params.get(key) for key in ("standup_answer", "sprint", "follows", "instrument_use"))
    if answer_id:
        answer = (
            StandupAnswer.objects.filter(pk=answer_id, standup__community=community)
            .select_related("standup__sprint")
            .first()
        )
        if answer:
            standup = answer.standup
            result.initial.update(
                cycle=Cycle.IMMEDIATE,
                title=_title(answer.did),
                story=answer.did,
                date=standup.date,
                standup=standup.pk,
                standup_answer=answer.pk,
                sprint=standup.sprint_id,
                level="individual",
            )
            result.source = _("From your stand-up answer of %(date)s.") % {
                "date": standup.date.strftime("%d-%m-%Y")
            }
    if sprint_number and not result.source:
        sprint = Sprint.objects.filter(community=community, number=sprint_number).first()
        if sprint:
            result.initial.update(
                cycle=Cycle.APPLIED,
                title=_title(_("%(sprint)s: %(goal)s") % {"sprint": sprint, "goal": sprint.goal}),
                story=sprint.review_notes or sprint.goal,
                date=min(sprint.ends_on, timezone.localdate()),
                sprint=sprint.pk,
                level="organisation",
            )
            result.source = _("From the review of %(sprint)s.") % {"sprint": sprint}
    if use_id and not result.source:
        use = (
            CommunityInstrumentUse.objects.filter(pk=use_id, community=community)
            .select_related("instrument")
            .first()
        )
        if use:
            result.initial.update(
                cycle=Cycle.APPLIED,
                instrument_use=use.pk,
                instrument=use.instrument_id,
                date=timezone.localdate(),
                level="individual",
            )
            result.source = _("What did using %(instrument)s lead to?") % {"instrument": use.instrument.title}
    if follows_id:
        earlier = ValueEntry.objects.filter(pk=follows_id, community=community, is_hidden=False).first()
        if earlier:
            result.follows = earlier
            result.initial.update(
                # No cycle: what it led to may be any cycle, not "the next step" (publication 2.3).
                follows=earlier.pk,
                level=earlier.level,
                instrument=earlier.instrument_id,
                visibility=earlier.visibility,
                date=timezone.localdate(),
            )
            result.source = _("What did “%(title)s” lead to?") % {"title": earlier.title}
    result.ignored = asked and not result.source
    return result
