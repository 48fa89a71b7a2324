"""The fact-check index: BM25 over folded text plus an embedding matrix, candidates from both.

Collections repeat themselves (the CheckThat! 2020 Snopes set holds 181 claims twice, once with
double and once with single quotes). Records that agree in all but their id (text compared once case
and punctuation are folded) are one fact-check to an analyst: the index keeps the first one
loaded and lists the others as its duplicates, so that a copy never pushes another match out of
the top k and is never embedded twice.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from typing import Literal, Protocol, TypedDict

import numpy as np
import numpy.typing as npt

from hybridwatch.analyse.claims.language_shift import LanguageReference, language_levels, language_reference
from hybridwatch.analyse.claims.lexical import STEM_CHARS, STOPWORDS, BM25Index, tokens
from hybridwatch.analyse.claims.signals import (
    EXTRACTOR_VERSION,
    Signals,
    decode_signals,
    encode_signals,
    signals,
)
from hybridwatch.analyse.claims.text import Vocabulary
from hybridwatch.analyse.embed import Embedder, Kind, VectorCache, Vectors, content_hash, embed_cached
from hybridwatch.analyse.vector_scan import VectorScan, exact_scores
from hybridwatch.errors import StoreError
from hybridwatch.model.factcheck import FactCheck
from hybridwatch.model.text import fold

__all__ = [
    "FactCheckIndex",
    "IndexLayout",
    "Candidates",
    "SignalCache",
    "CANDIDATES_PER_SIDE",
    "duplicate_key",
    "RANK_CAP",
]

log = logging.getLogger(__name__)

CANDIDATES_PER_SIDE = 50
RANK_CAP = 1000  # ranks are counted up to here; without titles, also the pool scored exactly
# With titles the scan reads claim and title as one row; its pool is as large as the best 1,000 by
# claim and the best 1,000 by title together could be. Against all 35,304 real fact-checks we hold
# (2A, 2020 and EUvsDisinfo together) it holds as many gold fact-checks as those two did (2,195 of
# 2,201 train and test queries against 2,193) and 99.9% of the 50 best by claim or title.
POOL_WITH_TITLES = 2 * RANK_CAP
ShiftSource = Literal["reference", "store", "off"]  # what language shifts are measured from


class SignalCache(Protocol):
    """Where fact-checks' signals persist between index builds (the store's ``text_signals`` table)."""

    def get_many(self, hashes: list[str], version: str) -> dict[str, str]:
        """Encoded signals by content hash."""
        ...

    def put_many(self, items: list[tuple[str, str]], version: str) -> None:
        """Keep encoded signals by content hash."""
        ...


@dataclass
class Candidates:
    """Candidate fact-checks for one query with the raw scores of both retrievers."""

    indices: npt.NDArray[np.int64]
    bm25: npt.NDArray[np.float32]  # BM25 of each candidate
    bm25_max: float  # best BM25 over the whole index
    cosine: npt.NDArray[np.float32] | None  # cosine of each candidate (None without a model)
    cosine_title: npt.NDArray[np.float32] | None
    cosine_max: float
    cosine_shift: npt.NDArray[np.float32] | None  # each candidate's language shift (centring, no widening)
    vector_move: npt.NDArray[np.float32] | None  # how far its best cosine moved: shift and widening
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


def _ranks(scores: npt.NDArray[np.float32], values: npt.NDArray[np.float32]) -> npt.NDArray[np.int64]:
    """Rank (0 = best) of each of *values* among *scores*, capped at RANK_CAP (O(n), no full sort)."""
    if not len(scores):
        return np.zeros(len(values), dtype=np.int64)
    k = min(RANK_CAP, len(scores))
    top = np.sort(np.partition(scores, len(scores) - k)[len(scores) - k :])[::-1]
    return np.searchsorted(-top, -values, side="left").astype(np.int64)


class IndexLayout(TypedDict):
    """How a fact-check index embeds its collection (keyword arguments of FactCheckIndex).

    A re-ranker is trained on one layout and its file records it (rerank.index_layout).
    """

    embed_titles: bool
    passages: bool
    query_view: bool  # with passages: claims and titles embedded as e5 queries as well


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
        passages: bool = False,
        query_view: bool = False,
        signal_cache: SignalCache | None = None,
        language_shift: ShiftSource = "reference",
        stretch: bool = True,
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
        if query_view and not passages:
            raise ValueError("query_view is the query side of a passage index: it needs passages")
        self.layout = IndexLayout(
            embed_titles=bool(embed_titles), passages=bool(passages), query_view=bool(query_view)
        )
        claim_words = [tokens(f.claim, stem=False) for f in factchecks]
        title_words = [tokens(f.title, stem=False) for f in factchecks]
        words: Counter[str] = Counter(chain.from_iterable(claim_words))
        words.update(chain.from_iterable(title_words))
        self.vocabulary = Vocabulary(words, STOPWORDS)  # splits claims' run-together tags
        claim_words = [[w[:STEM_CHARS] for w in ws] for ws in claim_words]
        title_words = [[w[:STEM_CHARS] for w in ws] for ws in title_words]
        self.bm25 = BM25Index([c + t for c, t in zip(claim_words, title_words, strict=True)])
        self.title_tokens = [frozenset(t) for t in title_words]
        self.claim_tokens = [frozenset(c) for c in claim_words]
        self._signals: dict[int, Signals] = {}
        if signal_cache is not None and EXTRACTOR_VERSION is not None:
            self._load_signals(signal_cache, EXTRACTOR_VERSION)
        tags = [_tag(f.language) for f in factchecks]
        groups = {tag: i for i, tag in enumerate(sorted(set(tags)))}
        self._language_of = np.array([groups[t] for t in tags], dtype=np.int64)
        self._languages = len(groups)
        self._group_of = groups
        self._reference: tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]] | None = None
        # a claim's own language's reference mean, by tag: it anchors the shift when the store (after
        # hiding) has no fact-check in that language. Query layout only: as e5 passages, English
        # claims sit closer to the Serbian and Albanian means than to the English one, so a claim
        # misidentified as Albanian would be lifted, and a real Serbian one would not be. The
        # widening of cross-language cosines was chosen together with this lift, so it too is
        # for the query layout only (the passage layout's spreads are measured, not used).
        self._own_reference: dict[str, npt.NDArray[np.float64]] = {}
        self._spreads: LanguageReference | None = None  # how far to widen cross-language cosines
        self._stretches: dict[str, npt.NDArray[np.float32]] = {}  # by claim language, per store language
        if language_shift not in ("reference", "store", "off"):
            raise ValueError(f"language_shift must be reference, store or off, not {language_shift!r}")
        self._shift_languages = language_shift != "off"
        self.vectors: Vectors | None = None
        self.title_vectors: Vectors | None = None
        # the same texts embedded as e5 queries, beside passage vectors (the symmetric cosine)
        self.query_vectors: Vectors | None = None
        self.query_title_vectors: Vectors | None = None
        self._scan: VectorScan | None = None
        if embedder is not None:
            # Titles double the embedding cost (the dominant one) for a small gain, so they are opt-in;
            # without them the title cosine is the claim cosine.
            # e5 embeds a text to be found as a "passage" (asymmetric retrieval: claims stay "query"):
            # on CheckThat! 2020 train the claim cosine alone ranks 0.827 against 0.808 (MAP@5).
            kind: Kind = "passage" if passages else "query"
            claims = [f.claim for f in factchecks]
            self.vectors = embed_cached(embedder, claims, cache, progress=progress, kind=kind)
            self.title_vectors = self.vectors
            titles = [f.title or f.claim for f in factchecks]
            if embed_titles:
                self.title_vectors = embed_cached(embedder, titles, cache, progress=progress, kind=kind)
            if query_view:
                # e5's two modes see a tweet against a fact-check differently: as passages the
                # fact-checks rank better alone, and the query-mode cosine still adds (2020 CV +0.003)
                self.query_vectors = embed_cached(embedder, claims, cache, progress=progress)
                self.query_title_vectors = (
                    embed_cached(embedder, titles, cache, progress=progress)
                    if embed_titles
                    else self.query_vectors
                )
            scan_rows = self.scan_rows()
            self._scan = VectorScan(scan_rows)
            wanted = language_shift == "reference"
            reference = language_reference(embedder.name, kind, embedder.dim) if wanted else None
            if reference is not None:
                rows, known = reference.rows(sorted(groups))
                self._reference = rows.astype(np.float64), known
                if kind == "query":  # both measured in this layout only (passages: see above)
                    self._own_reference = {t: mean.astype(np.float64) for t, mean in reference.means.items()}
                    self._spreads = reference if stretch else None
            self._language_counts = np.bincount(self._language_of, minlength=self._languages)
            self._language_sums = self._sums_by_language(self.vectors)
            # widened cosines turn about their own kind's mean: titles and scan rows sit a little
            # above or below the claims, by language (-0.024 to +0.025 on the sample)
            self._kind_sums: dict[str, npt.NDArray[np.float64]] = {}
            if self.title_vectors is not self.vectors:
                self._kind_sums = {
                    "title": self._sums_by_language(self.title_vectors),
                    "scan": self._sums_by_language(scan_rows),
                }

    def _sums_by_language(self, vectors: Vectors) -> npt.NDArray[np.float64]:
        """One sum of *vectors* per language (np.add.at took 2 s at 100,000)."""
        return np.array(
            [vectors[self._language_of == g].sum(axis=0, dtype=np.float64) for g in range(self._languages)],
            dtype=np.float64,
        ).reshape(self._languages, vectors.shape[1])

    def scan_rows(self) -> Vectors:
        """What the vector scan reads: each claim vector, or claim and title as one unit vector.

        One row per fact-check halves the memory the scan reads (the scan is memory-bound: 77 MB of
        int8 rows for claims and titles at 100,000) and the top-k partitions after it. The scan only
        chooses the pool: claim and title cosines are scored exactly within it.
        """
        assert self.vectors is not None and self.title_vectors is not None
        if self.title_vectors is self.vectors:
            return self.vectors
        return _joined(self.vectors, self.title_vectors)

    @property
    def scan(self) -> VectorScan | None:
        """The vector scan over claim (and title) vectors; None without a model."""
        return self._scan

    @property
    def scan_engine(self) -> str | None:
        """How the vector scan runs: ``int8-onnx`` (approximate; a pool is rescored) or ``float32-numpy``."""
        return self._scan.engine if self._scan else None

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
        """Precision signals of one fact-check (from the signal cache, else extracted on first use)."""
        found = self._signals.get(index)
        if found is None:
            found = self._signals[index] = signals(self._signal_text(index))
        return found

    def _signal_text(self, index: int) -> str:
        fc = self.factchecks[index]
        return f"{fc.claim} {fc.title}"

    def _load_signals(self, cache: SignalCache, version: str) -> None:
        """Every fact-check's signals, read from *cache*: about 1 s at 100,000, against 7-9 s to extract.

        The missing ones are extracted and kept there for the next build, if the store can be written
        (a store locked by another writer, or read-only, costs the next build the extraction, no more).
        """
        texts = [self._signal_text(i) for i in range(len(self.factchecks))]
        hashes = [content_hash(t) for t in texts]
        kept = cache.get_many(sorted(set(hashes)), version)
        shared: dict[str, frozenset[str]] = {}  # one frozenset for each distinct set of values
        fresh: dict[str, str] = {}
        for i, (key, text) in enumerate(zip(hashes, texts, strict=True)):
            line = kept.get(key)
            try:
                found = decode_signals(line, shared) if line is not None else None
            except ValueError:  # damaged in the store: extracted again and replaced
                found = None
            if found is None:
                found = signals(text)
                fresh[key] = encode_signals(found)
            self._signals[i] = found
        try:
            cache.put_many(list(fresh.items()), version)
        except StoreError as exc:
            log.warning("fact-check signals not kept for the next build: %s", exc)

    def dense_scores(self, query_vectors: list[npt.NDArray[np.float32]]) -> list[npt.NDArray[np.float32]]:
        """The vector scan: each query's cosine to every fact-check's scan row (claim, or claim + title).

        Approximate when the scan runs in int8 (errors of a few thousandths): :meth:`candidates`
        uses these rows only to choose which fact-checks to score exactly.
        """
        if not query_vectors or self._scan is None:
            return []
        return list(self._scan.scores(np.stack(query_vectors)))

    def candidates(
        self,
        query_tokens: list[str],
        query_vector: npt.NDArray[np.float32] | None,
        per_side: int = CANDIDATES_PER_SIDE,
        exclude: npt.NDArray[np.int64] | None = None,
        dense: npt.NDArray[np.float32] | None = None,
        language: str | None = None,
    ) -> Candidates:
        """The union of the BM25 top and the cosine top, with both (exact) scores for each.

        The vector scan picks a pool (the best scan rows: claim and title as one), the pool is scored
        exactly, and the cosines and the cosine top come from the exact scores; cosine ranks are
        counted within the pool (exact as long as the int8 scan puts the true top in it, so ranks
        near RANK_CAP may be a few places off). *exclude* hides fact-checks as if they were not in
        the index (used to fit tiers on claims whose fact-check is unknown). *dense* is the query's
        row of :meth:`dense_scores` when a batch of queries was scanned at once (used only with
        *query_vector*). *language*: the query's, as identified; when the store holds no fact-check
        in it, its reference still anchors the language shifts.
        """
        bm25 = self.bm25.scores(query_tokens)
        hidden = exclude if exclude is not None and len(exclude) else None
        if hidden is not None:
            bm25[hidden] = -1.0
        picks = [_top(bm25, per_side)]
        pool = pool_claims = None
        if query_vector is not None and self.vectors is not None and self.title_vectors is not None:
            if dense is None:
                (dense,) = self.dense_scores([query_vector])
            same = self.title_vectors is self.vectors  # no title vectors: the claim cosine is the title's
            levels = self._language_levels(query_vector, hidden, language)
            scanned = levels.apply(dense, self._language_of, "claim" if same else "scan")  # a new array
            if hidden is not None:
                scanned[hidden] = -2.0
            pool = np.sort(_top(scanned, RANK_CAP if same else POOL_WITH_TITLES))
            if hidden is not None:
                pool = np.setdiff1d(pool, hidden)
            pool_groups = self._language_of[pool]
            pool_claims = levels.apply(exact_scores(self.vectors, pool, query_vector), pool_groups)
            pool_titles = (
                pool_claims
                if same
                else levels.apply(exact_scores(self.title_vectors, pool, query_vector), pool_groups, "title")
            )
            picks.append(pool[_top(np.maximum(pool_claims, pool_titles), per_side)])
        indices = np.unique(np.concatenate(picks))
        if pool is None:  # lexical path: a fact-check sharing no word with the claim is no match
            indices = indices[bm25[indices] > 0]
        if hidden is not None:
            indices = np.setdiff1d(indices, hidden)
        cosine = cosine_title = rank_dense = cosine_shift = vector_move = None
        cosine_max = 0.0
        if pool is not None and pool_claims is not None and query_vector is not None:
            assert self.vectors is not None and self.title_vectors is not None
            groups = self._language_of[indices]
            raw = exact_scores(self.vectors, indices, query_vector)
            raw_title = raw if same else exact_scores(self.title_vectors, indices, query_vector)
            cosine = levels.apply(raw, groups)
            cosine_title = cosine if same else levels.apply(raw_title, groups, "title")
            cosine_shift = levels.shift[groups]
            vector_move = (np.maximum(cosine, cosine_title) - np.maximum(raw, raw_title)).astype(np.float32)
            cosine_max = float(max(pool_claims.max(initial=-1.0), cosine.max(initial=-1.0)))
            rank_dense = _ranks(pool_claims, cosine) if len(pool_claims) else np.zeros(len(indices), np.int64)
        return Candidates(
            indices=indices,
            bm25=bm25[indices],
            bm25_max=float(bm25.max()) if len(bm25) else 0.0,
            cosine=cosine,
            cosine_title=cosine_title,
            cosine_max=cosine_max,
            cosine_shift=cosine_shift,
            vector_move=vector_move,
            rank_bm25=_ranks(bm25[bm25 > 0], bm25[indices]),  # a zero ranks below every match
            rank_dense=rank_dense,
        )

    @property
    def language_shift(self) -> str | None:
        """What cross-language shifts are measured from; None when nothing can shift."""
        if self.vectors is None or not self._shift_languages:
            return None
        known = int(self._reference[1].sum()) if self._reference is not None else 0
        if known >= 2:
            measured: str | None = "store means, shrunk toward the language reference"
        else:
            measured = "store means, shrunk toward the overall mean" if self._languages >= 2 else None
        parts = [measured] if measured else []
        if known >= 1 and self._own_reference:
            parts.append("a claim in a language the store lacks lifted to its own (language reference)")
        if known >= 1 and self._spreads is not None:
            parts.append("cosines across languages widened (language reference)")
        return "; ".join(parts) or None

    def _language_levels(
        self, query: npt.NDArray[np.float32], hidden: npt.NDArray[np.int64] | None, language: str | None
    ) -> _Levels:
        """Per fact-check language, how to move a query's cosines so that languages compare.

        A shift raises each language's mean to the highest (see
        :func:`~hybridwatch.analyse.claims.language_shift.language_levels`), and cosines in another
        language than the claim's are widened about their language's mean by the reference's
        stretch (:meth:`~hybridwatch.analyse.claims.language_shift.LanguageReference.stretch`).
        *hidden* fact-checks are left out of the means (a language they empty counts as absent).
        *language*: the claim's, as identified; its reference mean anchors the shift when the
        store has none of it.
        """
        none = _Levels(np.zeros(self._languages, dtype=np.float32), np.zeros(self._languages), None)
        if self.vectors is None or not self._shift_languages:
            return none
        tag = _tag(language)
        own = self._own_reference.get(tag)
        stretch = self._stretch(tag)
        if self._languages < 2 and own is None and stretch is None:
            return none
        query64 = query.astype(np.float64)
        sums = self._seen_sums(self._language_sums, self.vectors, query, hidden)
        counts = self._language_counts.astype(np.float64)
        if hidden is not None:
            counts -= np.bincount(self._language_of[hidden], minlength=self._languages)
        offsets = {} if stretch is None else self._kind_offsets(query, hidden, sums, counts)
        if self._reference is None:
            return _Levels(*language_levels(sums, counts), stretch, offsets)
        rows, known = self._reference
        shift, means = language_levels(
            sums,
            counts,
            rows @ query64,
            known,
            own=float(own @ query64) if own is not None else None,
            own_group=self._group_of.get(tag),
        )
        return _Levels(shift, means, stretch, offsets)

    def _kind_offsets(
        self,
        query: npt.NDArray[np.float32],
        hidden: npt.NDArray[np.int64] | None,
        sums: npt.NDArray[np.float64],
        counts: npt.NDArray[np.float64],
    ) -> dict[str, npt.NDArray[np.float64]]:
        """Per language, how far the query's mean cosine to titles (and scan rows) is from claims'."""
        assert self.vectors is not None and self.title_vectors is not None
        out = {}
        for kind, kind_sums in self._kind_sums.items():
            rows = self.title_vectors if kind == "title" else None  # scan rows: joined when needed
            found = self._seen_sums(kind_sums, rows, query, hidden)
            out[kind] = np.where(counts > 0, (found - sums) / np.maximum(counts, 1), 0.0)
        return out

    def _seen_sums(
        self,
        sums: npt.NDArray[np.float64],
        rows: Vectors | None,
        query: npt.NDArray[np.float32],
        hidden: npt.NDArray[np.int64] | None,
    ) -> npt.NDArray[np.float64]:
        """Per language, the query's summed cosine to *rows* (per-language *sums*), hidden ones left out.

        *rows* None: the scan's rows, joined from claim and title for the hidden ones only.
        """
        found = sums @ query.astype(np.float64)
        if hidden is not None:
            assert self.vectors is not None and self.title_vectors is not None
            seen = (
                rows[hidden]
                if rows is not None
                else _joined(self.vectors[hidden], self.title_vectors[hidden])
            )
            found -= np.bincount(self._language_of[hidden], weights=seen @ query, minlength=self._languages)
        return found

    def _stretch(self, claim: str) -> npt.NDArray[np.float32] | None:
        """Per store language, the widening for a claim in *claim* (a language tag); None if none."""
        if self._spreads is None:
            return None
        if claim not in self._stretches:
            self._stretches[claim] = self._spreads.stretch(claim, sorted(self._group_of))
        found = self._stretches[claim]
        return found if (found != 1).any() else None


@dataclass(frozen=True)
class _Levels:
    """How one query's cosines move, per fact-check language: shifted, and widened about a centre."""

    shift: npt.NDArray[np.float32]
    centre: npt.NDArray[np.float64]  # the claims' (shrunk) mean per language
    stretch: npt.NDArray[np.float32] | None
    offsets: dict[str, npt.NDArray[np.float64]] = field(default_factory=dict)  # title/scan mean - claim mean

    def apply(
        self, cosines: npt.NDArray[np.float32], groups: npt.NDArray[np.int64], kind: str = "claim"
    ) -> npt.NDArray[np.float32]:
        """*cosines* (of *kind*: claim, title or scan) of fact-checks in language *groups*, moved.

        A new array. A widened cosine may pass 1: it is a score on the cosine's scale. Clipping it
        at 1 tied the best English matches of a Serbian claim and cost the mixed-store development
        run 0.02 of MAP@5.
        """
        moved = cosines + self.shift[groups] if self.shift.any() else cosines.copy()
        if self.stretch is not None:
            centre = self.centre + self.offsets.get(kind, 0.0)
            moved += ((self.stretch[groups] - 1.0) * (cosines - centre[groups])).astype(np.float32)
        return moved.astype(np.float32, copy=False)


def _joined(claims: Vectors, titles: Vectors) -> Vectors:
    """Claim and title vectors as one unit vector per row (the scan's rows)."""
    both = claims + titles
    both /= np.maximum(np.linalg.norm(both, axis=1, keepdims=True), 1e-12)
    return both


def _tag(language: str | None) -> str:
    """A language tag as the index compares it: lower case, "-" (a feed may write "sr_Latn")."""
    return (language or "und").lower().replace("_", "-")


def _top(scores: npt.NDArray[np.float32], k: int) -> npt.NDArray[np.int64]:
    if len(scores) <= k:
        return np.arange(len(scores), dtype=np.int64)
    return np.argpartition(-scores, k)[:k].astype(np.int64)
