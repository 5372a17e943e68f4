"""How other apps tell notifications about their objects, without notifications importing them.

Two registrations, both made in the owning app's ``AppConfig.ready()``:

``register_target(model, visible_to=..., followable=...)``
    ``visible_to(user)`` returns a queryset of ``model`` limited to what
    ``user`` may see (the app's own selector, e.g. ``communities_visible_to``).
    It is the one visibility check used when a notification is shown or
    mailed, and by the generic follow view (so a guessed id answers 404).
    A target type that is not registered is never shown, mailed or followed.

``register(kind, Renderer(title=..., url=..., model=...))``
    How one kind reads (for targets of ``model``, or any target when None).
    ``title(notification, target)`` is called inside the reader's language,
    so it may use ``gettext``; ``url(notification, target)`` returns a path.
    Kinds without a renderer read as the kind's default sentence
    (``DEFAULT_TITLES``) with ``str(target)`` and link to
    ``target.get_absolute_url()``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet
from django.utils.translation import gettext

from .models import Notification, NotificationKind

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TargetType:
    model: type[Model]
    visible_to: Callable[..., QuerySet]
    followable: bool = False


@dataclass(frozen=True)
class Renderer:
    title: Callable[[Notification, Model], str] | None = None
    url: Callable[[Notification, Model], str] | None = None
    # Only for targets of this model (None: any). Lets two apps render the
    # same kind for their own targets, and keeps a renderer from being handed
    # an object it does not understand.
    model: type[Model] | None = None


_targets: dict[str, TargetType] = {}
_renderers: dict[str, list[Renderer]] = {}


def _label(model) -> str:
    return model._meta.label_lower


def register_target(
    model: type[Model], *, visible_to: Callable[..., QuerySet], followable: bool = False
) -> None:
    _targets[_label(model)] = TargetType(model=model, visible_to=visible_to, followable=followable)


def register(kind: str, renderer: Renderer) -> None:
    """Add how ``kind`` reads; a renderer with a ``model`` is used only for targets of that model."""
    renderers = _renderers.setdefault(str(NotificationKind(kind)), [])
    if renderer not in renderers:
        renderers.append(renderer)


def _renderer_for(notification: Notification, target: Model) -> Renderer | None:
    for renderer in _renderers.get(notification.kind, ()):
        if renderer.model is None or isinstance(target, renderer.model):
            return renderer
    return None


def target_type(model_or_label) -> TargetType | None:
    label = model_or_label if isinstance(model_or_label, str) else _label(model_or_label)
    return _targets.get(label.lower())


def target_type_for_content_type(content_type: ContentType) -> TargetType | None:
    return _targets.get(f"{content_type.app_label}.{content_type.model}")


def can_see(user, target: Model) -> bool:
    """Whether ``user`` may see ``target`` now (False for unregistered types)."""
    entry = target_type(type(target))
    if entry is None:
        logger.warning("No visibility registered for %s; treated as not visible", _label(type(target)))
        return False
    return entry.visible_to(user).filter(pk=target.pk).exists()


def visibility_check(target: Model) -> Callable[..., bool]:
    """A ``can_see`` for ``notify()``: the registered visibility of ``target`` (one query per recipient)."""
    return lambda user: can_see(user, target)


def visible_targets(user, content_type_id: int, ids: Iterable[int]) -> dict[int, Model]:
    """The targets among ``ids`` that ``user`` may see, in one query; {} for unregistered types."""
    content_type = ContentType.objects.get_for_id(content_type_id)
    entry = target_type_for_content_type(content_type)
    if entry is None:
        logger.warning("No visibility registered for %s; its notifications are hidden", content_type)
        return {}
    return {obj.pk: obj for obj in entry.visible_to(user).filter(pk__in=set(ids))}


DEFAULT_TITLES = {
    NotificationKind.REPLY: "%(actor)s replied in “%(target)s”",
    NotificationKind.ANSWER: "%(actor)s answered your question “%(target)s”",
    NotificationKind.MENTION: "%(actor)s mentioned you in “%(target)s”",
    NotificationKind.NEW_THREAD: "New thread: “%(target)s”",
    NotificationKind.QUESTION_ON_INSTRUMENT: "%(actor)s asked a question about your instrument: “%(target)s”",
    NotificationKind.REQUEST_ACTIVITY: "New activity on your request “%(target)s”",
    NotificationKind.JOIN_REQUEST: "%(actor)s asks to join “%(target)s”",
    NotificationKind.SCAN_ROUND: "A new scan round is open: “%(target)s”",
    NotificationKind.REPORT_OUTCOME: "Your report has been handled: “%(target)s”",
    NotificationKind.ROLE_DECISION: "A decision about your role: “%(target)s”",
}


def _mark_for_translation():
    # The sentences above are translated when rendered (gettext at display
    # time, in the reader's language); listing them here lets makemessages find them.
    gettext("%(actor)s replied in “%(target)s”")
    gettext("%(actor)s answered your question “%(target)s”")
    gettext("%(actor)s mentioned you in “%(target)s”")
    gettext("New thread: “%(target)s”")
    gettext("%(actor)s asked a question about your instrument: “%(target)s”")
    gettext("New activity on your request “%(target)s”")
    gettext("%(actor)s asks to join “%(target)s”")
    gettext("A new scan round is open: “%(target)s”")
    gettext("Your report has been handled: “%(target)s”")
    gettext("A decision about your role: “%(target)s”")


def render_title(notification: Notification, target: Model) -> str:
    renderer = _renderer_for(notification, target)
    if renderer is not None and renderer.title is not None:
        return renderer.title(notification, target)
    actor = (
        notification.actor.display_name
        if notification.actor_id and notification.actor
        else gettext("Someone")
    )
    sentence = DEFAULT_TITLES.get(notification.kind, "“%(target)s”")
    return gettext(sentence) % {"actor": actor, "target": str(target)}


def render_url(notification: Notification, target: Model) -> str:
    renderer = _renderer_for(notification, target)
    if renderer is not None and renderer.url is not None:
        return renderer.url(notification, target)
    get_url = getattr(target, "get_absolute_url", None)
    return get_url() if get_url else ""
