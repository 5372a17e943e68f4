"""Digital scans and canvases: the publication's scoring tools, filled in by a community.

A *scan* is a set of statements (items) grouped in dimensions. A facilitator
opens a *round* of a scan for a community; each member gives one *response*
per round (editable until the round closes), made of one *answer* per item.
Results are only ever aggregates per dimension and item, and only once enough
members answered (``Round.min_respondents``).

A *canvas* is a structured worksheet (blocks of free text) that a community
fills in together; every save is an immutable *version*.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from communities.models import Community
from core.choices import ChoiceLabelsMixin
from instruments.models import Instrument


def default_min_respondents() -> int:
    """How many members must answer before a dimension shows a result (settings override)."""
    return getattr(settings, "SCANS_MIN_RESPONDENTS", 3)


class Scale(models.TextChoices):
    AGREE_5 = "agree_5", _("Agree (1-5)")
    SCORE_10 = "score_10", _("Score (0-10)")
    BIPOLAR = "bipolar", _("Slider between two poles (-5 to +5)")
    OPEN = "open", _("Open question")


# Inclusive value range of each scored scale. The bipolar slider is stored
# symmetrically so that 0 means "in balance" and the sign tells the pole.
SCALE_RANGES: dict[str, tuple[int, int]] = {
    Scale.AGREE_5: (1, 5),
    Scale.SCORE_10: (0, 10),
    Scale.BIPOLAR: (-5, 5),
}
ANSWER_MIN = min(low for low, _high in SCALE_RANGES.values())
ANSWER_MAX = max(high for _low, high in SCALE_RANGES.values())

AGREE_LABELS = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neutral"),
    4: _("Agree"),
    5: _("Strongly agree"),
}


def in_active_language(dutch: str, english: str) -> str:
    """The English text when the active language is English and there is one; the Dutch text otherwise."""
    if english and (get_language() or "").startswith("en"):
        return english
    return dutch


def translated(name: str) -> property:
    """The text ``name`` in the active language: ``<name>_en`` in English when filled in, else ``<name>_nl``.

    Scan and canvas texts are platform texts, not user content, so they are kept
    in both languages next to each other (bilingual fields rather than gettext:
    the texts live in the database, where admins can correct them, and the
    seed writes both languages in place). Templates and charts read ``title``,
    ``statement`` and so on and get the visitor's language without knowing it.
    Assigning the attribute sets the Dutch text, the language written first.
    """

    def read(self):
        return in_active_language(getattr(self, f"{name}_nl"), getattr(self, f"{name}_en"))

    def write(self, value):
        setattr(self, f"{name}_nl", value)

    return property(read, write, doc=f"{name} in the active language")


class Scan(models.Model):
    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scans",
        verbose_name=_("instrument"),
        help_text=_("The catalogue instrument this scan is the digital version of."),
    )
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    intro_nl = models.TextField(_("introduction (Dutch)"), max_length=3000, blank=True)
    intro_en = models.TextField(_("introduction (English)"), max_length=3000, blank=True)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the statements come from.")
    )
    is_active = models.BooleanField(
        _("available"), default=True, help_text=_("Only available scans can be opened for a new round.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("scan")
        verbose_name_plural = _("scans")
        ordering = ["position", "title_nl"]
        indexes = [models.Index(fields=["instrument", "is_active"], name="scan_instrument")]

    title = translated("title")
    intro = translated("intro")

    def __str__(self):
        return self.title


class Dimension(models.Model):
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="dimensions")
    key = models.SlugField(_("key"), max_length=60, help_text=_("Stable identifier within the scan."))
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), max_length=2000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=2000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["scan", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["scan", "key"], name="dimension_key_unique")]

    title = translated("title")
    description = translated("description")

    def __str__(self):
        return self.title


class Item(ChoiceLabelsMixin, models.Model):
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(_("key"), max_length=60, help_text=_("Stable identifier within the dimension."))
    statement_nl = models.TextField(_("statement or question (Dutch)"), max_length=1000)
    statement_en = models.TextField(_("statement or question (English)"), max_length=1000, blank=True)
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices, default=Scale.AGREE_5)
    left_label_nl = models.CharField(
        _("left pole (Dutch)"),
        max_length=120,
        blank=True,
        help_text=_("Only for the slider between two poles."),
    )
    left_label_en = models.CharField(_("left pole (English)"), max_length=120, blank=True)
    right_label_nl = models.CharField(
        _("right pole (Dutch)"),
        max_length=120,
        blank=True,
        help_text=_("Only for the slider between two poles."),
    )
    right_label_en = models.CharField(_("right pole (English)"), max_length=120, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["dimension__position", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "key"], name="item_key_unique"),
            models.CheckConstraint(
                condition=~Q(scale="bipolar") | (~Q(left_label_nl="") & ~Q(right_label_nl="")),
                name="item_bipolar_has_poles",
            ),
        ]

    statement = translated("statement")
    left_label = translated("left_label")
    right_label = translated("right_label")

    def __str__(self):
        return self.statement[:80]

    def clean(self):
        if self.scale == Scale.BIPOLAR and not (self.left_label_nl and self.right_label_nl):
            raise ValidationError(_("A slider between two poles needs a label for each pole."))
        if self.dimension_id and self.is_scored:
            # Averaging a 1-5 agreement with a 0-10 score would be meaningless.
            other = (
                Item.objects.filter(dimension_id=self.dimension_id)
                .exclude(pk=self.pk)
                .exclude(scale__in=[Scale.OPEN, self.scale])
            )
            if other.exists():
                raise ValidationError(
                    {"scale": _("All scored items of one dimension must use the same scale.")}
                )

    @property
    def is_scored(self) -> bool:
        return self.scale != Scale.OPEN

    @property
    def value_range(self) -> tuple[int, int] | None:
        return SCALE_RANGES.get(self.scale)

    def validate_value(self, value) -> int:
        """The value as an int, or a ValidationError that names the allowed range."""
        low, high = SCALE_RANGES[self.scale]
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except (TypeError, ValueError):
                raise ValidationError(
                    _("Choose a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
                ) from None
        if not low <= number <= high:
            raise ValidationError(
                _("%(value)s is outside the scale: choose a number from %(low)s to %(high)s.")
                % {"value": number, "low": low, "high": high}
            )
        return number


class Round(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="scan_rounds")
    scan = models.ForeignKey(Scan, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("scan"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now)
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("Optional: after this moment no answers are accepted."),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    min_respondents = models.PositiveSmallIntegerField(
        _("minimum number of respondents"),
        default=default_min_respondents,
        help_text=_("Results appear only once at least this many members answered."),
    )
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("e.g. 'Start of sprint 2' or 'After the summer'.")
    )

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_respondents__gte=1), name="round_min_respondents_positive"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("opened_at")),
                name="round_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=models.F("opened_at")),
                name="round_closes_after_opened",
            ),
            # One running round per scan per community: answers never split over two.
            models.UniqueConstraint(
                fields=["community", "scan"],
                condition=Q(closed_at__isnull=True),
                name="round_one_open_per_scan",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "scan", "opened_at"], name="round_community_scan"),
            models.Index(fields=["community", "opened_at"], name="round_community_recent"),
        ]

    def __str__(self):
        return f"{self.scan} · {self.community} · {timezone.localtime(self.opened_at):%Y-%m-%d}"

    def clean(self):
        if self.closes_at and self.opened_at and self.closes_at <= self.opened_at:
            raise ValidationError({"closes_at": _("The closing moment must lie after the opening.")})

    @property
    def is_open(self) -> bool:
        if self.closed_at is not None:
            return False
        return self.closes_at is None or self.closes_at > timezone.now()

    @property
    def ended_at(self):
        """When answering stopped: the explicit close, or the deadline that passed."""
        if self.closed_at is not None:
            return self.closed_at
        if self.closes_at is not None and self.closes_at <= timezone.now():
            return self.closes_at
        return None


class Response(models.Model):
    """One member's answers in one round. Never shown to anyone but its author."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scan_responses"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [models.UniqueConstraint(fields=["round", "member"], name="response_one_per_member")]
        indexes = [models.Index(fields=["member", "round"], name="response_member")]

    def __str__(self):
        return f"{self.round} · #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.SmallIntegerField(_("value"), null=True, blank=True)
    text = models.TextField(_("text"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="answer_one_per_item"),
            # A scored answer has a value, an open answer only text; never both, never neither.
            models.CheckConstraint(
                condition=(Q(value__isnull=False) & Q(text="")) | (Q(value__isnull=True) & ~Q(text="")),
                name="answer_value_or_text",
            ),
            # The per-scale range is checked by the service; the database guards the envelope.
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=ANSWER_MIN, value__lte=ANSWER_MAX),
                name="answer_value_in_envelope",
            ),
        ]
        indexes = [models.Index(fields=["item", "response"], name="answer_item")]

    def __str__(self):
        return f"{self.item_id}: {self.value if self.value is not None else self.text[:30]}"


# -- canvases -------------------------------------------------------------------


class PaperSize(models.TextChoices):
    A4 = "A4", "A4"
    A3 = "A3", "A3"


class Canvas(ChoiceLabelsMixin, models.Model):
    """The definition of a worksheet: its blocks, in order."""

    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="canvases",
        verbose_name=_("instrument"),
    )
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    intro_nl = models.TextField(_("introduction (Dutch)"), max_length=3000, blank=True)
    intro_en = models.TextField(_("introduction (English)"), max_length=3000, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    paper_size = models.CharField(
        _("default paper size"), max_length=2, choices=PaperSize.choices, default=PaperSize.A3
    )
    is_active = models.BooleanField(_("available"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("canvas")
        verbose_name_plural = _("canvases")
        ordering = ["position", "title_nl"]
        indexes = [models.Index(fields=["instrument", "is_active"], name="canvas_instrument")]

    title = translated("title")
    intro = translated("intro")

    def __str__(self):
        return self.title


class BlockColour(models.TextChoices):
    NONE = "", _("No colour")
    RED = "red", _("Red")
    YELLOW = "yellow", _("Yellow")
    GREEN = "green", _("Green")
    BLUE = "blue", _("Blue")


class CanvasBlock(ChoiceLabelsMixin, models.Model):
    canvas = models.ForeignKey(Canvas, on_delete=models.CASCADE, related_name="blocks")
    key = models.SlugField(_("key"), max_length=60)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    prompt_nl = models.TextField(_("guiding questions (Dutch)"), max_length=2000, blank=True)
    prompt_en = models.TextField(_("guiding questions (English)"), max_length=2000, blank=True)
    colour = models.CharField(_("colour"), max_length=10, choices=BlockColour.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("canvas block")
        verbose_name_plural = _("canvas blocks")
        ordering = ["canvas", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["canvas", "key"], name="canvas_block_key_unique")]

    title = translated("title")
    prompt = translated("prompt")

    def __str__(self):
        return self.title


class CommunityCanvas(models.Model):
    """One filled-in sheet of a community, e.g. for the partnership as a whole or for one partner."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="canvases")
    canvas = models.ForeignKey(Canvas, on_delete=models.PROTECT, related_name="fillings")
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("e.g. 'The partnership as a whole' or the name of one partner."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("community canvas")
        verbose_name_plural = _("community canvases")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "canvas", "title"], name="community_canvas_unique")
        ]
        indexes = [models.Index(fields=["community", "updated_at"], name="community_canvas_recent")]

    def __str__(self):
        return f"{self.canvas} · {self.title}"


class CanvasVersion(models.Model):
    """An immutable snapshot of all block texts, keyed by block key.

    A snapshot (JSON) rather than rows per block: a version is always read and
    shown as a whole, and old versions stay readable when blocks are renamed.
    """

    community_canvas = models.ForeignKey(CommunityCanvas, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    texts = models.JSONField(_("texts"), default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    note = models.CharField(_("what changed"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("canvas version")
        verbose_name_plural = _("canvas versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["community_canvas", "number"], name="canvas_version_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="canvas_version_positive"),
        ]

    def __str__(self):
        return f"{self.community_canvas} v{self.number}"
