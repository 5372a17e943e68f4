"""Every form of the site: who posts it, where it is shown, and where what it stores is displayed.

``FORMS`` must name every project URL that accepts a POST with fields
(``test_every_post_url_is_fuzzed``); ``ACTIONS`` are the buttons that post a
parameter or two (``next``, ``reason``, ``action``) and change state for good,
so they are fuzzed once, last.
"""

import datetime
import itertools
from dataclasses import dataclass, field

from tests.communities.factories import next_weekday


@dataclass(frozen=True)
class FormSpec:
    name: str  # URL name of the POST endpoint
    role: str
    page: str | None = None  # URL name of the page showing the form (default: the endpoint itself)
    overrides: object = None  # world -> dict of field values a generic value cannot satisfy
    shows: tuple = ()  # (URL name, role) of pages displaying what the form stored
    stores: bool = True  # a valid post stores text that is displayed afterwards
    extra_fields: tuple = ()  # fields the rendered form lacks but the view reads
    fuzz_fields: tuple = field(default=())  # restrict fuzzing (empty: every field)


_counter = itertools.count(1)


def _future_monday(_w):
    return (next_weekday(0) + datetime.timedelta(weeks=52 + next(_counter))).isoformat()


def _sprint_dates(_w):
    start = datetime.date(2090, 1, 1) + datetime.timedelta(days=30 * next(_counter))
    return {"starts_on": start.isoformat(), "ends_on": (start + datetime.timedelta(days=13)).isoformat()}


def _instrument_choice(w):
    return {"instrument": str(w.instrument.pk)}


def _empty_steps(first: int, last: int) -> dict:
    """Route rows left empty (a generic fill would choose an instrument in each)."""
    rows = {}
    for row in range(first, last):
        rows |= {f"steps-{row}-instrument": "", f"steps-{row}-why": "", f"steps-{row}-position": ""}
    return rows


INSTRUMENT_FACETS = {"phase": "execute", "audience": "facilitators"}
COMMUNITY = ("communities:detail", "member")
INSTRUMENT = ("instruments:detail", "member")

FORMS = [
    FormSpec(
        "accounts:profile",
        "member",
        overrides=lambda w: {"municipality": "Amsterdam (GM0363)"},
        shows=(("accounts:profile", "member"), ("communities:members", "facilitator"), INSTRUMENT),
    ),
    FormSpec(
        "instruments:submit",
        "developer",
        overrides=lambda w: INSTRUMENT_FACETS,
        shows=(("instruments:mine", "developer"), ("moderation:queue", "coordinator")),
    ),
    FormSpec(
        "instruments:edit",
        "developer",
        overrides=lambda w: INSTRUMENT_FACETS,
        shows=(INSTRUMENT, ("instruments:history", "developer"), ("instruments:list", "anonymous")),
    ),
    FormSpec("instruments:review", "outsider", page="instruments:detail", shows=(INSTRUMENT,)),
    FormSpec(
        "instruments:experience",
        "outsider",
        page="instruments:detail",
        overrides=lambda w: {"would_use_again": "yes"},
        shows=(INSTRUMENT,),
    ),
    FormSpec(
        "instruments:experience_edit",
        "member",
        overrides=lambda w: {"would_use_again": "yes"},
        shows=(INSTRUMENT,),
    ),
    FormSpec("instruments:owners", "developer", shows=(("instruments:owners", "developer"),)),
    FormSpec(
        "communities:create",
        "facilitator",
        overrides=lambda w: {"municipality": ""},
        shows=(("communities:list", "anonymous"),),
    ),
    FormSpec(
        "communities:edit",
        "facilitator",
        overrides=lambda w: {"municipality": ""},
        shows=(COMMUNITY, ("communities:list", "anonymous"), ("valuecreation:network", "coordinator")),
    ),
    FormSpec(
        "communities:partners", "facilitator", shows=(COMMUNITY, ("communities:partners", "facilitator"))
    ),
    FormSpec(
        "communities:invite",
        "facilitator",
        overrides=lambda w: {"emails": "nieuw@example.org"},
        stores=False,  # only validated e-mail addresses
        shows=(("communities:members", "facilitator"),),
    ),
    FormSpec(
        "communities:join",
        "outsider",
        page="communities:detail",
        shows=(("communities:members", "facilitator"),),
    ),
    FormSpec("communities:learning_goal", "member", shows=(("communities:members", "member"),)),
    FormSpec("communities:building_blocks", "facilitator", shows=(COMMUNITY,)),
    FormSpec("communities:plan", "facilitator", stores=False, shows=(("communities:timeline", "member"),)),
    FormSpec(
        "communities:schedule",
        "facilitator",
        overrides=lambda w: {"weekday": "0", "online_url": "https://example.org/call"},
        shows=(("communities:timeline", "member"), COMMUNITY),
    ),
    FormSpec(
        "communities:sprint_create",
        "facilitator",
        overrides=_sprint_dates,
        shows=(("communities:timeline", "member"), COMMUNITY),
    ),
    FormSpec(
        "communities:sprint_edit",
        "facilitator",
        shows=(("communities:timeline", "member"), ("valuecreation:entry_create", "member")),
    ),
    FormSpec(
        "communities:standup_create",
        "facilitator",
        page="communities:timeline",
        overrides=lambda w: {"date": _future_monday(w)},
        stores=False,
        shows=(("communities:timeline", "member"),),
    ),
    FormSpec(
        "communities:standup_answer",
        "member",
        page="communities:standup_detail",
        shows=(("communities:standup_detail", "facilitator"),),
    ),
    FormSpec(
        "communities:standup_report",
        "facilitator",
        page="communities:standup_detail",
        shows=(("communities:standup_detail", "member"),),
    ),
    FormSpec(
        "communities:standup_park",
        "facilitator",
        page="communities:standup_detail",
        shows=(("communities:standup_detail", "member"),),
    ),
    FormSpec(
        "communities:instrument_use",
        "member",
        overrides=_instrument_choice,
        shows=(COMMUNITY, ("communities:instrument_use", "member")),
    ),
    FormSpec(
        "valuecreation:entry_create",
        "member",
        overrides=lambda w: {
            "visibility": "community",
            "cycle": "immediate",
            "level": "individual",
            "capital": "",
        },
        shows=(("valuecreation:dashboard", "facilitator"),),
    ),
    FormSpec(
        "valuecreation:entry_edit",
        "member",
        overrides=lambda w: {"capital": ""},
        shows=(
            ("valuecreation:entry_detail", "member"),
            ("valuecreation:story", "member"),
            ("valuecreation:dashboard", "facilitator"),
        ),
    ),
    FormSpec("reminders:preferences", "member", stores=False),
    FormSpec("notifications:preferences", "member", stores=False),
    FormSpec(
        "moderation:report",
        "outsider",
        overrides=lambda w: {"reason": "spam"},
        stores=False,
        extra_fields=("next",),
    ),
    FormSpec(
        "discovery:route_create",
        "coordinator",
        overrides=lambda w: {
            "steps-0-instrument": str(w.instrument.pk),
            "steps-0-why": "Omdat",
            **_empty_steps(1, 3),
            "is_published": "on",
        },
        shows=(("discovery:route_list", "member"),),
    ),
    FormSpec(
        "discovery:route_edit",
        "coordinator",
        overrides=lambda w: _empty_steps(1, 4),
        shows=(("discovery:route_detail", "member"), ("discovery:route_list", "member")),
    ),
    FormSpec(
        "scans:round_open",
        "facilitator",
        overrides=lambda w: {"scan": "tweede", "min_respondents": "3", "closes_at": ""},
        shows=(("scans:community_scans", "member"),),
    ),
    FormSpec(
        "scans:round_answer",
        "member",
        page="scans:round_detail",
        shows=(("scans:round_detail", "facilitator"),),
    ),
    FormSpec("scans:canvas_create", "member", shows=(("scans:community_scans", "member"),)),
    FormSpec(
        "scans:canvas_edit",
        "member",
        overrides=lambda w: {"base_version": ""},
        shows=(
            ("scans:canvas_detail", "member"),
            ("scans:canvas_print", "member"),
            ("scans:community_scans", "member"),
        ),
    ),
    FormSpec(
        "instruments:revert",
        "coordinator",
        page="instruments:history",
        shows=(("moderation:log", "coordinator"), ("instruments:history", "coordinator")),
    ),
    FormSpec(
        "moderation:item",
        "coordinator",
        overrides=lambda w: {"action": "keep"},
        shows=(("moderation:log", "coordinator"), ("moderation:queue", "coordinator")),
    ),
    FormSpec(
        "moderation:revision",
        "coordinator",
        overrides=lambda w: {"action": "reject_revision"},
        shows=(("moderation:log", "coordinator"), ("instruments:history", "developer")),
    ),
    FormSpec(
        "moderation:instrument",
        "coordinator",
        overrides=lambda w: {"action": "request_changes"},
        shows=(("moderation:log", "coordinator"), ("instruments:mine", "developer")),
    ),
    FormSpec(
        "moderation:account",
        "coordinator",
        overrides=lambda w: {"action": "suspend"},
        shows=(("moderation:log", "coordinator"), ("moderation:account", "coordinator")),
    ),
    FormSpec(
        "exchange:challenge_propose",
        "member",
        overrides=lambda w: {"title": f"Voorstel {next(_counter)}"},
        shows=(("exchange:challenge_list", "member"),),
    ),
    FormSpec(
        "exchange:challenge_create",
        "coordinator",
        overrides=lambda w: {"title": f"Opgave {next(_counter)}", "status": "active"},
        shows=(("exchange:challenge_list", "anonymous"), ("discovery:search", "member")),
    ),
    FormSpec(
        "exchange:challenge_edit",
        "coordinator",
        overrides=lambda w: {"title": f"Aardgasvrije wijken {next(_counter)}", "status": "active"},
        shows=(("exchange:challenge_detail", "member"), ("exchange:challenge_list", "anonymous")),
    ),
    FormSpec(
        "exchange:community_challenges",
        "facilitator",
        overrides=lambda w: {"challenges": w.extra["challenge"].slug},
        stores=False,  # checkboxes only
        shows=(COMMUNITY,),
    ),
    FormSpec(
        "exchange:step_create",
        "facilitator",
        overrides=lambda w: {"kind": "lesson", "instrument": ""},
        shows=(COMMUNITY, ("exchange:challenge_detail", "anonymous")),
    ),
    FormSpec(
        "exchange:step_edit",
        "facilitator",
        overrides=lambda w: {"kind": "milestone", "instrument": str(w.instrument.pk)},
        shows=(("exchange:step_detail", "member"), ("exchange:challenge_detail", "anonymous")),
    ),
    FormSpec(
        "exchange:thread_create",
        "member",
        overrides=lambda w: {"kind": "discussion", "title": f"Draad {next(_counter)}", "confirmed": "on"},
        extra_fields=("confirmed",),
        shows=(("exchange:thread_list", "member"), ("exchange:challenge_detail", "member")),
    ),
    FormSpec(
        "exchange:thread_reply",
        "member",
        page="exchange:thread_detail",
        overrides=lambda w: {"reply_to": str(w.extra["reply"].pk)},
        shows=(("exchange:thread_detail", "member"),),
    ),
    FormSpec("exchange:post_edit", "member", shows=(("exchange:thread_detail", "member"),)),
    FormSpec(
        "exchange:request_create",
        "member",
        overrides=lambda w: {"challenge": "", "phase": "", "theme": ""},
        shows=(("exchange:request_list", "anonymous"),),
    ),
    FormSpec(
        "exchange:request_suggest",
        "outsider",
        page="exchange:request_detail",
        overrides=lambda w: {"instrument": w.instrument.slug},
        shows=(("exchange:request_detail", "member"),),
    ),
    FormSpec(
        "accounts:onboarding",
        "member",
        overrides=lambda w: {"purpose": "take_part", "municipality": "", "next": "/"},
        extra_fields=("next",),
        shows=(("accounts:profile", "member"), ("communities:members", "facilitator"), INSTRUMENT),
    ),
    FormSpec(
        "accounts:roles",
        "member",
        overrides=lambda w: {"role": "instrument developer"},
        shows=(("accounts:roles", "member"), ("moderation:queue", "coordinator")),
    ),
    FormSpec(
        "moderation:role_request",
        "coordinator",
        overrides=lambda w: {"action": "decline_role"},
        shows=(("moderation:log", "coordinator"), ("accounts:roles", "outsider")),
    ),
    # django-allauth
    FormSpec("account_login", "anonymous", stores=False),
    FormSpec("account_signup", "anonymous", stores=False),
    FormSpec("account_reset_password", "anonymous", stores=False),
    FormSpec("account_change_password", "member", stores=False),
    FormSpec("account_email", "member", stores=False, extra_fields=("action_add",)),
]

# POST buttons with a parameter or two; fuzzed once each, in this order (the last ones end things).
ACTIONS = {
    "instruments:bookmark": ("member", ("next",)),
    "notifications:follow": ("member", ("target_type", "target_id", "action", "next")),
    "notifications:mark_read": ("member", ("next",)),
    "notifications:mark_all_read": ("member", ("next",)),
    "notifications:unsubscribe": ("anonymous", ("List-Unsubscribe",)),
    "discovery:route_bookmark": ("member", ("next",)),
    "reminders:calendar_create": ("member", ("next", "renew")),
    "valuecreation:entry_hide": ("facilitator", ("action",)),
    "communities:member_handover": ("facilitator", ("step_down",)),
    "reminders:unsubscribe": ("anonymous", ("List-Unsubscribe",)),
    "scans:round_close": ("facilitator", ()),
    "communities:standup_close": ("facilitator", ()),
    "communities:join_decline": ("facilitator", ()),
    "communities:join_approve": ("facilitator", ()),
    "communities:partner_remove": ("facilitator", ()),
    "communities:member_remove": ("facilitator", ()),
    "reminders:calendar_revoke": ("member", ()),
    "reminders:calendar_reset": ("member", ("next",)),
    "communities:leave": ("member", ()),
    "instruments:owner_remove": ("developer", ()),
    "exchange:step_delete": ("facilitator", ()),
    "exchange:challenge_status": ("coordinator", ("status",)),
    "exchange:thread_answer": ("member", ("post",)),
    "exchange:request_support": ("outsider", ("action",)),
    "exchange:post_review": ("coordinator", ("decision",)),
    "exchange:request_fulfil": ("member", ("action", "instrument")),
    "discovery:route_delete": ("coordinator", ()),
    "communities:invitation": ("outsider", ()),
    "instruments:owner_invitation": ("member", ()),
    "instruments:review_delete": ("member", ()),
    "instruments:experience_delete": ("member", ()),
    # Hostile values are never the password: the account survives every post.
    "privacy:delete": ("suspect", ("password", "confirm")),
}
