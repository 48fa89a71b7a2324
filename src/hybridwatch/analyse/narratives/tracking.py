"""Online narrative tracking: single-pass clustering as in Topic Detection and Tracking.

Each new document joins the narrative whose centroid it is most similar to (cosine of TF-IDF
vectors, at least ``threshold``), or a document that fitted nothing before (the two open a
narrative), or stays pending. New documents that fit nothing known are clustered among
themselves, each led by its earliest member. After every update, narratives that grew are
compared with the others and merged into the older when their centroids converge (and, in
``splits``, bisected when they have drifted into two stories). The state an update loads
(narrative centroids, pending documents, the frequencies and copy keys of the new documents'
words) is bounded, so an update costs time in proportion to the new documents, whatever the size
of the store; the store itself keeps eight copy keys per distinct text (copies.py).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hybridwatch.analyse.narratives.vectors import (
    SparseRows,
    Vector,
    sparse_dot,
    term_counts,
    term_id,
    tfidf,
)

__all__ = ["NarrativeParams", "Narrative", "Pending", "NewDocument", "Tracker", "ANALYSER"]

ANALYSER = "core.narratives.tdt.v1"


@dataclass(frozen=True)
class NarrativeParams:
    """Thresholds are cosines of TF-IDF vectors."""

    threshold: float = 0.3  # a document joins a narrative (or a pending document) at this similarity
    merge_threshold: float = 0.6  # two narratives whose centroids are this similar become one
    match_terms: int = 64  # a centroid's heaviest terms, compared with new documents
    keep_terms: int = 256  # a centroid's terms kept between updates
    label_terms: int = 200  # member word counts kept for labels
    max_df: float = 0.5  # words in more than half the documents carry no narrative (function words)
    max_pending: int = 20_000  # documents that fitted nothing, kept to be joined (the newest)
    batch: int = 2_000
    min_size: int = 3  # smaller narratives are kept but not listed
    min_part: int = 5  # a split leaves at least this many members on each side
    split_threshold: float = 0.15  # halves whose centroids are less similar than this are two stories
    split_max_members: int = 1_000  # bigger narratives are bisected on their newest members
    split_growth: float = 1.25  # a narrative is checked again once it is this much bigger


@dataclass
class Narrative:
    """One narrative's state."""

    id: str
    first_document: str
    first_seen: str | None
    last_seen: str | None
    size: int
    centroid: dict[int, float]  # the sum of its members' vectors
    terms: Counter[str]
    changed: bool = False

    def match_vector(self, n_terms: int) -> Vector:
        """The centroid's heaviest terms, normalised."""
        top = sorted(self.centroid.items(), key=lambda kv: -kv[1])[:n_terms]
        norm = float(np.sqrt(sum(w * w for _, w in top))) or 1.0
        return [(t, w / norm) for t, w in top]

    def absorb(
        self, vector: Vector, terms: Counter[str], published: str | None, params: NarrativeParams
    ) -> None:
        """Add a member (or a whole narrative's sums) and trim the kept terms."""
        for t, w in vector:
            self.centroid[t] = self.centroid.get(t, 0.0) + w
        self.terms.update(terms)
        self.first_seen = _earliest(self.first_seen, published)
        self.last_seen = _latest(self.last_seen, published)
        self.changed = True
        if len(self.centroid) > 2 * params.keep_terms:
            self.centroid = dict(sorted(self.centroid.items(), key=lambda kv: -kv[1])[: params.keep_terms])
        if len(self.terms) > 2 * params.label_terms:
            self.terms = Counter(dict(self.terms.most_common(params.label_terms)))

    def merge(self, other: Narrative, params: NarrativeParams) -> None:
        """Take in another narrative's members (its sums, counts, size and dates)."""
        self.absorb(list(other.centroid.items()), other.terms, other.first_seen, params)
        self.last_seen = _latest(self.last_seen, other.last_seen)
        self.size += other.size


@dataclass
class Pending:
    """A document that fitted no narrative yet."""

    document_id: str
    seq: int
    published_at: str | None
    vector: Vector
    terms: Counter[str]


@dataclass
class NewDocument:
    """What tracking reads of a new document."""

    id: str
    seq: int
    published_at: str | None  # ISO, UTC
    folded: str
    copy_keys: tuple[int, ...] = ()  # its near-copy keys (see copies.py); none: it counts as new


@dataclass
class Membership:
    """A document's place: its narrative and how similar it was to what it joined."""

    document_id: str
    narrative_id: str
    similarity: float
    published_at: str | None


@dataclass
class Tracker:
    """The state an update works on; the service loads it from the store and saves it back."""

    narratives: dict[str, Narrative]
    pending: dict[str, Pending]
    df: dict[int, int]  # document frequencies of (at least) the terms of the documents at hand
    n_docs: int  # distinct texts seen: a near-copy of an earlier text counts once (copies.py)
    params: NarrativeParams = field(default_factory=NarrativeParams)
    seen: set[int] = field(default_factory=set)  # near-copy keys of texts seen (at least those at hand)
    copies: int = 0  # documents placed that repeated an earlier text
    members: list[Membership] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    evicted: list[str] = field(default_factory=list)

    def update(self, documents: Iterable[NewDocument], progress: Callable[[int], None] | None = None) -> None:
        """Place new documents (in the order they were stored), then merge converging narratives.

        *progress* is told how many documents each batch placed.
        """
        for batch in _chunks(documents, self.params.batch):
            self._place(batch)
            if progress:
                progress(len(batch))
        if len(self.pending) > self.params.max_pending:
            oldest = sorted(self.pending.values(), key=lambda p: p.seq)
            for p in oldest[: len(self.pending) - self.params.max_pending]:
                self.evicted.append(p.document_id)
                del self.pending[p.document_id]
        self._merge()

    def _place(self, batch: list[NewDocument]) -> None:
        params = self.params
        counts = [term_counts(d.folded) for d in batch]
        for doc, c in zip(batch, counts, strict=True):
            if not self.seen.isdisjoint(doc.copy_keys):
                self.copies += 1  # a flood's words are as rare as its first post's
            else:
                self.n_docs += 1
                for tid in {term_id(t) for t in c}:
                    self.df[tid] = self.df.get(tid, 0) + 1
            self.seen.update(doc.copy_keys)
        vectors = [tfidf(c, self.df, self.n_docs, params.max_df) for c in counts]
        owners: list[Narrative | Pending] = [*self.narratives.values(), *self.pending.values()]
        best = _best_matches(
            vectors,
            [o.match_vector(params.match_terms) if isinstance(o, Narrative) else o.vector for o in owners],
            params.threshold,
        )
        promoted: dict[str, Narrative] = {}  # pending document id -> the narrative it opened
        loose: list[int] = []
        for k, doc in enumerate(batch):
            if not vectors[k]:
                self.skipped["no distinctive words"] += 1
                continue
            if k not in best:
                loose.append(k)
                continue
            owner, similarity = owners[best[k][0]], best[k][1]
            if isinstance(owner, Pending):
                narrative = promoted.get(owner.document_id) or self._open_with_pending(owner)
                promoted[owner.document_id] = narrative
            else:
                narrative = owner
            self._join(narrative, doc, vectors[k], counts[k], similarity)
        self._cluster_loose(
            [batch[k] for k in loose], [vectors[k] for k in loose], [counts[k] for k in loose]
        )

    def _cluster_loose(
        self, docs: list[NewDocument], vectors: list[Vector], counts: list[Counter[str]]
    ) -> None:
        """Documents that fit nothing known: each joins its most similar earlier leader, or leads."""
        pairs = _similar_pairs(vectors, self.params.threshold)
        leader_of: dict[int, tuple[int, float]] = {}
        for j in range(len(docs)):
            candidates = [(s, i) for i, s in pairs.get(j, []) if i not in leader_of]
            if candidates:
                s, i = max(candidates)
                leader_of[j] = (i, s)
        followers: dict[int, list[tuple[int, float]]] = {}
        for j, (i, s) in leader_of.items():
            followers.setdefault(i, []).append((j, s))
        for i in range(len(docs)):
            if i in leader_of:
                continue
            if i not in followers:
                d = docs[i]
                self.pending[d.id] = Pending(d.id, d.seq, d.published_at, vectors[i], counts[i])
                continue
            narrative = self._open(docs[i].id, docs[i].published_at)
            self._join(narrative, docs[i], vectors[i], counts[i], 1.0)
            for j, s in followers[i]:
                self._join(narrative, docs[j], vectors[j], counts[j], s)

    def _open(self, document_id: str, published: str | None) -> Narrative:
        narrative_id = "n-" + hashlib.blake2b(document_id.encode(), digest_size=6).hexdigest()
        narrative = Narrative(narrative_id, document_id, published, published, 0, {}, Counter())
        self.narratives[narrative_id] = narrative
        self.events.append(
            {"kind": "open", "narrative_id": narrative_id, "detail": {"document": document_id}}
        )
        return narrative

    def _open_with_pending(self, pending: Pending) -> Narrative:
        del self.pending[pending.document_id]
        narrative = self._open(pending.document_id, pending.published_at)
        narrative.absorb(pending.vector, pending.terms, pending.published_at, self.params)
        narrative.size += 1
        self.members.append(Membership(pending.document_id, narrative.id, 1.0, pending.published_at))
        return narrative

    def _join(
        self, narrative: Narrative, doc: NewDocument, vector: Vector, counts: Counter[str], similarity: float
    ) -> None:
        narrative.absorb(vector, counts, doc.published_at, self.params)
        narrative.size += 1
        self.members.append(Membership(doc.id, narrative.id, round(similarity, 4), doc.published_at))

    def _merge(self) -> None:
        """Narratives that grew and now look like another: the younger joins the older.

        Until none is left: a merged narrative's centroid moves, and may now look like a third.
        """
        grown = {n.id for n in self.narratives.values() if n.changed}
        while grown:
            grown = self._merge_pass(grown)

    def _merge_pass(self, grown: set[str]) -> set[str]:
        """One round of merges among narratives close to one in *grown*; the ids that took others in."""
        params = self.params
        active = list(self.narratives.values())
        changed = [k for k, n in enumerate(active) if n.id in grown]
        if not changed or len(active) < 2:
            return set()
        vectors = [n.match_vector(params.match_terms) for n in active]
        q, i, s = sparse_dot(
            SparseRows.of([vectors[k] for k in changed]), SparseRows.of(vectors, by_term=True)
        )
        q = np.asarray(changed, dtype=np.int64)[q]
        close = (s >= params.merge_threshold) & (q != i)
        gone: set[str] = set()
        took: set[str] = set()
        for score, a, b in sorted(
            zip(s[close].tolist(), q[close].tolist(), i[close].tolist(), strict=True), reverse=True
        ):
            first, second = sorted((active[a], active[b]), key=lambda n: (n.first_seen or "~", n.id))
            if first.id in gone or second.id in gone:
                continue
            first.merge(second, params)
            took.add(first.id)
            gone.add(second.id)
            del self.narratives[second.id]
            self.events.append(
                {
                    "kind": "merge",
                    "narrative_id": first.id,
                    "other_id": second.id,
                    "detail": {"similarity": round(score, 4)},
                }
            )
        return took - gone


def _best_matches(
    vectors: list[Vector], index: list[Vector], threshold: float
) -> dict[int, tuple[int, float]]:
    """For each vector, its most similar index row at or above *threshold*."""
    if not index or not any(vectors):
        return {}
    q, i, s = sparse_dot(SparseRows.of(vectors), SparseRows.of(index, by_term=True))
    ok = s >= threshold
    q, i, s = q[ok], i[ok], s[ok]
    order = np.lexsort((i, -s, q))  # per query: best score first, ties to the earlier row
    q, i, s = q[order], i[order], s[order]
    first = np.r_[True, q[1:] != q[:-1]] if len(q) else np.zeros(0, bool)
    return {int(a): (int(b), float(c)) for a, b, c in zip(q[first], i[first], s[first], strict=True)}


def _similar_pairs(vectors: list[Vector], threshold: float) -> dict[int, list[tuple[int, float]]]:
    """For each vector j, the earlier vectors i < j at or above *threshold*."""
    out: dict[int, list[tuple[int, float]]] = {}
    if len(vectors) < 2:
        return out
    q, i, s = sparse_dot(SparseRows.of(vectors), SparseRows.of(vectors, by_term=True))
    ok = (i < q) & (s >= threshold)
    for j, k, score in zip(q[ok].tolist(), i[ok].tolist(), s[ok].tolist(), strict=True):
        out.setdefault(j, []).append((k, score))
    return out


def _chunks(items: Iterable[NewDocument], size: int) -> Iterator[list[NewDocument]]:
    batch: list[NewDocument] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _earliest(a: str | None, b: str | None) -> str | None:
    return min(x for x in (a, b) if x) if (a or b) else None


def _latest(a: str | None, b: str | None) -> str | None:
    return max(x for x in (a, b) if x) if (a or b) else None
