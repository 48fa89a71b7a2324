"""MinHash signatures and LSH banding for whole batches of folded texts, in numpy.

A text's shingles are its overlapping runs of ``shingle`` words. Words are hashed with a
polynomial hash over their bytes, computed for a whole batch at once (no Python loop per
word), so signatures are stable across runs and machines. Each of the ``num_perm`` hash
functions is ``a * x + b`` modulo 2**64 with odd random ``a`` (multiply-add hashing); a
signature is the minimum of each function over the text's shingles, kept as its top 32 bits.
Two texts' Jaccard similarity is estimated by the share of equal signature positions.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["MinHasher", "Signatures", "band_keys", "lsh_pairs", "estimated_jaccard", "words_of", "iter_words"]

Signatures = npt.NDArray[np.uint32]  # (n_texts, num_perm)

_WORD_BASE = np.uint64(1099511628211)  # the FNV-1a 64-bit prime: a good polynomial base
_MAX_WORD_BYTES = 64  # longer words hash by their first 64 bytes
_SEPARATOR = np.ones(256, dtype=bool)  # bytes that are not part of a word: ASCII other than [0-9A-Za-z]
_SEPARATOR[ord("0") : ord("9") + 1] = _SEPARATOR[ord("A") : ord("Z") + 1] = False
_SEPARATOR[ord("a") : ord("z") + 1] = _SEPARATOR[0x80:] = False
_EMPTY = np.uint32(0xFFFFFFFF)
_TRIU: dict[
    int, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]
] = {}  # pair indices per bucket size  # the signature of a text with no words: equal only to itself


_WORD_CHARS = re.compile("[0-9A-Za-z\u0080-\U0010ffff]+")


def words_of(text: str) -> list[str]:
    """The words the signatures see, one at a time (for other tools and for checking)."""
    return _WORD_CHARS.findall(text)


def iter_words(text: str) -> Iterator[str]:
    """The same words, lazily: counting the first few needs no more."""
    return (m.group() for m in _WORD_CHARS.finditer(text))


@dataclass(frozen=True)
class MinHasher:
    """Signatures of ``num_perm`` hash functions over ``shingle``-word shingles; ``seed`` fixes them."""

    num_perm: int = 128
    shingle: int = 3
    seed: int = 1

    def __post_init__(self) -> None:
        if self.num_perm < 1 or self.shingle < 1:
            raise ValueError("num_perm and shingle must be positive")

    def _params(self) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
        rng = np.random.default_rng(self.seed)
        a = rng.integers(1, 2**63, size=self.num_perm, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        b = rng.integers(0, 2**63, size=self.num_perm, dtype=np.uint64)
        mix = rng.integers(1, 2**63, size=self.shingle, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
        return a, b, mix

    def signatures(self, texts: Sequence[str], batch: int = 4096) -> Signatures:
        """One signature row per text (texts are expected folded: see :func:`hybridwatch.model.text.fold`)."""
        a, b, mix = self._params()
        out = np.empty((len(texts), self.num_perm), dtype=np.uint32)
        for start in range(0, len(texts), batch):
            out[start : start + batch] = self._batch(texts[start : start + batch], a, b, mix)
        return out

    def _batch(
        self,
        texts: Sequence[str],
        a: npt.NDArray[np.uint64],
        b: npt.NDArray[np.uint64],
        mix: npt.NDArray[np.uint64],
    ) -> Signatures:
        word_hashes, word_doc = _word_hashes(texts)
        shingles, owner = _shingles(word_hashes, word_doc, len(texts), self.shingle, mix)
        result = np.full((len(texts), self.num_perm), _EMPTY, dtype=np.uint32)
        if len(shingles) == 0:
            return result
        order = np.argsort(owner, kind="stable")
        shingles, owner = shingles[order], owner[order]
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
        with np.errstate(over="ignore"):  # one row per hash function: the reduction runs along rows
            hashed = a[:, None] * shingles[None, :]
            hashed += b[:, None]
        minima = np.minimum.reduceat(hashed, starts, axis=1)
        result[owner[starts]] = (minima.T >> np.uint64(32)).astype(np.uint32)
        return result


def _word_hashes(texts: Sequence[str]) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """Hash every space-separated word of every text; return hashes and the text each belongs to."""
    joined = " ".join(t.replace("\n", " ") for t in texts).encode("utf-8", "surrogatepass")
    data = np.frombuffer(joined, dtype=np.uint8)
    if len(data) == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    is_space = _SEPARATOR[data]  # punctuation separates words like spaces do: "odmah!!" is "odmah"
    # The text index of every byte: spaces between texts are where the joined lengths say.
    lengths = np.fromiter((len(t.encode("utf-8", "surrogatepass")) for t in texts), np.int64, len(texts))
    doc_of_byte = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)[: len(data)]
    word_start = ~is_space & np.r_[True, is_space[:-1]]
    word_id = np.cumsum(word_start) - 1
    letters = np.flatnonzero(~is_space)
    if len(letters) == 0:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    wid = word_id[letters]
    first = np.flatnonzero(word_start)
    position = letters - first[wid]  # the byte's place within its word
    keep = position < _MAX_WORD_BYTES
    letters, wid, position = letters[keep], wid[keep], position[keep]
    powers = np.cumprod(np.full(_MAX_WORD_BYTES, _WORD_BASE, dtype=np.uint64), dtype=np.uint64)
    with np.errstate(over="ignore"):
        contributions = (data[letters].astype(np.uint64) + np.uint64(1)) * powers[position]
    # a word's bytes are contiguous, so one reduceat sums each word (uint64 sums wrap, as hashes may)
    hashes = np.add.reduceat(contributions, np.flatnonzero(position == 0))
    return hashes, doc_of_byte[first]


def _shingles(
    words: npt.NDArray[np.uint64],
    doc: npt.NDArray[np.int64],
    n_texts: int,
    size: int,
    mix: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """Hashes of every run of *size* consecutive words within one text; a shorter text is one shingle."""
    if len(words) == 0:
        return words, doc
    counts = np.bincount(doc, minlength=n_texts)
    if len(words) >= size:
        span = len(words) - size + 1
        same_doc = doc[:span] == doc[size - 1 :]
        with np.errstate(over="ignore"):
            combined = np.zeros(span, dtype=np.uint64)
            for offset in range(size):
                combined += words[offset : offset + span] * mix[offset]
        full, full_doc = combined[same_doc], doc[:span][same_doc]
    else:
        full, full_doc = np.zeros(0, np.uint64), np.zeros(0, np.int64)
    short_docs = np.flatnonzero((counts > 0) & (counts < size))
    if len(short_docs) == 0:
        return full, full_doc
    # texts shorter than one shingle: all their words as one shingle
    in_short = np.isin(doc, short_docs)
    with np.errstate(over="ignore"):
        weighted = words[in_short] * mix[0]
    sums = np.zeros(n_texts, dtype=np.uint64)
    np.add.at(sums, doc[in_short], weighted)
    return np.r_[full, sums[short_docs]], np.r_[full_doc, short_docs]


def estimated_jaccard(
    signatures: Signatures, left: npt.NDArray[np.int64], right: npt.NDArray[np.int64]
) -> npt.NDArray[np.float64]:
    """Estimated Jaccard similarity of each (left[i], right[i]) pair of rows."""
    if len(left) == 0:
        return np.zeros(0, dtype=np.float64)
    out = np.empty(len(left), dtype=np.float64)
    step = 65536
    for start in range(0, len(left), step):
        sl = slice(start, start + step)
        out[sl] = (signatures[left[sl]] == signatures[right[sl]]).mean(axis=1)
    return out


def band_keys(signatures: Signatures, bands: int) -> npt.NDArray[np.uint64]:
    """One hash per band of each row, (n_texts, bands): two rows share a key where a band agrees.

    Band *b*'s keys differ from band *c*'s even for equal values, so keys of all bands can share
    one set (a store's table of texts seen).
    """
    n, num_perm = signatures.shape
    rows = num_perm // bands
    rng = np.random.default_rng(7)
    weights = rng.integers(1, 2**63, size=rows, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    salts = rng.integers(0, 2**63, size=bands, dtype=np.uint64)
    out = np.empty((n, bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            block = signatures[:, band * rows : (band + 1) * rows].astype(np.uint64)
            out[:, band] = (block * weights[None, :]).sum(axis=1, dtype=np.uint64) + salts[band]
    return out


def lsh_pairs(
    signatures: Signatures, bands: int, *, all_pairs_up_to: int = 64
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Candidate pairs: rows that agree on every position of at least one band.

    A bucket of up to ``all_pairs_up_to`` rows gives all its pairs; a bigger one (a text pushed
    thousands of times with small edits) pairs each member with the bucket's first member and
    with its predecessor, so it gives about 2m pairs rather than m**2.
    """
    n, num_perm = signatures.shape
    if n < 2 or num_perm // bands == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    all_keys = band_keys(signatures, bands)
    lefts: list[npt.NDArray[np.int64]] = []
    rights: list[npt.NDArray[np.int64]] = []
    for band in range(bands):
        keys = all_keys[:, band]
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        same = sorted_keys[1:] == sorted_keys[:-1]
        if not same.any():
            continue
        new_bucket = np.r_[True, ~same]
        bucket_start = np.maximum.accumulate(np.where(new_bucket, np.arange(n), 0))
        members = np.flatnonzero(~new_bucket)  # positions that have a predecessor in their bucket
        lefts += [order[bucket_start[members]], order[members - 1]]
        rights += [order[members], order[members]]
        starts = np.flatnonzero(new_bucket)
        sizes = np.diff(np.r_[starts, n])
        small = (sizes > 2) & (sizes <= all_pairs_up_to)
        for size in _distinct(sizes[small]).tolist():  # all buckets of one size in one step
            first = starts[small & (sizes == size)]
            i, j = _TRIU.get(size) or _TRIU.setdefault(size, np.triu_indices(size, k=1))
            lefts.append(order[(first[:, None] + i[None, :]).ravel()])
            rights.append(order[(first[:, None] + j[None, :]).ravel()])
    if not lefts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    left, right = np.concatenate(lefts), np.concatenate(rights)
    keep = left != right
    low, high = np.minimum(left, right)[keep].astype(np.int64), np.maximum(left, right)[keep].astype(np.int64)
    codes = _distinct(low * n + high)  # one integer per pair: a flat unique, not a row-wise one
    return codes // n, codes % n


def _distinct(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Sorted distinct values; sorting is ~50x faster here than numpy 2's hash-based np.unique."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered
