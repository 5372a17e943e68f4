"""Reads of challenges and development steps, already limited to what the user may see.

Members-only communities never appear by name here unless the user may see
them (``communities_visible_to``); the rest are counted, and a count below
``MIN_COUNT_SHOWN`` is shown as "some" so a single community cannot be singled
out. Development steps are public by construction: only steps of public,
not hidden communities are ever read for a page.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, Max, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.roles import is_coordinator
from communities.models import Community, CommunityInstrumentUse, Visibility
from communities.selectors import communities_visible_to
from instruments.models import Instrument, InstrumentStatus
from instruments.selectors import instruments_visible_to, published_instruments
from valuecreation.selectors import latest_public_stories

from . import meaning
from .models import (
    Challenge,
    ChallengeStatus,
    ChallengeTheme,
    CommunityChallenge,
    DevelopmentStep,
    InstrumentRequest,
    Post,
    RequestStatus,
    RequestSuggestion,
    RequestSupport,
    Thread,
    ThreadKind,
)

# Fewer members-only communities than this are shown as "some", never as a number.
MIN_COUNT_SHOWN = 3
STEPS_ON_CHALLENGE_PAGE = 12
INSTRUMENTS_ON_CHALLENGE_PAGE = 8
# Stored per challenge: enough that instruments hidden since the ranking still leave a full list.
RANKING_KEPT = 3 * INSTRUMENTS_ON_CHALLENGE_PAGE
USES_PER_INSTRUMENT = 3
STORIES_ON_CHALLENGE_PAGE = 6
STEPS_ON_COMMUNITY_PAGE = 5


def challenges_visible_to(user) -> QuerySet[Challenge]:
    """Active and archived challenges; proposals only to their proposer; everything to coordinators."""
    if is_coordinator(user):
        return Challenge.objects.all()
    listed = Q(status__in=[ChallengeStatus.ACTIVE, ChallengeStatus.ARCHIVED])
    if user.is_authenticated:
        listed |= Q(status=ChallengeStatus.PROPOSED, created_by=user)
    return Challenge.objects.filter(listed, is_hidden=False)


def with_latest_activity(challenges: QuerySet[Challenge]) -> QuerySet[Challenge]:
    """``last_activity_at`` on each challenge: the latest activity in its threads that every reader of the
    challenge may see (neither hidden nor waiting), or its last edit when it has none."""
    return challenges.annotate(
        last_activity_at=Coalesce(
            Max("threads__last_activity_at", filter=Q(threads__is_hidden=False, threads__is_pending=False)),
            "updated_at",
        )
    )


def challenge_for_view(user, slug: str) -> Challenge:
    return get_object_or_404(challenges_visible_to(user).prefetch_related("themes", "sectors"), slug=slug)


def _public_links() -> Q:
    """Link rows whose community anyone may see."""
    return Q(
        community_links__community__visibility=Visibility.PUBLIC, community_links__community__is_hidden=False
    )


def challenge_list(
    user, *, theme: str | None = None, status: str = ChallengeStatus.ACTIVE
) -> QuerySet[Challenge]:
    """Challenges of one status for the list page, with the number of public communities on each."""
    queryset = challenges_visible_to(user).filter(status=status)
    if theme:
        queryset = queryset.filter(
            Exists(ChallengeTheme.objects.filter(challenge=OuterRef("pk"), theme=theme))
        )
    return (
        queryset.annotate(
            public_community_count=Count("community_links", filter=_public_links(), distinct=True)
        )
        .prefetch_related("themes")
        .order_by("title")
    )


def pending_proposals() -> QuerySet[Challenge]:
    """Proposals waiting for a coordinator, oldest first."""
    return (
        Challenge.objects.filter(status=ChallengeStatus.PROPOSED, is_hidden=False)
        .select_related("created_by")
        .order_by("created_at", "id")
    )


def own_proposals(user) -> QuerySet[Challenge]:
    if not user.is_authenticated:
        return Challenge.objects.none()
    return Challenge.objects.filter(status=ChallengeStatus.PROPOSED, created_by=user).order_by("-created_at")


def count_label(count: int) -> int | None:
    """The number to show for members-only communities: None means "some" (or nothing when 0)."""
    return count if count >= MIN_COUNT_SHOWN else None


@dataclass
class InstrumentExperience:
    instrument: object
    uses: list = field(default_factory=list)


@dataclass
class ChallengePage:
    communities: list = field(default_factory=list)
    municipality_count: int = 0
    unnamed_count: int = 0
    steps: list = field(default_factory=list)
    instruments: list = field(default_factory=list)
    stories: list = field(default_factory=list)

    @property
    def unnamed_shown(self) -> int | None:
        return count_label(self.unnamed_count)


def challenge_page(user, challenge: Challenge) -> ChallengePage:
    """Everything the challenge page shows, in a fixed number of queries whatever the number of communities.

    Communities the user may see are named (with municipality and phase);
    the others (members-only) only add to ``unnamed_count``. Steps, instrument
    experiences and value stories come from public communities only.
    """
    linked_ids = set(
        CommunityChallenge.objects.filter(challenge=challenge, community__is_hidden=False).values_list(
            "community_id", flat=True
        )
    )
    page = ChallengePage()
    if not linked_ids:
        return page
    named = list(
        communities_visible_to(user).filter(pk__in=linked_ids).select_related("municipality").order_by("name")
    )
    page.communities = named
    page.unnamed_count = len(linked_ids) - len(named)
    page.municipality_count = len({c.municipality_id for c in named if c.municipality_id})
    public_ids = [c.pk for c in named if c.visibility == Visibility.PUBLIC]
    if not public_ids:
        return page
    page.steps = list(
        public_steps()
        .filter(community_id__in=public_ids)
        .select_related("community__municipality", "instrument")[:STEPS_ON_CHALLENGE_PAGE]
    )
    page.instruments = _instrument_experiences(challenge, public_ids)
    page.stories = latest_public_stories(public_ids, STORIES_ON_CHALLENGE_PAGE)
    return page


def _instrument_ranking(uses: QuerySet[CommunityInstrumentUse], limit: int) -> list[list[int]]:
    """[[instrument id, number of communities], ...] of these uses, most communities first."""
    rows = (
        uses.values("instrument_id")
        .annotate(n=Count("community", distinct=True))
        .order_by("-n", "instrument_id")[:limit]
    )
    return [[row["instrument_id"], row["n"]] for row in rows]


def challenge_ranking(challenge_id: int) -> list[list[int]]:
    """What is stored as ``Challenge.ranked_instruments``: the uses of its public communities counted.

    Every used instrument counts, listed or not, so that hiding or unpublishing one needs no new
    ranking: the page leaves it out when it reads. A few more than the page shows are kept for that.
    """
    public = CommunityChallenge.objects.filter(
        challenge_id=challenge_id, community__visibility=Visibility.PUBLIC, community__is_hidden=False
    ).values("community_id")
    return _instrument_ranking(CommunityInstrumentUse.objects.filter(community_id__in=public), RANKING_KEPT)


def _listed(uses: QuerySet[CommunityInstrumentUse]) -> QuerySet[CommunityInstrumentUse]:
    return uses.filter(instrument__status=InstrumentStatus.PUBLISHED, instrument__is_hidden=False)


def _instrument_experiences(challenge: Challenge, community_ids: list[int]) -> list[InstrumentExperience]:
    """Instruments these communities recorded, most used first, each with a few notes on how it went.

    The order comes from the stored ranking; until it is computed after a change (None), from
    counting here, which is what the stored one saves on every request.
    """
    uses_here = _listed(CommunityInstrumentUse.objects.filter(community_id__in=community_ids))
    if challenge.ranked_instruments is None:
        ranked = _instrument_ranking(uses_here, INSTRUMENTS_ON_CHALLENGE_PAGE)
    else:
        ranked = challenge.ranked_instruments
    candidates = [instrument_id for instrument_id, _count in ranked]
    if not candidates:
        return []
    uses = defaultdict(list)
    for use in (
        uses_here.filter(instrument_id__in=candidates)
        .select_related("instrument", "community")
        .order_by("-used_on", "-id")
    ):
        uses[use.instrument_id].append(use)
    result = []
    # A candidate without uses here is hidden, unpublished, or only used by a community that is
    # no longer public: left out, and the next one takes its place.
    for instrument_id in [pk for pk in candidates if uses[pk]][:INSTRUMENTS_ON_CHALLENGE_PAGE]:
        rows = uses[instrument_id]
        with_note = [u for u in rows if u.note.strip()] or rows
        result.append(InstrumentExperience(rows[0].instrument, with_note[:USES_PER_INSTRUMENT]))
    return result


# -- development steps --------------------------------------------------------------------


def public_steps() -> QuerySet[DevelopmentStep]:
    """Steps anyone may read: not hidden, of a public community that is not hidden."""
    return DevelopmentStep.objects.filter(
        is_hidden=False, community__visibility=Visibility.PUBLIC, community__is_hidden=False
    )


def steps_visible_to(user) -> QuerySet[DevelopmentStep]:
    """Public steps; coordinators also see hidden ones (to moderate them)."""
    if is_coordinator(user):
        return DevelopmentStep.objects.all()
    return public_steps()


def step_for_view(user, community: Community, pk: int) -> DevelopmentStep:
    queryset = steps_visible_to(user).filter(community=community).select_related("instrument", "author")
    return get_object_or_404(queryset, pk=pk)


def community_steps(community: Community, limit: int = STEPS_ON_COMMUNITY_PAGE) -> list[DevelopmentStep]:
    """The latest public steps of one community (none when it is members-only)."""
    if community.visibility != Visibility.PUBLIC or community.is_hidden:
        return []
    return list(public_steps().filter(community=community).select_related("instrument")[:limit])


def community_challenges(user, community: Community) -> list[Challenge]:
    """The challenges a community works on that ``user`` may see."""
    return list(
        challenges_visible_to(user)
        .filter(community_links__community=community)
        .exclude(status=ChallengeStatus.PROPOSED)
        .order_by("title")
    )


def linkable_challenges() -> QuerySet[Challenge]:
    """What a facilitator may link a community to: active challenges."""
    return Challenge.objects.filter(status=ChallengeStatus.ACTIVE, is_hidden=False).order_by("title")


def challenge_ids_of(community: Community) -> set[int]:
    return set(
        CommunityChallenge.objects.filter(
            community=community, challenge__is_hidden=False, challenge__status=ChallengeStatus.ACTIVE
        ).values_list("challenge_id", flat=True)
    )


def communities_sharing_a_challenge(community: Community) -> QuerySet[CommunityChallenge]:
    """Links of other communities to the active challenges of ``community`` (for comparable communities)."""
    return CommunityChallenge.objects.filter(
        challenge__in=CommunityChallenge.objects.filter(community=community).values("challenge"),
        challenge__is_hidden=False,
        challenge__status=ChallengeStatus.ACTIVE,
    ).exclude(community=community)


def challenge_titles_by_community(community_ids) -> dict[int, list[str]]:
    """Active challenge titles per community, one query."""
    result = defaultdict(list)
    for community_id, title in (
        CommunityChallenge.objects.filter(
            community_id__in=list(community_ids),
            challenge__is_hidden=False,
            challenge__status=ChallengeStatus.ACTIVE,
        )
        .order_by("challenge__title")
        .values_list("community_id", "challenge__title")
    ):
        result[community_id].append(title)
    return result


# -- discussions ---------------------------------------------------------------------------

THREADS_ON_SUBJECT_PAGE = 8
FAQ_ON_INSTRUMENT_PAGE = 6
POSTS_PER_PAGE = 50
SIMILAR_THREADS = 5
SUBJECT_FIELDS = ("challenge", "instrument", "community")


def _visible_subjects(user) -> Q:
    """Threads whose challenge, instrument or community ``user`` may see.

    EXISTS on the subject's primary key rather than ``IN (subquery)``: under the OR PostgreSQL
    cannot turn ``IN`` into a join and hashes the whole visible catalogue (a sequential scan of the
    instruments and communities) even to show one thread; EXISTS probes the one subject by its key,
    and still hashes where many threads are read (search). Same rows either way.
    """
    challenges = challenges_visible_to(user).exclude(status=ChallengeStatus.PROPOSED)
    return (
        Q(Exists(challenges.filter(pk=OuterRef("challenge_id"))))
        | Q(Exists(instruments_visible_to(user).filter(pk=OuterRef("instrument_id"))))
        | Q(Exists(communities_visible_to(user).filter(pk=OuterRef("community_id"))))
    )


def threads_visible_to(user) -> QuerySet[Thread]:
    """Threads ``user`` may read: about something they may see, not hidden, and not waiting (but their own).

    This is the one visibility rule of threads: pages, search, notifications
    and mentions all go through it.
    """
    if is_coordinator(user):
        return Thread.objects.all()
    queryset = Thread.objects.filter(_visible_subjects(user), is_hidden=False)
    if user.is_authenticated:
        return queryset.filter(Q(is_pending=False) | Q(author=user))
    return queryset.filter(is_pending=False)


def thread_for_view(user, pk: int) -> Thread:
    # The instrument's owners: for the developer badge and for who may mark the answer, one read.
    queryset = (
        threads_visible_to(user)
        .select_related("author", "challenge", "instrument", "community", "answer__author")
        .prefetch_related("instrument__owners")
    )
    thread = get_object_or_404(queryset, pk=pk)
    if thread.answer is not None:
        # The answer links to itself through its thread: this one, not a second read of it.
        thread.answer.thread = thread
    return thread


def posts_visible_to(user, thread: Thread) -> QuerySet[Post]:
    """Posts of a thread the reader may see: hidden ones for coordinators, their own to authors.

    An author keeps seeing their own waiting or hidden post (marked so), as with reviews: hiding
    takes a post away from its readers, not from the person who wrote it.
    """
    queryset = Post.objects.filter(thread=thread)
    if is_coordinator(user):
        return queryset
    if user.is_authenticated:
        return queryset.filter(Q(is_pending=False, is_hidden=False) | Q(author=user))
    return public_posts().filter(thread=thread)


def public_posts() -> QuerySet[Post]:
    """Posts every reader of their thread may see: neither hidden nor waiting (what search may match)."""
    return Post.objects.filter(is_hidden=False, is_pending=False)


def post_for_view(user, pk: int) -> Post:
    """A post the user may see (through its thread's visibility), or 404."""
    post = get_object_or_404(Post.objects.select_related("thread", "author"), pk=pk)
    thread = thread_for_view(user, post.thread_id)
    post = get_object_or_404(posts_visible_to(user, thread).select_related("author"), pk=pk)
    post.thread = thread
    return post


def thread_posts(user, thread: Thread) -> QuerySet[Post]:
    return (
        posts_visible_to(user, thread)
        .select_related("author", "reply_to__author")
        .order_by("created_at", "id")
    )


def developer_ids(thread: Thread) -> set[int]:
    """Owners of the thread's instrument: their posts carry the "developer" badge."""
    if thread.instrument_id is None:
        return set()
    # Uses the owners prefetched by ``thread_for_view``.
    return {owner.pk for owner in thread.instrument.owners.all()}


def page_of_post(user, thread: Thread, post_id: int) -> int:
    """The page number that shows ``post_id`` (for links from notifications), 1 when unknown."""
    post = posts_visible_to(user, thread).filter(pk=post_id).values("created_at", "id").first()
    if post is None:
        return 1
    before = (
        posts_visible_to(user, thread)
        .filter(Q(created_at__lt=post["created_at"]) | Q(created_at=post["created_at"], id__lt=post["id"]))
        .count()
    )
    return before // POSTS_PER_PAGE + 1


def subject_threads(user, *, limit: int | None = THREADS_ON_SUBJECT_PAGE, **subject) -> QuerySet[Thread]:
    """Threads on one challenge, instrument or community (``challenge=...`` etc.), latest activity first."""
    ((field_name, value),) = subject.items()
    if field_name not in SUBJECT_FIELDS:
        raise ValueError(field_name)
    queryset = (
        threads_visible_to(user)
        .filter(**{field_name: value})
        .select_related("author", "answer")
        .order_by("-last_activity_at", "-id")
    )
    return queryset[:limit] if limit else queryset


def _instrument_faq(user, instrument: Instrument) -> QuerySet[Thread]:
    return (
        threads_visible_to(user)
        .filter(
            instrument=instrument,
            kind=ThreadKind.QUESTION,
            answer__isnull=False,
            answer__is_hidden=False,
            answer__is_pending=False,
        )
        .order_by("-last_activity_at", "-id")
    )


def instrument_faq(user, instrument: Instrument, *, limit: int = FAQ_ON_INSTRUMENT_PAGE) -> list[Thread]:
    """Answered questions on an instrument, with their answer, most recently active first."""
    return list(_instrument_faq(user, instrument).select_related("answer__author")[:limit])


def instrument_threads_and_faq(user, instrument: Instrument) -> tuple[list[Thread], list[Thread]]:
    """``subject_threads(user, instrument=...)`` and ``instrument_faq(user, instrument)`` in one query.

    The instrument page shows both; the rows of either list are read together and told apart by
    two flags (a thread can be in both).
    """
    latest = subject_threads(user, instrument=instrument).values("pk")
    faq = _instrument_faq(user, instrument)[:FAQ_ON_INSTRUMENT_PAGE].values("pk")
    rows = list(
        Thread.objects.filter(Q(pk__in=latest) | Q(pk__in=faq))
        .annotate(
            in_latest=ExpressionWrapper(Q(pk__in=latest), output_field=BooleanField()),
            in_faq=ExpressionWrapper(Q(pk__in=faq), output_field=BooleanField()),
        )
        .select_related("author", "answer__author")
        .order_by("-last_activity_at", "-id")
    )
    return [row for row in rows if row.in_latest], [row for row in rows if row.in_faq]


def open_questions_for_owner(user, instrument: Instrument | None = None) -> QuerySet[Thread]:
    """Unanswered questions on ``instrument``, or on every instrument ``user`` owns (for the insights)."""
    if not user.is_authenticated:
        return Thread.objects.none()
    about = {"instrument": instrument} if instrument is not None else {"instrument__owners": user}
    return (
        threads_visible_to(user)
        .filter(
            **about,
            kind=ThreadKind.QUESTION,
            answer__isnull=True,
            is_pending=False,
        )
        .select_related("instrument", "author")
        .order_by("-created_at", "-id")
    )


def _words(text: str) -> list[str]:
    # Words of four letters or more carry the meaning of a title; "hoe", "de", "een" do not.
    words = []
    for word in "".join(c if c.isalnum() else " " for c in (text or "").lower()).split():
        if len(word) >= 4 and word not in words:
            words.append(word)
    return words[:8]


def similar_threads(user, text: str, *, limit: int = SIMILAR_THREADS, **subject) -> list[Thread]:
    """Visible threads whose titles share the most words with ``text``: shown before a new thread is posted.

    Visibility first, then ranking, so a members-only thread is never even
    counted for someone outside its community. Threads on the same subject
    (``challenge=...`` etc.) come first.
    """
    words = _words(text)
    if not words:
        return []
    match = Q()
    for word in words:
        match |= Q(title__icontains=word)
    candidates = list(
        threads_visible_to(user)
        .filter(match)
        .select_related("challenge", "instrument", "community")
        .order_by("-last_activity_at", "-id")[:50]
    )
    ((field_name, value),) = subject.items() if subject else ((None, None),)

    def score(thread):
        title = thread.title.lower()
        same = field_name is not None and getattr(thread, f"{field_name}_id") == getattr(value, "pk", None)
        return (-sum(word in title for word in words), not same)

    candidates.sort(key=score)
    return candidates[:limit]


def threads_alike(
    user, title: str, body: str = "", *, limit: int = SIMILAR_THREADS, **subject
) -> list[Thread]:
    """What a writer is shown before posting: :func:`similar_threads` (shared title words) first,
    then threads alike in meaning (exchange.meaning), up to ``limit`` in all.

    Both are read among threads_visible_to(user) only, and the meaning ids are fetched through it
    once more. Ranking by meaning may call the model for the typed words (cached per text), so
    only the explicit "look for similar threads" and the form's own round-trips call this.
    """
    found = similar_threads(user, title, limit=limit, **subject)
    if len(found) >= limit:
        return found
    text = " ".join(f"{title} {body}".replace("\x00", "").split())
    seen = {thread.pk for thread in found}
    ids = [pk for pk in meaning.similar_thread_ids(user, text, limit=limit) if pk not in seen]
    if not ids:
        return found
    more = threads_visible_to(user).select_related("challenge", "instrument", "community").in_bulk(ids)
    return found + [more[pk] for pk in ids if pk in more][: limit - len(found)]


# -- instrument requests -------------------------------------------------------------------

REQUESTS_PER_PAGE = 20
REQUEST_SORTS = ("demand", "new")


def requests_visible_to(user) -> QuerySet[InstrumentRequest]:
    """Requests are public; hidden ones only for coordinators (and, hidden, no longer for their author)."""
    if is_coordinator(user):
        return InstrumentRequest.objects.all()
    return InstrumentRequest.objects.filter(is_hidden=False)


def request_list(
    user, *, status: str = RequestStatus.OPEN, phase: str = "", theme: str = "", sort: str = "demand"
) -> QuerySet[InstrumentRequest]:
    queryset = requests_visible_to(user).filter(status=status)
    if phase:
        queryset = queryset.filter(phase=phase)
    if theme:
        queryset = queryset.filter(theme=theme)
    order = ["-demand", "-created_at", "-id"] if sort == "demand" else ["-created_at", "-id"]
    return queryset.select_related("author", "challenge", "fulfilled_by").order_by(*order)


def request_for_view(user, pk: int) -> InstrumentRequest:
    queryset = requests_visible_to(user).select_related("author", "challenge", "fulfilled_by")
    return get_object_or_404(queryset, pk=pk)


def request_suggestions(request: InstrumentRequest) -> list[RequestSuggestion]:
    """Suggested instruments that are still listed in the catalogue."""
    return list(
        RequestSuggestion.objects.filter(
            request=request,
            is_hidden=False,
            instrument__status=InstrumentStatus.PUBLISHED,
            instrument__is_hidden=False,
        )
        .select_related("instrument", "author")
        .order_by("created_at", "id")
    )


CATALOGUE_CANDIDATES = 3


def instruments_perhaps_answering(
    request: InstrumentRequest, suggestions: list[RequestSuggestion], *, limit: int = CATALOGUE_CANDIDATES
) -> list[Instrument]:
    """Listed instruments nearest in meaning to an open request, besides those suggested already.

    From the request's stored vector (exchange.meaning; no model call on the page): nothing until
    the worker embedded the request, and nothing once it is closed. Listed instruments only,
    fetched through the catalogue's own selector, in the order of their nearness.
    """
    if not request.is_open:
        return []
    ids = meaning.instrument_ids_for_request(
        request, limit=limit, exclude=[s.instrument_id for s in suggestions]
    )
    if not ids:
        return []
    found = published_instruments().only("pk", "title", "slug", "summary").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def has_supported(user, request: InstrumentRequest) -> bool:
    return bool(user.is_authenticated and RequestSupport.objects.filter(request=request, user=user).exists())


def challenge_requests(user, challenge: Challenge, *, limit: int = 5) -> list[InstrumentRequest]:
    return list(
        requests_visible_to(user)
        .filter(challenge=challenge, status=RequestStatus.OPEN)
        .order_by("-demand", "-created_at", "-id")[:limit]
    )


def suggestable_instruments() -> QuerySet[Instrument]:
    return Instrument.objects.filter(status=InstrumentStatus.PUBLISHED, is_hidden=False).order_by("title")


def pending_posts() -> QuerySet[Post]:
    """Posts of new accounts waiting for a coordinator, oldest first."""
    return (
        Post.objects.filter(is_pending=True, is_hidden=False)
        .select_related("author", "thread")
        .order_by("created_at", "id")
    )


def first_post_id(thread: Thread) -> int | None:
    return (
        Post.objects.filter(thread=thread).order_by("created_at", "id").values_list("pk", flat=True).first()
    )


def participant_handles(thread: Thread, *, limit: int = 12) -> list[str]:
    """How to @mention the people who wrote in this thread (a hint under the reply box)."""
    names = (
        Post.objects.filter(thread=thread, is_hidden=False, is_pending=False, author__is_active=True)
        .exclude(author__name="")
        # Without the posts' default ordering, DISTINCT is over names alone (not name, date and id),
        # so twelve posts of one person give one handle, not twelve copies of it.
        .order_by()
        .values_list("author__name", flat=True)
        .distinct()[:limit]
    )
    return sorted({handle_for_name(name) for name in names} - {""})


def handle_for_name(name: str) -> str:
    """How to mention someone: their name without spaces or apostrophes (``@FienJansen``).

    The same as the database expression in ``services.mentioned_users``.
    """
    return "".join((name or "").replace("'", "").split())
