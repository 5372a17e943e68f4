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
from core.vocabularies import Theme
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


class Challenge(models.Model):
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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["title"]
        constraints = [
            # Two challenges that differ only in capitals would split the communities between them.
            models.UniqueConstraint(Lower("title"), name="challenge_title_unique_ci"),
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


class ChallengeTheme(models.Model):
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


class DevelopmentStep(models.Model):
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
