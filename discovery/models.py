from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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
