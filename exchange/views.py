import re
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from communities.selectors import community_for_view
from core.forms import add_service_error
from core.http import GET_POST
from core.throttle import allow
from core.vocabularies import Theme
from instruments.selectors import instrument_for_detail
from moderation import permissions as moderation_permissions
from moderation.ratelimit import RateLimitExceeded
from moderation.registry import get_kind
from notifications.services import mark_target_read

from . import permissions, selectors, services
from .forms import (
    AnswerForm,
    ChallengeForm,
    CommunityChallengesForm,
    FulfilForm,
    PostEditForm,
    PostForm,
    RequestFilterForm,
    RequestForm,
    ReviewPostForm,
    StatusForm,
    StepForm,
    SuggestionForm,
    ThreadForm,
)
from .models import POST_MAX_LENGTH, ChallengeStatus, DevelopmentStep, RequestStatus, ThreadKind

PAGE_SIZE = 24


def _deny(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def community_view(permission):
    """Fetch the community through its visibility selector (404 when invisible), then check ``permission``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            community = community_for_view(request.user, slug)
            if not permission(request.user, community):
                return _deny(request)
            return view(request, community, *args, **kwargs)

        wrapper.permission = permission
        return wrapper

    return decorator


def _failed(request):
    messages.error(request, _("Nothing was saved; see the form below."))


def _form_page(request, template, form, status=None, **context):
    """A form page; 400 when it came back with errors (what was typed is in the form)."""
    return render(
        request, template, {"form": form, **context}, status=status or (400 if form.errors else 200)
    )


# -- challenges -------------------------------------------------------------------------


@require_safe
def challenge_list(request):
    theme = request.GET.get("theme", "")
    theme = theme if theme in Theme.values else ""
    archived = request.GET.get("status") == ChallengeStatus.ARCHIVED
    status = ChallengeStatus.ARCHIVED if archived else ChallengeStatus.ACTIVE
    queryset = selectors.challenge_list(request.user, theme=theme or None, status=status)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    user = request.user
    context = {
        "page": page,
        "theme": theme,
        "themes": Theme.choices,
        "archived": archived,
        "can_propose": permissions.can_propose(user),
        "can_manage": permissions.can_manage_challenges(user),
        "proposals": list(
            selectors.pending_proposals()
            if permissions.can_manage_challenges(user)
            else selectors.own_proposals(user)
        ),
    }
    return render(request, "exchange/challenge_list.html", context)


@require_safe
def challenge_detail(request, slug):
    challenge = selectors.challenge_for_view(request.user, slug)
    user = request.user
    context = {
        "challenge": challenge,
        "page": selectors.challenge_page(user, challenge),
        "can_edit": permissions.can_edit_challenge(user, challenge),
        "can_manage": permissions.can_manage_challenges(user),
        "can_follow": permissions.can_follow(user, challenge),
        "statuses": ChallengeStatus,
        "requests": selectors.challenge_requests(user, challenge),
    }
    return render(request, "exchange/challenge_detail.html", context)


@login_required
@GET_POST
def challenge_propose(request):
    if not permissions.can_propose(request.user):
        raise PermissionDenied
    form = ChallengeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                challenge = services.challenge_propose(actor=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                if challenge.status == ChallengeStatus.PROPOSED:
                    messages.success(
                        request,
                        _(
                            "Thank you. Your proposal waits for a network coordinator; "
                            "only you see it until then."
                        ),
                    )
                else:
                    messages.success(request, _("The challenge has been created."))
                return redirect(challenge)
        _failed(request)
    return _form_page(request, "exchange/challenge_form.html", form, is_proposal=True)


@GET_POST
def challenge_create(request):
    if not permissions.can_manage_challenges(request.user):
        return _deny(request)
    form = ChallengeForm(request.POST or None, with_status=True)
    if request.method == "POST":
        if form.is_valid():
            try:
                challenge = services.challenge_create(actor=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The challenge has been created."))
                return redirect(challenge)
        _failed(request)
    return _form_page(request, "exchange/challenge_form.html", form, is_new=True)


@GET_POST
def challenge_edit(request, slug):
    challenge = selectors.challenge_for_view(request.user, slug)
    if not permissions.can_edit_challenge(request.user, challenge):
        return _deny(request)
    form = ChallengeForm(request.POST or None, instance=challenge, with_status=True)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.challenge_update(actor=request.user, challenge=challenge, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The challenge has been saved."))
                return redirect(challenge)
        _failed(request)
    return _form_page(request, "exchange/challenge_form.html", form, challenge=challenge)


@require_POST
def challenge_status(request, slug):
    """Approve a proposal, archive a challenge or make it active again; decline deletes a proposal."""
    challenge = selectors.challenge_for_view(request.user, slug)
    if not permissions.can_manage_challenges(request.user):
        return _deny(request)
    if request.POST.get("status") == "declined":
        try:
            services.challenge_reject(actor=request.user, challenge=challenge)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(challenge)
        messages.success(request, _("The proposal has been declined and removed."))
        return redirect("exchange:challenge_list")
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect(challenge)
    try:
        services.challenge_set_status(
            actor=request.user, challenge=challenge, status=form.cleaned_data["status"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(challenge)
    messages.success(
        request, _("The challenge is now: %(status)s.") % {"status": ChallengeStatus(challenge.status).label}
    )
    return redirect(challenge)


# -- a community's challenges and steps -------------------------------------------------------


@GET_POST
@community_view(permissions.can_link_challenges)
def community_challenges(request, community):
    # Bound on every POST: unticking every box posts nothing, and that is a choice too.
    form = CommunityChallengesForm(request.POST if request.method == "POST" else None, community=community)
    if request.method == "POST":
        if form.is_valid():
            services.community_challenges_set(
                actor=request.user, community=community, challenges=form.cleaned_data["challenges"]
            )
            messages.success(request, _("The community's challenges have been saved."))
            return redirect(community)
        _failed(request)
    return _form_page(
        request,
        "exchange/community_challenges.html",
        form,
        community=community,
        current=selectors.community_challenges(request.user, community),
    )


@GET_POST
@community_view(permissions.can_publish_step)
def step_create(request, community):
    form = StepForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                step = services.step_publish(actor=request.user, community=community, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The step has been published: everyone can read it now."))
                return redirect(step)
        _failed(request)
    return _form_page(request, "exchange/step_form.html", form, community=community, is_new=True)


@require_safe
def step_detail(request, slug, pk):
    community = community_for_view(request.user, slug)
    step = selectors.step_for_view(request.user, community, pk)
    context = {
        "community": community,
        "step": step,
        "can_edit": permissions.can_edit_step(request.user, step),
        "challenges": selectors.community_challenges(request.user, community),
    }
    return render(request, "exchange/step_detail.html", context)


def _editable_step(community, pk) -> DevelopmentStep:
    return get_object_or_404(DevelopmentStep.objects.select_related("community"), community=community, pk=pk)


@GET_POST
@community_view(permissions.can_publish_step)
def step_edit(request, community, pk):
    step = _editable_step(community, pk)
    form = StepForm(request.POST or None, instance=step)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.step_update(actor=request.user, step=step, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The step has been saved."))
                return redirect(step)
        _failed(request)
    return _form_page(request, "exchange/step_form.html", form, community=community, step=step)


@require_POST
@community_view(permissions.can_publish_step)
def step_delete(request, community, pk):
    step = _editable_step(community, pk)
    services.step_delete(actor=request.user, step=step)
    messages.success(request, _("The step has been deleted."))
    return redirect(community)


# -- discussions ----------------------------------------------------------------------------

THREADS_PER_PAGE = 20
# Each check runs the language model over the typed text: a person may ask this often per hour.
SIMILAR_CHECKS_PER_HOUR = 60


def _subject(request, subject: str, slug: str):
    """The challenge, instrument or community a thread URL names, through its own visibility (404)."""
    if subject == "challenge":
        challenge = selectors.challenge_for_view(request.user, slug)
        if challenge.status == ChallengeStatus.PROPOSED:
            raise Http404
        return challenge
    if subject == "instrument":
        return instrument_for_detail(request.user, slug)
    if subject == "community":
        return community_for_view(request.user, slug)
    raise Http404


def _limited(form, error: RateLimitExceeded):
    form.add_error(None, error.message)


@require_safe
def thread_list(request, subject, slug):
    obj = _subject(request, subject, slug)
    queryset = selectors.subject_threads(request.user, limit=None, **{subject: obj})
    context = {
        "subject": obj,
        "subject_type": subject,
        "page": Paginator(queryset, THREADS_PER_PAGE).get_page(request.GET.get("page")),
        "can_start": permissions.can_write_about(request.user, obj),
    }
    return render(request, "exchange/thread_list.html", context)


@GET_POST
def thread_create(request, subject, slug):
    obj = _subject(request, subject, slug)
    if not permissions.can_write_about(request.user, obj):
        return _deny(request)
    initial = {"kind": ThreadKind.QUESTION if request.GET.get("kind") == ThreadKind.QUESTION else None}
    context = {"subject": obj, "subject_type": subject, "similar": []}
    if request.method == "POST" and request.POST.get("check_similar"):
        # The secondary button: what is alike, by title words and by meaning; nothing is posted and
        # nothing typed is lost. The main button (the form's first, its default) still posts at once.
        typed = {
            name: str(request.POST.get(name, ""))[:POST_MAX_LENGTH] for name in ("title", "body", "kind")
        }
        if not allow("similar-check", request.user.pk, limit=SIMILAR_CHECKS_PER_HOUR):
            # Bound to what was posted, so it is shown again as typed (an unbound form holds no errors).
            form = ThreadForm(request.POST, initial=initial)
            form.add_error(
                None,
                _(
                    "You have checked for similar discussions %(limit)s times in the last hour. "
                    "Post your message, or check again later; what you typed is still in the form."
                )
                % {"limit": SIMILAR_CHECKS_PER_HOUR},
            )
            return _form_page(request, "exchange/thread_form.html", form, status=429, **context)
        similar = selectors.threads_alike(request.user, typed["title"], typed["body"], **{subject: obj})
        form = ThreadForm(initial={**initial, **typed, "confirmed": bool(similar)})
        context.update(similar=similar, checked=True)
        return _form_page(request, "exchange/thread_form.html", form, **context)
    form = ThreadForm(request.POST or None, initial=initial)
    status = None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            # Only shared title words hold a post back: meaning is shown alongside, never adds a click.
            held = not data["confirmed"] and selectors.similar_threads(
                request.user, data["title"], **{subject: obj}
            )
            if held:
                # Shown before posting, so the same question is not asked twice; posting again goes through.
                form = ThreadForm(
                    initial={**data, "confirmed": True}, data={**request.POST.dict(), "confirmed": "on"}
                )
                context["similar"] = selectors.threads_alike(
                    request.user, data["title"], data["body"], **{subject: obj}
                )
                return render(request, "exchange/thread_form.html", {**context, "form": form})
            try:
                thread = services.thread_start(
                    actor=request.user, subject=obj, title=data["title"], body=data["body"], kind=data["kind"]
                )
            except RateLimitExceeded as error:
                _limited(form, error)
                status = error.status_code
            except ValidationError as error:
                add_service_error(form, error)
            else:
                _after_post(request, thread.posts.first(), thread)
                return redirect(thread)
        _failed(request)
        title = str(form.data.get("title", ""))[:POST_MAX_LENGTH]
        if title.strip() and status is None:
            # The round-trip of a form with errors shows what is alike too (not when rate limited).
            context["similar"] = selectors.threads_alike(
                request.user, title, str(form.data.get("body", ""))[:POST_MAX_LENGTH], **{subject: obj}
            )
            if context["similar"]:
                # Seen now: once the errors are put right, posting is not held back for them again.
                form.data = form.data.copy()
                form.data["confirmed"] = "on"
    return _form_page(request, "exchange/thread_form.html", form, status=status, **context)


def _after_post(request, post, thread):
    if post.is_pending:
        messages.info(
            request,
            _(
                "Thank you. Because your account is new, a network coordinator reads your first posts "
                "before others see them; this usually happens within a working day."
            ),
        )
    else:
        messages.success(request, _("Your message has been posted."))
    unknown = services.unknown_mentions(post.body, thread)
    if unknown:
        messages.warning(
            request,
            _("Nobody was notified for %(names)s: no one by that name can read this thread.")
            % {"names": ", ".join(f"@{name}" for name in unknown)},
        )


def _reply_to(request) -> int | None:
    value = request.GET.get("reply_to", "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _prepare_posts(user, posts, first_id) -> None:
    """What the thread page shows per post, worked out once per page in Python.

    With 50 posts a page, two ``date`` filters and an inclusion tag (the report link) per post were
    most of the page's time; the rule of the report link stays ``moderation.permissions.can_report``.
    """
    kind = get_kind("post")
    for post in posts:
        local = timezone.localtime(post.created_at)
        post.posted_iso = local.isoformat()  # as |date:"c"
        # What |date:"j F Y H:i" calls, without the template's variable resolution per post.
        post.posted_label = date_format(local, "j F Y H:i")
        post.can_report = bool(
            post.pk != first_id and not post.is_hidden and moderation_permissions.can_report(user, kind, post)
        )


def _thread_context(request, thread, *, reply_form=None):
    user = request.user
    posts = selectors.thread_posts(user, thread)
    number = request.GET.get("page")
    wanted = request.GET.get("post", "")
    if wanted.isdigit() and len(wanted) < 19:
        number = selectors.page_of_post(user, thread, int(wanted))
    page = Paginator(posts, selectors.POSTS_PER_PAGE).get_page(number)
    first_id = selectors.first_post_id(thread)
    _prepare_posts(user, page.object_list, first_id)
    return {
        "thread": thread,
        "subject": thread.subject,
        "subject_type": next(name for name in selectors.SUBJECT_FIELDS if getattr(thread, f"{name}_id")),
        "page": page,
        "first_post_id": first_id,
        "developers": selectors.developer_ids(thread),
        "reply_form": reply_form or PostForm(initial={"reply_to": _reply_to(request)}),
        "can_reply": permissions.can_reply(user, thread),
        "can_mark_answer": permissions.can_mark_answer(user, thread),
        "can_review": permissions.can_review_pending(user),
        "user_id": user.pk if user.is_authenticated else None,
        "handles": selectors.participant_handles(thread),
        "report_label": get_kind("post").label,
    }


@require_safe
def thread_detail(request, pk):
    thread = selectors.thread_for_view(request.user, pk)
    mark_target_read(user=request.user, target=thread)
    return render(request, "exchange/thread_detail.html", _thread_context(request, thread))


@require_POST
def thread_reply(request, pk):
    thread = selectors.thread_for_view(request.user, pk)
    if not permissions.can_reply(request.user, thread):
        return _deny(request)
    form = PostForm(request.POST)
    status = 400
    if form.is_valid():
        reply_to = None
        if form.cleaned_data["reply_to"]:
            reply_to = (
                selectors.thread_posts(request.user, thread).filter(pk=form.cleaned_data["reply_to"]).first()
            )
            if reply_to is None:
                form.add_error(None, _("The message you replied to is no longer there; your reply is below."))
        if not form.errors:
            try:
                post = services.post_reply(
                    actor=request.user, thread=thread, body=form.cleaned_data["body"], reply_to=reply_to
                )
            except RateLimitExceeded as error:
                _limited(form, error)
                status = error.status_code
            except ValidationError as error:
                add_service_error(form, error)
            else:
                _after_post(request, post, thread)
                return redirect(post.get_absolute_url())
    messages.error(request, _("Your reply was not posted; see the form below."))
    context = _thread_context(request, thread, reply_form=form)
    return render(request, "exchange/thread_detail.html", context, status=status)


@require_POST
def thread_answer(request, pk):
    thread = selectors.thread_for_view(request.user, pk)
    if not permissions.can_mark_answer(request.user, thread):
        return _deny(request)
    form = AnswerForm(request.POST)
    post = None
    if form.is_valid():
        post = selectors.thread_posts(request.user, thread).filter(pk=form.cleaned_data["post"]).first()
    if post is None:
        messages.error(request, _("Choose a reply of this question as its answer."))
        return redirect(thread)
    try:
        services.thread_mark_answer(actor=request.user, thread=thread, post=post)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if thread.answer_id:
            messages.success(request, _("Marked as the answer. It now shows at the top of the question."))
        else:
            messages.success(request, _("The reply is no longer marked as the answer."))
    return redirect(post.get_absolute_url())


@GET_POST
def post_edit(request, pk):
    post = selectors.post_for_view(request.user, pk)
    if not permissions.can_edit_post(request.user, post):
        return _deny(request)
    form = PostEditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.post_edit(actor=request.user, post=post, body=form.cleaned_data["body"])
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your post has been saved."))
                return redirect(post.get_absolute_url())
        _failed(request)
    return _form_page(request, "exchange/post_form.html", form, post=post, thread=post.thread)


@require_safe
def post_history(request, pk):
    post = selectors.post_for_view(request.user, pk)
    if not permissions.can_see_history(request.user, post):
        return _deny(request)
    context = {
        "post": post,
        "thread": post.thread,
        "revisions": list(post.revisions.select_related("editor")),
    }
    return render(request, "exchange/post_history.html", context)


@require_POST
def post_review(request, pk):
    post = selectors.post_for_view(request.user, pk)
    if not permissions.can_review_pending(request.user):
        return _deny(request)
    form = ReviewPostForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or decline."))
        return redirect(post.thread)
    approve = form.cleaned_data["decision"] == "approve"
    thread_gone = not approve and selectors.first_post_id(post.thread) == post.pk
    subject_url = post.thread.subject.get_absolute_url()
    try:
        services.post_review(actor=request.user, post=post, approve=approve)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(post.thread)
    messages.success(request, _("The post is public now.") if approve else _("The post has been declined."))
    return redirect(subject_url if thread_gone else post.thread.get_absolute_url())


# -- instrument requests ---------------------------------------------------------------------


@require_safe
def request_list(request):
    form = RequestFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.request_list(
        request.user,
        status=filters.get("status") or RequestStatus.OPEN,
        phase=filters.get("phase") or "",
        theme=filters.get("theme") or "",
        sort=filters.get("sort") or "demand",
    )
    context = {
        "filter_form": form,
        "page": Paginator(queryset, selectors.REQUESTS_PER_PAGE).get_page(request.GET.get("page")),
        "can_request": permissions.can_request(request.user),
    }
    return render(request, "exchange/request_list.html", context)


@login_required
@GET_POST
def request_create(request):
    if not permissions.can_request(request.user):
        raise PermissionDenied
    initial = {}
    challenge_slug = request.GET.get("challenge", "")
    # Only a well-formed slug reaches the database (a NUL byte would not even be a valid query there).
    if challenge_slug and len(challenge_slug) < 230 and re.fullmatch(r"[-a-zA-Z0-9_]+", challenge_slug):
        initial["challenge"] = selectors.linkable_challenges().filter(slug=challenge_slug).first()
    form = RequestForm(request.POST or None, initial=initial)
    status = None
    if request.method == "POST":
        if form.is_valid():
            try:
                instrument_request = services.request_create(actor=request.user, **form.service_kwargs())
            except RateLimitExceeded as error:
                _limited(form, error)
                status = error.status_code
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("Your request has been published. Others can now say they need it too.")
                )
                return redirect(instrument_request)
        _failed(request)
    return _form_page(request, "exchange/request_form.html", form, status=status)


def _request_context(request, instrument_request, **forms):
    user = request.user
    suggestions = selectors.request_suggestions(instrument_request)
    return {
        "req": instrument_request,
        "suggestions": suggestions,
        "perhaps": selectors.instruments_perhaps_answering(instrument_request, suggestions),
        "has_supported": selectors.has_supported(user, instrument_request),
        "can_support": permissions.can_support(user, instrument_request),
        "can_suggest": permissions.can_suggest(user, instrument_request),
        "can_fulfil": permissions.can_fulfil(user, instrument_request),
        "suggestion_form": forms.get("suggestion_form") or SuggestionForm(),
        "fulfil_form": forms.get("fulfil_form") or FulfilForm(),
    }


@require_safe
def request_detail(request, pk):
    instrument_request = selectors.request_for_view(request.user, pk)
    mark_target_read(user=request.user, target=instrument_request)
    return render(request, "exchange/request_detail.html", _request_context(request, instrument_request))


@require_POST
def request_support(request, pk):
    instrument_request = selectors.request_for_view(request.user, pk)
    if not permissions.can_support(request.user, instrument_request):
        return _deny(request)
    try:
        if request.POST.get("action") == "withdraw":
            services.request_withdraw_support(actor=request.user, request=instrument_request)
            messages.success(request, _("Your 'me too' has been taken back."))
        else:
            services.request_support(actor=request.user, request=instrument_request)
            messages.success(
                request, _("Noted: you are looking for this too. You will hear when it is fulfilled.")
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(instrument_request)
    except PermissionDenied:
        messages.error(
            request, _("You asked for this instrument yourself; your request counts as your 'me too'.")
        )
        return redirect(instrument_request)
    return redirect(instrument_request)


@require_POST
def request_suggest(request, pk):
    instrument_request = selectors.request_for_view(request.user, pk)
    if not permissions.can_suggest(request.user, instrument_request):
        return _deny(request)
    form = SuggestionForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.request_suggest(actor=request.user, request=instrument_request, **form.cleaned_data)
        except RateLimitExceeded as error:
            _limited(form, error)
            status = error.status_code
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you for your suggestion."))
            return redirect(instrument_request.get_absolute_url() + "#suggestions")
    messages.error(request, _("Your suggestion was not saved; see the form below."))
    context = _request_context(request, instrument_request, suggestion_form=form)
    return render(request, "exchange/request_detail.html", context, status=status)


@require_POST
def request_fulfil(request, pk):
    instrument_request = selectors.request_for_view(request.user, pk)
    if not permissions.can_fulfil(request.user, instrument_request):
        return _deny(request)
    form = FulfilForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an instrument from the catalogue, or none."))
        context = _request_context(request, instrument_request, fulfil_form=form)
        return render(request, "exchange/request_detail.html", context, status=400)
    if form.cleaned_data["action"] == "reopen":
        services.request_reopen(actor=request.user, request=instrument_request)
        messages.success(request, _("The request is open again."))
    else:
        services.request_fulfil(
            actor=request.user, request=instrument_request, instrument=form.cleaned_data["instrument"]
        )
        messages.success(request, _("The request is closed. Everyone who needed it too hears about it."))
    return redirect(instrument_request)
