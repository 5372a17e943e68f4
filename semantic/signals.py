"""Queue the vectors of saved objects once their transaction commits, one task per kind and transaction.

The web request only records which objects changed; the model runs in the
worker. Changes within one transaction are batched: the first change of a
kind registers one on-commit callback, later ones add their ids to it.
"""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from core.queue import send

from .sources import SOURCES

_pending = threading.local()

# Sent by services.embed_kind after it stored or removed vectors (kwargs: kind, ids), in the worker.
# The apps above (discovery's stored "similar in meaning" lists) listen; semantic cannot call them.
vectors_stored = Signal()


def _flush(kind: str) -> None:
    from .tasks import embed_objects

    entry = getattr(_pending, "ids", {}).pop(kind, None)
    if not entry or not entry[0]:
        return
    # A broker that is down must not fail the committed write: send() logs it, and
    # `manage.py embed` (or the next change) computes the missing vectors.
    send(embed_objects, args=(kind, sorted(entry[0])))


def changed(kind: str, pk: int) -> None:
    """Remember that ``pk`` of ``kind`` changed; its vector is queued when the transaction commits."""
    pending = getattr(_pending, "ids", None)
    if pending is None:
        pending = _pending.ids = {}
    entry = pending.get(kind)
    connection = transaction.get_connection()
    # A rolled-back transaction drops its callbacks: then the ids pending with it are void too.
    registered = entry is not None and any(cb is entry[1] for _sids, cb, _robust in connection.run_on_commit)
    if not registered:
        entry = pending[kind] = (set(), lambda: _flush(kind))
        entry[0].add(pk)
        transaction.on_commit(entry[1])
        return
    entry[0].add(pk)


def _receiver(kind: str):
    def receive(sender, instance, raw=False, **kwargs):
        if not raw:
            changed(kind, instance.pk)

    return receive


def _thread_of_post(sender, instance, raw=False, **kwargs):
    # A thread's vector includes its opening post, which is written after the thread.
    if not raw and instance.thread_id:
        changed("threads", instance.thread_id)


_receivers = []


def connect() -> None:
    from exchange.models import Post

    for kind, source in SOURCES.items():
        receiver = _receiver(kind)
        _receivers.append(receiver)  # signals hold weak references
        post_save.connect(receiver, sender=source.model, dispatch_uid=f"semantic_{kind}_saved")
        post_delete.connect(receiver, sender=source.model, dispatch_uid=f"semantic_{kind}_deleted")
    post_save.connect(_thread_of_post, sender=Post, dispatch_uid="semantic_post_saved")
