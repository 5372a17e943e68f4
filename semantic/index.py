"""Brute-force cosine over the stored vectors of one kind, held in memory per process.

The matrix of a kind is loaded once and reloaded when its version (a cache
key the services bump on every write) changes. At the bench scale (20 000
instruments, 384 floats each: 30 MB) a query is one matrix-vector product of
a few milliseconds. Far above that (~100 000 items per kind) an approximate
index (pgvector with HNSW) would replace this module behind ``nearest``.
"""

from __future__ import annotations

import threading
import time

import numpy as np
from django.core.cache import cache

from .models import Embedding
from .services import version_key


class _Matrix:
    def __init__(self, version, ids, vectors, embedder):
        self.version, self.ids, self.vectors, self.embedder = version, ids, vectors, embedder


_matrices: dict[str, _Matrix] = {}
_lock = threading.Lock()


def _load(kind: str, version: str) -> _Matrix | None:
    rows = list(Embedding.objects.filter(kind=kind).values_list("object_id", "embedder", "dim", "vector"))
    if not rows:
        return None
    # Vectors of another embedder (a model switch in progress) are not comparable: keep the most common.
    names = [name for _pk, name, _dim, _vector in rows]
    embedder = max(set(names), key=names.count)
    rows = [row for row in rows if row[1] == embedder]
    ids = np.fromiter((pk for pk, *_rest in rows), dtype=np.int64, count=len(rows))
    blob = b"".join(bytes(row[3]) for row in rows)
    vectors = np.frombuffer(blob, dtype="<f4").reshape(len(rows), rows[0][2])
    return _Matrix(version, ids, vectors, embedder)


def matrix(kind: str) -> _Matrix | None:
    """The loaded vectors of ``kind``; None while there are none.

    Only the version key is read per search (no query, at most once a second per
    process): it is written by every run of the services, ``manage.py embed``
    included. Without it, nothing to rank: search stays full-text.
    """
    version = _read_version(kind)
    if version == NOTHING:
        _matrices.pop(kind, None)
        return None
    current = _matrices.get(kind)
    if current is not None and current.version == version:
        return current
    with _lock:
        loaded = _load(kind, version)
        if loaded is None:
            _matrices.pop(kind, None)
        else:
            _matrices[kind] = loaded
        return loaded


NOTHING = "nothing"
# Seconds a process trusts the version it read (a search asks per kind, some twice): one cache
# read per kind per second instead of several per request. A write in this process is seen at once
# (services.bump_version calls note_version); another process's write within a second.
VERSION_MEMO_SECONDS = 1.0
_versions: dict[str, tuple[float, str]] = {}


def note_version(kind: str, version: str) -> None:
    _versions[kind] = (time.monotonic(), version)


def _read_version(kind: str) -> str:
    memo = _versions.get(kind)
    if memo is not None and time.monotonic() - memo[0] < VERSION_MEMO_SECONDS:
        return memo[1]
    # No key (nothing embedded yet, or the cache lost it): the meaning part is off for this kind,
    # without a query, until the next embedding run (`manage.py embed`) writes the key again.
    version = cache.get(version_key(kind)) or NOTHING
    note_version(kind, version)
    return version


def forget() -> None:
    """Drop the in-memory matrices and versions (tests)."""
    _matrices.clear()
    _versions.clear()


def nearest(kind: str, vector: np.ndarray, *, embedder: str, limit: int, exclude=()):
    """[(id, cosine)] of the ``limit`` stored vectors nearest to ``vector``, best first, unfiltered."""
    m = matrix(kind)
    if m is None or m.embedder != embedder or m.vectors.shape[1] != vector.shape[0]:
        return []
    scores = m.vectors @ vector.astype(np.float32)
    if exclude:
        scores[np.isin(m.ids, np.fromiter(exclude, dtype=np.int64))] = -np.inf
    limit = min(limit, len(scores))
    if limit <= 0:
        return []
    top = np.argpartition(-scores, limit - 1)[:limit]
    top = top[np.argsort(-scores[top], kind="stable")]
    return [(int(m.ids[i]), float(scores[i])) for i in top if np.isfinite(scores[i])]


def stored_vector(kind: str, pk: int) -> np.ndarray | None:
    m = matrix(kind)
    if m is None:
        return None
    hits = np.flatnonzero(m.ids == pk)
    return m.vectors[hits[0]] if len(hits) else None
