"""Computing and storing vectors. Runs in the Celery worker (or ``manage.py embed``), never in a request."""

from __future__ import annotations

import hashlib
import logging
import time
import uuid

import numpy as np
from django.core.cache import cache

from . import embedders
from .models import Embedding
from .signals import vectors_stored
from .sources import SOURCES

logger = logging.getLogger(__name__)

BATCH_SIZE = 16


def version_key(kind: str) -> str:
    return f"semantic:version:{kind}"


def bump_version(kind: str) -> None:
    """Tell every process that the stored vectors of ``kind`` changed (their in-memory index reloads)."""
    version = uuid.uuid4().hex
    cache.set(version_key(kind), version, None)
    from .index import note_version  # index reads models and this module: imported when used

    note_version(kind, version)


def content_hash(embedder_name: str, text: str) -> str:
    return hashlib.sha256(f"{embedder_name}\n{text}".encode()).hexdigest()


def embed_kind(kind: str, ids=None, *, batch_size: int = BATCH_SIZE) -> dict:
    """Bring the vectors of ``kind`` up to date: of the objects ``ids``, or of all of them.

    Only objects whose text (or the embedder) changed since their vector was
    stored are sent to the model, in batches; vectors of objects that are no
    longer embedded (deleted, unpublished) are removed. Returns counts
    ``{"embedded", "unchanged", "removed", "seconds"}``; does nothing without
    an embedder.
    """
    embedder = embedders.get_embedder()
    counts = {"embedded": 0, "unchanged": 0, "removed": 0, "seconds": 0.0}
    if embedder is None:
        return counts
    source = SOURCES[kind]
    objects = source.objects()
    if ids is not None:
        ids = {int(pk) for pk in ids}
        objects = objects.filter(pk__in=ids)
    texts = {obj.pk: source.text(obj) for obj in objects.iterator(chunk_size=500)}
    stored = Embedding.objects.filter(kind=kind)
    if ids is not None:
        stored = stored.filter(object_id__in=ids)
    known = dict(stored.values_list("object_id", "content_hash"))
    gone = [pk for pk in known if pk not in texts]
    if gone:
        counts["removed"] = Embedding.objects.filter(kind=kind, object_id__in=gone).delete()[0]
    # Texts whose stored vector is missing or was made from other text (or by another model).
    stale = []
    for pk, text in texts.items():
        digest = content_hash(embedder.name, text)
        if known.get(pk) == digest:
            counts["unchanged"] += 1
        else:
            stale.append((pk, text, digest))
    started = time.perf_counter()
    for start in range(0, len(stale), batch_size):
        batch = stale[start : start + batch_size]
        vectors = np.asarray(embedder.passages([text for _pk, text, _digest in batch]), dtype="<f4")
        Embedding.objects.bulk_create(
            [
                Embedding(
                    kind=kind,
                    object_id=pk,
                    content_hash=digest,
                    embedder=embedder.name,
                    dim=vectors.shape[1],
                    vector=vector.tobytes(),
                )
                for (pk, _text, digest), vector in zip(batch, vectors, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["kind", "object_id"],
            update_fields=["content_hash", "embedder", "dim", "vector", "updated_at"],
        )
        counts["embedded"] += len(batch)
    counts["seconds"] = round(time.perf_counter() - started, 3)
    if counts["embedded"] or counts["removed"]:
        bump_version(kind)
        changed_ids = sorted([pk for pk, _text, _digest in stale] + gone)
        vectors_stored.send(sender=Embedding, kind=kind, ids=changed_ids)
    return counts


def embed_all(kinds=None) -> dict[str, dict]:
    result = {}
    for kind in kinds or SOURCES:
        result[kind] = embed_kind(kind)
        bump_version(kind)
    return result
