"""The real model's vectors of the shipped catalogue and the evaluation queries, recorded by
``bench/relevance.py --record``, served by an embedder that stands in for the model in
tests/semantic/test_relevance.py: the same real vectors in a second instead of minutes.

A text whose vector was not recorded (the catalogue or the queries changed since) is embedded by the
real model when the wheel is installed; otherwise the test skips and says to record again.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

PATH = Path(__file__).with_name("relevance_vectors.npz")


def key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class RecordedE5:
    """multilingual-e5-small as recorded; the real model for anything new."""

    def __init__(self):
        from semantic.embedders import E5Embedder

        data = np.load(PATH)
        self.name = str(data["embedder"])
        assert self.name == E5Embedder.name, "recorded by another model: run bench/relevance.py --record"
        self.dim = E5Embedder.dim
        self.min_similarity = E5Embedder.min_similarity
        self._passages = dict(zip(data["passage_keys"], data["passage_vectors"], strict=True))
        self._queries = dict(zip(data["query_keys"], data["query_vectors"], strict=True))
        self._model = None

    def _real(self):
        if self._model is None:
            try:
                from semantic.embedders import E5Embedder

                self._model = E5Embedder()
            except ImportError:
                pytest.skip("texts changed since the vectors were recorded: run bench/relevance.py --record")
        return self._model

    def query(self, text: str) -> np.ndarray:
        stored = self._queries.get(key(text))
        return stored if stored is not None else self._real().query(text)

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.vstack(
            [
                self._passages[key(t)] if key(t) in self._passages else self._real().passages([t])[0]
                for t in texts
            ]
        )
