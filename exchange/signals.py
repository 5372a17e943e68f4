"""Changes made by other apps that move a challenge's stored instrument ranking.

The ranking counts the uses (communities app) of the challenge's public communities, so a use
added, changed or removed and a community saved (its visibility) mark the challenges it works on.
Links are marked by this app's own services (their bulk writes send no signal); a link saved in
admin or deleted with its community arrives here.
"""

from django.db.models.signals import post_delete, post_save

from communities.models import Community, CommunityInstrumentUse

from . import services
from .models import CommunityChallenge


def _challenges_of(community_id) -> list[int]:
    return list(
        CommunityChallenge.objects.filter(community_id=community_id).values_list("challenge_id", flat=True)
    )


def use_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        services.challenge_rankings_mark_stale(_challenges_of(instance.community_id))


def community_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:  # a new community is linked to nothing yet
        services.challenge_rankings_mark_stale(_challenges_of(instance.pk))


def link_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        services.challenge_rankings_mark_stale([instance.challenge_id])


def connect() -> None:
    post_save.connect(use_changed, sender=CommunityInstrumentUse, dispatch_uid="exchange_use_saved")
    post_delete.connect(use_changed, sender=CommunityInstrumentUse, dispatch_uid="exchange_use_deleted")
    post_save.connect(community_saved, sender=Community, dispatch_uid="exchange_community_saved")
    post_save.connect(link_changed, sender=CommunityChallenge, dispatch_uid="exchange_link_saved")
    post_delete.connect(link_changed, sender=CommunityChallenge, dispatch_uid="exchange_link_deleted")
