from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from core.choices import ChoiceLabelsMixin
from instruments.models import Instrument


class Route(models.Model):
    """An ordered set of instruments for one purpose, curated by network coordinators."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    purpose = models.TextField(
        _("purpose"),
        max_length=2000,
        help_text=_("What the route helps a community to achieve, and for whom."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, db_index=True, help_text=_("Only published routes are shown to users.")
    )
    curated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="curated_routes",
        verbose_name=_("curated by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["title"]
        indexes = [models.Index(fields=["is_published", "title"], name="route_published_title")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discovery:route_detail", kwargs={"slug": self.slug})


class RouteStep(models.Model):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="steps")
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="route_steps", verbose_name=_("instrument")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    why = models.CharField(
        _("why this step"),
        max_length=500,
        help_text=_("One or two sentences: why this instrument, at this point."),
    )

    class Meta:
        verbose_name = _("route step")
        verbose_name_plural = _("route steps")
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["route", "instrument"], name="route_step_unique")]
        # The instrument page asks "which routes contain me?".
        indexes = [models.Index(fields=["instrument", "route"], name="route_step_instrument")]

    def __str__(self):
        return f"{self.route} · {self.position}. {self.instrument}"


class RouteBookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="route_bookmarks"
    )
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("route bookmark")
        verbose_name_plural = _("route bookmarks")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "route"], name="route_bookmark_unique")]

    def __str__(self):
        return f"{self.user} → {self.route}"


class AssociationKind(models.TextChoices):
    """What a stored association says about its subject. Add a kind here to store a new family of rows."""

    RELATED_INSTRUMENT = "related", _("related instrument")  # instrument -> instrument
    COMPARABLE_COMMUNITY = "comparable", _("comparable community")  # community -> community
    WORKED_FOR_LIKE = "worked_for", _("worked for communities like this one")  # community -> instrument
    # Semantic similarity of texts (embeddings), instrument -> instrument or community -> community;
    # filled by the app that computes the embeddings through services.association_rows_replace.
    MEANING = "meaning", _("similar in meaning")


class Association(ChoiceLabelsMixin, models.Model):
    """One precomputed association: ``subject`` is related to ``target`` with this rank, score and reasons.

    Subject and target are each an instrument or a community (exactly one of the two
    columns set). Rows are computed off the request path (discovery.tasks) over public
    data only, and the selectors filter the targets by the viewer's visibility again
    when reading, so a target that stopped being public since never shows. Rank 0 is
    the header of a computed (subject, kind): no target, it says "computed at", so an
    empty result is stored too and the page never computes it again.

    ``reasons`` is a list of language-neutral dicts (see discovery.associations.Reason:
    ``code`` plus optional ``values`` (vocabulary codes), ``count`` and ``text``),
    translated when shown. ``extra`` holds what one kind needs besides (flags, ids).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=AssociationKind.choices)
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    target_instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    target_community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(_("score"), default=0)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["kind", "rank"]
        constraints = [
            models.CheckConstraint(
                name="association_one_subject",
                condition=(Q(instrument__isnull=False) & Q(community__isnull=True))
                | (Q(instrument__isnull=True) & Q(community__isnull=False)),
            ),
            models.CheckConstraint(
                name="association_target_unless_header",
                condition=Q(rank=0, target_instrument__isnull=True, target_community__isnull=True)
                | (Q(rank__gt=0) & (Q(target_instrument__isnull=True) ^ Q(target_community__isnull=True))),
            ),
            # Also the index of the read: one (subject, kind), in rank order.
            models.UniqueConstraint(
                fields=["instrument", "kind", "rank"],
                condition=Q(instrument__isnull=False),
                name="association_instrument_rank",
            ),
            models.UniqueConstraint(
                fields=["community", "kind", "rank"],
                condition=Q(community__isnull=False),
                name="association_community_rank",
            ),
        ]
        indexes = [
            # "Whose rows point at this?": refreshing the subjects a changed community or instrument affects.
            models.Index(fields=["target_community"], name="association_target_community"),
            models.Index(fields=["target_instrument"], name="association_target_instrument"),
        ]

    def __str__(self):
        return f"{self.kind} {self.instrument_id or self.community_id} #{self.rank}"


class StaleAssociation(models.Model):
    """A subject whose associations must be computed again: written with the change, drained by a task.

    A table rather than task arguments, so a burst of writes becomes one batch, and a
    broker that was down loses nothing (the periodic refresh drains what is left).
    """

    # Plain ids, not foreign keys: a change may mark a subject that the same transaction deletes
    # (a community's instrument uses go with it); the refresh skips ids that no longer exist.
    instrument_pk = models.BigIntegerField(null=True, blank=True)
    community_pk = models.BigIntegerField(null=True, blank=True)
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["instrument_pk"], name="stale_association_instrument"),
            models.UniqueConstraint(fields=["community_pk"], name="stale_association_community"),
        ]

    def __str__(self):
        return (
            f"stale instrument {self.instrument_pk}"
            if self.instrument_pk
            else f"stale community {self.community_pk}"
        )
