"""Every project URL: who may use it, with which object, and which query parameters it reads.

``TARGETS`` must name every project URL (``test_every_project_url_has_a_target``),
so a new view is fuzzed as soon as it exists. The query parameters a view reads
are found in its source (``request.GET.get("...")``, ``request.GET["..."]``) and
in the FilterSets and forms it binds to ``request.GET``; ``EXTRA_PARAMS`` adds
those read by helpers the source walk cannot see.
"""

import inspect
import re
from dataclasses import dataclass

import django_filters
from django import forms
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.test_url_coverage import PROJECT_APPS


@dataclass(frozen=True)
class Target:
    role: str
    kwargs: object = None  # world -> dict
    get: bool = True  # False for POST-only views
    query: str = ""  # a query string the page needs to do its work (e.g. ?community=)
    status: int = 200  # the status of a plain GET
    # Valid values for the page's filters, so one hostile parameter at a time reaches the deep code
    # (a page number is only used once there is a valid search to page through).
    realistic: str = ""


def _community(w):
    return {"slug": w.community.slug}


def _c(**extra):
    return lambda w: {"slug": w.community.slug, **{k: v(w) for k, v in extra.items()}}


def _challenge(w):
    return {"slug": w.extra["challenge"].slug}


def _about_challenge(w):
    return {"subject": "challenge", "slug": w.extra["challenge"].slug}


def _pk(name):
    return lambda w: {"pk": w.extra[name].pk}


def _instrument(w):
    return {"slug": w.instrument.slug}


def _own_experience(w):
    from instruments.models import Experience

    experience = Experience.objects.filter(author=w.users["member"], instrument=w.instrument).first()
    return {"slug": w.instrument.slug, "pk": experience.pk if experience else 0}


TARGETS: dict[str, Target] = {
    # core, accounts
    "home:home": Target("anonymous"),
    "core:healthz": Target("anonymous"),
    "core:privacy": Target("anonymous"),
    "core:accessibility": Target("anonymous"),
    "accounts:profile": Target("member"),
    "accounts:roles": Target("member"),
    "accounts:onboarding": Target("member"),
    "privacy:export": Target("member"),
    "privacy:delete": Target("suspect"),
    "moderation:role_request": Target("coordinator", lambda w: {"pk": w.extra["role_request"].pk}),
    # instruments
    "instruments:list": Target(
        "anonymous",
        realistic="q=scan&phase=execute&audience=facilitators&tag=dialoog&sort=rating&fit_level=meso"
        "&fit_phase=execute&fit_theme=energy&format=scan&per_page=48&page=1",
    ),
    "instruments:submit": Target("developer"),
    "instruments:mine": Target("developer"),
    "instruments:toolbox": Target("member"),
    "instruments:owner_invitation": Target("member", lambda w: {"token": w.owner_token}),
    "instruments:detail": Target("member", _instrument),
    "instruments:edit": Target("developer", _instrument),
    "instruments:review": Target("outsider", _instrument, get=False),
    "instruments:experience": Target("outsider", _instrument, get=False),
    "instruments:bookmark": Target("member", _instrument, get=False),
    "instruments:review_delete": Target("member", _instrument, get=False),
    "instruments:experience_edit": Target("member", lambda w: _own_experience(w)),
    "instruments:experience_delete": Target("member", lambda w: _own_experience(w), get=False),
    "instruments:history": Target("developer", _instrument),
    "instruments:revert": Target(
        "coordinator", lambda w: {"slug": w.instrument.slug, "pk": w.change.pk}, get=False
    ),
    "instruments:insights": Target("developer", _instrument),
    "instruments:owners": Target("developer", _instrument),
    "instruments:owner_remove": Target(
        "developer", lambda w: {"slug": w.instrument.slug, "user_id": w.users["developer"].pk}, get=False
    ),
    # communities
    "communities:list": Target(
        "anonymous", realistic="q=Gas&level=meso&theme=energy&province=overijssel&phase=execute&page=1"
    ),
    "communities:create": Target("facilitator"),
    "communities:invitation": Target("anonymous", lambda w: {"token": w.invitation.token}),
    "communities:detail": Target("member", _community),
    "communities:edit": Target("facilitator", _community),
    "communities:partners": Target("facilitator", _community),
    "communities:partner_remove": Target("facilitator", _c(pk=lambda w: w.partnership.pk), get=False),
    "communities:members": Target("member", _community),
    "communities:invite": Target("facilitator", _community),
    "communities:member_remove": Target("facilitator", _c(pk=lambda w: w.member_membership.pk), get=False),
    "communities:member_handover": Target("facilitator", _c(pk=lambda w: w.member_membership.pk), get=False),
    "communities:join": Target("outsider", _community, get=False),
    "communities:join_approve": Target("facilitator", _c(pk=lambda w: w.join_request.pk), get=False),
    "communities:join_decline": Target("facilitator", _c(pk=lambda w: w.join_request.pk), get=False),
    "communities:leave": Target("member", _community, get=False),
    "communities:learning_goal": Target("member", _community),
    "communities:building_blocks": Target("facilitator", _community),
    "communities:plan": Target("facilitator", _community),
    "communities:schedule": Target("facilitator", _community),
    "communities:sprint_create": Target("facilitator", _community),
    "communities:sprint_edit": Target("facilitator", _c(number=lambda w: w.sprint.number)),
    "communities:timeline": Target("member", _community),
    "communities:standup_create": Target("facilitator", _community, get=False),
    "communities:standup_detail": Target("member", _c(pk=lambda w: w.standup.pk)),
    "communities:standup_answer": Target("member", _c(pk=lambda w: w.standup.pk), get=False),
    "communities:standup_park": Target("facilitator", _c(pk=lambda w: w.standup.pk), get=False),
    "communities:standup_report": Target("facilitator", _c(pk=lambda w: w.standup.pk), get=False),
    "communities:standup_close": Target("facilitator", _c(pk=lambda w: w.standup.pk), get=False),
    "communities:instrument_use": Target("member", _community),
    # value creation
    "valuecreation:dashboard": Target(
        "facilitator", _community, realistic="cycle=immediate&level=individual&page=1"
    ),
    "valuecreation:entry_create": Target("member", _community, realistic="sprint=1"),
    "valuecreation:export_csv": Target("facilitator", _community),
    "valuecreation:codebook": Target("member", _community),
    "valuecreation:report": Target("facilitator", _community, realistic="start=2024-01-01&end=2024-03-31"),
    "valuecreation:entry_detail": Target("member", _c(pk=lambda w: w.entry.pk)),
    "valuecreation:entry_edit": Target("member", _c(pk=lambda w: w.entry.pk)),
    "valuecreation:entry_hide": Target("facilitator", _c(pk=lambda w: w.entry.pk), get=False),
    "valuecreation:story": Target("member", _c(pk=lambda w: w.entry.pk)),
    "valuecreation:network": Target("coordinator"),
    # reminders
    "reminders:preferences": Target("member"),
    "reminders:calendar_reset": Target("member", get=False),
    "reminders:calendar_create": Target("member", _community, get=False),
    "reminders:calendar_revoke": Target(
        "member",
        # 0 (a 404) once an earlier action revoked it.
        lambda w: {"pk": w.users["member"].calendar_feeds.values_list("pk", flat=True).first() or 0},
        get=False,
    ),
    "reminders:unsubscribe": Target("anonymous", lambda w: {"token": w.unsubscribe_token}),
    "reminders:calendar": Target("anonymous", _community),
    "reminders:calendar_private": Target(
        "anonymous", lambda w: {"slug": w.community.slug, "token": w.calendar_token}
    ),
    # moderation
    "moderation:queue": Target("coordinator", realistic="submissions=1&revisions=1&reports=1"),
    "moderation:log": Target("coordinator", realistic="action=approve&page=1"),
    "moderation:instrument": Target("coordinator", lambda w: {"slug": w.submitted.slug}),
    "moderation:revision": Target("coordinator", lambda w: {"pk": w.revision.pk}),
    "moderation:item": Target("coordinator", lambda w: {"pk": w.item.pk}),
    "moderation:account": Target("coordinator", lambda w: {"pk": w.users["suspect"].pk}),
    "moderation:report": Target("outsider", lambda w: {"kind": "instrument", "pk": w.instrument.pk}),
    # discovery
    "discovery:search": Target("member", realistic="q=Cultuurscan&kind=instruments&page=1"),
    "discovery:finder": Target("anonymous", realistic="phase=start&goal=translate_challenge&audience=any"),
    "discovery:route_list": Target("member"),
    "discovery:route_create": Target("coordinator"),
    "discovery:route_detail": Target("member", lambda w: {"slug": w.route.slug}),
    "discovery:route_edit": Target("coordinator", lambda w: {"slug": w.route.slug}),
    "discovery:route_delete": Target("coordinator", lambda w: {"slug": w.route.slug}, get=False),
    "discovery:route_bookmark": Target("member", lambda w: {"slug": w.route.slug}, get=False),
    # scans
    "scans:community_scans": Target("member", _community),
    "scans:round_open": Target("facilitator", _community),
    "scans:round_detail": Target("member", _c(pk=lambda w: w.round.pk)),
    "scans:round_answer": Target("member", _c(pk=lambda w: w.round.pk), get=False),
    "scans:round_close": Target("facilitator", _c(pk=lambda w: w.round.pk), get=False),
    "scans:scan_results": Target("member", _c(scan_slug=lambda w: w.scan.slug)),
    "scans:scan_print": Target("member", _c(scan_slug=lambda w: w.scan.slug)),
    "scans:scan_export": Target("facilitator", _c(scan_slug=lambda w: w.scan.slug)),
    "scans:canvas_create": Target("member", _community),
    "scans:canvas_detail": Target("member", _c(pk=lambda w: w.sheet.pk)),
    "scans:canvas_edit": Target("member", _c(pk=lambda w: w.sheet.pk)),
    "scans:canvas_version": Target("member", _c(pk=lambda w: w.sheet.pk, number=lambda w: w.version.number)),
    "scans:canvas_print": Target("member", _c(pk=lambda w: w.sheet.pk), realistic="version=1&size=A4"),
    "scans:scan_start": Target(
        "facilitator", lambda w: {"scan_slug": w.scan.slug}, query="community={slug}", status=302
    ),
    "scans:canvas_start": Target(
        "member", lambda w: {"canvas_slug": w.sheet.canvas.slug}, query="community={slug}", status=302
    ),
    # exchange
    "exchange:challenge_list": Target("anonymous", realistic="theme=energy&status=archived&page=1"),
    "exchange:challenge_propose": Target("member"),
    "exchange:challenge_create": Target("coordinator"),
    "exchange:challenge_detail": Target("member", _challenge),
    "exchange:challenge_edit": Target("coordinator", _challenge),
    "exchange:challenge_status": Target("coordinator", _challenge, get=False),
    "exchange:community_challenges": Target("facilitator", _community),
    "exchange:step_create": Target("facilitator", _community),
    "exchange:step_detail": Target("member", _c(pk=lambda w: w.extra["step"].pk)),
    "exchange:step_edit": Target("facilitator", _c(pk=lambda w: w.extra["step"].pk)),
    "exchange:step_delete": Target("facilitator", _c(pk=lambda w: w.extra["step"].pk), get=False),
    "exchange:thread_list": Target("anonymous", _about_challenge, realistic="page=1"),
    "exchange:thread_create": Target("member", _about_challenge, realistic="kind=question"),
    "exchange:thread_detail": Target("member", _pk("thread"), realistic="page=1&reply_to=1"),
    "exchange:thread_reply": Target("member", _pk("thread"), get=False),
    "exchange:thread_answer": Target("member", _pk("thread"), get=False),
    "exchange:post_edit": Target("member", _pk("first_post")),
    "exchange:post_history": Target("member", _pk("first_post")),
    "exchange:post_review": Target("coordinator", _pk("pending_post"), get=False),
    "exchange:request_list": Target("anonymous", realistic="status=open&phase=start&theme=energy&sort=new"),
    "exchange:request_create": Target("member", realistic="challenge=aardgasvrije-wijken"),
    "exchange:request_detail": Target("member", _pk("instrument_request")),
    "exchange:request_support": Target("outsider", _pk("instrument_request"), get=False),
    "exchange:request_suggest": Target("outsider", _pk("instrument_request"), get=False),
    "exchange:request_fulfil": Target("member", _pk("instrument_request"), get=False),
    # notifications
    "notifications:list": Target("member", realistic="page=1"),
    "notifications:mark_read": Target("member", lambda w: {"pk": w.extra["notification"].pk}, get=False),
    "notifications:mark_all_read": Target("member", get=False),
    "notifications:follow": Target("member", get=False),
    "notifications:unsubscribe": Target(
        "anonymous", lambda w: {"token": w.extra["notification_unsubscribe_token"]}
    ),
    "notifications:preferences": Target("member"),
}

# Pages of django-allauth (not project URLs, but forms that take hostile text from anyone).
ACCOUNT_PAGES = {
    "account_login": Target("anonymous"),
    "account_signup": Target("anonymous"),
    "account_reset_password": Target("anonymous"),
    "account_change_password": Target("member"),
    "account_email": Target("member"),
}

# Parameters read by helpers the source walk does not see.
EXTRA_PARAMS = {
    "valuecreation:entry_create": {"standup_answer", "sprint", "follows", "instrument_use"},
    "instruments:list": {"per_page"},
    "account_login": {"next"},
    "account_signup": {"next", "email"},
}
# Every page gets these too: pagination, redirects, search, and a parameter nobody reads.
COMMON_PARAMS = {"page", "next", "q", "format", "unknown"}


def project_patterns(patterns=None, namespace=""):
    """(url name, pattern) of every project URL."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from project_patterns(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            module = getattr(pattern.callback, "__module__", "") or ""
            if module.split(".")[0] in PROJECT_APPS:
                yield f"{namespace}{pattern.name}", pattern


def _unwrapped(view):
    while hasattr(view, "__wrapped__"):
        view = view.__wrapped__
    return view


GET_READ = re.compile(r"request\.GET(?:\.get\(|\[)\s*[\"'](\w+)[\"']")
BOUND_TO_GET = re.compile(r"(\w+)\(\s*request\.GET")


def _fields_of(cls) -> set[str]:
    if isinstance(cls, type) and issubclass(cls, django_filters.FilterSet):
        return set(cls.base_filters)
    if isinstance(cls, type) and issubclass(cls, forms.BaseForm):
        return set(cls.base_fields)
    return set()


def params_read_by(view) -> set[str]:
    """Query parameter names the view reads, found in its source and what it binds to request.GET."""
    function = _unwrapped(view)
    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        return set()
    names = set(GET_READ.findall(source))
    module = inspect.getmodule(function)
    for class_name in BOUND_TO_GET.findall(source):
        names |= _fields_of(getattr(module, class_name, None))
    return names


def page_params(name: str, view) -> list[str]:
    return sorted(params_read_by(view) | EXTRA_PARAMS.get(name, set()) | COMMON_PARAMS)


def url_for(name: str, target: Target, world) -> str:
    url = reverse(name, kwargs=target.kwargs(world) if target.kwargs else None)
    return url


def base_query(target: Target, world) -> str:
    return target.query.format(slug=world.community.slug) if target.query else ""
