"""BM25 over folded text, in numpy: the lexical half of claim retrieval and its whole fallback.

Tokens are folded words (any script, no diacritics, no case) cut to their first six letters:
truncation is a crude stemmer that serves inflected languages (Serbian, Russian, Albanian) as
well as English, with no language-specific rules.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from hybridwatch.model.text import fold

__all__ = ["tokens", "BM25Index", "STEM_CHARS", "STOPWORDS"]

STEM_CHARS = 6
_WORD = re.compile(r"\w+")
# Function words of the languages we read, folded; they carry no topic.
STOPWORDS = frozenset(
    "a an the and or but of to in on at by for with from as is are was were be been being it its "
    "this that these those there their they them he she his her we our you your i me my not no do "
    "does did has have had will would can could should may might shall than then so if about into "
    "over after before just also more most very what which who whom whose when where why how all any "
    "some such only own same too via rt amp https http www com pic twitter status i u na je da se su "
    "za od sa kao ali ne koji koja koje sto ce bi iz o to nije biti jer kako jos dok posle taj ta "
    "ovo ovaj smo ste sam bio bila bilo vec prema zbog kod dhe te ne per eshte nga qe me nje se nuk "
    "por ka do jane si kjo ky e v s k po kak eto on iz dlja ot ze tak ego vse byl byla budet takze "
    "kotoryj pri ili uze ".split()
)


def tokens(text: str, *, stem: bool = True) -> list[str]:
    """Folded, stopword-free word tokens of *text*, cut to STEM_CHARS letters when *stem*."""
    words = [w for w in _WORD.findall(fold(text)) if w not in STOPWORDS and len(w) > 1]
    return [w[:STEM_CHARS] for w in words] if stem else words


class BM25Index:
    """Okapi BM25 (k1=1.2, b=0.75) with per-term posting arrays; scoring is vectorised."""

    def __init__(self, documents: Sequence[list[str]], *, k1: float = 1.2, b: float = 0.75) -> None:
        self.size = len(documents)
        lengths = np.array([len(d) for d in documents], dtype=np.float32)
        avg = float(lengths.mean()) if self.size else 1.0
        postings: dict[str, tuple[list[int], list[float]]] = {}
        for index, doc in enumerate(documents):
            norm = k1 * (1 - b + b * (lengths[index] / max(avg, 1e-9)))
            for term, tf in Counter(doc).items():
                docs, weights = postings.setdefault(term, ([], []))
                docs.append(index)
                weights.append(tf * (k1 + 1) / (tf + norm))
        self._postings: dict[str, tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]] = {
            term: (np.array(d, dtype=np.int32), np.array(w, dtype=np.float32))
            for term, (d, w) in postings.items()
        }
        self._idf = {
            term: math.log(1 + (self.size - len(d) + 0.5) / (len(d) + 0.5))
            for term, (d, _) in self._postings.items()
        }

    def scores(self, query: list[str]) -> npt.NDArray[np.float32]:
        """BM25 score of every document for the query tokens."""
        out = np.zeros(self.size, dtype=np.float32)
        for term in set(query):
            posting = self._postings.get(term)
            if posting is not None:
                out[posting[0]] += self._idf[term] * posting[1]
        return out

    def idf(self, term: str) -> float:
        """Inverse document frequency of a token (0 for unknown tokens)."""
        return self._idf.get(term, 0.0)
