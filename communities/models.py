from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from core.choices import ChoiceLabelsMixin
from core.fields import URLField
from core.models import EmailInvitation
from core.vocabularies import (
    LEVEL_EXPLANATIONS,
    CommunityVariant,
    ExecutionPhase,
    Level,
    Phase,
    Pillar,
    PracticeType,
    Province,
    Theme,
    Weekday,
)
from instruments.models import Instrument, InstrumentStatus


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS_ONLY = "members_only", _("Members only")


class MembershipRole(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    MEMBER = "member", _("Member")


class JoinRequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class StandupStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class TempleBlock(models.TextChoices):
    """The building blocks of the tempelmodel (Mennens et al. 2021), per pillar."""

    GOAL_FOCUS = "goal_focus", _("Focus of the goal")
    INTENDED_TERM = "intended_term", _("Intended term")
    INTENDED_OUTCOMES = "intended_outcomes", _("Intended outcomes")
    SIZE = "size", _("Size")
    COMPOSITION = "composition", _("Composition")
    MUTUAL_RELATIONS = "mutual_relations", _("Mutual relations")
    MEETING_FREQUENCY = "meeting_frequency", _("Meeting frequency")
    MEETING_FORM = "meeting_form", _("Form of meeting")
    WAY_OF_WORKING = "way_of_working", _("Way of working")
    TRUST = "trust", _("Mutual trust")
    ROOM_TO_EXPERIMENT = "room_to_experiment", _("Room to experiment")
    APPRECIATION_OF_LEARNING = "appreciation_of_learning", _("Appreciation of learning")


# The question each block asks a community; the answer is the community's own.
TEMPLE_BLOCK_QUESTIONS = {
    TempleBlock.GOAL_FOCUS: _("Which overarching goal do all partners put before their own interests?"),
    TempleBlock.INTENDED_TERM: _("Over which period do you want to reach it: months, years, longer?"),
    TempleBlock.INTENDED_OUTCOMES: _(
        "What should it yield for individuals, for the organisations and for society?"
    ),
    TempleBlock.SIZE: _("How many people and organisations take part?"),
    TempleBlock.COMPOSITION: _("Which practices, disciplines and levels of experience are at the table?"),
    TempleBlock.MUTUAL_RELATIONS: _("How do the participants relate to one another, and who knows whom?"),
    TempleBlock.MEETING_FREQUENCY: _("How often do you come together?"),
    TempleBlock.MEETING_FORM: _("Where and in which form do you meet: on site, online, rotating?"),
    TempleBlock.WAY_OF_WORKING: _("How do you work together: dialogue, reflection, sprints, experiments?"),
    TempleBlock.TRUST: _("What do you do to build and keep mutual trust?"),
    TempleBlock.ROOM_TO_EXPERIMENT: _("Where is there room to try things out and to fail?"),
    TempleBlock.APPRECIATION_OF_LEARNING: _("How do you value the different ways in which people learn?"),
}


class Organisation(ChoiceLabelsMixin, models.Model):
    """A partner organisation. Public ones are shared between communities; private
    ones belong to the members-only community that added them (see partner_add)."""

    name = models.CharField(_("name"), max_length=200)
    practice_type = models.CharField(_("practice type"), max_length=20, choices=PracticeType.choices)
    website = URLField(_("website"), max_length=500, blank=True)
    is_public = models.BooleanField(
        _("shared"),
        default=True,
        help_text=_("Added by a public community, so other communities may pick it by name."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), condition=models.Q(is_public=True), name="organisation_public_name_unique"
            )
        ]

    def __str__(self):
        return self.name


class Community(ChoiceLabelsMixin, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    challenge = models.TextField(
        _("challenge"), max_length=3000, help_text=_("The shared challenge (opgave) the community works on.")
    )
    shared_learning_goal = models.TextField(
        _("shared learning goal"),
        max_length=3000,
        blank=True,
        help_text=_("What the community as a whole wants to learn."),
    )
    level = models.CharField(_("level"), max_length=10, choices=Level.choices, db_index=True)
    variant = models.CharField(
        _("variant"),
        max_length=40,
        choices=CommunityVariant.choices,
        default=CommunityVariant.LEARNING_COMMUNITY,
    )
    province = models.CharField(_("province"), max_length=20, choices=Province.choices, db_index=True)
    # Nullable: communities that span several municipalities (or predate the field) have none.
    municipality = models.ForeignKey(
        "places.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communities",
        verbose_name=_("municipality"),
    )
    region = models.CharField(
        _("region or place"), max_length=120, blank=True, help_text=_("e.g. Zwolle, Oost-Nederland")
    )
    phase = models.CharField(
        _("current development phase"),
        max_length=10,
        choices=Phase.choices,
        default=Phase.START,
        db_index=True,
    )
    visibility = models.CharField(
        _("visibility"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        db_index=True,
        help_text=_("Members-only communities are invisible to everyone who is not a member."),
    )
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    website = URLField(_("website"), max_length=500, blank=True)
    sectors = TaggableManager(
        _("sectors"),
        blank=True,
        help_text=_("Sectors, comma separated (logistics, installation technology ...)."),
    )
    organisations = models.ManyToManyField(
        Organisation, through="Partnership", related_name="communities", verbose_name=_("partners")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="communities", verbose_name=_("members")
    )
    # Set by moderation (reports, coordinator decisions); hidden communities are
    # left out of communities_visible_to for everyone but coordinators.
    is_hidden = models.BooleanField(_("hidden by moderation"), default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Kept by the database from name, challenge, learning goal and region (migration 0010); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="community_dates_ordered",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def level_explanation(self):
        return LEVEL_EXPLANATIONS.get(self.level, "")

    @property
    def theme_codes(self) -> list[str]:
        order = Theme.values
        return sorted((t.theme for t in self.themes.all()), key=order.index)

    @property
    def theme_labels(self) -> list[str]:
        return [Theme(code).label for code in self.theme_codes]


class CommunityTheme(ChoiceLabelsMixin, models.Model):
    """One theme of one community, as a row so filters work alike on SQLite and PostgreSQL."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)

    class Meta:
        verbose_name = _("community theme")
        verbose_name_plural = _("community themes")
        constraints = [models.UniqueConstraint(fields=["community", "theme"], name="community_theme_unique")]
        indexes = [models.Index(fields=["theme", "community"], name="community_theme_lookup")]

    def __str__(self):
        return self.get_theme_display()


class Partnership(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="partnerships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "organisation"], name="partnership_unique")
        ]

    def __str__(self):
        return f"{self.organisation} · {self.community}"


class Membership(ChoiceLabelsMixin, models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    learning_goal = models.TextField(
        _("individual learning goal"),
        max_length=2000,
        blank=True,
        help_text=_("What you want to learn in this community; linked to the shared goal."),
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["role", "joined_on", "id"]
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="membership_unique")]
        indexes = [models.Index(fields=["user", "community"], name="membership_user")]

    def __str__(self):
        return f"{self.user} · {self.community} ({self.get_role_display()})"

    @property
    def is_facilitator(self) -> bool:
        return self.role == MembershipRole.FACILITATOR


class Invitation(EmailInvitation):
    """A single-use, expiring invitation to join a community."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="invitations")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta(EmailInvitation.Meta):
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["community", "email"], name="invitation_email")]

    def __str__(self):
        return f"{self.email} → {self.community}"


class JoinRequest(ChoiceLabelsMixin, models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    message = models.TextField(_("message"), max_length=1000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=JoinRequestStatus.choices, default=JoinRequestStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(status="pending"),
                name="join_request_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.community} ({self.get_status_display()})"


class BuildingBlock(ChoiceLabelsMixin, models.Model):
    """A tempelmodel building block; seeded by a data migration."""

    code = models.CharField(_("block"), max_length=40, choices=TempleBlock.choices, unique=True)
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("building block")
        verbose_name_plural = _("building blocks")
        ordering = ["position", "id"]

    def __str__(self):
        return str(self.get_code_display())

    @property
    def question(self):
        return TEMPLE_BLOCK_QUESTIONS.get(self.code, "")


class CommunityBuildingBlock(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="building_blocks")
    block = models.ForeignKey(BuildingBlock, on_delete=models.CASCADE, related_name="fillings")
    text = models.TextField(_("how we fill it in"), max_length=2000)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("filled-in building block")
        verbose_name_plural = _("filled-in building blocks")
        constraints = [models.UniqueConstraint(fields=["community", "block"], name="community_block_unique")]

    def __str__(self):
        return f"{self.community} · {self.block}"


class CommunityExecutionPhase(ChoiceLabelsMixin, models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="execution_phases")
    phase = models.CharField(_("phase"), max_length=20, choices=ExecutionPhase.choices)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("execution phase")
        verbose_name_plural = _("execution phases")
        ordering = ["starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["community", "phase"], name="execution_phase_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="execution_phase_dates"
            ),
        ]

    def __str__(self):
        return f"{self.community} · {self.get_phase_display()}"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})


class Sprint(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="sprints")
    number = models.PositiveSmallIntegerField(_("number"))
    goal = models.TextField(_("sprint goal"), max_length=2000)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"))
    review_notes = models.TextField(
        _("review notes"), max_length=5000, blank=True, help_text=_("What the sprint delivered and taught.")
    )

    class Meta:
        verbose_name = _("sprint")
        verbose_name_plural = _("sprints")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="sprint_number_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="sprint_dates_ordered"
            ),
        ]

    def __str__(self):
        return _("Sprint %(number)s") % {"number": self.number}

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The sprint cannot end before it starts.")})

    def contains(self, day) -> bool:
        return self.starts_on <= day <= self.ends_on


class StandupSchedule(ChoiceLabelsMixin, models.Model):
    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="standup_schedule")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    time = models.TimeField(_("time"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = URLField(_("online link"), max_length=500, blank=True)
    # Empty means "the afternoon before" (see settings.REMINDER_AFTERNOON_BEFORE).
    reminder_lead_minutes = models.PositiveIntegerField(
        _("reminder lead time (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(6 * 24 * 60)],
        help_text=_(
            "How long before the stand-up members get their reminder. Leave empty for the afternoon before."
        ),
    )

    class Meta:
        verbose_name = _("stand-up schedule")
        verbose_name_plural = _("stand-up schedules")

    def __str__(self):
        return f"{self.community} · {self.get_weekday_display()} {self.time:%H:%M}"

    def clean(self):
        if not self.place and not self.online_url:
            raise ValidationError(_("Give a place or an online link, so members know where to be."))


class Standup(ChoiceLabelsMixin, models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="standups")
    sprint = models.ForeignKey(
        Sprint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="standups",
        verbose_name=_("sprint"),
    )
    date = models.DateField(_("date"))
    status = models.CharField(
        _("status"), max_length=10, choices=StandupStatus.choices, default=StandupStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    # Publication 3.4c: after the stand-up the facilitator writes a short meeting report (gespreksverslag).
    report = models.TextField(
        _("meeting report"),
        max_length=4000,
        blank=True,
        help_text=_("How is the progress, what was agreed and what does the next work session need?"),
    )

    class Meta:
        verbose_name = _("stand-up")
        verbose_name_plural = _("stand-ups")
        ordering = ["-date"]
        constraints = [models.UniqueConstraint(fields=["community", "date"], name="standup_date_unique")]

    def __str__(self):
        return f"{self.community} · {self.date:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == StandupStatus.OPEN


class StandupAnswer(models.Model):
    """One member's answers to the three core questions of one stand-up."""

    standup = models.ForeignKey(Standup, on_delete=models.CASCADE, related_name="answers")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="standup_answers"
    )
    # Publication 3.4c: everyone brings a photo or an experience of the week and tells it first.
    experience = models.TextField(
        _("Your photo or experience of the week"),
        max_length=2000,
        blank=True,
        help_text=_(
            "What made you proud or surprised you? Describe what your photo shows, or add a link to it."
        ),
    )
    did = models.TextField(_("What did you do since the last stand-up?"), max_length=2000)
    will_do = models.TextField(_("What will you do before the next one?"), max_length=2000)
    blockers = models.TextField(_("Is anything in your way?"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stand-up answer")
        verbose_name_plural = _("stand-up answers")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["standup", "member"], name="standup_answer_unique")]

    def __str__(self):
        return f"{self.standup} · {self.member}"


class ParkedPoint(models.Model):
    """A discussion point parked during a stand-up for the next work session."""

    standup = models.ForeignKey(Standup, on_delete=models.CASCADE, related_name="parked_points")
    text = models.CharField(_("discussion point"), max_length=500)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("parked discussion point")
        verbose_name_plural = _("parked discussion points")
        ordering = ["created_at"]

    def __str__(self):
        return self.text


class CommunityInstrumentUse(ChoiceLabelsMixin, models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="instrument_uses")
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        related_name="community_uses",
        limit_choices_to={"status": InstrumentStatus.PUBLISHED},
        verbose_name=_("instrument"),
    )
    used_on = models.DateField(_("date"), default=timezone.localdate)
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices)
    note = models.TextField(
        _("note"), max_length=2000, blank=True, help_text=_("How it went, in a few lines.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instrument use")
        verbose_name_plural = _("instrument uses")
        ordering = ["-used_on", "-id"]
        indexes = [models.Index(fields=["instrument", "community"], name="instrument_use_lookup")]

    def __str__(self):
        return f"{self.community} · {self.instrument}"

    def clean(self):
        if self.instrument_id and self.instrument.status != InstrumentStatus.PUBLISHED:
            raise ValidationError({"instrument": _("Only published instruments can be recorded.")})


class ExperienceLink(models.Model):
    """An experience with an instrument, linked by its author to a community they are a member of.

    Kept here, not on the experience: communities sits above instruments in the layer contract, so
    instruments holds no reference to a community; communities contributes the form field and the
    label through instruments.experience_contexts (communities/experiences.py).
    """

    experience = models.OneToOneField(
        "instruments.Experience",
        on_delete=models.CASCADE,
        related_name="community_link",
        verbose_name=_("experience"),
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="experience_links", verbose_name=_("community")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("experience in a community")
        verbose_name_plural = _("experiences in communities")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.community} · {self.experience}"
