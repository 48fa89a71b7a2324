"""The int8 vector scan only chooses; exact float32 scores decide, so results equal the exact path's."""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace

import numpy as np
import pytest

import hybridwatch.analyse.claims.index as index_module
import hybridwatch.analyse.vector_scan as vector_scan
from hybridwatch.analyse.claims.index import CANDIDATES_PER_SIDE, RANK_CAP, FactCheckIndex
from hybridwatch.analyse.claims.language_shift import (
    LANGUAGE_MAX_SHIFT,
    LANGUAGE_PRIOR,
    language_levels,
    language_reference,
)
from hybridwatch.analyse.claims.match import Matcher
from hybridwatch.analyse.claims.rerank import Query
from hybridwatch.analyse.claims.signals import signals
from hybridwatch.analyse.embed import content_hash, load_embedder
from hybridwatch.analyse.vector_scan import ROW_LEVELS, VectorScan, quantise_queries, quantise_rows
from hybridwatch.model.factcheck import FactCheck

needs_onnxruntime = pytest.mark.skipif(
    importlib.util.find_spec("onnxruntime") is None, reason="the int8 scan runs in ONNX Runtime"
)


def _unit(rows: int, dim: int = 384, seed: int = 3) -> np.ndarray:
    matrix = np.random.default_rng(seed).standard_normal((rows, dim)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


@needs_onnxruntime
def test_int8_scan_is_close_to_the_exact_product() -> None:
    matrix = _unit(30_000)
    rng = np.random.default_rng(4)
    targets = [5, 17_000, 29_999]
    queries = matrix[targets] + 0.05 * rng.standard_normal((3, 384)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    scan = VectorScan(matrix)
    assert scan.engine == "int8-onnx" and scan.matrix is None  # the session holds its own int8 copy
    approx, exact = scan.scores(queries), queries @ matrix.T
    assert approx.shape == exact.shape == (3, 30_000)
    assert np.abs(approx - exact).max() < VectorScan.max_error
    assert list(approx.argmax(axis=1)) == targets
    # the exact top 100 always sits inside the approximate top 1,000 (the pool that is rescored)
    for row in range(3):
        pool = set(np.argsort(-approx[row])[:1000])
        assert set(np.argsort(-exact[row])[:100]) <= pool


def test_small_matrices_and_missing_onnxruntime_use_the_exact_product(monkeypatch) -> None:
    matrix = _unit(500)
    small = VectorScan(matrix)
    assert small.engine == "float32-numpy"
    assert np.array_equal(small.scores(matrix[:2]), matrix[:2] @ matrix.T)
    monkeypatch.setitem(sys.modules, "onnxruntime", None)
    without = VectorScan(matrix, exact_below=0)
    assert without.engine == "float32-numpy"
    assert np.allclose(without.scores(matrix[3]), matrix[3:4] @ matrix.T, atol=1e-6)


def test_int8_products_never_overflow_16_bit_pair_sums() -> None:
    """x86 kernels without VNNI add neighbouring uint8 x int8 products in 16 bits, clamping at 32,767.

    Emulated here on the worst case (a row and a query with all their weight in two neighbouring
    dimensions, signs alike), so that a machine with VNNI cannot hide an overflow.
    """
    dim = 384
    worst = np.zeros((4, dim), dtype=np.float32)
    worst[0, 0] = worst[0, 1] = 1 / np.sqrt(2)
    worst[1, 10] = worst[1, 11] = -1 / np.sqrt(2)
    worst[2, :2] = (1.0, 1e-3)
    worst[3] = _unit(1, dim, seed=9)[0]
    rows, row_scale = quantise_rows(worst)
    queries, query_scale = quantise_queries(worst)
    assert np.abs(rows).max() == ROW_LEVELS and queries.min() >= 1
    products = queries.astype(np.int64)[:, None, :] * rows.T.astype(np.int64)[None, :, :]  # [q, row, dim]
    pairs = products[:, :, 0::2] + products[:, :, 1::2]
    assert np.abs(pairs).max() <= 32_767  # what a 16-bit adder holds
    exact_int = (queries.astype(np.int64) - 128) @ rows.astype(np.int64)
    approx = exact_int * row_scale[None, :] * query_scale
    assert np.abs(approx - worst @ worst.T).max() < VectorScan.max_error


class _Vectors:
    """A vector cache filled ahead: the index embeds nothing (timing the model is not the point here)."""

    def __init__(self, texts: list[str], vectors: np.ndarray, model: str) -> None:
        self.found = {content_hash(t): v for t, v in zip(texts, vectors, strict=True)}

    def get_many(self, hashes: list[str], model: str) -> dict[str, np.ndarray]:
        return {h: self.found[h] for h in hashes if h in self.found}

    def put_many(self, items: list[tuple[str, np.ndarray]], model: str) -> None:
        raise AssertionError("nothing should need embedding")


@needs_onnxruntime
def test_index_gives_the_same_candidates_with_the_int8_scan(monkeypatch) -> None:
    embedder, why = load_embedder()  # only its name is used: every vector comes from the cache
    if embedder is None:
        pytest.skip(f"the index needs an embedder: {why}")
    n = 3 * RANK_CAP  # larger than the pool, so the scan really chooses
    rng = np.random.default_rng(8)
    words = "kfor kosovo serbia nato troops border election vote army sanctions".split()
    factchecks = [  # two languages: the per-language shift must not depend on the scan either
        FactCheck(
            f"fc-{i}",
            "test",
            " ".join(rng.choice(words, 8)) + f" {i}",
            title=f"title {i}",
            language="sr" if i % 3 else "en",
        )
        for i in range(n)
    ]
    claims, title_vectors = _unit(n, seed=10), _unit(n, seed=11)
    cache = _Vectors(
        [f.claim for f in factchecks] + [f.title for f in factchecks],
        np.vstack([claims, title_vectors]),
        embedder.name,
    )

    def titles_of(target: int) -> np.ndarray:
        return title_vectors[(target * 7) % n]

    def build(exact_below: int, titles: bool) -> FactCheckIndex:
        monkeypatch.setattr(vector_scan, "EXACT_BELOW", exact_below)
        return FactCheckIndex(factchecks, embedder=embedder, cache=cache, embed_titles=titles)

    hidden = np.array([7, 8], dtype=np.int64)
    for titles in (True, False):
        exact, fast = build(10**9, titles), build(0, titles)
        assert (exact.scan_engine, fast.scan_engine) == ("float32-numpy", "int8-onnx")
        for target in (7, 100, 2_500):
            query = claims[target] + 0.7 * titles_of(target) + 0.3 * _unit(1, seed=target)[0]
            query = (query / np.linalg.norm(query)).astype(np.float32)
            tokens = ["kfor", "vote", str(target)]
            for exclude in (None, hidden):
                a = exact.candidates(tokens, query, exclude=exclude)
                b = fast.candidates(tokens, query, exclude=exclude)
                assert np.array_equal(a.indices, b.indices)
                assert np.array_equal(a.cosine, b.cosine) and np.array_equal(a.cosine_title, b.cosine_title)
                assert a.cosine_max == b.cosine_max
                # The pool's edge (by claim and title as one) may hold other rows; ranks (of the claim
                # cosine, within the pool) then move by a few places, but not among the dense picks.
                top = a.rank_dense < CANDIDATES_PER_SIDE
                assert np.array_equal(a.rank_dense[top], b.rank_dense[top])
                assert np.abs(a.rank_dense - b.rank_dense).max() <= 5
                if exclude is not None:
                    assert not set(hidden) & set(b.indices.tolist())
                if not titles:
                    assert np.array_equal(b.cosine, b.cosine_title)
    batch = fast.dense_scores([claims[1], claims[2]])  # a batch scans like single queries
    assert len(batch) == 2 and batch[0].argmax() == 1 and batch[1].argmax() == 2


def test_languages_are_centred_so_a_claim_in_another_language_can_lead() -> None:
    """e5 scores same-language pairs higher; a multilingual index moves each language to one mean."""
    embedder, why = load_embedder()
    if embedder is None:
        pytest.skip(f"the index needs an embedder: {why}")
    rng = np.random.default_rng(12)
    n = 60
    base = _unit(n, seed=13)
    serbian_bias = _unit(1, seed=14)[0]
    languages = ["sr"] * 20 + ["en"] * 40
    vectors = base.copy()
    vectors[:20] += 0.4 * serbian_bias  # every Serbian text shares a direction: the language
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    target, decoy = 30, 3  # the same claim in English; a Serbian fact-check on something else
    query = base[target] + 0.4 * serbian_bias + 1.0 * base[decoy] + 0.05 * rng.standard_normal(384)
    query = (query / np.linalg.norm(query)).astype(np.float32)
    raw = vectors @ query
    assert raw.argmax() == decoy  # the language outweighs the claim in the raw cosine
    factchecks = [
        FactCheck(f"fc-{i}", "test", f"claim {i}", language=lang) for i, lang in enumerate(languages)
    ]
    cache = _Vectors([f.claim for f in factchecks], vectors, embedder.name)
    index = FactCheckIndex(factchecks, embedder=embedder, cache=cache)
    cands = index.candidates(["nothing"], query)
    assert cands.cosine is not None and cands.cosine_shift is not None
    best = int(cands.indices[np.argmax(cands.cosine)])
    assert best == target
    by_language = {
        languages[int(i)]: float(s) for i, s in zip(cands.indices, cands.cosine_shift, strict=True)
    }
    # the query's own language keeps its cosines; the other is raised, by at most the cap
    assert by_language["sr"] == 0 and 0 < by_language["en"] < LANGUAGE_MAX_SHIFT
    assert np.allclose(cands.cosine - cands.cosine_shift, raw[cands.indices], atol=1e-5)  # exact underneath
    # the shift is the shrunk difference of the two languages' exact mean cosines
    means = {lang: float(raw[np.array(languages) == lang].mean()) for lang in ("sr", "en")}
    overall = float(raw.mean())
    shrunk = {
        lang: (n * means[lang] + LANGUAGE_PRIOR * overall) / (n + LANGUAGE_PRIOR)
        for lang, n in (("sr", 20), ("en", 40))
    }
    assert by_language["en"] == pytest.approx(min(LANGUAGE_MAX_SHIFT, shrunk["sr"] - shrunk["en"]), abs=1e-5)
    prepared = Query("claim", ["nothing"], query, signals("claim"))
    top = Matcher(index).rank(prepared, k=3)[0]
    assert top.factcheck_id == f"fc-{target}"
    assert top.explanation["vector_language_shift"] == pytest.approx(by_language["en"], abs=1e-4)
    # one language: nothing moves
    same = FactCheckIndex([replace(f, language="en") for f in factchecks], embedder=embedder, cache=cache)
    alone = same.candidates(["nothing"], query)
    assert alone.cosine_shift is not None and not alone.cosine_shift.any()
    assert int(alone.indices[np.argmax(alone.cosine)]) == decoy


def test_cosines_in_another_language_are_widened_about_their_language_s_mean(monkeypatch) -> None:
    """Each cosine moves by its language's shift plus (stretch - 1) x its distance from the mean.

    The claim is English; 100 Serbian Cyrillic fact-checks share a language direction that puts
    their cosines far below the English ones (the shift is capped), and the one Serbian fact-check
    on the claim stands out only above its own language's mean: widened, it leads, and it reaches
    the scan's pool (shrunk here to 20 rows, 40 with titles) that it misses unwidened.
    """
    embedder, why = load_embedder()
    if embedder is None:
        pytest.skip(f"the index needs an embedder: {why}")
    monkeypatch.setattr(index_module, "RANK_CAP", 20)
    monkeypatch.setattr(index_module, "POOL_WITH_TITLES", 40)
    rng = np.random.default_rng(5)
    query = _unit(1, seed=31)[0]
    language = _unit(1, seed=32)[0]
    languages = np.array(["sr-Cyrl"] * 100 + ["en"] * 200)
    claims = rng.standard_normal((300, 384)).astype(np.float32)
    claims[:100] += 12 * language
    claims[100:] += 8 * query  # English fact-checks on the claim's topic
    claims /= np.linalg.norm(claims, axis=1, keepdims=True)
    gold = 0
    claims[gold] = 0.26 * query + 0.6 * language + 0.3 * _unit(1, seed=33)[0]
    claims[gold] /= np.linalg.norm(claims[gold])
    titles = claims + 0.3 * _unit(300, seed=34) + np.where(languages[:, None] == "en", 0.05 * query, 0.0)
    titles = (titles / np.linalg.norm(titles, axis=1, keepdims=True)).astype(np.float32)
    factchecks = [
        FactCheck(f"fc-{i}", "test", f"claim {i}", title=f"title {i}", language=str(lang))
        for i, lang in enumerate(languages)
    ]
    cache = _Vectors(
        [f.claim for f in factchecks] + [f.title for f in factchecks],
        np.vstack([claims, titles]),
        embedder.name,
    )
    found = {}
    for widen in (False, True):
        index = FactCheckIndex(factchecks, embedder=embedder, cache=cache, embed_titles=True, stretch=widen)
        found[widen] = index, index.candidates(["nothing"], query, per_side=5, language="en")
    unwidened = found[False][1]
    assert gold not in unwidened.indices  # below the English topic, out of the pool
    index, cands = found[True]
    assert cands.cosine is not None and cands.cosine_title is not None and cands.vector_move is not None
    best = np.maximum(cands.cosine, cands.cosine_title)
    assert int(cands.indices[np.argmax(best)]) == gold
    # the formula, candidate by candidate: the shift and centre as language_levels gives them,
    # the stretch from the reference, titles widened about their own mean
    reference = language_reference(embedder.name, "query", embedder.dim)
    assert reference is not None
    tags = ["en", "sr-cyrl"]
    group = np.where(languages == "en", 0, 1)
    raw, raw_title = claims @ query, titles @ query
    sums = np.array([raw[group == g].sum() for g in (0, 1)], dtype=np.float64)
    counts = np.array([200.0, 100.0])
    rows, known = reference.rows(tags)
    shift, centre = language_levels(sums, counts, rows @ query.astype(np.float64), known, own_group=0)
    stretch = reference.stretch("en", tags)
    assert stretch.tolist() == pytest.approx([1.0, 1.489], abs=0.001)
    title_offset = np.array([(raw_title - raw)[group == g].mean() for g in (0, 1)])

    def moved(cos: np.ndarray, centres: np.ndarray) -> np.ndarray:
        return cos + shift[group] + (stretch[group] - 1) * (cos - centres[group])

    picked = cands.indices
    assert np.allclose(cands.cosine, moved(raw, centre)[picked], atol=1e-5)
    assert np.allclose(cands.cosine_title, moved(raw_title, centre + title_offset)[picked], atol=1e-5)
    assert np.allclose(cands.vector_move, best - np.maximum(raw, raw_title)[picked], atol=1e-5)
    assert shift[0] == 0 and shift[1] == pytest.approx(LANGUAGE_MAX_SHIFT)  # capped: the means lie far apart
    matches = Matcher(index).rank(Query("claim", ["nothing"], query, signals("claim"), language="en"), k=5)
    assert {m.factcheck.language for m in matches if m.factcheck} == {"en", "sr-Cyrl"}
    for match in matches:  # the explanation's move leaves the raw cosine beneath, in either language
        at = index.position(match.factcheck_id)
        explained = match.explanation["vector_score"] - match.explanation["vector_language_shift"]
        assert explained == pytest.approx(max(raw[at], raw_title[at]), abs=2e-4)
