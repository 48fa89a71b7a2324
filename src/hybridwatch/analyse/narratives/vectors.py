"""Documents as TF-IDF vectors over hashed folded words, and sparse dot products between them.

Term ids are CRC-32 hashes of folded words of three letters or more (the same on every run and
machine, and the same word in Cyrillic and Latin, since the text is folded). Terms in more than
``max_df`` of the documents seen so far carry no narrative and are dropped, which also keeps the
posting lists of the sparse product short.
"""

from __future__ import annotations

import functools
import math
import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Vector", "SparseRows", "term_counts", "term_id", "tfidf", "sparse_dot"]

WORD = re.compile(r"[^\W\d_]{3,}")
Vector = list[tuple[int, float]]  # (term id, weight), L2-normalised
MIN_DOCS_FOR_DF_CUT = 200  # below this, document frequencies say little about what is common


def term_counts(folded: str) -> Counter[str]:
    """How often each word of three letters or more occurs in a folded text."""
    return Counter(WORD.findall(folded))


STEM = 5  # words are compared by their first letters: "severu", "severa", "severni" are one term
VOWELS = frozenset("aeiouy")


def stem(word: str) -> str:
    """A crude, language-blind stemmer for inflected languages: drop a final vowel, keep five letters.

    "bazu", "baza", "bazi" → "baz"; "kosova", "kosovu", "kosove" → "kosov"; "severu", "severni" → "sever".
    """
    if len(word) >= 4 and word[-1] in VOWELS:
        word = word[:-1]
    return word[:STEM]


@functools.lru_cache(maxsize=1 << 17)  # words recur: an update looks up each of ~50 per document
def term_id(term: str) -> int:
    """A word's stable id: a hash of its stem."""
    return zlib.crc32(stem(term).encode("utf-8", "surrogatepass"))


def tfidf(counts: Counter[str], df: Mapping[int, int], n_docs: int, max_df: float) -> Vector:
    """Sublinear TF x smoothed IDF, common terms dropped, L2-normalised (empty when nothing is left)."""
    cut = n_docs >= MIN_DOCS_FOR_DF_CUT
    weights: dict[int, float] = {}
    for term, tf in counts.items():
        tid = term_id(term)
        freq = df.get(tid, 0)
        if cut and freq > max_df * n_docs:
            continue
        weights[tid] = weights.get(tid, 0.0) + (1.0 + math.log(tf)) * (
            math.log((1 + n_docs) / (1 + freq)) + 1.0
        )
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return [(t, w / norm) for t, w in weights.items()] if norm else []


@dataclass
class SparseRows:
    """Rows of sparse vectors as three arrays (row, term, weight), sorted by term for lookups."""

    row: npt.NDArray[np.int64]
    term: npt.NDArray[np.int64]
    weight: npt.NDArray[np.float64]

    @classmethod
    def of(cls, vectors: Sequence[Vector], *, by_term: bool = False) -> SparseRows:
        """Pack vectors; *by_term* sorts the entries by term (an index to look terms up in)."""
        lengths = [len(v) for v in vectors]
        row = np.repeat(np.arange(len(vectors), dtype=np.int64), lengths)
        flat = [entry for v in vectors for entry in v]
        term = np.fromiter((t for t, _ in flat), np.int64, len(flat))
        weight = np.fromiter((w for _, w in flat), np.float64, len(flat))
        if by_term:
            order = np.argsort(term, kind="stable")
            row, term, weight = row[order], term[order], weight[order]
        return cls(row, term, weight)


def sparse_dot(
    queries: SparseRows, index: SparseRows, *, chunk: int = 1_000_000
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Every nonzero dot product between query rows and index rows: (query row, index row, score).

    The index must be sorted by term. Work is proportional to the query entries times the posting
    lengths of their terms, done in slices of about *chunk* products.
    """
    lo = np.searchsorted(index.term, queries.term, side="left")
    hi = np.searchsorted(index.term, queries.term, side="right")
    lengths = hi - lo
    n_index = int(index.row.max()) + 1 if len(index.row) else 1
    out_q, out_i, out_s = [], [], []
    ends = np.cumsum(lengths)
    start = 0
    while start < len(lengths):
        # a slice of query entries whose products fit in about *chunk*
        stop = int(np.searchsorted(ends, (ends[start - 1] if start else 0) + chunk, side="right"))
        stop = max(stop, start + 1)
        span = lengths[start:stop]
        rep = np.repeat(np.arange(start, stop), span)
        offsets = np.arange(len(rep)) - np.repeat(np.cumsum(span) - span, span)
        at = lo[rep] + offsets
        key = queries.row[rep] * n_index + index.row[at]
        keys, inverse = np.unique(key, return_inverse=True)
        out_q.append(keys // n_index)
        out_i.append(keys % n_index)
        out_s.append(np.bincount(inverse, weights=queries.weight[rep] * index.weight[at]))
        start = stop
    if not out_q:
        empty = np.zeros(0, np.int64)
        return empty, empty, np.zeros(0, np.float64)
    q, i, s = np.concatenate(out_q), np.concatenate(out_i), np.concatenate(out_s)
    if len(out_q) > 1:  # a query row may span slices: add its partial sums up
        keys, inverse = np.unique(q * n_index + i, return_inverse=True)
        q, i, s = keys // n_index, keys % n_index, np.bincount(inverse, weights=s)
    return q.astype(np.int64), i.astype(np.int64), s.astype(np.float64)
