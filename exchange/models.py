"""Challenges (opgaven) that communities work on, and the development steps they share.

The publication (3.6) asks for a platform where communities working on the same
task learn from each other's lessons. A challenge groups communities across
municipalities; a development step is a public logbook entry of one public
community. Nothing of a members-only community is published through this app:
links of members-only communities are only ever counted, and steps can only be
written for public communities (``services.step_publish``).
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from communities.models import Community
from core.choices import ChoiceLabelsMixin
from core.vocabularies import Phase, Theme
from instruments.models import Instrument, InstrumentStatus

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 10000
STEP_TEXT_MAX_LENGTH = 5000


class ChallengeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class StepKind(models.TextChoices):
    MILESTONE = "milestone", _("Milestone")
    SPRINT_REVIEW = "sprint_review", _("Sprint review")
    LESSON = "lesson", _("Lesson learned")


class Challenge(ChoiceLabelsMixin, models.Model):
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_("What the task is and why it matters; Markdown allowed."),
    )
    # Rendered and sanitised by the services on every save, so pages never run Markdown.
    description_html = models.TextField(editable=False, blank=True)
    sectors = TaggableManager(
        _("sectors"),
        blank=True,
        help_text=_("Sectors, comma separated (housing, installation technology ...)."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ChallengeStatus.choices,
        default=ChallengeStatus.PROPOSED,
        db_index=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_challenges",
        verbose_name=_("proposed by"),
    )
    communities = models.ManyToManyField(
        Community, through="CommunityChallenge", related_name="challenges", verbose_name=_("communities")
    )
    # Set by moderation; a hidden challenge is gone for everyone but coordinators.
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)
    # The instruments its public communities used, most communities first: [[instrument id, count], ...],
    # computed off the request path (exchange.tasks) because counting over all linked communities'
    # uses was the page's dearest query. None: not computed since the last change (the page counts
    # itself). Hidden and unpublished instruments are kept here and left out when the page reads it.
    ranked_instruments = models.JSONField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["title"]
        constraints = [
            # Two challenges that differ only in capitals would split the communities between them.
            # Proposals are left out: only their proposer sees one, so refusing a second proposal of
            # the same title would tell someone else it exists; approving checks the title again.
            models.UniqueConstraint(
                Lower("title"),
                name="challenge_title_unique_ci",
                condition=~models.Q(status="proposed"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchange:challenge_detail", kwargs={"slug": self.slug})

    @property
    def is_active(self) -> bool:
        return self.status == ChallengeStatus.ACTIVE

    @property
    def theme_codes(self) -> list[str]:
        order = Theme.values
        return sorted((t.theme for t in self.themes.all()), key=order.index)

    @property
    def theme_labels(self) -> list[str]:
        return [Theme(code).label for code in self.theme_codes]


class ChallengeTheme(ChoiceLabelsMixin, models.Model):
    """One theme of one challenge, as a row (like ``CommunityTheme``) so filters work on SQLite too."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)

    class Meta:
        verbose_name = _("challenge theme")
        verbose_name_plural = _("challenge themes")
        constraints = [models.UniqueConstraint(fields=["challenge", "theme"], name="challenge_theme_unique")]

    def __str__(self):
        return self.get_theme_display()


class CommunityChallenge(models.Model):
    """A community works on a challenge; chosen by the community's facilitators."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="challenge_links")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="community_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("community challenge")
        verbose_name_plural = _("community challenges")
        constraints = [
            models.UniqueConstraint(fields=["community", "challenge"], name="community_challenge_unique")
        ]
        indexes = [models.Index(fields=["challenge", "community"], name="challenge_community_lookup")]

    def __str__(self):
        return f"{self.community} · {self.challenge}"


class DevelopmentStep(ChoiceLabelsMixin, models.Model):
    """One entry of a public community's logbook: a milestone, a sprint review summary or a lesson."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="development_steps")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="development_steps",
        verbose_name=_("author"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StepKind.choices, default=StepKind.MILESTONE)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    what_we_did = models.TextField(_("what we did"), max_length=STEP_TEXT_MAX_LENGTH)
    what_we_learned = models.TextField(_("what we learned"), max_length=STEP_TEXT_MAX_LENGTH, blank=True)
    # Rendered and sanitised by the services on every save.
    what_we_did_html = models.TextField(editable=False, blank=True)
    what_we_learned_html = models.TextField(editable=False, blank=True)
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="development_steps",
        limit_choices_to={"status": InstrumentStatus.PUBLISHED},
        verbose_name=_("instrument that helped"),
    )
    published_at = models.DateTimeField(_("published at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)

    class Meta:
        verbose_name = _("development step")
        verbose_name_plural = _("development steps")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["community", "-published_at"], name="step_community_recent")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchange:step_detail", kwargs={"slug": self.community.slug, "pk": self.pk})


# -- discussions ----------------------------------------------------------------------------

POST_MAX_LENGTH = 10000  # core.markdown.MAX_MARKDOWN_LENGTH: longer text is not rendered


class ThreadKind(models.TextChoices):
    DISCUSSION = "discussion", _("Discussion")
    QUESTION = "question", _("Question")


class Thread(ChoiceLabelsMixin, models.Model):
    """A conversation about exactly one challenge, instrument or community.

    Who may read it follows what it is about (``selectors.threads_visible_to``):
    a thread of a members-only community is as closed as the community. The
    opening text is the first ``Post``, so editing, quoting and moderation work
    the same for every message.
    """

    kind = models.CharField(
        _("kind"), max_length=20, choices=ThreadKind.choices, default=ThreadKind.DISCUSSION
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, null=True, blank=True, related_name="threads"
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, null=True, blank=True, related_name="threads"
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="threads"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("started by"),
    )
    # The reply the asker (or a coordinator) marked as the answer; question threads only.
    answer = models.ForeignKey(
        "Post", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("answer")
    )
    # Kept by the services, so lists need no COUNT or MAX per thread.
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    # The first posts of a new account wait for a coordinator (settings.EXCHANGE_HOLD_FIRST_POSTS).
    is_pending = models.BooleanField(_("waits for a coordinator"), default=False, db_index=True)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_activity_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="thread_has_one_subject",
                condition=(
                    models.Q(challenge__isnull=False, instrument__isnull=True, community__isnull=True)
                    | models.Q(challenge__isnull=True, instrument__isnull=False, community__isnull=True)
                    | models.Q(challenge__isnull=True, instrument__isnull=True, community__isnull=False)
                ),
            )
        ]
        indexes = [
            models.Index(fields=["challenge", "-last_activity_at"], name="thread_challenge_recent"),
            models.Index(fields=["instrument", "-last_activity_at"], name="thread_instrument_recent"),
            models.Index(fields=["community", "-last_activity_at"], name="thread_community_recent"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchange:thread_detail", kwargs={"pk": self.pk})

    @property
    def subject(self):
        return self.challenge or self.instrument or self.community

    @property
    def is_question(self) -> bool:
        return self.kind == ThreadKind.QUESTION


class Post(models.Model):
    """One message in a thread; the first one opens it."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="exchange_posts",
        verbose_name=_("author"),
    )
    body = models.TextField(_("text"), max_length=POST_MAX_LENGTH)
    # Rendered and sanitised by the services on every save.
    body_html = models.TextField(editable=False, blank=True)
    # The post this one replies to (shown as a quote above it).
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reply to")
    )
    created_at = models.DateTimeField(_("posted at"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    is_pending = models.BooleanField(_("waits for a coordinator"), default=False, db_index=True)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["thread", "created_at", "id"], name="post_thread_order")]

    def __str__(self):
        return f"{self.thread} · {self.pk}"

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}?post={self.pk}#post-{self.pk}"


class PostRevision(models.Model):
    """The text a post had before an edit; the page says "edited" and coordinators can read the history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField(_("text"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    replaced_at = models.DateTimeField(_("replaced at"), default=timezone.now)

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"{self.post_id} @ {self.replaced_at:%Y-%m-%d %H:%M}"


# -- instrument requests (vraagarticulatie) ---------------------------------------------------


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    FULFILLED = "fulfilled", _("Fulfilled")


class InstrumentRequest(ChoiceLabelsMixin, models.Model):
    """ "We are looking for an instrument for ...": demand that instrument developers can answer."""

    title = models.CharField(_("what are you looking for?"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(
        _("description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=_(
            "The situation, what you tried and what the instrument should help with; Markdown allowed."
        ),
    )
    description_html = models.TextField(editable=False, blank=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    challenge = models.ForeignKey(
        Challenge,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instrument_requests",
        limit_choices_to={"status": ChallengeStatus.ACTIVE},
        verbose_name=_("challenge"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="instrument_requests",
        verbose_name=_("asked by"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN, db_index=True
    )
    fulfilled_by = models.ForeignKey(
        Instrument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fulfilled_requests",
        verbose_name=_("fulfilled by"),
    )
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    # "Me too"s, the requester included; kept by the services so the list sorts by demand with an index.
    demand = models.PositiveIntegerField(_("demand"), default=1, editable=False)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instrument request")
        verbose_name_plural = _("instrument requests")
        ordering = ["-demand", "-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-demand", "-created_at"], name="request_by_demand")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("exchange:request_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN


class RequestSupport(models.Model):
    """One person's "me too" on a request."""

    request = models.ForeignKey(InstrumentRequest, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("me too")
        verbose_name_plural = _("me toos")
        constraints = [models.UniqueConstraint(fields=["request", "user"], name="request_support_once")]

    def __str__(self):
        return f"{self.request_id} · {self.user_id}"


class RequestSuggestion(models.Model):
    """An existing catalogue instrument someone suggests for a request."""

    request = models.ForeignKey(InstrumentRequest, on_delete=models.CASCADE, related_name="suggestions")
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        related_name="request_suggestions",
        limit_choices_to={"status": InstrumentStatus.PUBLISHED},
        verbose_name=_("instrument"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("why it fits"), max_length=500, blank=True)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instrument suggestion")
        verbose_name_plural = _("instrument suggestions")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "instrument"], name="request_suggestion_once")
        ]

    def __str__(self):
        return f"{self.request} → {self.instrument}"
