from django.db import transaction

from .models import User

_UNCHANGED = object()


@transaction.atomic
def user_update_profile(
    *, user: User, name: str, organisation: str, bio: str, language: str, municipality=_UNCHANGED
) -> User:
    """Save the profile fields of ``user`` after model validation.

    ``municipality`` (a ``places.Municipality`` or None) is only changed when passed.
    """
    user.name = name
    user.organisation = organisation
    user.bio = bio
    user.language = language
    fields = ["name", "organisation", "bio", "language"]
    if municipality is not _UNCHANGED:
        user.municipality = municipality
        fields.append("municipality")
    user.full_clean(exclude=["password"])
    user.save(update_fields=fields)
    return user
