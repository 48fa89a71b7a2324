"""A query adapter: a small learned correction of e5 query vectors toward the fact-checks they match.

e5 was not trained on tweets against fact-check summaries ("A video shows ..."). A low-rank linear
map added to the query vector (v + v·D·U, renormalised), fitted on train pairs with a softmax over
each query's gold fact-check and its 99 nearest wrong ones, moves queries toward the way a
collection words its claims. Its cosine enters the re-ranker as two extra features beside the raw
ones (replacing the raw vector lost information: on CheckThat! 2020 dev the re-ranker fell from
0.928 to 0.917 MAP@5; beside it, 0.936). The re-ranker must learn how far to trust the adapted
cosine from pairs the adapter did not see, so its training rows use out-of-fold adapted vectors
(:func:`out_of_fold`). Only the numbers in a model file change between collections; a re-ranker
without an adapter works as before. The adapted cosine takes the language shift computed for the
raw query (analyse/claims/language_shift.py); the one shipped adapter was fitted on an English-only
collection and has not been measured on a multilingual store.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "QueryAdapter",
    "fit_adapter",
    "out_of_fold",
    "loss_and_gradients",
    "ADAPTER_FEATURES",
    "adapted_cosines",
]

ADAPTER_FEATURES = ["cos_adapted", "cos_adapted_gap"]
Matrix = npt.NDArray[np.float32]


@dataclass(frozen=True)
class QueryAdapter:
    """v -> normalise(v + (v @ down) @ up), a rank-r correction of a query vector."""

    down: Matrix  # (dim, rank)
    up: Matrix  # (rank, dim)

    def apply(self, vectors: Matrix) -> Matrix:
        """Adapted unit vectors, one per row (or one vector)."""
        moved = vectors + (vectors @ self.down) @ self.up
        norm = np.linalg.norm(moved, axis=-1, keepdims=True)
        return np.asarray(moved / np.maximum(norm, 1e-12), dtype=np.float32)

    def to_json(self) -> dict[str, Any]:
        """The two matrices as nested lists (6 decimals: moves an adapted vector by under 1e-6)."""
        return {
            "down": np.round(self.down.astype(np.float64), 6).tolist(),
            "up": np.round(self.up.astype(np.float64), 6).tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], dim: int | None = None) -> QueryAdapter:
        """Read :meth:`to_json`'s output; ValueError if the shapes do not fit or a value is not finite."""
        down = np.asarray(data["down"], dtype=np.float32)
        up = np.asarray(data["up"], dtype=np.float32)
        if down.ndim != 2 or up.shape != (down.shape[1], down.shape[0]) or (dim and down.shape[0] != dim):
            raise ValueError(f"adapter shapes {down.shape} and {up.shape} do not fit")
        if not (np.isfinite(down).all() and np.isfinite(up).all()):
            raise ValueError("adapter holds values that are not finite")
        return cls(down, up)


def adapted_cosines(
    adapted: Matrix, claims: Matrix, titles: Matrix, indices: npt.NDArray[np.int64], shift: Matrix | None
) -> npt.NDArray[np.float64]:
    """ADAPTER_FEATURES for the candidates at *indices*.

    The adapted cosine (claim or title, the better, plus the candidate's language shift) and its
    gap to the best candidate's.
    """
    best = np.maximum(claims[indices] @ adapted, titles[indices] @ adapted).astype(np.float64)
    if shift is not None:
        best += shift
    gap = best - (best.max() if len(best) else 0.0)
    return np.column_stack([best, gap])


def loss_and_gradients(
    queries: Matrix, candidates: Matrix, down: Matrix, up: Matrix, *, l2: float, temperature: float
) -> tuple[float, Matrix, Matrix]:
    """The objective :func:`fit_adapter` descends, and its gradients in *down* and *up*.

    Mean softmax cross-entropy of each query's gold (column 0 of *candidates*, shape (n, k, dim))
    among its candidates at *temperature*, plus l2/2 times the squared norms of both matrices.
    """
    moved = queries + (queries @ down) @ up
    norm = np.linalg.norm(moved, axis=1, keepdims=True)
    unit = moved / norm
    logits = np.einsum("nd,nkd->nk", unit, candidates) / temperature
    logits -= logits.max(axis=1, keepdims=True)
    prob = np.exp(logits)
    prob /= prob.sum(axis=1, keepdims=True)
    loss = float(-np.log(prob[:, 0]).mean()) + l2 / 2 * float((down**2).sum() + (up**2).sum())
    prob[:, 0] -= 1.0  # d(cross-entropy)/d(logits) with the gold in column 0
    d_unit = np.einsum("nk,nkd->nd", prob / (len(queries) * temperature), candidates)
    d_moved = (d_unit - unit * (d_unit * unit).sum(axis=1, keepdims=True)) / norm
    return loss, queries.T @ (d_moved @ up.T) + l2 * down, (queries @ down).T @ d_moved + l2 * up


def fit_adapter(
    queries: Matrix,
    positives: list[list[int]],
    rows: Matrix,
    *,
    rank: int = 16,
    l2: float = 0.01,
    temperature: float = 0.02,
    steps: int = 300,
    candidates: int = 100,
    learning_rate: float = 0.01,
    seed: int = 0,
) -> QueryAdapter:
    """Fit an adapter that puts each query's gold row first among its nearest wrong rows.

    Each query's softmax runs over *candidates* rows: its (first) gold row and the nearest wrong
    ones by raw cosine (99 by default). Adam, full batch; seeded, so deterministic for one numpy
    build. *queries*: one unit vector per training query; *positives*: each query's gold row
    indices in *rows* (queries without one are skipped); *rows*: the collection's unit vectors.
    """
    keep = [i for i, gold in enumerate(positives) if gold]
    if not keep:
        raise ValueError("no training query has a fact-check in the collection")
    q = np.asarray(queries[keep], dtype=np.float32)
    gold = [positives[i] for i in keep]
    sims = q @ rows.T
    width = min(candidates, len(rows))
    chosen = np.empty((len(q), width), dtype=np.int64)
    for i, (s, g) in enumerate(zip(sims, gold, strict=True)):
        nearest = np.argsort(-s)[: width + len(g)]
        wrong = [int(j) for j in nearest if j not in g][: width - 1]
        chosen[i] = [g[0], *wrong] + [g[0]] * (width - 1 - len(wrong))  # padded only in tiny collections
    cand = rows[chosen]  # (n, k, dim); column 0 is the gold row
    rng = np.random.default_rng(seed)
    dim = q.shape[1]
    down = (rng.standard_normal((dim, rank)) * 0.01).astype(np.float32)
    up = np.zeros((rank, dim), dtype=np.float32)
    moments = [np.zeros_like(down), np.zeros_like(down), np.zeros_like(up), np.zeros_like(up)]
    for step in range(1, steps + 1):
        _, *grads = loss_and_gradients(q, cand, down, up, l2=l2, temperature=temperature)
        for param, grad, first, second in zip((down, up), grads, moments[0::2], moments[1::2], strict=True):
            first *= 0.9
            first += 0.1 * grad
            second *= 0.999
            second += 0.001 * grad * grad
            param -= learning_rate * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return QueryAdapter(down, up)


def out_of_fold(
    queries: Matrix, positives: list[list[int]], rows: Matrix, *, folds: int = 5, **fit: Any
) -> Matrix:
    """Each query adapted by an adapter fitted on the other folds (query i is in fold i mod *folds*)."""
    fold_of = np.arange(len(queries)) % folds
    out = np.empty_like(queries, dtype=np.float32)
    for fold in range(folds):
        held = fold_of == fold
        adapter = fit_adapter(
            queries[~held], [p for p, h in zip(positives, held, strict=True) if not h], rows, **fit
        )
        out[held] = adapter.apply(queries[held])
    return out
