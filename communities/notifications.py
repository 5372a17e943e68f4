"""What communities tell the notifications app: who may see a join request, and how it reads."""

from django.urls import reverse
from django.utils.translation import gettext

from accounts.roles import is_coordinator
from notifications import registry
from notifications.models import NotificationKind

from .models import Community, JoinRequest, Membership, MembershipRole
from .selectors import communities_visible_to


def join_requests_visible_to(user):
    """Join requests are for the facilitators of their community (and coordinators)."""
    queryset = JoinRequest.objects.select_related("community", "user")
    if is_coordinator(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    facilitated = Membership.objects.filter(user=user, role=MembershipRole.FACILITATOR).values("community_id")
    return queryset.filter(community_id__in=facilitated, community__is_hidden=False)


def _join_request_title(notification, join_request) -> str:
    return gettext("%(actor)s asks to join “%(target)s”") % {
        "actor": join_request.user.display_name,
        "target": join_request.community.name,
    }


def _join_request_url(notification, join_request) -> str:
    return reverse("communities:members", kwargs={"slug": join_request.community.slug})


def register() -> None:
    registry.register_target(Community, visible_to=communities_visible_to)
    registry.register_target(JoinRequest, visible_to=join_requests_visible_to)
    registry.register(
        NotificationKind.JOIN_REQUEST,
        registry.Renderer(title=_join_request_title, url=_join_request_url, model=JoinRequest),
    )


def notify_join_request(join_request: JoinRequest) -> int:
    """The community's facilitators hear of a new request (once per request)."""
    from notifications.services import notify

    facilitators = [
        m.user
        for m in Membership.objects.filter(
            community=join_request.community, role=MembershipRole.FACILITATOR
        ).select_related("user")
    ]
    return notify(
        kind=NotificationKind.JOIN_REQUEST,
        event_key=f"join_request:{join_request.pk}",
        recipients=facilitators,
        target=join_request,
        actor=join_request.user,
        can_see=registry.visibility_check(join_request),
    )
