"""Check-worthiness benchmark: CheckThat! 2022 Task 1A, our model beside the official baselines.

A score is only meaningful next to a reference measured the same way, so :func:`evaluate`
scores the model *and* re-runs the lab's baselines on the same rows in the same run:

* ``ngram``: the organisers' n-gram baseline (``task1/baselines/subtask_1.py`` in the lab
  repository): word-unigram TF-IDF (lower-cased, ``max_df=0.95``, ``min_df=3``, at most 5,000
  terms) and a linear SVM (``SVC(kernel="linear", C=1)``) trained on the ``train`` split of the
  same language. Reimplemented here in numpy: TF-IDF as scikit-learn defines it and the SVM
  by SMO with libsvm's working-set selection, so no scikit-learn is needed.
* ``random``: labels drawn from the gold labels of the evaluated rows (the lab's random
  baseline), with a fixed seed.

The official measure of subtask 1A is F1 of the positive (check-worthy) class.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from hybridwatch.eval.metrics import accuracy, precision_recall_f1

__all__ = [
    "Example",
    "Scorer",
    "NgramBaseline",
    "load_split",
    "evaluate",
    "binary_report",
    "PUBLISHED",
    "SPLITS",
]

SPLITS = ("train", "dev", "dev_test")
LANGUAGES = {
    "english": "en",
    "bulgarian": "bg",
    "arabic": "ar",
    "dutch": "nl",
    "spanish": "es",
    "turkish": "tr",
}

# What the organisers published, for the report. The baseline *definition* is read from the lab
# repository; the test-set numbers are in Table 5 of the overview paper, which could not be
# retrieved while this was written, so they are left empty rather than quoted from memory.
PUBLISHED: dict[str, Any] = {
    "task": "CLEF-2022 CheckThat! Task 1A (check-worthiness of tweets), F1 of the positive class",
    "baselines_source": (
        "https://gitlab.com/checkthat_lab/clef2022-checkthat-lab/clef2022-checkthat-lab "
        "task1/baselines/subtask_1.py and task1/README.md (mirror: github.com/matttang7/CLEF2022-Task1 "
        "@8a9bf00c): majority, random and n-gram baselines, trained on train, scored on dev_test"
    ),
    "results_source": (
        "Nakov et al. 2022, Overview of the CLEF-2022 CheckThat! Lab Task 1 on Identifying Relevant "
        "Claims in Tweets, CEUR-WS Vol-3180 paper-28, https://ceur-ws.org/Vol-3180/paper-28.pdf"
    ),
    "test": {
        "en": {"ngram_baseline_f1": None, "best_team": None, "best_f1": None},
        "bg": {"ngram_baseline_f1": None, "best_team": None, "best_f1": None},
    },
    "dev_test": {"note": "the organisers published no dev_test numbers for 2022; ours are measured"},
}


@dataclass(frozen=True)
class Example:
    """One labelled tweet."""

    tweet_id: str
    text: str
    label: int
    language: str


class Scorer(Protocol):
    """What :func:`evaluate` needs from a model (``CheckWorthiness`` satisfies it)."""

    name: str
    version: int
    method: str
    threshold: float

    def score(self, sentences: list[str], languages: list[str] | None = None) -> list[float]:
        """Probability of check-worthiness per text."""
        ...


def load_split(path: str | Path, split: str, *, limit: int | None = None) -> list[Example]:
    """Rows of *split* from a CheckThat! 1A ``.zip`` or ``.tsv`` (the first *limit* rows if given)."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}")
    name, raw = _read_member(Path(path), split)
    rows = list(csv.DictReader(io.StringIO(raw), delimiter="\t", quoting=csv.QUOTE_NONE))
    language = _language_of(name)
    examples = [Example(r["tweet_id"], r["tweet_text"], int(r["class_label"]), language) for r in rows]
    return examples[:limit] if limit is not None else examples


def _read_member(path: Path, split: str) -> tuple[str, str]:
    suffix = f"_{split}.tsv"
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.endswith(suffix):
                    return member, archive.read(member).decode("utf-8")
        raise FileNotFoundError(f"no *{suffix} in {path}")
    if not path.name.endswith(suffix):  # a sibling split of the given TSV
        path = path.with_name(re.sub(r"_(train|dev|dev_test)\.tsv$", suffix, path.name))
    return path.name, path.read_text(encoding="utf-8")


def _language_of(name: str) -> str:
    lowered = name.lower()
    return next((code for word, code in LANGUAGES.items() if word in lowered), "und")


def binary_report(gold: Sequence[int], pred: Sequence[int]) -> dict[str, float]:
    """F1 (positive class), precision, recall, accuracy and n, rounded for reports."""
    precision, recall, f1 = precision_recall_f1(gold, pred)
    return {
        "f1": round(f1, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "accuracy": round(accuracy(gold, pred), 4),
        "n": len(gold),
    }


def evaluate(
    model: Scorer,
    path: str | Path,
    split: str = "dev_test",
    *,
    limit: int | None = None,
    baselines: bool = True,
) -> dict[str, Any]:
    """Score *model* on one language's *split*, beside the baselines measured on the same rows."""
    rows = load_split(path, split, limit=limit)
    gold = [r.label for r in rows]
    scores = model.score([r.text for r in rows], [r.language for r in rows])
    pred = [int(s >= model.threshold) for s in scores]
    language = rows[0].language if rows else "und"
    out: dict[str, Any] = {
        "dataset": "CheckThat! 2022 Task 1A",
        "language": language,
        "split": split,
        "n": len(rows),
        "positives": sum(gold),
        "model": {
            "name": model.name,
            "version": model.version,
            "method": model.method,
            "threshold": round(model.threshold, 4),
            **binary_report(gold, pred),
        },
    }
    if baselines:
        train = load_split(path, "train")
        ngram = NgramBaseline().fit([r.text for r in train], [r.label for r in train])
        out["baseline"] = {
            "name": "ngram (official, reimplemented)",
            "trained_on": f"train (n={len(train)})",
            **binary_report(gold, ngram.predict([r.text for r in rows])),
        }
        rng = np.random.default_rng(0)
        out["random_baseline"] = {
            "name": "random (official)",
            **binary_report(gold, list(rng.choice(gold, len(gold)))),
        }
        out["published_test"] = PUBLISHED["test"].get(language)
    return out


_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern


class NgramBaseline:
    """The organisers' n-gram baseline: unigram TF-IDF and a linear SVM (C=1)."""

    def __init__(
        self, *, min_df: int = 3, max_df: float = 0.95, max_features: int = 5000, c: float = 1.0
    ) -> None:
        self.min_df, self.max_df, self.max_features, self.c = min_df, max_df, max_features, c
        self.vocabulary: dict[str, int] = {}
        self.idf = np.zeros(0)
        self.weights = np.zeros(0)
        self.rho = 0.0

    def fit(self, texts: list[str], labels: list[int]) -> NgramBaseline:
        """Build the vocabulary and train the SVM on *texts*."""
        tokens = [_TOKEN.findall(t.lower()) for t in texts]
        self._build_vocabulary(tokens)
        x = self._tfidf(tokens)
        y = np.where(np.asarray(labels) == 1, 1.0, -1.0)
        alpha, self.rho = _smo(x @ x.T, y, self.c)
        self.weights = (alpha * y) @ x
        return self

    def decision(self, texts: list[str]) -> npt.NDArray[np.float64]:
        """Signed distance to the SVM hyperplane; positive means check-worthy."""
        x = self._tfidf([_TOKEN.findall(t.lower()) for t in texts])
        out: npt.NDArray[np.float64] = x @ self.weights - self.rho
        return out

    def predict(self, texts: list[str]) -> list[int]:
        """Labels 1 (check-worthy) or 0."""
        return [int(d > 0) for d in self.decision(texts)]

    def _build_vocabulary(self, tokens: list[list[str]]) -> None:
        n = len(tokens)
        df = Counter(term for doc in tokens for term in set(doc))
        tf = Counter(term for doc in tokens for term in doc)
        kept = sorted(t for t, d in df.items() if self.min_df <= d <= self.max_df * n)
        kept = sorted(kept, key=lambda t: -tf[t])[: self.max_features]  # stable: ties stay alphabetical
        self.vocabulary = {term: i for i, term in enumerate(sorted(kept))}
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in sorted(kept)])

    def _tfidf(self, tokens: list[list[str]]) -> npt.NDArray[np.float64]:
        x = np.zeros((len(tokens), len(self.vocabulary)))
        for row, doc in enumerate(tokens):
            for term, count in Counter(doc).items():
                col = self.vocabulary.get(term)
                if col is not None:
                    x[row, col] = count
        x *= self.idf
        norms = np.linalg.norm(x, axis=1, keepdims=True)
        out: npt.NDArray[np.float64] = x / np.maximum(norms, 1e-12)
        return out


def _smo(
    kernel: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    c: float,
    *,
    eps: float = 1e-3,
    max_iter: int = 100_000,
) -> tuple[npt.NDArray[np.float64], float]:
    """C-SVC dual by SMO with libsvm's second-order working-set selection; returns (alpha, rho)."""
    n = len(y)
    alpha, grad, diag = np.zeros(n), -np.ones(n), np.diag(kernel).copy()
    for _ in range(max_iter):
        up = ((y > 0) & (alpha < c)) | ((y < 0) & (alpha > 0))
        low = ((y > 0) & (alpha > 0)) | ((y < 0) & (alpha < c))
        if not up.any() or not low.any():
            break
        minus_yg = -y * grad
        i = int(np.argmax(np.where(up, minus_yg, -np.inf)))
        g_max = minus_yg[i]
        grad_diff = g_max - np.where(low, minus_yg, np.inf)
        if g_max - float(np.min(np.where(low, minus_yg, np.inf))) < eps:
            break
        quad = np.maximum(diag[i] + diag - 2 * kernel[i], 1e-12)
        gain = np.where(low & (grad_diff > 0), -(grad_diff**2) / quad, np.inf)
        j = int(np.argmin(gain))
        _update_pair(alpha, grad, kernel, y, c, i, j)
    return alpha, _rho(alpha, grad, y, c)


def _update_pair(
    alpha: npt.NDArray[np.float64],
    grad: npt.NDArray[np.float64],
    kernel: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
    c: float,
    i: int,
    j: int,
) -> None:
    """Libsvm's analytic two-variable step, clipped to the box [0, C], and the gradient update."""
    old_i, old_j = alpha[i], alpha[j]
    quad = max(kernel[i, i] + kernel[j, j] - 2 * kernel[i, j], 1e-12)
    if y[i] != y[j]:
        delta = (-grad[i] - grad[j]) / quad
        new_i, new_j = _clip_opposite(old_i + delta, old_j + delta, old_i - old_j, c)
    else:
        delta = (grad[i] - grad[j]) / quad
        new_i, new_j = _clip_same(old_i - delta, old_j + delta, old_i + old_j, c)
    alpha[i], alpha[j] = new_i, new_j
    grad += y * (kernel[i] * y[i] * (new_i - old_i) + kernel[j] * y[j] * (new_j - old_j))


def _clip_opposite(ai: float, aj: float, diff: float, c: float) -> tuple[float, float]:
    """Keep ``ai - aj == diff`` inside the box (labels differ)."""
    if diff > 0 and aj < 0:
        ai, aj = diff, 0.0
    elif diff <= 0 and ai < 0:
        ai, aj = 0.0, -diff
    if diff > 0 and ai > c:
        ai, aj = c, c - diff
    elif diff <= 0 and aj > c:
        ai, aj = c + diff, c
    return ai, aj


def _clip_same(ai: float, aj: float, total: float, c: float) -> tuple[float, float]:
    """Keep ``ai + aj == total`` inside the box (labels agree)."""
    if total > c and ai > c:
        ai, aj = c, total - c
    elif total <= c and aj < 0:
        ai, aj = total, 0.0
    if total > c and aj > c:
        ai, aj = total - c, c
    elif total <= c and ai < 0:
        ai, aj = 0.0, total
    return ai, aj


def _rho(
    alpha: npt.NDArray[np.float64], grad: npt.NDArray[np.float64], y: npt.NDArray[np.float64], c: float
) -> float:
    """The bias as libsvm computes it: mean of y*G over free vectors, else the bound midpoint."""
    yg = y * grad
    free = (alpha > 0) & (alpha < c)
    if free.any():
        return float(np.mean(yg[free]))
    at_upper, at_lower = alpha >= c, alpha <= 0
    ub_mask = (at_upper & (y < 0)) | (at_lower & (y > 0))
    lb_mask = (at_upper & (y > 0)) | (at_lower & (y < 0))
    ub = float(np.min(yg[ub_mask])) if ub_mask.any() else np.inf
    lb = float(np.max(yg[lb_mask])) if lb_mask.any() else -np.inf
    return (ub + lb) / 2
