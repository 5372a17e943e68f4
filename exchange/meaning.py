"""Reads by meaning that exchange's pages offer, filled in by the semantic app.

semantic sits above exchange in the layer contract (pyproject.toml): it embeds
exchange's threads and requests, so exchange cannot import it. semantic's
AppConfig.ready() registers its functions here; until it does (the app off, a
test without it) every function answers "nothing similar" and the pages show
what they showed before.

Each registered function returns ids, best first, already limited to what the
viewer may see; the callers here fetch those ids through exchange's own
visibility selectors once more, so a wrong id from a registry can never show.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Meaning:
    # (user, text, limit) -> thread ids nearest in meaning to a question being written.
    similar_threads: Callable[..., list[int]]
    # (instrument request, limit, exclude ids) -> published instrument ids nearest to the request's
    # stored vector (no model call: nothing when the request has no vector yet).
    instruments_for_request: Callable[..., list[int]]


_meaning: Meaning | None = None


def register(meaning: Meaning) -> None:
    """Called by semantic's AppConfig.ready()."""
    global _meaning
    _meaning = meaning


def similar_thread_ids(user, text: str, *, limit: int) -> list[int]:
    if _meaning is None or not (text or "").strip():
        return []
    return _meaning.similar_threads(user, text, limit)


def instrument_ids_for_request(instrument_request, *, limit: int, exclude: Iterable[int] = ()) -> list[int]:
    if _meaning is None:
        return []
    return _meaning.instruments_for_request(instrument_request, limit, tuple(exclude))
