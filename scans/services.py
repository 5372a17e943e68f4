"""Every write of scans and canvases. Callers may rely on the checks documented per function."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .models import (
    Answer,
    Canvas,
    CanvasVersion,
    CommunityCanvas,
    Item,
    Response,
    Round,
    Scan,
)

MAX_OPEN_ANSWER = 2000
MAX_BLOCK_TEXT = 4000


@transaction.atomic
def round_open(
    *, actor, community, scan: Scan, closes_at=None, min_respondents: int | None = None, note: str = ""
) -> Round:
    """Open a round of ``scan`` for ``community``.

    Only a facilitator of the community may. At most one round per scan runs at
    a time: a running round whose deadline has passed is closed first, a
    running round without passed deadline is a ValidationError.
    """
    if not permissions.can_manage_rounds(actor, community):
        raise PermissionDenied
    if not scan.is_active:
        raise ValidationError({"scan": _("This scan is no longer available for new rounds.")})
    now = timezone.now()
    running = (
        Round.objects.select_for_update()
        .filter(community=community, scan=scan, closed_at__isnull=True)
        .first()
    )
    if running is not None:
        if running.closes_at is not None and running.closes_at <= now:
            running.closed_at = running.closes_at
            running.save(update_fields=["closed_at"])
        else:
            raise ValidationError(
                {"scan": _("A round of this scan is still open. Close it before you open a new one.")}
            )
    if closes_at is not None and closes_at <= now:
        raise ValidationError({"closes_at": _("The closing moment must lie in the future.")})
    round_ = Round(
        community=community,
        scan=scan,
        opened_by=actor,
        opened_at=now,
        closes_at=closes_at,
        note=note.strip(),
    )
    if min_respondents is not None:
        round_.min_respondents = min_respondents
    round_.full_clean()
    round_.save()
    from .notifications import notify_round_opened

    notify_round_opened(round_)
    return round_


@transaction.atomic
def round_close(*, actor, round: Round) -> Round:
    """Close a running round; only a facilitator of its community may."""
    if not permissions.can_manage_rounds(actor, round.community):
        raise PermissionDenied
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    if round_.closed_at is not None:
        raise ValidationError(_("This round was already closed."))
    round_.closed_at = max(timezone.now(), round_.opened_at)
    round_.closed_by = actor
    round_.save(update_fields=["closed_at", "closed_by"])
    round.closed_at, round.closed_by = round_.closed_at, actor
    return round_


def _field(item: Item) -> str:
    return f"item_{item.pk}"


@transaction.atomic
def response_save(*, actor, round: Round, values: dict, texts: dict | None = None) -> tuple[Response, bool]:
    """Store ``actor``'s answers to ``round``; a second call replaces the first.

    ``values`` maps item id to a number, ``texts`` item id to an open answer.
    Only members of the community may answer, only while the round is open.
    Every scored item needs a value inside its scale; errors are raised as one
    ValidationError keyed ``item_<id>`` so a form can show each beside its item.
    Returns the response and whether it was new.
    """
    community = round.community
    if not permissions.can_answer(actor, community):
        raise PermissionDenied
    # Lock the round so a concurrent close cannot slip between check and write.
    locked = Round.objects.select_for_update().get(pk=round.pk)
    if not locked.is_open:
        raise ValidationError(_("This round is closed; answers can no longer be added or changed."))
    texts = texts or {}
    items = list(Item.objects.filter(dimension__scan_id=round.scan_id))
    errors, answers = {}, []
    for item in items:
        if item.is_scored:
            raw = values.get(item.pk)
            if raw is None or raw == "":
                errors[_field(item)] = [_("Give an answer to this statement.")]
                continue
            try:
                answers.append(Answer(item=item, value=item.validate_value(raw)))
            except ValidationError as error:
                errors[_field(item)] = error.messages
        else:
            text = (texts.get(item.pk) or "").strip()
            if len(text) > MAX_OPEN_ANSWER:
                errors[_field(item)] = [_("Keep it under %(max)s characters.") % {"max": MAX_OPEN_ANSWER}]
            elif text:
                answers.append(Answer(item=item, text=text))
    unknown = (set(values) | set(texts)) - {item.pk for item in items}
    if unknown:
        errors["__all__"] = [_("Some answers do not belong to this scan; reload the page and try again.")]
    if errors:
        raise ValidationError(errors)
    response, created = Response.objects.get_or_create(round=round, member=actor)
    if not created:
        response.answers.all().delete()
        response.save(update_fields=["updated_at"])
    for answer in answers:
        answer.response = response
    Answer.objects.bulk_create(answers)
    return response, created


# -- canvases -------------------------------------------------------------------


@transaction.atomic
def canvas_start(*, actor, community, canvas: Canvas, title: str) -> CommunityCanvas:
    """Start a new sheet of ``canvas`` for ``community``; members only. Titles are unique per canvas."""
    if not permissions.can_edit_canvas(actor, community):
        raise PermissionDenied
    if not canvas.is_active:
        raise ValidationError({"canvas": _("This canvas is no longer available.")})
    sheet = CommunityCanvas(community=community, canvas=canvas, title=title.strip(), created_by=actor)
    sheet.full_clean(validate_constraints=False)
    if CommunityCanvas.objects.filter(community=community, canvas=canvas, title__iexact=sheet.title).exists():
        raise ValidationError({"title": _("Your community already has a sheet with this title.")})
    try:
        with transaction.atomic():
            sheet.save()
    except IntegrityError:  # a colleague started the same sheet a moment ago
        raise ValidationError({"title": _("Your community already has a sheet with this title.")}) from None
    return sheet


@transaction.atomic
def canvas_save(
    *, actor, sheet: CommunityCanvas, texts: dict, note: str = "", base_version: int | None = None
) -> tuple[CanvasVersion, bool]:
    """Save the block texts of ``sheet`` as a new version; members only.

    ``base_version`` is the version the author started from: when a colleague
    saved a newer one meanwhile, nothing is saved and a ValidationError says so,
    so nobody overwrites someone else's work unseen. Saving unchanged texts
    creates no version and returns ``(latest, False)``.
    """
    if not permissions.can_edit_canvas(actor, sheet.community):
        raise PermissionDenied
    locked = CommunityCanvas.objects.select_for_update().get(pk=sheet.pk)
    keys = list(locked.canvas.blocks.values_list("key", flat=True))
    unknown = set(texts) - set(keys)
    if unknown:
        raise ValidationError(_("Some blocks do not belong to this canvas; reload the page and try again."))
    clean, errors = {}, {}
    for key in keys:
        text = (texts.get(key) or "").strip()
        if len(text) > MAX_BLOCK_TEXT:
            errors[f"block_{key}"] = [_("Keep it under %(max)s characters.") % {"max": MAX_BLOCK_TEXT}]
        clean[key] = text
    if errors:
        raise ValidationError(errors)
    latest = locked.versions.order_by("-number").first()
    latest_number = latest.number if latest else 0
    if base_version is not None and base_version != latest_number:
        raise ValidationError(
            _(
                "Someone else saved version %(number)s while you were editing. Your text is still in the "
                "form below: compare it with the latest version and save again."
            )
            % {"number": latest_number}
        )
    if latest is not None and latest.texts == clean:
        return latest, False
    if latest is None and not any(clean.values()):
        raise ValidationError(_("Write something in at least one block."))
    number = (locked.versions.aggregate(m=Max("number"))["m"] or 0) + 1
    version = CanvasVersion(
        community_canvas=locked, number=number, texts=clean, author=actor, note=note.strip()[:200]
    )
    version.full_clean()
    version.save()
    locked.save(update_fields=["updated_at"])
    return version, True
