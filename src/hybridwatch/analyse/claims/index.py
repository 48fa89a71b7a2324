"""The fact-check index: BM25 over folded text plus an embedding matrix, candidates from both.

Collections repeat themselves (the CheckThat! 2020 Snopes set holds 181 claims twice, once with
double and once with single quotes). Records that agree in all but their id (text compared once case
and punctuation are folded) are one fact-check to an analyst: the index keeps the first one
loaded and lists the others as its duplicates, so that a copy never pushes another match out of
the top k and is never embedded twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hybridwatch.analyse.claims.lexical import BM25Index, tokens
from hybridwatch.analyse.claims.signals import Signals, signals
from hybridwatch.analyse.embed import Embedder, VectorCache, Vectors, embed_cached
from hybridwatch.model.factcheck import FactCheck
from hybridwatch.model.text import fold

__all__ = ["FactCheckIndex", "Candidates", "CANDIDATES_PER_SIDE", "duplicate_key"]

CANDIDATES_PER_SIDE = 50


@dataclass
class Candidates:
    """Candidate fact-checks for one query with the raw scores of both retrievers."""

    indices: npt.NDArray[np.int64]
    bm25: npt.NDArray[np.float32]  # BM25 of each candidate
    bm25_max: float  # best BM25 over the whole index
    cosine: npt.NDArray[np.float32] | None  # cosine of each candidate (None without a model)
    cosine_title: npt.NDArray[np.float32] | None
    cosine_max: float
    rank_bm25: npt.NDArray[np.int64]
    rank_dense: npt.NDArray[np.int64] | None


_WORDS = re.compile(r"\w+")


def duplicate_key(fc: FactCheck) -> tuple[str, ...]:
    """What two records must share to be one fact-check: everything but their id.

    Text is compared as folded words, every one of them ("is" and "is not" stay apart); signs and
    emoji are not words, so "-5" and "5" compare equal when all else does. Records with different
    URLs, dates, collections or languages stay apart (EUvsDisinfo files the same claim as a new
    case, with its own URL, each time it resurfaces).
    """

    def words(text: str | None) -> str:
        return " ".join(_WORDS.findall(fold(text or "")))

    published = fc.published_at.isoformat() if fc.published_at else ""
    return (
        words(fc.claim),
        words(fc.title),
        words(fc.publisher),
        words(fc.rating),
        fc.url or "",
        published,
        fc.collection,
        fc.language,
    )


def _ranks(scores: npt.NDArray[np.float32], indices: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Rank (0 = best) of each candidate among all documents, capped at 1000 (O(n), no full sort)."""
    k = min(1000, len(scores))
    top = np.sort(np.partition(scores, len(scores) - k)[len(scores) - k :])[::-1]
    return np.searchsorted(-top, -scores[indices], side="left").astype(np.int64)


class FactCheckIndex:
    """Everything matching needs about the known fact-checks, built once and queried many times."""

    def __init__(
        self,
        factchecks: list[FactCheck],
        *,
        embedder: Embedder | None = None,
        cache: VectorCache | None = None,
        progress: Callable[[int], None] | None = None,
        embed_titles: bool = False,
    ) -> None:
        self.factchecks: list[FactCheck] = []
        self.duplicates: dict[str, list[str]] = {}  # canonical id -> ids of the copies folded into it
        self._position: dict[str, int] = {}
        first: dict[tuple[str, ...], FactCheck] = {}
        for fc in factchecks:
            if fc.id in self._position:  # an id seen before: the first record under it stands
                continue
            key = duplicate_key(fc)
            if key in first:
                kept = first[key]
                self.duplicates.setdefault(kept.id, []).append(fc.id)
                self._position[fc.id] = self._position[kept.id]
            else:
                first[key] = fc
                self._position[fc.id] = len(self.factchecks)
                self.factchecks.append(fc)
        factchecks = self.factchecks
        self.embedder = embedder
        claim_words = [tokens(f.claim) for f in factchecks]
        title_words = [tokens(f.title) for f in factchecks]
        self.bm25 = BM25Index([c + t for c, t in zip(claim_words, title_words, strict=True)])
        self.title_tokens = [frozenset(t) for t in title_words]
        self.claim_tokens = [frozenset(c) for c in claim_words]
        self._signals: dict[int, Signals] = {}
        self.vectors: Vectors | None = None
        self.title_vectors: Vectors | None = None
        if embedder is not None:
            # Titles double the embedding cost (the dominant one) for a small gain, so they are opt-in;
            # without them the title cosine is the claim cosine.
            self.vectors = embed_cached(embedder, [f.claim for f in factchecks], cache, progress=progress)
            self.title_vectors = self.vectors
            if embed_titles:
                titles = [f.title or f.claim for f in factchecks]
                self.title_vectors = embed_cached(embedder, titles, cache, progress=progress)

    def __len__(self) -> int:
        return len(self.factchecks)

    def position(self, factcheck_id: str) -> int | None:
        """Where a fact-check (or the one its duplicate was folded into) sits in the index."""
        return self._position.get(factcheck_id)

    def ids_at(self, position: int) -> list[str]:
        """The id at *position* followed by the ids of its duplicates."""
        kept = self.factchecks[position].id
        return [kept, *self.duplicates.get(kept, [])]

    def judged_id(self, factcheck_id: str, relevant: set[str]) -> str:
        """The id to score a result by: the relevant one among its copies, if the judgements name one.

        Gold labels may name any copy of a folded record; finding the record finds them all.
        """
        position = self.position(factcheck_id)
        copies = self.ids_at(position) if position is not None else [factcheck_id]
        return next((i for i in copies if i in relevant), factcheck_id)

    def signals(self, index: int) -> Signals:
        """Precision signals of one fact-check, computed on first use."""
        found = self._signals.get(index)
        if found is None:
            fc = self.factchecks[index]
            found = self._signals[index] = signals(f"{fc.claim} {fc.title}")
        return found

    def dense_scores(
        self, query_vectors: list[npt.NDArray[np.float32]]
    ) -> list[tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]]:
        """Cosine of every fact-check's claim and title to each query.

        One matrix product for the batch: a matrix-vector product per query would read the whole
        matrix from memory each time.
        """
        if not query_vectors or self.vectors is None or self.title_vectors is None:
            return []
        queries = np.stack(query_vectors).T
        claims = self.vectors @ queries
        titles = claims if self.title_vectors is self.vectors else self.title_vectors @ queries
        return [(claims[:, i], titles[:, i]) for i in range(queries.shape[1])]

    def candidates(
        self,
        query_tokens: list[str],
        query_vector: npt.NDArray[np.float32] | None,
        per_side: int = CANDIDATES_PER_SIDE,
        exclude: npt.NDArray[np.int64] | None = None,
        dense: tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]] | None = None,
    ) -> Candidates:
        """The union of the BM25 top and the cosine top, with both scores for each.

        *exclude* hides fact-checks as if they were not in the index (used to fit tiers on claims
        whose fact-check is unknown). *dense* is the query's row of :meth:`dense_scores`, when a
        batch of queries was scored at once.
        """
        bm25 = self.bm25.scores(query_tokens)
        cosine = cosine_title = None
        if dense is not None:
            cosine, cosine_title = (np.array(d) for d in dense)  # copies: excluded rows are overwritten below
        elif query_vector is not None and (scored := self.dense_scores([query_vector])):
            cosine, cosine_title = scored[0]
        if exclude is not None and len(exclude):
            for scores in (bm25, cosine, cosine_title):
                if scores is not None:
                    scores[exclude] = -1.0
        picks = [_top(bm25, per_side)]
        if cosine is not None and cosine_title is not None:
            picks.append(_top(np.maximum(cosine, cosine_title), per_side))
        indices = np.unique(np.concatenate(picks))
        if exclude is not None and len(exclude):
            indices = np.setdiff1d(indices, exclude)
        return Candidates(
            indices=indices,
            bm25=bm25[indices],
            bm25_max=float(bm25.max()) if len(bm25) else 0.0,
            cosine=cosine[indices] if cosine is not None else None,
            cosine_title=cosine_title[indices] if cosine_title is not None else None,
            cosine_max=float(cosine.max()) if cosine is not None and len(cosine) else 0.0,
            rank_bm25=_ranks(bm25, indices),
            rank_dense=_ranks(cosine, indices) if cosine is not None else None,
        )


def _top(scores: npt.NDArray[np.float32], k: int) -> npt.NDArray[np.int64]:
    if len(scores) <= k:
        return np.arange(len(scores), dtype=np.int64)
    return np.argpartition(-scores, k)[:k].astype(np.int64)
