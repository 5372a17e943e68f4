"""The tables the delivery protocol works on, by name: the outbox's own and the reminders' sent-log.

A source is (model, build): ``build(row)`` returns the :class:`~outbox.delivery.Message`
to send, or says why it is no longer sent. Apps register theirs in
``AppConfig.ready``; the delivery task and the sweep look sources up by name,
so the outbox needs to import no domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    name: str
    model: type
    build: Callable
    related: tuple = field(default=())


SOURCES: dict[str, Source] = {}
# name → build(mail: OutboxMail) -> Message, for mails rendered at sending time.
BUILDERS: dict[str, Callable] = {}


def register(name: str, model, *, build: Callable, related: tuple = ()) -> None:
    SOURCES[name] = Source(name, model, build, related)


def source(name: str) -> Source:
    return SOURCES[name]


def source_for_model(model) -> Source:
    for candidate in SOURCES.values():
        if candidate.model is model:
            return candidate
    raise LookupError(f"{model.__name__} is not an outbox source")


def register_builder(name: str, build: Callable) -> None:
    """``build(mail)`` returns the Message for an OutboxMail recorded with ``mail_enqueue_built``."""
    BUILDERS[name] = build


def stored_message(mail):
    """Outbox mails were rendered when the event happened (send what is stored), or name their builder."""
    from .delivery import Message

    if mail.builder:
        message = BUILDERS[mail.builder](mail)
        message.to = message.to or mail.to
        return message
    return Message(
        to=mail.to,
        subject=mail.subject,
        body=mail.body,
        html=mail.html or None,
        unsubscribe_url=mail.unsubscribe_url or None,
    )
