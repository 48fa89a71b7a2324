"""Fitting the re-ranker and the tiers from labelled claim/fact-check pairs (CheckThat! format)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from hybridwatch.analyse._linear import fit_listwise, fit_logistic
from hybridwatch.analyse.claims.adapter import QueryAdapter
from hybridwatch.analyse.claims.match import Matcher
from hybridwatch.analyse.claims.rerank import (
    EVIDENCE_ONLY,
    Query,
    Reranker,
    model_features,
    pair_features,
)

__all__ = ["training_rows", "fit_reranker", "fit_tiers", "rank_ids", "wilson_lower"]


def training_rows(
    matcher: Matcher,
    queries: Sequence[Query],
    relevant: Sequence[set[str]],
    adapted: npt.NDArray[np.float32] | None = None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], list[int]]:
    """Feature rows of every candidate of every query, labels, and the query each row belongs to.

    With *adapted* (one adapted vector per query, out of fold) the rows gain ADAPTER_FEATURES, and
    SYMMETRIC_FEATURES when the index has a query view.
    """
    xs, ys, groups = [], [], []
    for qi, (query, gold) in enumerate(zip(queries, relevant, strict=True)):
        cands = matcher.index.candidates(query.tokens, query.vector, language=query.language)
        if len(cands.indices) == 0:
            continue
        adapted_vector = adapted[qi] if adapted is not None else None
        symmetric = matcher.index.layout["query_view"]
        xs.append(pair_features(query, cands, matcher.index, adapted_vector, symmetric=symmetric))
        hits = [not gold.isdisjoint(matcher.index.ids_at(int(i))) for i in cands.indices]
        ys.append(np.array(hits, dtype=np.float64))
        groups.extend([qi] * len(hits))
    return np.vstack(xs), np.concatenate(ys), groups


def fit_reranker(
    matcher: Matcher,
    queries: Sequence[Query],
    relevant: Sequence[set[str]],
    *,
    l2: float = 1.0,
    loss: str = "pointwise",
    meta: Mapping[str, Any] | None = None,
    adapter: QueryAdapter | None = None,
    adapted: npt.NDArray[np.float32] | None = None,
) -> Reranker:
    """Fit the re-ranker on train queries (thresholds are fitted separately, on dev).

    *loss* is "pointwise" (logistic regression) or "listwise" (softmax over each query's candidates).
    With an *adapter* (fitted on all train queries) the model also reads its cosine, learned from
    *adapted*: the train queries adapted out of fold (:func:`.adapter.out_of_fold`).
    """
    if (adapter is None) != (adapted is None):
        raise ValueError("an adapter needs the out-of-fold adapted train vectors, and only then")
    if adapted is not None and len(adapted) != len(queries):
        raise ValueError(f"{len(adapted)} adapted vectors for {len(queries)} queries")
    x, y, groups = training_rows(matcher, queries, relevant, adapted)
    names = model_features(adapter, matcher.index.layout["query_view"])
    if loss == "listwise":
        model = fit_listwise(x, y, groups, names, l2=l2, nonnegative=EVIDENCE_ONLY)
    else:
        model = fit_logistic(x, y, names, l2=l2, nonnegative=EVIDENCE_ONLY)
    model.meta.update(
        {
            "name": "core.claims.rerank.v1",
            "loss": loss,
            "train_pairs": int(len(y)),
            "train_positives": int(y.sum()),
            **(meta or {}),
        }
    )
    return Reranker(model, auto_threshold=1.0, suggest_threshold=1.0, adapter=adapter)


def rank_ids(matcher: Matcher, queries: Sequence[Query], k: int) -> list[list[tuple[str, float]]]:
    """(fact-check id, score) lists, best first, for evaluation."""
    return [[(m.factcheck_id, m.score) for m in matcher.rank(q, k)] for q in queries]


def fit_tiers(
    top1: Sequence[tuple[float, bool]],
    all_scored: Sequence[tuple[float, bool]],
    *,
    auto_precision: float = 0.95,
    suggest_precision: float = 0.5,
    min_support: int = 10,
) -> tuple[float, float]:
    """Fit the tier thresholds on dev.

    ``auto`` is where top-1 precision reaches *auto_precision*; ``suggest`` is where the precision of
    any candidate above it reaches *suggest_precision*. "Reaches" means with 95% confidence (the
    Wilson lower bound): dev is a few hundred English tweets and the claims in the wild are not, so
    a threshold that only just reaches its target on dev would miss it in use.
    """
    return (
        _threshold(top1, auto_precision, min_support),
        _threshold(all_scored, suggest_precision, min_support),
    )


def wilson_lower(hits: int, n: int, z: float = 1.645) -> float:
    """One-sided 95% lower confidence bound of a proportion (Wilson score interval)."""
    if n == 0:
        return 0.0
    p = hits / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def _threshold(scored: Sequence[tuple[float, bool]], precision: float, min_support: int) -> float:
    """The lowest score t such that what scores t or more has precision >= target (lower bound).

    Equal scores are one cut: a threshold cannot separate them. 1.0 when no cut qualifies.
    """
    by_score: dict[float, list[bool]] = {}
    for score, correct in scored:
        by_score.setdefault(score, []).append(correct)
    best, hits, n = 1.0, 0, 0
    for score in sorted(by_score, reverse=True):
        hits += sum(by_score[score])
        n += len(by_score[score])
        if n >= min_support and wilson_lower(hits, n) >= precision:
            best = score
    return float(best)
