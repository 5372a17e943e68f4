"""Reads by meaning: every function ranks only among what the viewer may see.

Visibility first, then ranking: candidates come from the in-memory index,
but only ids that pass the owning app's visibility queryset are ever
returned, and the candidate pool is widened until ``limit`` visible ones are
found or every vector was considered. So a members-only object the viewer may
not see is never returned, ranked or counted.
"""

from __future__ import annotations

from django.db.models import QuerySet

from communities.selectors import communities_visible_to
from exchange.selectors import threads_visible_to
from instruments.selectors import published_instruments

from . import embedders, index

# Reciprocal rank fusion's constant (Cormack et al. 2009): damps the weight of the very first ranks.
RRF_K = 60
# How many nearest vectors take part in a hybrid search, per kind.
SEMANTIC_DEPTH = 10


def _visible_nearest(kind: str, vector, visible: QuerySet, *, embedder: str, limit: int, exclude=()):
    pool = max(limit * 8, 64)
    floor = embedders.min_similarity()
    while True:
        nearest = index.nearest(kind, vector, embedder=embedder, limit=pool, exclude=exclude)
        # Best first: cut where the similarity falls under the embedder's floor.
        candidates = [(pk, score) for pk, score in nearest if score >= floor]
        if not candidates:
            return []
        allowed = set(visible.filter(pk__in=[pk for pk, _score in candidates]).values_list("pk", flat=True))
        found = [(pk, score) for pk, score in candidates if pk in allowed]
        if len(found) >= limit or len(nearest) < pool or len(candidates) < len(nearest):
            return found[:limit]
        pool *= 8


def ranked_by_meaning(kind: str, visible: QuerySet, query: str, *, limit: int = SEMANTIC_DEPTH, compute=True):
    """(pk, cosine) of the objects of ``visible`` nearest in meaning to ``query``, best first.

    Empty when semantic search is off, the model cannot load, nothing of
    ``kind`` is embedded yet, or (``compute=False``) the query's vector is not
    cached yet: callers then have their full-text results alone.
    """
    if index.matrix(kind) is None:
        return []
    vector = embedders.embed_query(query) if compute else embedders.cached_query_vector(query)
    name = embedders.embedder_name()
    if vector is None or name is None:
        return []
    return _visible_nearest(kind, vector, visible, embedder=name, limit=limit)


def query_vector_pending(kinds, query: str) -> bool:
    """True when ranking ``query`` by meaning needs a model call (its vector is not cached yet).

    False when semantic search is off, nothing of ``kinds`` is embedded, or the vector is cached:
    then the page needs no second round.
    """
    if not any(index.matrix(kind) is not None for kind in kinds):
        return False
    return embedders.embedder_name() is not None and embedders.cached_query_vector(query) is None


def fuse(*rankings, k: int = RRF_K) -> list[tuple[int, float]]:
    """Reciprocal rank fusion of id rankings (each best first): (id, fused score), best first.

    Ties keep the order of the first ranking that holds the id, so full-text
    order survives where meaning adds nothing.
    """
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, pk in enumerate(ranking, start=1):
            scores[pk] = scores.get(pk, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def _similar_to(kind: str, pk: int, target_kind: str, visible: QuerySet, limit: int, exclude=()):
    vector = index.stored_vector(kind, pk)
    name = embedders.embedder_name()
    if vector is None or name is None:
        return []
    return _visible_nearest(target_kind, vector, visible, embedder=name, limit=limit, exclude=exclude)


def similar_instruments(instrument, k: int = 5) -> list[tuple[int, float]]:
    """(instrument id, cosine) of the published instruments nearest in meaning to ``instrument``.

    For the association job (discovery, issue 20), which stores what the
    public may see; the instrument itself is left out.
    """
    visible = published_instruments()
    return _similar_to("instruments", instrument.pk, "instruments", visible, k, (instrument.pk,))


def instruments_for_request(instrument_request, k: int = 5, exclude=()) -> list[tuple[int, float]]:
    """(instrument id, cosine) of published instruments that may answer an instrument request.

    From the request's stored vector only (no model call on the request page): empty until the
    worker embedded it. ``exclude``: instrument ids not to return (those suggested already).
    """
    return _similar_to("requests", instrument_request.pk, "instruments", published_instruments(), k, exclude)


def similar_communities(user, community, k: int = 5) -> list[tuple[int, float]]:
    """(community id, cosine) of communities ``user`` may see whose challenge and learning goal mean the most
    alike."""
    visible = communities_visible_to(user)
    return _similar_to("communities", community.pk, "communities", visible, k, (community.pk,))


def communities_near(community_ids, k: int = 20) -> set[int]:
    """Ids of the communities, of any visibility, nearest in meaning to each of ``community_ids``.

    Unfiltered, so never to show: for the association job only, which must recompute the lists a
    changed vector can enter (those of its neighbours) and then filters what it stores.
    """
    name = embedders.embedder_name()
    if name is None:
        return set()
    near = set()
    for pk in community_ids:
        vector = index.stored_vector("communities", pk)
        if vector is not None:
            near.update(
                other for other, _score in index.nearest("communities", vector, embedder=name, limit=k)
            )
    return near - set(community_ids)


def similar_threads(user, text: str, k: int = 5) -> list[tuple[int, float]]:
    """(thread id, cosine) of threads ``user`` may read nearest in meaning to a question being written."""
    return ranked_by_meaning("threads", threads_visible_to(user), text, limit=k)
