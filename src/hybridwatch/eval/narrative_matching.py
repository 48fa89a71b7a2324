"""Testing known-narrative matching on EUvsDisinfo cases, whose keyword tags are gold topic labels.

Some narratives of the knowledge pack have a clear counterpart among EUvsDisinfo's keywords
(``COUNTERPARTS``). For each such narrative: precision (cases matched to it that carry the
keyword) and recall (cases carrying the keyword that were matched to it), on case titles, with
one keyword enough (a title is one sentence). The split is by a hash of the case id (40 % dev,
60 % test), so keywords can be adjusted on dev and reported on test.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from hybridwatch.analyse.narratives.known import known_narrative
from hybridwatch.knowledge.pack import KnowledgePack
from hybridwatch.model.text import fold

__all__ = ["COUNTERPARTS", "split_of", "score_narrative_matching"]

# pack narrative -> EUvsDisinfo keywords that label the same story
COUNTERPARTS: dict[str, frozenset[str]] = {
    "nar:colour_revolution": frozenset({"Colour revolutions"}),
    "nar:sanctions_hurt_serbia": frozenset({"Sanctions"}),
    "nar:nato_expansion_caused_war": frozenset({"EU/NATO enlargement", "Encircling Russia"}),
}


def split_of(case_id: str) -> str:
    """The split of a case: "dev" for 40 % of cases, "test" for the rest, fixed by the case id."""
    return "dev" if int(hashlib.sha1(case_id.encode()).hexdigest(), 16) % 10 < 4 else "test"


def score_narrative_matching(path: str | Path, pack: KnowledgePack, split: str) -> dict[str, Any]:
    """Precision and recall per narrative with a counterpart, on one split of the cases."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    cases = 0
    with Path(path).open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if split_of(row["id"]) != split:
                continue
            cases += 1
            words = Counter(fold(row["title"]).replace(",", " ").replace(".", " ").split())
            found = known_narrative(words, [], pack, min_hits=1, min_share=0.0, min_keywords=1)
            tags = set(row["keywords"].split("+"))
            for narrative, keywords in COUNTERPARTS.items():
                gold, predicted = bool(tags & keywords), found is not None and found.id == narrative
                counts[narrative]["tp"] += gold and predicted
                counts[narrative]["fp"] += predicted and not gold
                counts[narrative]["fn"] += gold and not predicted
    out: dict[str, Any] = {"split": split, "cases": cases}
    for narrative, c in counts.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        out[narrative] = {"precision": round(p, 3), "recall": round(r, 3), "gold": c["tp"] + c["fn"]}
    return out
