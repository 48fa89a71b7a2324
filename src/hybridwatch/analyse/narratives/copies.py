"""Which new documents repeat an earlier text, so that a copy-paste flood counts once in word frequencies.

Document frequencies decide which words are too common to tell narratives apart (``max_df``).
Counted per document, 500 copies of one post put its words in "more than half the documents"
and prune them as if they were function words, so the flood, the very campaign an analyst
looks for, had "no distinctive words". Counted per distinct text, a flood adds one.

A text's keys are the LSH band hashes of a MinHash over its words, links and @mentions aside
(a copy with its own short link is still a copy). Two texts that share a key are near-copies:
with 8 bands of 8 rows, texts with 90% of their words in common share one in 99% of cases, at
80% in 77%, at 50% in 3%. The keys of every text seen are kept in the store, so a flood
spread over many updates is recognised too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from hybridwatch.analyse.campaigns.minhash import MinHasher, band_keys

__all__ = ["copy_keys", "BANDS", "ROWS"]

BANDS = 8
ROWS = 8
_HASHER = MinHasher(num_perm=BANDS * ROWS, shingle=1, seed=11)
_ASIDE = re.compile(r"(?:https?://|www\.)\S{0,2000}|@\w{1,64}")


def copy_keys(folded: Sequence[str]) -> list[tuple[int, ...]]:
    """Each text's band keys (signed 64-bit, as SQLite stores them); empty for a text of no words."""
    signatures = _HASHER.signatures([_ASIDE.sub(" ", text) for text in folded])
    wordless = (signatures == np.iinfo(np.uint32).max).all(axis=1)  # the empty signature: equal to all
    keys = band_keys(signatures, BANDS).view(np.int64)
    return [() if empty else tuple(row) for row, empty in zip(keys.tolist(), wordless.tolist(), strict=True)]
