"""Logistic regression in numpy: small, dependency-free models we train here and ship as JSON.

Standardised features, L2 penalty, full-batch Newton-free gradient descent (L-BFGS is overkill at
a few thousand rows and a few dozen features). The weights file records what it was trained on.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["LogisticModel", "fit_logistic"]

Array = npt.NDArray[np.float64]


def _sigmoid(z: Array) -> Array:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -35, 35))), dtype=np.float64)


@dataclass
class LogisticModel:
    """Weights over standardised features, plus metadata for provenance."""

    feature_names: list[str]
    mean: list[float]
    scale: list[float]
    weights: list[float]
    bias: float
    meta: dict[str, Any] = field(default_factory=dict)

    def decision(self, features: npt.ArrayLike) -> Array:
        """The linear score of each row."""
        x = (np.asarray(features, dtype=np.float64) - np.asarray(self.mean)) / np.asarray(self.scale)
        return np.asarray(x @ np.asarray(self.weights) + self.bias, dtype=np.float64)

    def predict_proba(self, features: npt.ArrayLike) -> Array:
        """P(positive) of each row."""
        return _sigmoid(self.decision(features))

    def save(self, path: Path) -> None:
        """Write the model as JSON."""
        path.write_text(json.dumps(self.__dict__, indent=1, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path | str) -> LogisticModel:
        """Read a model written by :meth:`save`."""
        return cls(**json.loads(Path(path).read_text(encoding="utf-8")))


def fit_logistic(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    feature_names: list[str],
    *,
    l2: float = 1.0,
    epochs: int = 3000,
    lr: float = 0.5,
    class_weight: str | None = None,
    nonnegative: Collection[str] = (),
) -> LogisticModel:
    """Fit by gradient descent on the mean log-loss plus ``l2/n * ||w||^2 / 2``.

    Features named in *nonnegative* keep a weight >= 0 (projected gradient): evidence that can only
    count for a match, whatever noise a rare feature meets in training.
    """
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    mean = xs.mean(axis=0)
    scale = xs.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (xs - mean) / scale
    n, d = z.shape
    sample_w = np.ones(n)
    if class_weight == "balanced":
        pos = max(1.0, ys.sum())
        neg = max(1.0, n - ys.sum())
        sample_w = np.where(ys > 0.5, n / (2 * pos), n / (2 * neg))
    w = np.zeros(d)
    b = 0.0
    keep_positive = [i for i, name in enumerate(feature_names) if name in nonnegative]
    for _ in range(epochs):
        p = _sigmoid(z @ w + b)
        err = (p - ys) * sample_w
        grad_w = z.T @ err / n + l2 * w / n
        grad_b = float(err.mean())
        w -= lr * grad_w
        b -= lr * grad_b
        w[keep_positive] = np.maximum(w[keep_positive], 0.0)
    return LogisticModel(list(feature_names), mean.tolist(), scale.tolist(), w.tolist(), b)


def fit_listwise(
    x: npt.ArrayLike,
    y: npt.ArrayLike,
    groups: npt.ArrayLike,
    feature_names: list[str],
    *,
    l2: float = 1.0,
    epochs: int = 2000,
    lr: float = 0.5,
    nonnegative: Collection[str] = (),
) -> LogisticModel:
    """Fit a linear ranker with the listwise softmax loss (ListNet, top-1).

    For each query, the softmax of its candidates' scores should put the mass on the relevant ones.
    This optimises ranking directly, which the pointwise log-loss (with one positive among a hundred
    candidates) does not.

    The returned model's ``predict_proba`` is the sigmoid of the score; calibrate tiers on dev.
    *nonnegative* as in :func:`fit_logistic`.
    """
    xs = np.asarray(x, dtype=np.float64)
    ys = np.asarray(y, dtype=np.float64)
    gs = np.asarray(groups)
    mean = xs.mean(axis=0)
    scale = xs.std(axis=0)
    scale[scale < 1e-9] = 1.0
    z = (xs - mean) / scale
    starts = np.flatnonzero(np.r_[True, gs[1:] != gs[:-1]])
    bounds = list(zip(starts, np.r_[starts[1:], len(gs)], strict=True))
    keep = [(s, e) for s, e in bounds if ys[s:e].sum() > 0]
    target = np.zeros_like(ys)
    for s, e in keep:
        target[s:e] = ys[s:e] / ys[s:e].sum()
    w = np.zeros(z.shape[1])
    keep_positive = [i for i, name in enumerate(feature_names) if name in nonnegative]
    n_queries = max(1, len(keep))
    for _ in range(epochs):
        scores = z @ w
        grad = np.zeros_like(w)
        for s, e in keep:
            part = scores[s:e] - scores[s:e].max()
            p = np.exp(part)
            p /= p.sum()
            grad += z[s:e].T @ (p - target[s:e])
        w -= lr * (grad / n_queries + l2 * w / n_queries)
        w[keep_positive] = np.maximum(w[keep_positive], 0.0)
    # A bias that makes sigmoid(score) a usable, if uncalibrated, probability: centre on the top scores.
    bias = -float(np.median([(z[s:e] @ w).max() for s, e in keep])) if keep else 0.0
    return LogisticModel(list(feature_names), mean.tolist(), scale.tolist(), w.tolist(), bias)


def platt_calibrate(
    model: LogisticModel, probabilities: npt.ArrayLike, labels: npt.ArrayLike
) -> tuple[float, float]:
    """Rescale *model* in place so that its sigmoid output is a calibrated probability (Platt scaling).

    Fits ``p = sigmoid(a * s + b)`` on held-out (score, label) pairs, where ``s`` is the model's current
    decision value, and folds ``a`` and ``b`` into the weights. Returns (a, b).
    """
    p = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-12, 1 - 1e-12)
    s = np.log(p / (1 - p)).reshape(-1, 1)
    fit = fit_logistic(s, labels, ["score"], l2=1e-3)
    a = fit.weights[0] / fit.scale[0]
    b = fit.bias - fit.weights[0] * fit.mean[0] / fit.scale[0]
    model.weights = [w * a for w in model.weights]
    model.bias = model.bias * a + b
    return float(a), float(b)
