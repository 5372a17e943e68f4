"""What communities add to an experience with an instrument (see ``instruments.experience_contexts``).

A member links their experience to one of their communities: the experience form gets a choice of
the writer's communities, the link is stored in ``ExperienceLink`` (this app's table), and the
instrument page says "Used in the community X" to those who may see X. instruments cannot import
this app (layer contract), so it is registered in CommunitiesConfig.ready().
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from instruments.experience_contexts import ContextLabel, ExperienceContext, register

from . import selectors, services

FIELD = services.EXPERIENCE_COMMUNITY_FIELD


def _field(writer, experience) -> forms.Field | None:
    current = selectors.linked_community_id(experience) if experience is not None else None
    rows = selectors.communities_to_link(writer, current)
    if not rows:
        return None
    choices = [("", _("None (not linked to a community)"))]
    choices += [
        (pk, name if name is not None else _("The community you linked it to before")) for pk, name in rows
    ]
    return forms.TypedChoiceField(
        label=_("Used in which of your communities?"),
        help_text=_(
            "Optional. The experience then says in which community it was used; a members-only "
            "community is named only to its members."
        ),
        choices=choices,
        coerce=int,
        empty_value=None,
        required=False,
        initial=current,
        # Same answer for an id that does not exist, is members-only or is someone else's.
        error_messages={"invalid_choice": _("Choose one of the communities you are a member of.")},
    )


def _save(*, actor, experience, value) -> None:
    services.experience_link_set(actor=actor, experience=experience, community_id=value)


def _label(experience) -> ContextLabel | None:
    link = getattr(experience, "community_link", None)
    # Without the annotation (a queryset not fetched through with_labels) nothing is named.
    if link is None or not getattr(experience, "community_link_visible", False):
        return None
    community = link.community
    return ContextLabel(
        intro=_("Used in the community"), name=community.name, url=community.get_absolute_url()
    )


def register_experience_context() -> None:
    register(
        ExperienceContext(
            name=FIELD,
            field=_field,
            save=_save,
            with_labels=selectors.experiences_with_community_labels,
            label=_label,
        )
    )
