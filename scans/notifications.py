"""What scans tell the notifications app: a new round reaches the community's members."""

from django.urls import reverse
from django.utils.translation import gettext

from accounts.roles import is_coordinator
from communities.models import Membership
from notifications import registry
from notifications.models import NotificationKind

from .models import Round


def rounds_visible_to(user):
    """Rounds are the community's own (members) and coordinators', as on the scans pages."""
    queryset = Round.objects.select_related("community", "scan")
    if is_coordinator(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    return queryset.filter(
        community_id__in=Membership.objects.filter(user=user).values("community_id"),
        community__is_hidden=False,
    )


def _title(notification, round_) -> str:
    return gettext("A new round of “%(scan)s” is open in %(community)s") % {
        "scan": round_.scan.title,
        "community": round_.community.name,
    }


def _url(notification, round_) -> str:
    return reverse("scans:round_detail", kwargs={"slug": round_.community.slug, "pk": round_.pk})


def register() -> None:
    registry.register_target(Round, visible_to=rounds_visible_to)
    registry.register(NotificationKind.SCAN_ROUND, registry.Renderer(title=_title, url=_url, model=Round))


def notify_round_opened(round_: Round) -> int:
    from notifications.services import notify

    members = [m.user for m in Membership.objects.filter(community=round_.community).select_related("user")]
    return notify(
        kind=NotificationKind.SCAN_ROUND,
        event_key=f"scan_round:{round_.pk}",
        recipients=members,
        target=round_,
        actor=round_.opened_by,
        # Members see their community's rounds; only a hidden community hides them.
        can_see=lambda user: not round_.community.is_hidden,
    )
