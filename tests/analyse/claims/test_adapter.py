"""The query adapter learns a collection's wording from train pairs; the re-ranker reads its cosine."""

from __future__ import annotations

from dataclasses import replace
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from hybridwatch.analyse._linear import LogisticModel
from hybridwatch.analyse.claims.adapter import (
    ADAPTER_FEATURES,
    QueryAdapter,
    fit_adapter,
    loss_and_gradients,
    out_of_fold,
)
from hybridwatch.analyse.claims.index import FactCheckIndex
from hybridwatch.analyse.claims.match import Matcher
from hybridwatch.analyse.claims.rerank import (
    FEATURES,
    SYMMETRIC_FEATURES,
    Reranker,
    index_layout,
    load_reranker,
    pair_features,
)
from hybridwatch.analyse.claims.train import fit_reranker, training_rows
from hybridwatch.analyse.embed import load_embedder
from hybridwatch.errors import InputError
from hybridwatch.eval.claim_retrieval import read_vclaims

from ...conftest import FIXTURES

DIM = 32


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=-1, keepdims=True)).astype(np.float32)


def _worded_apart(n_rows: int = 400, n_queries: int = 300, seed: int = 5):
    """Queries that say their row's claim in another wording: one shared direction pulls every query
    off (a "tweet style"), so raw cosines favour the rows that happen to lie along it."""
    rng = np.random.default_rng(seed)
    rows = _unit(rng.standard_normal((n_rows, DIM)))
    style = _unit(rng.standard_normal(DIM))
    gold = rng.integers(0, n_rows, n_queries)
    queries = _unit(rows[gold] + 1.6 * style + 0.1 * rng.standard_normal((n_queries, DIM)))
    return rows, queries, [[int(g)] for g in gold]


def _hit_rate(queries: np.ndarray, rows: np.ndarray, positives: list[list[int]]) -> float:
    return float(np.mean([int(np.argmax(rows @ q)) in p for q, p in zip(queries, positives, strict=True)]))


def test_an_adapter_fitted_on_train_pairs_finds_held_out_queries_better() -> None:
    rows, queries, positives = _worded_apart()
    train, test = slice(0, 200), slice(200, 300)
    adapter = fit_adapter(queries[train], positives[train], rows, rank=4, l2=0.01, temperature=0.05)
    before = _hit_rate(queries[test], rows, positives[test])
    after = _hit_rate(adapter.apply(queries[test]), rows, positives[test])
    assert before < 0.6 and after > 0.95, (before, after)  # 0.43 -> 1.0 when written
    moved = adapter.apply(queries[test])
    assert moved.shape == queries[test].shape and np.allclose(np.linalg.norm(moved, axis=1), 1, atol=1e-5)
    assert np.allclose(adapter.apply(queries[200]), moved[0], atol=1e-6)  # one vector as a batch row
    again = fit_adapter(queries[train], positives[train], rows, rank=4, l2=0.01, temperature=0.05)
    assert np.array_equal(again.down, adapter.down) and np.array_equal(again.up, adapter.up)  # seeded


def test_the_gradient_is_the_objective_s() -> None:
    """Finite differences in float64 on a small problem: the descent follows the loss it states."""
    rng = np.random.default_rng(9)
    n, k, dim, rank = 6, 5, 12, 3
    queries = _unit(rng.standard_normal((n, dim))).astype(np.float64)
    candidates = _unit(rng.standard_normal((n, k, dim))).astype(np.float64)
    down = rng.standard_normal((dim, rank)) * 0.3
    up = rng.standard_normal((rank, dim)) * 0.3  # not zero: both gradients are exercised
    settings = {"l2": 0.05, "temperature": 0.1}
    _, grad_down, grad_up = loss_and_gradients(queries, candidates, down, up, **settings)
    for param, grad in ((down, grad_down), (up, grad_up)):
        numeric = np.zeros_like(param)
        for index in np.ndindex(param.shape):
            keep = param[index]
            param[index] = keep + 1e-6
            above = loss_and_gradients(queries, candidates, down, up, **settings)[0]
            param[index] = keep - 1e-6
            below = loss_and_gradients(queries, candidates, down, up, **settings)[0]
            param[index] = keep
            numeric[index] = (above - below) / 2e-6
        assert np.allclose(grad, numeric, rtol=1e-4, atol=1e-7)


def test_out_of_fold_vectors_never_come_from_an_adapter_that_saw_the_query() -> None:
    rows, queries, positives = _worded_apart(n_queries=50)
    fit = {"rank": 4, "l2": 0.01, "temperature": 0.05, "steps": 60}
    base = out_of_fold(queries, positives, rows, folds=5, **fit)
    relabelled = [list(p) for p in positives]
    relabelled[7] = [(positives[7][0] + 1) % len(rows)]  # query 7 (fold 2) says another row is its gold
    changed = out_of_fold(queries, relabelled, rows, folds=5, **fit)
    assert np.array_equal(changed[7], base[7])  # its own vector comes from the folds without it
    others = [i for i in range(len(queries)) if i % 5 != 2]
    assert not np.allclose(changed[others], base[others])  # the adapters that saw it moved
    with pytest.raises(ValueError, match="no training query"):
        fit_adapter(queries, [[] for _ in queries], rows)


def test_an_adapter_survives_its_json_and_refuses_a_damaged_one() -> None:
    rows, queries, positives = _worded_apart(n_queries=60)
    adapter = fit_adapter(queries, positives, rows, rank=3, steps=20)
    back = QueryAdapter.from_json(adapter.to_json(), dim=DIM)
    assert np.allclose(back.apply(queries), adapter.apply(queries), atol=1e-5)
    data = adapter.to_json()
    with pytest.raises(ValueError, match="do not fit"):
        QueryAdapter.from_json(data, dim=DIM + 1)
    with pytest.raises(ValueError, match="do not fit"):
        QueryAdapter.from_json({"down": data["down"], "up": data["up"][:-1]})
    with pytest.raises(ValueError, match="not finite"):
        QueryAdapter.from_json({"down": data["down"], "up": [[float("nan")] * DIM] * 3})


def test_a_re_ranker_with_an_adapter_reads_two_more_features_and_saves_them(tmp_path: Path) -> None:
    embedder, why = load_embedder()
    if embedder is None:
        pytest.skip(f"needs the embedding model: {why}")
    factchecks = read_vclaims(FIXTURES / "checkthat" / "vclaims")
    index = FactCheckIndex(factchecks, embedder=embedder)
    matcher = Matcher(index)
    texts = ["KFOR occupies Kosovo", "Bondsteel will store nuclear weapons", "Serbia bought S-400 in 2019"]
    gold = [{"vclaim-kfor"}, {"vclaim-bondsteel"}, {"vclaim-s400"}]
    queries = matcher.prepare(texts)
    vectors = np.stack([q.vector for q in queries])
    positives = [[index.position(next(iter(g)))] for g in gold]
    assert index.vectors is not None
    adapter = fit_adapter(vectors, positives, index.vectors, rank=2, steps=30)
    with pytest.raises(ValueError, match="out-of-fold"):
        fit_reranker(matcher, queries, gold, adapter=adapter)
    adapted = out_of_fold(vectors, positives, index.vectors, folds=3, rank=2, steps=30)
    reranker = fit_reranker(matcher, queries, gold, adapter=adapter, adapted=adapted, l2=1.0)
    assert reranker.model.feature_names == FEATURES + ADAPTER_FEATURES == reranker.features
    path = tmp_path / "rerank.json"
    reranker.save(path)
    loaded = Reranker.load(path)
    assert loaded.adapter is not None and np.allclose(loaded.adapter.up, adapter.up, atol=1e-6)
    with_adapter = Matcher(index, loaded)
    best = with_adapter.match("KFOR is an occupation force in Kosovo", k=2)[0]
    assert best.factcheck_id == "vclaim-kfor" and np.isfinite(best.score)
    assert best.explanation["query_adapter"] == "rank 2" == with_adapter.system()["query_adapter"]
    assert 0 < best.explanation["adapted_vector_score"] <= 1.0001
    default = load_reranker()
    plain_index = FactCheckIndex(factchecks, embedder=embedder, **index_layout(default))
    plain = Matcher(plain_index, default).match("KFOR is an occupation force in Kosovo", k=1)[0]
    assert plain.explanation["query_adapter"] is None and plain.explanation["adapted_vector_score"] is None
    cands = index.candidates(queries[0].tokens, queries[0].vector)
    rows = loaded.feature_rows(queries[0], cands, index)
    assert rows.shape == (len(cands.indices), len(FEATURES) + 2)
    assert rows[:, -1].max() == 0 and (rows[:, -2] <= 1.0 + 1e-6).all()  # the best has no gap
    # training reads the same columns serving does, given the same adapted vectors
    trained, _, _ = training_rows(matcher, queries, gold, loaded.adapter.apply(vectors))
    served = np.vstack([loaded.feature_rows(q, index.candidates(q.tokens, q.vector), index) for q in queries])
    assert np.allclose(trained, served)
    assert not np.allclose(
        trained[:, -2],
        np.vstack([pair_features(q, index.candidates(q.tokens, q.vector), index) for q in queries])[
            :, FEATURES.index("cos_best")
        ],
    )
    no_vector = replace(queries[0], vector=None)  # zeros, never a row the model cannot read
    assert not loaded.feature_rows(no_vector, cands, index)[:, -2:].any()
    with pytest.raises(ValueError, match="adapted vectors for"):
        fit_reranker(matcher, queries, gold, adapter=adapter, adapted=adapted[:2])
    narrow = Reranker(loaded.model, 0.5, 0.1, adapter=QueryAdapter(adapter.down[:10], adapter.up[:, :10]))
    with pytest.raises(ValueError, match="10-dimensional"):
        Matcher(index, narrow)
    # a file whose features and adapter disagree is refused (load_reranker: None, the product falls back)
    stripped = LogisticModel.load(path)
    stripped.meta["adapter"] = None  # null reads as none
    stripped.save(tmp_path / "stripped.json")
    with pytest.raises(ValueError, match="other features"):
        Reranker.load(tmp_path / "stripped.json")
    with pytest.raises(InputError, match="stripped.json cannot be used: .*other features"):
        load_reranker(tmp_path / "stripped.json")  # a model the user names is never silently dropped


def test_the_shipped_models_2020_has_an_adapter_and_a_query_view_and_2a_neither() -> None:
    models = resources.files("hybridwatch.analyse.claims") / "models"
    model_2020 = load_reranker(str(models / "rerank-2020.json"))
    model_2a = load_reranker()
    assert model_2020 is not None and model_2a is not None
    # one version, two models: the names recorded with each match tell them apart
    assert model_2020.name.startswith("core.claims.rerank.v1 (2020, ") and "(2a, " in model_2a.name
    assert model_2020.name != model_2a.name.replace("2a", "2020")
    name = model_2a.name
    model_2a.model.weights[0] += 0.001  # any change to what decides a score changes the fingerprint
    assert model_2a.name != name
    assert model_2020.adapter is not None and model_2020.query_view
    assert model_2020.features == FEATURES + ADAPTER_FEATURES + SYMMETRIC_FEATURES
    assert model_2020.adapter.down.shape[0] == 384
    assert model_2a.adapter is None and not model_2a.query_view and model_2a.features == FEATURES


def test_a_query_view_adds_the_symmetric_cosine_and_travels_with_the_model(tmp_path: Path) -> None:
    """The 2020 model reads the claim's cosine to fact-checks embedded as e5 queries too."""
    embedder, why = load_embedder()
    if embedder is None:
        pytest.skip(f"needs the embedding model: {why}")
    factchecks = read_vclaims(FIXTURES / "checkthat" / "vclaims")
    with pytest.raises(ValueError, match="needs passages"):
        FactCheckIndex(factchecks, embedder=embedder, query_view=True)
    index = FactCheckIndex(factchecks, embedder=embedder, embed_titles=True, passages=True, query_view=True)
    assert index.layout == {"embed_titles": True, "passages": True, "query_view": True}
    claims = [f.claim for f in index.factchecks]
    titles = [f.title or f.claim for f in index.factchecks]
    assert index.query_vectors is not None and index.query_title_vectors is not None
    assert np.allclose(index.query_vectors, embedder.embed(claims, "query"), atol=1e-5)
    assert np.allclose(index.query_title_vectors, embedder.embed(titles, "query"), atol=1e-5)
    matcher = Matcher(index)
    texts = ["KFOR occupies Kosovo", "Bondsteel will store nuclear weapons", "Serbia bought S-400 in 2019"]
    gold = [{"vclaim-kfor"}, {"vclaim-bondsteel"}, {"vclaim-s400"}]
    queries = matcher.prepare(texts)
    reranker = fit_reranker(matcher, queries, gold, l2=1.0, meta=index.layout)
    assert reranker.query_view and reranker.features == FEATURES + SYMMETRIC_FEATURES
    cands = index.candidates(queries[0].tokens, queries[0].vector)
    rows = reranker.feature_rows(queries[0], cands, index)
    expected = np.maximum(
        index.query_vectors[cands.indices] @ queries[0].vector,
        index.query_title_vectors[cands.indices] @ queries[0].vector,
    )
    assert rows.shape[1] == len(reranker.features) and np.allclose(rows[:, -1], expected, atol=1e-6)
    assert not np.allclose(rows[:, -1], rows[:, FEATURES.index("cos_best")], atol=1e-3)  # another view
    path = tmp_path / "rerank.json"
    reranker.save(path)
    loaded = Reranker.load(path)
    assert loaded.query_view and index_layout(loaded)["query_view"]
    found = Matcher(index, loaded)
    assert found.system()["factcheck_vectors"] == "claim and title, as e5 passages and as queries"
    best = found.match("KFOR is an occupation force in Kosovo", k=1)[0]
    assert best.factcheck_id == "vclaim-kfor" and best.explanation["adapted_vector_score"] is None
    with pytest.raises(ValueError, match="index is embedded as"):  # a passage index without the view
        Matcher(FactCheckIndex(factchecks, embedder=embedder, embed_titles=True, passages=True), loaded)
