"""Narrative labels: each narrative's most distinctive words by class-based TF-IDF (as BERTopic).

A word's weight in a narrative is its frequency there, normalised by the narrative's word count,
times log(1 + A / f), where A is the average number of words per narrative and f the word's
frequency over all narratives: words every narrative uses sink, the narrative's own words rise.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping

__all__ = ["ctfidf_labels"]


def ctfidf_labels(terms: Mapping[str, Counter[str]], top: int = 6) -> dict[str, list[str]]:
    """The *top* distinctive words of each narrative, given each narrative's word counts."""
    totals = {name: sum(c.values()) for name, c in terms.items()}
    if not totals:
        return {}
    average = sum(totals.values()) / len(totals)
    overall: Counter[str] = Counter()
    for counts in terms.values():
        overall.update(counts)
    labels = {}
    for name, counts in terms.items():
        size = totals[name] or 1
        scored = sorted(
            counts.items(), key=lambda kv: (-(kv[1] / size) * math.log(1 + average / overall[kv[0]]), kv[0])
        )
        labels[name] = [word for word, _ in scored[:top]]
    return labels
