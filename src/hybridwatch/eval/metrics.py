"""The evaluation metrics of the CLEF CheckThat! lab, in plain Python, for every benchmark here.

Claim detection (CheckThat! Task 1A) is scored with F1 of the positive class; claim retrieval
(Task 2, "has this been fact-checked?") with MAP@k, P@k and MRR. Reimplementing them (rather
than depending on ``trectools``/pandas) keeps the package light, but the numbers must match the
official scorers so ours can sit beside published ones. The definitions were checked against
the lab's code:

* Task 2 scorer (``clef2021/2022-checkthat-lab/task2/scorer/main.py``) calls
  ``trectools.TrecEval.get_map(depth=k)``, ``get_precision(depth=k)`` and
  ``get_reciprocal_rank()``. trectools divides the precisions at relevant ranks within the top
  *k* by the **total** number of relevant documents of the query (trec_eval's ``map_cut``), not
  by ``min(#relevant, k)``. :func:`average_precision_at_k` does the same by default; pass
  ``denominator="min"`` for the other convention (common on Kaggle), which only differs when a
  query has more than *k* relevant documents.
* P@k divides the relevant hits in the top *k* by *k*, even when fewer than *k* were returned.
* A document a run ranks twice counts once (at its first rank), so no score exceeds 1.
* Queries are averaged over the gold queries; a query with no ranking scores 0 (the official
  scorer refuses such a run, which amounts to the same thing for a complete run).
* How sure a mean over queries is: :func:`bootstrap_interval` (percentile bootstrap over queries,
  seeded); a paired comparison of two systems is the interval of their per-query differences.
* Task 1A: F1 of the positive class (``sklearn.metrics.f1_score(pos_label=1)``); 0 when there
  are no true positives, as sklearn reports with ``zero_division=0``.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Literal, TypeVar

__all__ = [
    "average_precision_at_k",
    "map_at_k",
    "precision_at_k",
    "mean_precision_at_k",
    "reciprocal_rank",
    "mrr",
    "precision_recall_f1",
    "f1_binary",
    "accuracy",
    "confusion",
    "bootstrap_interval",
]

Q = TypeVar("Q", bound=Hashable)
D = TypeVar("D", bound=Hashable)
Denominator = Literal["relevant", "min"]


def average_precision_at_k(
    ranked: Sequence[D], relevant: set[D] | frozenset[D], k: int, *, denominator: Denominator = "relevant"
) -> float:
    """AP@k of one ranking: precision at each relevant rank within the top *k*, averaged.

    >>> average_precision_at_k(["a", "x", "b"], {"a", "b"}, 3)  # (1/1 + 2/3) / 2
    0.8333333333333333
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if not relevant:
        return 0.0
    hits, total, found = 0, 0.0, set()
    for rank, doc in enumerate(ranked[:k], start=1):
        if doc in relevant and doc not in found:  # a document ranked twice is found once
            found.add(doc)
            hits += 1
            total += hits / rank
    norm = len(relevant) if denominator == "relevant" else min(len(relevant), k)
    return total / norm


def map_at_k(
    ranked: Mapping[Q, Sequence[D]],
    qrels: Mapping[Q, set[D] | frozenset[D]],
    k: int,
    *,
    denominator: Denominator = "relevant",
) -> float:
    """MAP@k over the gold queries (the official CheckThat! Task 2 measure is MAP@5)."""
    return _mean(
        average_precision_at_k(ranked.get(q, ()), rel, k, denominator=denominator) for q, rel in qrels.items()
    )


def precision_at_k(ranked: Sequence[D], relevant: set[D] | frozenset[D], k: int) -> float:
    """P@k of one ranking: relevant documents among the top *k*, divided by *k*."""
    if k < 1:
        raise ValueError("k must be at least 1")
    return len(relevant.intersection(ranked[:k])) / k  # a document ranked twice counts once


def mean_precision_at_k(
    ranked: Mapping[Q, Sequence[D]], qrels: Mapping[Q, set[D] | frozenset[D]], k: int
) -> float:
    """P@k averaged over the gold queries."""
    return _mean(precision_at_k(ranked.get(q, ()), rel, k) for q, rel in qrels.items())


def reciprocal_rank(ranked: Sequence[D], relevant: set[D] | frozenset[D], k: int | None = None) -> float:
    """1 / rank of the first relevant document (within the top *k* if given), else 0."""
    for rank, doc in enumerate(ranked[:k] if k else ranked, start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def mrr(
    ranked: Mapping[Q, Sequence[D]], qrels: Mapping[Q, set[D] | frozenset[D]], k: int | None = None
) -> float:
    """Mean reciprocal rank over the gold queries (trectools reads the top 1,000)."""
    return _mean(reciprocal_rank(ranked.get(q, ()), rel, k) for q, rel in qrels.items())


def bootstrap_interval(
    values: Sequence[float], *, level: float = 0.95, resamples: int = 2000, seed: int = 0
) -> tuple[float, float]:
    """A percentile bootstrap interval for the mean of per-query *values*, resampling queries.

    200 queries leave a MAP@5 near 0.97 uncertain by about +-0.02 (near 0.86, +-0.04): two figures
    closer than that are one figure. Seeded, so a run reproduces its interval. With fewer than two
    values there is nothing to resample: the interval is the mean itself ((0, 0) for none), which
    says nothing about certainty.
    """
    if not 0 < level < 1:
        raise ValueError("level must lie between 0 and 1")
    if resamples < 1:
        raise ValueError("resamples must be at least 1")
    items = list(values)
    if not items:
        return 0.0, 0.0
    draw, n = random.Random(seed).choices, len(items)
    means = sorted(sum(draw(items, k=n)) / n for _ in range(resamples))
    tail = (1 - level) / 2
    low = means[math.floor(tail * (resamples - 1))]
    high = means[math.ceil((1 - tail) * (resamples - 1))]
    return low, high


def confusion(gold: Sequence[int | bool], pred: Sequence[int | bool]) -> tuple[int, int, int, int]:
    """``(tp, fp, fn, tn)`` for binary labels, 1/True being the positive class."""
    if len(gold) != len(pred):
        raise ValueError(f"gold has {len(gold)} labels, pred has {len(pred)}")
    tp = fp = fn = tn = 0
    for g, p in zip(gold, pred, strict=True):
        if p and g:
            tp += 1
        elif p:
            fp += 1
        elif g:
            fn += 1
        else:
            tn += 1
    return tp, fp, fn, tn


def precision_recall_f1(gold: Sequence[int | bool], pred: Sequence[int | bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class; each is 0 when undefined."""
    tp, fp, fn, _ = confusion(gold, pred)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def f1_binary(gold: Sequence[int | bool], pred: Sequence[int | bool]) -> float:
    """F1 of the positive class: the official CheckThat! 2022 Task 1A measure."""
    return precision_recall_f1(gold, pred)[2]


def accuracy(gold: Sequence[int | bool], pred: Sequence[int | bool]) -> float:
    """Share of labels predicted right (0 for empty input)."""
    tp, _, _, tn = confusion(gold, pred)
    return (tp + tn) / len(gold) if gold else 0.0


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0
