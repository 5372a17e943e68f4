"""The contexts for "best fit for communities like mine": the communities of the user.

The sort itself is the catalogue's (instruments/fit.py); it is re-exported here for discovery's views.
"""

from communities.models import Community
from instruments.fit import FitContext, annotate_fit, order_by_fit

__all__ = ["FitContext", "annotate_fit", "contexts_of", "order_by_fit"]


def contexts_of(user) -> list[FitContext]:
    """The context of each community the user belongs to, to pick from."""
    if not user.is_authenticated:
        return []
    communities = Community.objects.filter(memberships__user=user).prefetch_related("themes").order_by("name")
    return [FitContext(level=c.level, phase=c.phase, themes=c.theme_codes, label=c.name) for c in communities]
