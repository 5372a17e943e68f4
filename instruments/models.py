from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from core.choices import ChoiceLabelsMixin
from core.fields import URLField
from core.models import EmailInvitation
from core.vocabularies import (
    Audience,
    InstrumentFormat,
    Language,
    Level,
    Phase,
    Pillar,
    Theme,
)


class InstrumentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    ARCHIVED = "archived", _("Archived")


class Facet(models.TextChoices):
    """The multi-valued classifications of an instrument, each backed by a vocabulary."""

    PHASE = "phase", _("Phase")
    PILLAR = "pillar", _("Pillar")
    LEVEL = "level", _("Level")
    AUDIENCE = "audience", _("Audience")
    THEME = "theme", _("Theme")


FACET_VOCABULARIES = {
    Facet.PHASE: Phase,
    Facet.PILLAR: Pillar,
    Facet.LEVEL: Level,
    Facet.AUDIENCE: Audience,
    Facet.THEME: Theme,
}


class Instrument(ChoiceLabelsMixin, models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.CharField(_("summary"), max_length=300)
    # Longer text would not be rendered as Markdown (core.markdown.MAX_MARKDOWN_LENGTH).
    description = models.TextField(
        _("description"),
        max_length=10_000,
        blank=True,
        help_text=_("Markdown: **bold**, *italic*, lists and links."),
    )
    # Rendered and sanitised by the service that saves the description.
    description_html = models.TextField(editable=False, blank=True)
    goal = models.TextField(_("goal"), max_length=2000, help_text=_("What the instrument helps to achieve."))
    format = models.CharField(_("format"), max_length=20, choices=InstrumentFormat.choices, db_index=True)
    url = URLField(_("link"), max_length=500, blank=True)
    origin_organisation = models.CharField(_("organisation of origin"), max_length=200, blank=True)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.DUTCH)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    effort = models.CharField(_("effort"), max_length=100, blank=True, help_text=_("e.g. two hours"))
    group_size = models.CharField(_("group size"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InstrumentStatus.choices,
        default=InstrumentStatus.DRAFT,
        db_index=True,
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="owned_instruments",
        blank=True,
        verbose_name=_("owners"),
    )
    tags = TaggableManager(_("tags"), blank=True, help_text=_("Sectors and keywords, comma separated."))
    # Denormalised, kept right by instruments.services (see review_save, experience_create).
    rating_count = models.PositiveIntegerField(default=0, editable=False)
    rating_sum = models.PositiveIntegerField(default=0, editable=False)
    rating_avg = models.FloatField(null=True, blank=True, editable=False)
    experience_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When it (last) entered the moderation queue: the queue shows the oldest first.
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    # The reason given with the latest coordinator decision, shown to the owners.
    moderation_reason = models.TextField(
        _("reason from the network coordinator"), max_length=2000, blank=True
    )
    # Hidden by moderation (reports): out of the catalogue; owners still see it with a notice.
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)
    # Kept by the database from title, summary, goal and description (migration 0007); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["title"]
        permissions = [("moderate_instrument", _("Can moderate instruments"))]
        indexes = [
            models.Index(fields=["status", "title"], name="instr_status_title"),
            models.Index(fields=["status", "-published_at"], name="instr_status_published"),
            models.Index(fields=["status", "-rating_avg"], name="instr_status_rating"),
            models.Index(fields=["status", "-experience_count"], name="instr_status_exp"),
            models.Index(fields=["status", "format"], name="instr_status_format"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("instruments:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == InstrumentStatus.PUBLISHED

    @property
    def is_listed(self) -> bool:
        """Published and not hidden by moderation: what everyone may see."""
        return self.is_published and not self.is_hidden

    def facet_values(self, facet: str) -> list[str]:
        """Codes of one facet; uses prefetched classifications when present."""
        return sorted(
            (c.value for c in self.classifications.all() if c.facet == facet),
            key=lambda code: (
                FACET_VOCABULARIES[Facet(facet)].values.index(code)
                if code in FACET_VOCABULARIES[Facet(facet)].values
                else 99
            ),
        )

    def facet_labels(self, facet: str) -> list[str]:
        vocabulary = FACET_VOCABULARIES[Facet(facet)]
        return [vocabulary(code).label for code in self.facet_values(facet) if code in vocabulary.values]

    @property
    def phase_labels(self):
        return self.facet_labels(Facet.PHASE)

    @property
    def pillar_labels(self):
        return self.facet_labels(Facet.PILLAR)

    @property
    def level_labels(self):
        return self.facet_labels(Facet.LEVEL)

    @property
    def audience_labels(self):
        return self.facet_labels(Facet.AUDIENCE)

    @property
    def theme_labels(self):
        return self.facet_labels(Facet.THEME)


class InstrumentLink(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(_("label"), max_length=120)
    url = URLField(_("address"), max_length=500)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["position", "id"]

    def __str__(self):
        return self.label


class Classification(ChoiceLabelsMixin, models.Model):
    """One value of one facet for one instrument ("facets as data").

    Kept as rows rather than array columns so that filtering and facet counts
    work the same on SQLite and PostgreSQL and every filter has an index.
    """

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="classifications")
    facet = models.CharField(max_length=20, choices=Facet.choices)
    value = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        constraints = [
            models.UniqueConstraint(fields=["instrument", "facet", "value"], name="classification_unique")
        ]
        indexes = [models.Index(fields=["facet", "value", "instrument"], name="classification_lookup")]

    def __str__(self):
        return f"{self.facet}={self.value}"


class Review(ChoiceLabelsMixin, models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    text = models.TextField(_("review"), max_length=5000, blank=True)
    context_level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    context_phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, blank=True)
    context_theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    # Hidden by moderation: left out of lists and of the rating figures.
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "author"], name="review_one_per_user"),
            models.CheckConstraint(
                condition=models.Q(rating__gte=1) & models.Q(rating__lte=5), name="review_rating_1_5"
            ),
        ]
        indexes = [
            models.Index(fields=["instrument", "-updated_at"], name="review_instr_recent"),
            # The owners' digest and the rate limit look up reviews by creation time.
            models.Index(fields=["created_at"], name="review_created"),
            models.Index(fields=["author", "created_at"], name="review_author_created"),
        ]

    def __str__(self):
        return f"{self.instrument} · {self.rating}"


class Experience(ChoiceLabelsMixin, models.Model):
    """How using an instrument went, in a context: the lesson matters more than the product."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="experiences")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experiences")
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices, blank=True)
    sector = models.CharField(
        _("sector"), max_length=100, blank=True, help_text=_("e.g. logistics, installation technology")
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, blank=True)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, blank=True)
    what_worked = models.TextField(_("what worked"), max_length=5000)
    what_did_not_work = models.TextField(_("what did not work"), max_length=5000, blank=True)
    tips = models.TextField(_("tips"), max_length=5000, blank=True)
    would_use_again = models.BooleanField(_("would use again"), default=True)
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept by the database from sector, what worked, tips and what did not (migration 0007); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("experience")
        verbose_name_plural = _("experiences")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["instrument", "-created_at"], name="experience_instr_recent"),
            models.Index(fields=["theme"], name="experience_theme"),
            models.Index(fields=["created_at"], name="experience_created"),
            models.Index(fields=["author", "created_at"], name="experience_author_created"),
        ]

    def __str__(self):
        return f"{self.instrument} · {self.author}"


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "instrument"], name="bookmark_unique")]

    def __str__(self):
        return f"{self.user} → {self.instrument}"


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Created")
    EDITED = "edited", _("Edited")
    REVISION_APPLIED = "revision_applied", _("Proposed change approved")
    REVERTED = "reverted", _("Reverted")
    STATUS = "status", _("Status changed")


class InstrumentChange(ChoiceLabelsMixin, models.Model):
    """One entry of an instrument's edit history: who changed which fields, from what to what.

    ``changes`` maps a field name (or ``facet:<name>``, ``tags``, ``status``) to
    ``{"before": ..., "after": ...}`` with JSON-friendly values, so any entry can
    be shown and reverted without knowing the model as it was then.
    """

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=ChangeAction.choices)
    changes = models.JSONField(_("changes"), default=dict)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("instrument change")
        verbose_name_plural = _("instrument changes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["instrument", "-created_at"], name="instr_change_recent"),
            models.Index(fields=["actor", "action", "created_at"], name="instr_change_actor"),
        ]

    def __str__(self):
        return f"{self.instrument} · {self.get_action_display()}"


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Replaced")


class InstrumentRevision(ChoiceLabelsMixin, models.Model):
    """Changes to a published instrument that wait for a coordinator.

    Owners may change a published instrument's text directly, but its title,
    link and classification decide where it shows up in the catalogue, so those
    changes are parked here while the published version stays visible.
    ``data`` holds only the proposed reviewed fields (same keys as InstrumentChange).
    """

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="revisions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    data = models.JSONField(_("proposed changes"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=RevisionStatus.choices, default=RevisionStatus.PENDING
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument"],
                condition=models.Q(status="pending"),
                name="revision_one_pending_per_instrument",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="revision_queue")]

    def __str__(self):
        return f"{self.instrument} · {self.get_status_display()}"


class InstrumentViewDay(models.Model):
    """Page views of an instrument, one row per day (a counter, not a row per view)."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="view_days")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("page views per day")
        verbose_name_plural = _("page views per day")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["instrument", "day"], name="view_day_unique")]

    def __str__(self):
        return f"{self.instrument} · {self.day}: {self.views}"


class OwnerInvitation(EmailInvitation):
    """An invitation to become co-owner of an instrument."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="owner_invitations")

    class Meta(EmailInvitation.Meta):
        verbose_name = _("co-owner invitation")
        verbose_name_plural = _("co-owner invitations")
        indexes = [models.Index(fields=["instrument", "email"], name="owner_invitation_email")]

    def __str__(self):
        return f"{self.email} → {self.instrument}"
