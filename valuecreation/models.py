"""Value entries: Wenger, Trayner and De Laat's value-creation cycles, logged by members.

The six cycles (expected value added by Dingyloudi and Strijbos 2015) are one
vocabulary, defined here once and reused by forms, filters, charts, the CSV
codebook and the follow-up prompts.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.choices import ChoiceLabelsMixin
from core.fields import URLField

# How long a story chain may get; also bounds the walk that detects loops.
MAX_CHAIN_LENGTH = 30


class Cycle(models.TextChoices):
    EXPECTED = "expected", _("Expected value")
    IMMEDIATE = "immediate", _("Immediate value")
    POTENTIAL = "potential", _("Potential value")
    APPLIED = "applied", _("Applied value")
    REALIZED = "realized", _("Realized value")
    TRANSFORMATIVE = "transformative", _("Transformative value")


CYCLE_ORDER = {code: index for index, code in enumerate(Cycle.values)}

# One line on what each cycle means, and a question that helps to recognise it
# (after the reflection questions for facilitators in publication 3.3e).
CYCLE_EXPLANATIONS = {
    Cycle.EXPECTED: _("What you hoped to get out of the community before or when you joined."),
    Cycle.IMMEDIATE: _(
        "An activity or conversation that was worth it in itself: a tip, an answer, inspiration."
    ),
    Cycle.POTENTIAL: _("Something you gained that you have not used yet but can draw on later."),
    Cycle.APPLIED: _("Something from the community that you actually put to use in your work."),
    Cycle.REALIZED: _("Using it made a noticeable or measurable difference in practice."),
    Cycle.TRANSFORMATIVE: _("It changed how you or others see the work, learning or what counts as success."),
}

CYCLE_QUESTIONS = {
    Cycle.EXPECTED: _("What do you need from this group to move forward in your work?"),
    Cycle.IMMEDIATE: _("What did you get from this meeting or exchange that was useful right away?"),
    Cycle.POTENTIAL: _("What do you now know, have or know someone for that you can use later?"),
    Cycle.APPLIED: _("What did you do differently in your work because of the community?"),
    Cycle.REALIZED: _("What did doing it differently yield, and how can you see or measure that?"),
    Cycle.TRANSFORMATIVE: _(
        "Would you do your work the same way next time, and what has changed in how you see it?"
    ),
}


class Capital(models.TextChoices):
    """The kinds of capital that potential value comes in."""

    HUMAN = "human", _("Human capital")
    SOCIAL = "social", _("Social capital")
    TANGIBLE = "tangible", _("Tangible capital")
    REPUTATIONAL = "reputational", _("Reputational capital")
    LEARNING = "learning", _("Learning capital")


CAPITAL_EXPLANATIONS = {
    Capital.HUMAN: _("New skills, perspectives, confidence, personal or professional growth."),
    Capital.SOCIAL: _("Relationships: you know whom to ask, and for what."),
    Capital.TANGIBLE: _("Products, documents, tools, procedures and access to them."),
    Capital.REPUTATIONAL: _("Standing of the community or profession; recognition of its strategic value."),
    Capital.LEARNING: _("The ability to learn, including seeing other ways than the usual ones."),
}


class ValueLevel(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    ORGANISATION = "organisation", _("Organisation")
    SOCIETY = "society", _("Society")


LEVEL_EXPLANATIONS = {
    ValueLevel.INDIVIDUAL: _("For a participant: their work, skills or career."),
    ValueLevel.ORGANISATION: _("For one or more of the partner organisations."),
    ValueLevel.SOCIETY: _("For the sector, the region or the societal challenge."),
}


class EntryVisibility(models.TextChoices):
    COMMUNITY = "community", _("Community only")
    PUBLIC = "public", _("Public")


class ValueEntry(ChoiceLabelsMixin, models.Model):
    community = models.ForeignKey(
        "communities.Community",
        on_delete=models.CASCADE,
        related_name="value_entries",
        verbose_name=_("community"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="value_entries",
        verbose_name=_("author"),
    )
    cycle = models.CharField(_("value cycle"), max_length=20, choices=Cycle.choices)
    capital = models.CharField(
        _("kind of capital"),
        max_length=20,
        choices=Capital.choices,
        blank=True,
        help_text=_("Only for potential value."),
    )
    level = models.CharField(_("level"), max_length=20, choices=ValueLevel.choices)
    title = models.CharField(_("title"), max_length=160)
    story = models.TextField(_("story"), max_length=4000, help_text=_("What happened, in a few sentences."))
    date = models.DateField(_("date"))
    sprint = models.ForeignKey(
        "communities.Sprint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="value_entries",
        verbose_name=_("sprint"),
    )
    standup = models.ForeignKey(
        "communities.Standup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="value_entries",
        verbose_name=_("stand-up"),
    )
    standup_answer = models.ForeignKey(
        "communities.StandupAnswer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="value_entries",
        verbose_name=_("stand-up answer"),
    )
    instrument = models.ForeignKey(
        "instruments.Instrument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="value_entries",
        verbose_name=_("instrument"),
    )
    instrument_use = models.ForeignKey(
        "communities.CommunityInstrumentUse",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="value_entries",
        verbose_name=_("instrument use"),
    )
    evidence_url = URLField(_("evidence link"), max_length=500, blank=True)
    evidence_note = models.TextField(
        _("evidence note"),
        max_length=2000,
        blank=True,
        help_text=_("Where the evidence is, or what it shows (a figure, a document, a quote)."),
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=EntryVisibility.choices,
        default=EntryVisibility.COMMUNITY,
        help_text=_("Public entries appear on the public profile; only possible in a public community."),
    )
    follows = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
        verbose_name=_("grew out of"),
        help_text=_("The earlier entry this one grew out of."),
    )
    # The first entry of the story this entry belongs to (null for a first entry),
    # kept by the services so a whole story is one query.
    story_root = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="story_entries"
    )
    is_hidden = models.BooleanField(_("hidden"), default=False, db_index=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("value entry")
        verbose_name_plural = _("value entries")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["community", "cycle"], name="value_community_cycle"),
            models.Index(fields=["community", "level"], name="value_community_level"),
            models.Index(fields=["community", "date"], name="value_community_date"),
            models.Index(fields=["author", "date"], name="value_author_date"),
            models.Index(fields=["sprint", "date"], name="value_sprint_date"),
            models.Index(fields=["cycle", "date"], name="value_cycle_date"),
            # The latest public stories of a set of communities (a challenge page): read newest first
            # until enough match, instead of gathering every entry of the communities to sort them.
            models.Index(
                fields=["-date", "-id"],
                name="value_public_recent",
                condition=models.Q(visibility="public", is_hidden=False),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("valuecreation:entry_detail", kwargs={"slug": self.community.slug, "pk": self.pk})

    @property
    def cycle_explanation(self):
        return CYCLE_EXPLANATIONS.get(self.cycle, "")

    @property
    def is_public(self) -> bool:
        return self.visibility == EntryVisibility.PUBLIC

    def clean(self):
        errors = {}
        if self.capital and self.cycle != Cycle.POTENTIAL:
            errors["capital"] = _(
                "A kind of capital belongs to potential value only; leave it empty for this cycle."
            )
        community = self.community if self.community_id else None
        if community is not None:
            if self.visibility == EntryVisibility.PUBLIC and not community.is_public:
                errors["visibility"] = _("This community is members only, so its entries cannot be public.")
            for field, label in (
                ("sprint", _("sprint")),
                ("standup", _("stand-up")),
                ("instrument_use", _("instrument use")),
                ("follows", _("earlier entry")),
            ):
                linked = getattr(self, field) if getattr(self, f"{field}_id") else None
                if linked is not None and linked.community_id != community.pk:
                    errors[field] = _("This %(thing)s belongs to another community.") % {"thing": label}
            if self.standup_answer_id and self.standup_answer.standup.community_id != community.pk:
                errors["standup_answer"] = _("This stand-up answer belongs to another community.")
        if (
            self.standup_answer_id
            and self.standup_id
            and "standup_answer" not in errors
            and self.standup_answer.standup_id != self.standup_id
        ):
            errors["standup_answer"] = _("This answer was given in another stand-up.")
        if (
            self.instrument_use_id
            and self.instrument_id
            and "instrument_use" not in errors
            and self.instrument_use.instrument_id != self.instrument_id
        ):
            errors["instrument"] = _("The instrument does not match the recorded instrument use.")
        if self.follows_id and "follows" not in errors:
            error = self._chain_error()
            if error:
                errors["follows"] = error
        if errors:
            raise ValidationError(errors)

    def _chain_error(self):
        """Walk up from ``follows``: reaching this entry again would make the story go round in circles."""
        if self.pk and self.follows_id == self.pk:
            return _("An entry cannot grow out of itself.")
        current, steps = self.follows, 1
        seen = set()
        while current is not None:
            if (self.pk and current.pk == self.pk) or current.pk in seen:
                return _(
                    "This link would make the story go round in circles: the chosen entry already "
                    "grew out of this one."
                )
            seen.add(current.pk)
            steps += 1
            if steps > MAX_CHAIN_LENGTH:
                return _("A story can have at most %(max)d entries.") % {"max": MAX_CHAIN_LENGTH}
            current = current.follows if current.follows_id else None
        return None
