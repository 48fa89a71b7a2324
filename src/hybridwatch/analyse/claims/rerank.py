"""Features of a (claim, fact-check) pair, the learned re-ranker over them, and the two tiers.

Retrieval finds candidates; this module decides. Its features are the retrievers' scores in
several normalisations, word overlap with claim and title, agreement of numbers, years, weapon
systems and names, and the distance in time. A logistic model trained on CheckThat! train pairs
turns them into a probability; tiers are probability thresholds fitted on dev.

Across languages lexical overlap is close to zero and means nothing, so for a cross-lingual pair
the lexical features are shrunk toward their training mean by ``cross_lingual_lexical`` (0.3, set
a priori, not tuned: no labelled cross-lingual split was left to tune it on), and the model leans
on the embedding.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from hybridwatch.analyse._linear import LogisticModel
from hybridwatch.analyse.claims.adapter import ADAPTER_FEATURES, QueryAdapter, adapted_cosines
from hybridwatch.analyse.claims.index import Candidates, FactCheckIndex, IndexLayout
from hybridwatch.analyse.claims.signals import Signals
from hybridwatch.errors import InputError

__all__ = [
    "FEATURES",
    "LEXICAL_FEATURES",
    "EVIDENCE_ONLY",
    "SYMMETRIC_FEATURES",
    "Reranker",
    "pair_features",
    "model_features",
    "Query",
    "load_reranker",
    "index_layout",
    "fused_score",
    "dates_named",
]

FEATURES = [
    "cos",
    "cos_title",
    "cos_best",
    "cos_gap",
    "rank_dense",
    "bm25_norm",
    "bm25_log",
    "rank_bm25",
    "claim_overlap",
    "title_overlap",
    "query_coverage",
    "rare_match",
    "num_match",
    "num_conflict",
    "year_match",
    "year_conflict",
    "system_match",
    "system_conflict",
    "name_overlap",
    "date_known",
    "date_near",
    "date_week",
    "date_month",
    "date_after",
    "date_named",
    "query_len",
]
LEXICAL_FEATURES = frozenset(
    {
        "bm25_norm",
        "bm25_log",
        "rank_bm25",
        "claim_overlap",
        "title_overlap",
        "query_coverage",
        "rare_match",
        "name_overlap",
    }
)
# Evidence that can only count for a match: trained with a weight >= 0. A fact-check naming the
# claim's month fires on about 0.5% of 2A training pairs, and unconstrained its weight came out
# slightly negative there (-0.04, positive on 2020: +0.25), so naming the month would have ranked lower.
EVIDENCE_ONLY = frozenset({"date_named"})
FUSION_BM25_WEIGHT = 0.2  # the plain fusion the learned model must beat
# Read by models trained on an index with a query view (IndexLayout.query_view): the claim's cosine
# to the fact-check's claim and title embedded as e5 queries, the better of the two.
SYMMETRIC_FEATURES = ["cos_symmetric"]


@dataclass
class Query:
    """One claim to match, prepared once: tokens, vector, signals, date and language."""

    text: str
    tokens: list[str]
    vector: npt.NDArray[np.float32] | None
    signals: Signals
    date: datetime | None = None
    language: str = "und"


def _jaccard_match(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """(agreement, conflict): overlap when both mention some; conflict when each names one the other lacks.

    "Turnout on 9 February was 38 %" and "turnout on 9 February was only 16.5 %" share the day but
    disagree on the figure; a claim that adds a detail the fact-check lacks does not conflict.
    """
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), float(len(a) > inter and len(b) > inter)


def _utc(moment: datetime) -> datetime:
    """Naive datetimes are taken as UTC, so that any two dates subtract."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def dates_named(date: datetime | None, sig: Signals) -> list[str]:
    """What of the claim's *date* a fact-check's text names: [], [year] or [year, year-month].

    Fact-checks often date the event they check ("a crowd in London chanting in June 2019"), and
    a sibling about the same person at another time names another year; this works where the
    fact-check's own publication date is unknown (the 2020 Snopes collection has none).
    """
    if date is None:
        return []
    year, month = str(date.year), f"{date.year}-{date.month:02d}"
    if month in sig.months:
        return [year, month]
    return [year] if year in sig.years or any(m.startswith(f"{year}-") for m in sig.months) else []


def pair_features(
    query: Query,
    cands: Candidates,
    index: FactCheckIndex,
    adapted: npt.NDArray[np.float32] | None = None,
    *,
    unseen_words_missing: bool = False,
    symmetric: bool = False,
) -> npt.NDArray[np.float64]:
    """One row of FEATURES per candidate.

    With *adapted* (the query's adapted vector) the ADAPTER_FEATURES columns follow them; with
    *symmetric*, the SYMMETRIC_FEATURES columns come last (:func:`model_features`).
    *unseen_words_missing*: a claim's word that no fact-check holds counts against query_coverage
    as a word found in one would (the lexical path's tier rests on coverage: without this, a claim
    whose other words are new to the collection was "covered" by its one shared name). The
    re-rankers were trained with such words weighing nothing, and keep that.
    """
    n = len(cands.indices)
    rows = np.zeros((n, len(FEATURES)), dtype=np.float64)
    col = {name: i for i, name in enumerate(FEATURES)}
    if cands.cosine is not None and cands.cosine_title is not None and cands.rank_dense is not None:
        best = np.maximum(cands.cosine, cands.cosine_title)
        rows[:, col["cos"]] = cands.cosine
        rows[:, col["cos_title"]] = cands.cosine_title
        rows[:, col["cos_best"]] = best
        rows[:, col["cos_gap"]] = best - max(float(best.max()), cands.cosine_max)
        rows[:, col["rank_dense"]] = 1.0 / (1.0 + cands.rank_dense)
    top = max(cands.bm25_max, 1e-9)
    rows[:, col["bm25_norm"]] = cands.bm25 / top
    rows[:, col["bm25_log"]] = np.log1p(cands.bm25)
    rows[:, col["rank_bm25"]] = 1.0 / (1.0 + cands.rank_bm25)
    q_tokens = frozenset(query.tokens)
    rarest = math.log1p(max(1, len(index)) / 1.5)  # the idf of a word found in one fact-check
    unseen = rarest if unseen_words_missing else 0.0
    weights = {t: index.bm25.idf(t) or unseen for t in q_tokens}
    q_weight = sum(weights.values()) or 1.0
    rows[:, col["query_len"]] = math.log1p(query.signals.tokens)
    for row, doc in enumerate(cands.indices):
        claim_t, title_t = index.claim_tokens[doc], index.title_tokens[doc]
        rows[row, col["claim_overlap"]] = len(q_tokens & claim_t) / max(1, len(claim_t))
        rows[row, col["title_overlap"]] = len(q_tokens & title_t) / max(1, len(title_t))
        shared = q_tokens & (claim_t | title_t)
        rows[row, col["query_coverage"]] = sum(weights[t] for t in shared) / q_weight
        rows[row, col["rare_match"]] = max((weights[t] for t in shared), default=0.0) / rarest
        sig = index.signals(int(doc))
        rows[row, col["num_match"]], rows[row, col["num_conflict"]] = _jaccard_match(
            query.signals.numbers, sig.numbers
        )
        rows[row, col["year_match"]], rows[row, col["year_conflict"]] = _jaccard_match(
            query.signals.years, sig.years
        )
        rows[row, col["system_match"]], rows[row, col["system_conflict"]] = _jaccard_match(
            query.signals.systems, sig.systems
        )
        rows[row, col["name_overlap"]] = _jaccard_match(query.signals.names, sig.names)[0]
        fc_date = index.factchecks[doc].published_at
        if query.date is not None and fc_date is not None:
            days = (_utc(fc_date) - _utc(query.date)).total_seconds() / 86400
            rows[row, col["date_known"]] = 1.0
            rows[row, col["date_near"]] = math.exp(-abs(days) / 180)
            rows[row, col["date_week"]] = float(-3 <= days <= 7)  # checked within days of the claim
            rows[row, col["date_month"]] = float(-7 <= days <= 31)
            rows[row, col["date_after"]] = float(days > 30)  # checked long after the claim: likely a sibling
        # 0.5 for the claim's year, 1 for its month too: one weight, so naming the month can only add
        rows[row, col["date_named"]] = len(dates_named(query.date, sig)) / 2
    blocks = [rows]
    if adapted is not None:
        blocks.append(_adapter_columns(adapted, cands, index))
    if symmetric:
        blocks.append(_symmetric_columns(query, cands, index))
    return np.hstack(blocks) if len(blocks) > 1 else rows


def model_features(adapter: QueryAdapter | None, symmetric: bool = False) -> list[str]:
    """The columns a re-ranker reads: FEATURES, ADAPTER_FEATURES with an adapter, SYMMETRIC_FEATURES."""
    adapted = ADAPTER_FEATURES if adapter is not None else []
    return FEATURES + adapted + (SYMMETRIC_FEATURES if symmetric else [])


def _symmetric_columns(query: Query, cands: Candidates, index: FactCheckIndex) -> npt.NDArray[np.float64]:
    """SYMMETRIC_FEATURES for *cands*: zeros without a claim vector or an index query view."""
    out = np.zeros((len(cands.indices), len(SYMMETRIC_FEATURES)))
    if query.vector is None or index.query_vectors is None or index.query_title_vectors is None:
        return out
    claims = index.query_vectors[cands.indices] @ query.vector
    titles = index.query_title_vectors[cands.indices] @ query.vector
    out[:, 0] = np.maximum(claims, titles)
    return out


def _adapter_columns(
    adapted: npt.NDArray[np.float32], cands: Candidates, index: FactCheckIndex
) -> npt.NDArray[np.float64]:
    """The ADAPTER_FEATURES columns for *cands*, from the query's adapted vector."""
    if index.vectors is None or index.title_vectors is None:
        return np.zeros((len(cands.indices), len(ADAPTER_FEATURES)))
    return adapted_cosines(adapted, index.vectors, index.title_vectors, cands.indices, cands.cosine_shift)


def fused_score(features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The plain linear fusion: cosine plus 0.2 x max-normalised BM25 (the no-model baseline)."""
    col = {name: i for i, name in enumerate(FEATURES)}
    return np.asarray(features[:, col["cos_best"]] + FUSION_BM25_WEIGHT * features[:, col["bm25_norm"]])


@dataclass
class Reranker:
    """A logistic model over FEATURES plus the tier thresholds fitted on dev."""

    model: LogisticModel
    auto_threshold: float
    suggest_threshold: float
    cross_lingual_lexical: float = 0.3
    meta: dict[str, Any] = field(default_factory=dict)
    adapter: QueryAdapter | None = None  # its cosine is two more features (analyse/claims/adapter.py)

    @property
    def features(self) -> list[str]:
        """The columns the model reads (:func:`model_features`)."""
        return model_features(self.adapter, self.query_view)

    def feature_rows(self, query: Query, cands: Candidates, index: FactCheckIndex) -> npt.NDArray[np.float64]:
        """:func:`pair_features` with the columns of the adapter and query view the model reads."""
        symmetric = self.query_view
        if self.adapter is None:
            return pair_features(query, cands, index, symmetric=symmetric)
        if query.vector is None:  # no vector, no adapted cosine: zeros, as without vectors in the index
            rows = pair_features(query, cands, index)
            return np.hstack([rows, np.zeros((len(rows), len(self.features) - len(FEATURES)))])
        return pair_features(query, cands, index, self.adapter.apply(query.vector), symmetric=symmetric)

    @property
    def auto_min_cosine(self) -> float:
        """Below this vector score a match is never ``auto``: the 5th percentile of correct top-1s on dev."""
        return float(self.model.meta.get("auto_min_cosine", 0.0))

    @property
    def embed_titles(self) -> bool:
        """Whether the model was trained with title embeddings (the index must then embed titles)."""
        return bool(self.model.meta.get("embed_titles", False))

    @property
    def passages(self) -> bool:
        """Whether the model was trained on fact-checks embedded as e5 passages (not as queries)."""
        return bool(self.model.meta.get("passages", False))

    @property
    def query_view(self) -> bool:
        """Whether the model reads the symmetric cosine (its passage index also embeds queries)."""
        return bool(self.model.meta.get("query_view", False))

    @property
    def name(self) -> str:
        """Versioned name recorded with every match, with its dataset and a fingerprint.

        Two models of one version (the 2A and the 2020 one, or a retrained one) can then be told
        apart in stored findings.
        """
        base = str(self.model.meta.get("name", "core.claims.rerank.v1"))
        dataset = self.model.meta.get("dataset")
        return f"{base} ({dataset + ', ' if dataset else ''}{self.fingerprint})"

    @property
    def fingerprint(self) -> str:
        """8 hex digits of a hash over everything that decides a score (weights, scaling, adapter)."""
        decisive = {
            "features": self.features,
            "mean": self.model.mean,
            "scale": self.model.scale,
            "weights": self.model.weights,
            "bias": self.model.bias,
            "adapter": self.adapter.to_json() if self.adapter is not None else None,
        }
        return hashlib.blake2b(json.dumps(decisive).encode("utf-8"), digest_size=4).hexdigest()

    @property
    def adapter_label(self) -> str | None:
        """What the explanation and ``system()`` say about the query adapter: its rank, or None."""
        return f"rank {self.adapter.down.shape[1]}" if self.adapter is not None else None

    def score(
        self, features: npt.NDArray[np.float64], *, cross_lingual: bool | npt.NDArray[np.bool_] = False
    ) -> npt.NDArray[np.float64]:
        """P(same claim) for each candidate row.

        *cross_lingual* (one flag, or one per row) shrinks the lexical features of those rows toward
        their training mean.
        """
        x = np.array(features, dtype=np.float64)
        rows = np.broadcast_to(np.asarray(cross_lingual, dtype=bool), (len(x),))
        if rows.any():
            mean = np.asarray(self.model.mean)
            cols = [i for i, name in enumerate(FEATURES) if name in LEXICAL_FEATURES]
            shrunk = mean[cols] + self.cross_lingual_lexical * (x[:, cols] - mean[cols])
            x[:, cols] = np.where(rows[:, None], shrunk, x[:, cols])
        return self.model.predict_proba(x)

    def save(self, path: Path) -> None:
        """Write the re-ranker (model, thresholds, provenance) as JSON."""
        self.model.meta.update(
            auto_threshold=self.auto_threshold,
            suggest_threshold=self.suggest_threshold,
            cross_lingual_lexical=self.cross_lingual_lexical,
            **self.meta,
        )
        if self.adapter is not None:
            self.model.meta["adapter"] = self.adapter.to_json()
        self.model.save(path)

    @classmethod
    def load(cls, path: Path | str) -> Reranker:
        """Read a re-ranker written by :meth:`save`."""
        model = LogisticModel.load(path)
        stored = model.meta.get("adapter")
        adapter = QueryAdapter.from_json(stored) if stored is not None else None
        if model.feature_names != model_features(adapter, bool(model.meta.get("query_view", False))):
            raise ValueError(f"re-ranker {path} was trained on other features")
        return cls(
            model,
            float(model.meta["auto_threshold"]),
            float(model.meta["suggest_threshold"]),
            float(model.meta.get("cross_lingual_lexical", 0.3)),
            adapter=adapter,
        )


DEFAULT_MODEL = "rerank-2a.json"


def index_layout(reranker: Reranker | None) -> IndexLayout:
    """How a fact-check index must embed its collection for *reranker*: as the model was trained."""
    return IndexLayout(
        embed_titles=bool(reranker and reranker.embed_titles),
        passages=bool(reranker and reranker.passages),
        query_view=bool(reranker and reranker.query_view),
    )


def load_reranker(path: str | Path | None = None) -> Reranker | None:
    """The re-ranker at *path*, else the shipped one (None if it is missing or stale: plain fusion).

    A model the user names and that cannot serve is an error (InputError), never a silent fallback.
    """
    unusable = (OSError, ValueError, KeyError, TypeError)
    if path is not None:
        try:
            return Reranker.load(path)
        except unusable as exc:
            raise InputError(f"re-ranker {path} cannot be used: {exc}") from exc
    try:
        ref = resources.files("hybridwatch.analyse.claims") / "models" / DEFAULT_MODEL
        with resources.as_file(ref) as file:
            return Reranker.load(file) if Path(file).exists() else None
    except unusable:
        return None
