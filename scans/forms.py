from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AGREE_LABELS, SCALE_RANGES, Canvas, Item, Scale, Scan, default_min_respondents

# Below three respondents members could work out each other's answers.
MIN_RESPONDENTS_FLOOR = 3


class RoundOpenForm(forms.Form):
    scan = forms.ModelChoiceField(
        label=_("Scan"),
        queryset=Scan.objects.none(),
        to_field_name="slug",
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the scans in the list.")},
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave empty to close the round yourself."),
    )
    min_respondents = forms.IntegerField(
        label=_("Show results from this many answers"),
        min_value=MIN_RESPONDENTS_FLOOR,
        max_value=100,
        help_text=_("Never fewer than three, so nobody can work out what someone else answered."),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=200,
        required=False,
        help_text=_("e.g. 'Start of sprint 2'; shown beside the round."),
    )

    def __init__(self, *args, scans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].queryset = scans
        self.fields["min_respondents"].initial = max(default_min_respondents(), MIN_RESPONDENTS_FLOOR)

    def clean_closes_at(self):
        value = self.cleaned_data.get("closes_at")
        if value is not None and value <= timezone.now():
            raise ValidationError(_("The closing moment must lie in the future."))
        return value


class ScaleField(forms.Field):
    """A radio group over an item's scale; the item itself says what is in range."""

    def __init__(self, *, item: Item, **kwargs):
        self.item = item
        low, high = SCALE_RANGES[item.scale]
        choices = []
        for value in range(low, high + 1):
            if item.scale == Scale.AGREE_5:
                label = f"{value} · {AGREE_LABELS[value]}"
            elif item.scale == Scale.BIPOLAR and value > 0:
                label = f"+{value}"
            else:
                label = str(value)
            choices.append((str(value), label))
        kwargs.setdefault("widget", forms.RadioSelect(choices=choices))
        kwargs.setdefault("error_messages", {"required": _("Give an answer to this statement.")})
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.item.validate_value(value)


class AnswerForm(forms.Form):
    """One field per item of the scan, named ``item_<id>``, prefilled with the member's own answers."""

    def __init__(self, *args, scan, own: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        own = own or {}
        self.item_fields = []
        for dimension in scan.ordered_dimensions:
            for item in dimension.items.all():
                name = f"item_{item.pk}"
                if item.is_scored:
                    field = ScaleField(item=item, label=item.statement)
                else:
                    field = forms.CharField(
                        label=item.statement,
                        required=False,
                        max_length=2000,
                        widget=forms.Textarea(attrs={"rows": 3}),
                    )
                if item.pk in own:
                    field.initial = str(own[item.pk]) if item.is_scored else own[item.pk]
                self.fields[name] = field
                self.item_fields.append((dimension, item, name))

    def grouped(self):
        """[(dimension, [(item, bound field), ...]), ...] for the template."""
        groups = []
        for dimension, item, name in self.item_fields:
            if not groups or groups[-1][0] != dimension:
                groups.append((dimension, []))
            groups[-1][1].append((item, self[name]))
        return groups

    def service_kwargs(self) -> dict:
        values, texts = {}, {}
        for _dimension, item, name in self.item_fields:
            if item.is_scored:
                values[item.pk] = self.cleaned_data[name]
            else:
                texts[item.pk] = self.cleaned_data.get(name, "")
        return {"values": values, "texts": texts}


class CanvasStartForm(forms.Form):
    canvas = forms.ModelChoiceField(
        label=_("Canvas"),
        queryset=Canvas.objects.none(),
        to_field_name="slug",
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the canvases in the list.")},
    )
    title = forms.CharField(
        label=_("Title of this sheet"),
        max_length=200,
        initial=_("The partnership as a whole"),
        help_text=_("Fill in one sheet for the partnership as a whole and, if you like, one per partner."),
    )

    def __init__(self, *args, canvases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canvas"].queryset = canvases


class CanvasEditForm(forms.Form):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    note = forms.CharField(label=_("What did you change? (optional)"), max_length=200, required=False)

    def __init__(self, *args, blocks, texts: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        texts = texts or {}
        self.block_fields = []
        for block in blocks:
            name = f"block_{block.key}"
            self.fields[name] = forms.CharField(
                label=block.title,
                help_text=block.prompt,
                required=False,
                max_length=4000,
                initial=texts.get(block.key, ""),
                widget=forms.Textarea(attrs={"rows": 6}),
            )
            self.block_fields.append((block, name))
        # Keep the base version field first for the template's loop-free rendering.
        self.order_fields(["base_version", *[n for _b, n in self.block_fields], "note"])

    def block_items(self):
        return [(block, self[name]) for block, name in self.block_fields]

    def texts(self) -> dict:
        return {block.key: self.cleaned_data.get(name, "") for block, name in self.block_fields}
