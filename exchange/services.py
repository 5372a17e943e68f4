"""Writes of challenges, community links and development steps.

Every function validates (``full_clean``) before it saves and raises
``ValidationError`` with a message the form shows beside the field.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import Community, Visibility
from core.markdown import render_markdown
from core.slugs import unique_slug
from core.vocabularies import Theme
from instruments.models import Instrument, InstrumentStatus

from . import permissions
from .models import Challenge, ChallengeStatus, ChallengeTheme, CommunityChallenge, DevelopmentStep

# Path segments of exchange/urls.py that a challenge slug may never take.
RESERVED_SLUGS = {"new", "propose"}


def _normalise_title(title: str) -> str:
    return " ".join((title or "").split())


def _check_title_free(title: str, *, exclude_pk: int | None = None) -> None:
    clash = Challenge.objects.filter(title__iexact=title).exclude(pk=exclude_pk).first()
    if clash is None:
        return
    if clash.status == ChallengeStatus.PROPOSED:
        message = _("A challenge with this title has already been proposed and waits for a coordinator.")
    else:
        message = _(
            "A challenge with this title already exists. Link your community to it, or choose another title."
        )
    raise ValidationError({"title": message})


def _set_themes(challenge: Challenge, themes: Iterable[str]) -> None:
    wanted = {t for t in themes if t in Theme.values}
    ChallengeTheme.objects.filter(challenge=challenge).exclude(theme__in=wanted).delete()
    have = set(ChallengeTheme.objects.filter(challenge=challenge).values_list("theme", flat=True))
    ChallengeTheme.objects.bulk_create([ChallengeTheme(challenge=challenge, theme=t) for t in wanted - have])


def _save_challenge(challenge: Challenge, *, themes, sectors) -> Challenge:
    challenge.description_html = render_markdown(challenge.description)
    challenge.full_clean()
    challenge.save()
    _set_themes(challenge, themes)
    challenge.sectors.set(list(sectors))
    return challenge


def _new_slug(title: str) -> str:
    return unique_slug(title, queryset=Challenge.objects.all(), reserved=RESERVED_SLUGS, fallback="challenge")


@transaction.atomic
def challenge_propose(
    *, actor, title: str, description: str, themes: Iterable[str] = (), sectors: Iterable[str] = ()
) -> Challenge:
    """A signed-in person proposes a challenge; it waits (``proposed``) until a coordinator approves it.

    Only the proposer and coordinators see a proposal. Coordinators' own
    proposals are active at once.
    """
    if not permissions.can_propose(actor):
        raise PermissionDenied
    title = _normalise_title(title)
    _check_title_free(title)
    # Coordinators curate the list themselves: their proposals need no second opinion.
    status = ChallengeStatus.ACTIVE if permissions.can_manage_challenges(actor) else ChallengeStatus.PROPOSED
    challenge = Challenge(title=title, description=description, status=status, created_by=actor)
    challenge.slug = _new_slug(title)
    return _save_challenge(challenge, themes=themes, sectors=sectors)


@transaction.atomic
def challenge_create(
    *,
    actor,
    title: str,
    description: str,
    status: str = ChallengeStatus.ACTIVE,
    themes: Iterable[str] = (),
    sectors: Iterable[str] = (),
) -> Challenge:
    """A coordinator creates a challenge directly (active unless another status is given)."""
    if not permissions.can_manage_challenges(actor):
        raise PermissionDenied
    title = _normalise_title(title)
    _check_title_free(title)
    challenge = Challenge(title=title, description=description, status=status, created_by=actor)
    challenge.slug = _new_slug(title)
    return _save_challenge(challenge, themes=themes, sectors=sectors)


@transaction.atomic
def challenge_update(
    *,
    actor,
    challenge: Challenge,
    title: str,
    description: str,
    status: str | None = None,
    themes: Iterable[str] = (),
    sectors: Iterable[str] = (),
) -> Challenge:
    """Change a challenge; the slug stays, so shared links keep working."""
    if not permissions.can_edit_challenge(actor, challenge):
        raise PermissionDenied
    title = _normalise_title(title)
    _check_title_free(title, exclude_pk=challenge.pk)
    challenge.title, challenge.description = title, description
    if status is not None:
        challenge.status = status
    return _save_challenge(challenge, themes=themes, sectors=sectors)


@transaction.atomic
def challenge_set_status(*, actor, challenge: Challenge, status: str) -> Challenge:
    """Approve a proposal (``active``), archive a challenge or bring it back."""
    if not permissions.can_manage_challenges(actor):
        raise PermissionDenied
    if status not in ChallengeStatus.values:
        raise ValidationError(_("Unknown status."))
    challenge.status = status
    challenge.save(update_fields=["status", "updated_at"])
    return challenge


@transaction.atomic
def challenge_reject(*, actor, challenge: Challenge) -> None:
    """A coordinator declines a proposal: it is deleted (it was never public)."""
    if not permissions.can_manage_challenges(actor):
        raise PermissionDenied
    if challenge.status != ChallengeStatus.PROPOSED:
        raise ValidationError(_("Only a proposal can be declined; archive an active challenge instead."))
    challenge.delete()


def challenge_set_hidden(*, challenge: Challenge, hidden: bool) -> None:
    """The one way to hide or show a challenge (moderation, admin and views alike)."""
    Challenge.objects.filter(pk=challenge.pk).update(is_hidden=hidden)
    challenge.is_hidden = hidden


@transaction.atomic
def community_challenges_set(*, actor, community: Community, challenges: Iterable[Challenge]) -> None:
    """Make ``challenges`` the community's active challenges.

    Only active challenges can be added; links to archived ones stay (the work
    happened), links to hidden ones are left alone for moderation to decide.
    """
    if not permissions.can_link_challenges(actor, community):
        raise PermissionDenied
    wanted = {c.pk for c in challenges if c.status == ChallengeStatus.ACTIVE and not c.is_hidden}
    current = CommunityChallenge.objects.filter(
        community=community, challenge__status=ChallengeStatus.ACTIVE, challenge__is_hidden=False
    )
    current.exclude(challenge_id__in=wanted).delete()
    have = set(CommunityChallenge.objects.filter(community=community).values_list("challenge_id", flat=True))
    CommunityChallenge.objects.bulk_create(
        [CommunityChallenge(community=community, challenge_id=pk, linked_by=actor) for pk in wanted - have]
    )


# -- development steps --------------------------------------------------------------------


def _check_public(community: Community) -> None:
    if community.visibility != Visibility.PUBLIC:
        raise ValidationError(
            _(
                "This community is members only, so nothing of it is published: steps are only "
                "shared by public communities. Make the community public first if you want to share steps."
            )
        )


def _check_instrument(instrument: Instrument | None) -> None:
    if instrument is not None and (instrument.status != InstrumentStatus.PUBLISHED or instrument.is_hidden):
        raise ValidationError({"instrument": _("Choose a published instrument.")})


def _render_step(step: DevelopmentStep) -> None:
    step.what_we_did_html = render_markdown(step.what_we_did)
    step.what_we_learned_html = render_markdown(step.what_we_learned)


@transaction.atomic
def step_publish(
    *,
    actor,
    community: Community,
    kind: str,
    title: str,
    what_we_did: str,
    what_we_learned: str = "",
    instrument: Instrument | None = None,
    now=None,
) -> DevelopmentStep:
    """Publish a step to a public community's logbook; anyone can read it at once.

    Raises ``ValidationError`` (with a message to show) for a members-only community.
    """
    if not permissions.can_publish_step(actor, community):
        raise PermissionDenied
    _check_public(community)
    _check_instrument(instrument)
    step = DevelopmentStep(
        community=community,
        author=actor,
        kind=kind,
        title=" ".join(title.split()),
        what_we_did=what_we_did,
        what_we_learned=what_we_learned,
        instrument=instrument,
        published_at=now or timezone.now(),
    )
    _render_step(step)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_update(
    *,
    actor,
    step: DevelopmentStep,
    kind: str,
    title: str,
    what_we_did: str,
    what_we_learned: str = "",
    instrument: Instrument | None = None,
) -> DevelopmentStep:
    if not permissions.can_edit_step(actor, step):
        raise PermissionDenied
    _check_public(step.community)
    _check_instrument(instrument)
    step.kind, step.title = kind, " ".join(title.split())
    step.what_we_did, step.what_we_learned, step.instrument = what_we_did, what_we_learned, instrument
    _render_step(step)
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def step_delete(*, actor, step: DevelopmentStep) -> None:
    if not permissions.can_edit_step(actor, step):
        raise PermissionDenied
    step.delete()


def step_set_hidden(*, step: DevelopmentStep, hidden: bool) -> None:
    """The one way to hide or show a step (moderation, admin and views alike)."""
    DevelopmentStep.objects.filter(pk=step.pk).update(is_hidden=hidden)
    step.is_hidden = hidden
