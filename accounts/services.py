from django.db import transaction

from .models import User


@transaction.atomic
def user_update_profile(*, user: User, name: str, organisation: str, bio: str, language: str) -> User:
    """Save the profile fields of ``user`` after model validation."""
    user.name = name
    user.organisation = organisation
    user.bio = bio
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["name", "organisation", "bio", "language"])
    return user
