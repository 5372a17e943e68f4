"""Export and erase a person's data.

Both walk the model registry for every foreign key (and many-to-many) to the
user model, so data of apps added later is covered without a change here.

- ``personal_data(user)``: a JSON-ready dict of the person's account and every
  row that points at them, with the fields of each row except references to
  other people (their data is not the requester's to take).
- ``account_delete(user)``: removes what only serves the person (bookmarks,
  preferences, memberships, requests, e-mail addresses, sessions ...) and
  anonymises the account row in place. What they contributed (reviews,
  experiences, value entries, answers ...) stays and reads "former member": the
  communities keep their history, nobody can tell who wrote it.
"""

from __future__ import annotations

import datetime
import decimal
import uuid

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

# Rows that exist only for the person: deleted with the account (app_label.model_name).
PERSONAL_ROWS = {
    "account.emailaddress",
    "socialaccount.socialaccount",
    "accounts.rolerequest",
    "instruments.bookmark",
    "discovery.routebookmark",
    "communities.membership",
    "communities.joinrequest",
    "reminders.reminderpreference",
    "notifications.notification",
    "notifications.follow",
    "notifications.deliverypreference",
    "notifications.notificationpreference",
}
# Never exported: secrets and other people's records about the person.
NOT_EXPORTED = {
    "socialaccount.socialtoken",
    "sessions.session",
    "admin.logentry",
}
# Fields never exported, whatever the model.
SECRET_FIELDS = {"password", "token", "secret", "key", "session_key", "session_generation"}
# Text written about a person by someone else is theirs to keep, not a contribution of the person.
USER_FIELDS_KEPT_ON_DELETE = {"id", "date_joined", "deleted_at", "session_generation"}


def _label(model) -> str:
    return model._meta.label_lower


def _links_to_user():
    """(model, field name) for every concrete foreign key and many-to-many to the user model."""
    User = get_user_model()
    for model in apps.get_models():
        if model is User or model._meta.proxy:
            continue
        for field in model._meta.get_fields():
            is_link = field.many_to_one or field.one_to_one or field.many_to_many
            if field.is_relation and field.related_model is User and field.concrete and is_link:
                yield model, field


def _value(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def _row(obj, user) -> dict:
    """The concrete fields of ``obj``; references to other people are left out."""
    User = get_user_model()
    data = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        if field.is_relation:
            if field.related_model is User:
                if getattr(obj, field.attname) == user.pk:
                    data[field.name] = "you"
                continue
            related_id = getattr(obj, field.attname)
            if related_id is None:
                data[field.name] = None
                continue
            related = getattr(obj, field.name, None)
            data[field.name] = (
                {"id": related_id, "label": str(related)[:200]} if related is not None else related_id
            )
            continue
        value = field.value_from_object(obj)
        if field.choices and value not in (None, ""):
            data[field.name] = {"code": _value(value), "label": str(obj._get_FIELD_display(field))}
        else:
            data[field.name] = _value(value)
    return data


def personal_data(user) -> dict:
    """Everything the platform keeps that belongs to ``user``, ready for ``json.dumps``."""
    account = {
        field.name: _value(field.value_from_object(user))
        for field in user._meta.concrete_fields
        if field.name not in SECRET_FIELDS and not field.is_relation
    }
    account["municipality"] = str(user.municipality) if user.municipality_id else None
    account["roles"] = sorted(user.groups.values_list("name", flat=True))
    sections: dict[str, list] = {}
    for model, field in _links_to_user():
        label = _label(model)
        if label in NOT_EXPORTED:
            continue
        if field.many_to_many:
            rows = model.objects.filter(**{field.name: user})
        else:
            rows = model._default_manager.filter(**{field.name: user})
        key = f"{label} ({field.name})"
        # select_related(): the label of what each row is about without a query per row.
        for obj in rows.select_related().order_by("pk")[:10_000]:
            sections.setdefault(key, []).append(_row(obj, user))
    return {
        "exported_at": timezone.now().isoformat(),
        "account": account,
        "data": sections,
    }


@transaction.atomic
def account_delete(*, user) -> None:
    """Erase ``user``'s personal data; their contributions stay, as by "former member".

    After this the person cannot sign in, every session has ended, and no field of
    the account row holds anything that identifies them.
    """
    User = get_user_model()
    locked = User.objects.select_for_update().get(pk=user.pk)
    email = locked.email
    for model, field in _links_to_user():
        if _label(model) in PERSONAL_ROWS and not field.many_to_many:
            model._default_manager.filter(**{field.name: locked}).delete()
    # Invitations that were sent to the person's address name them too.
    for label in ("communities.invitation", "instruments.ownerinvitation"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if any(f.name == "email" for f in model._meta.concrete_fields):
            model._default_manager.filter(email__iexact=email).delete()
    locked.groups.clear()
    locked.user_permissions.clear()
    for field in locked._meta.concrete_fields:
        if field.primary_key or field.name in USER_FIELDS_KEPT_ON_DELETE or field.is_relation:
            continue
        if isinstance(field, models.BooleanField):
            setattr(locked, field.name, False)
        elif field.null:
            setattr(locked, field.name, None)
        elif field.has_default():
            setattr(locked, field.name, field.get_default())
        elif isinstance(field, models.CharField | models.TextField):
            setattr(locked, field.name, "")
    for field in locked._meta.concrete_fields:
        if field.is_relation and field.null:
            setattr(locked, field.attname, None)
    locked.email = f"former-member-{locked.pk}@deleted.invalid"
    locked.set_unusable_password()
    locked.is_active = False
    locked.deleted_at = timezone.now()
    locked.session_generation += 1  # ends every session on every device
    locked.save()
