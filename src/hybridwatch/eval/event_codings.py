"""Scoring the event extractor on published CAMEO/PLOVER codings (English, general news).

Two external gold sets (../shared/data): the PLOVER gold standard records (CAMEO manual examples
coded in PLOVER categories) and the PETRARCH2 unit-test sentences (CAMEO event codes, mostly
invented actors). Our taxonomy covers a part of either, so scores are per sentence over the
categories we cover: a predicted category is right when the gold codes it for that sentence;
recall counts gold codings of covered categories. Nothing was tuned on these sets.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from hybridwatch.analyse.events.extract import EventExtractor
from hybridwatch.analyse.events.lexicon import ACTIONS

__all__ = ["read_plover_gold", "read_petrarch_tests", "score_codings", "PLOVER_OF", "CAMEO_ROOTS_OF"]

# the PLOVER categories and CAMEO root codes each of our actions stands for: the one it maps to
# (lexicon.ACTIONS), widened where the gold sets are coarser or older than our taxonomy. "attack"
# covers armed fighting too (PLOVER FIGHT, CAMEO 19); the 2016 PLOVER gold codes accusations as
# DISAPPROVE (ACCUSE came later).
PLOVER_OF: dict[str, frozenset[str]] = {
    **{action: frozenset({plover}) for action, (plover, _) in ACTIONS.items()},
    "attack": frozenset({"ASSAULT", "FIGHT"}),
    "accuse": frozenset({"DISAPPROVE"}),
}
CAMEO_ROOTS_OF: dict[str, frozenset[str]] = {
    **{action: frozenset({root}) for action, (_, root) in ACTIONS.items()},
    "attack": frozenset({"18", "19"}),
}

Record = tuple[str, str, date, frozenset[str]]  # id, sentence, date, gold categories


def read_plover_gold(path: str | Path) -> list[Record]:
    """(id, sentence, date, {PLOVER category}) per coded sentence of PLOVER_GSR_CAMEO.txt."""
    records = json.loads(Path(path).read_text(encoding="utf-8"))
    return [
        (r["id"], r["text"], date.fromisoformat(r["date"]), frozenset({r["event"]}))
        for r in records
        if r.get("event") and r.get("event") != "DOCUMENT" and r.get("text")
    ]


def read_petrarch_tests(path: str | Path) -> list[Record]:
    """(id, sentence, date, {CAMEO root}) per enabled record of PETR.UnitTest.records.xml."""
    root = ElementTree.parse(str(path)).getroot()
    if root is None:
        return []
    out = []
    for sentence in root.iter("Sentence"):
        if sentence.get("sentence") != "true":
            continue
        text = " ".join((sentence.findtext("Text") or "").split())
        codes = frozenset(
            c.get("eventcode", "")[:2] for c in sentence.iter("EventCoding") if c.get("eventcode")
        )
        raw = sentence.get("date", "20000101")
        out.append((sentence.get("id", ""), text, date(int(raw[:4]), int(raw[4:6]), int(raw[6:8])), codes))
    return out


def score_codings(
    records: Iterable[Record], extractor: EventExtractor, categories_of: dict[str, frozenset[str]]
) -> dict[str, Any]:
    """Precision and recall of extracted events against the gold codings our actions cover.

    Each extracted event is one prediction, right when one of its categories is coded for the
    sentence (each gold coding is matched once); recall is over gold codings of covered categories.
    """
    covered = frozenset().union(*categories_of.values())
    sentences = predicted = right = gold_total = 0
    per_category: dict[str, Counter[str]] = defaultdict(Counter)
    for _, text, day, gold in records:
        sentences += 1
        wanted = set(gold & covered)
        gold_total += len(wanted)
        for category in wanted:
            per_category[category]["gold"] += 1
        for event in extractor.extract(text, day):
            predicted += 1
            match = next((c for c in sorted(categories_of[event.action]) if c in wanted), None)
            if match is not None:
                wanted.discard(match)
                right += 1
                per_category[match]["found"] += 1
    precision = right / predicted if predicted else 0.0
    recall = right / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "sentences": sentences,
        "gold_codings_covered": gold_total,
        "predicted_events": predicted,
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "recall_by_category": {
            c: round(v["found"] / v["gold"], 3) for c, v in sorted(per_category.items()) if v["gold"]
        },
    }
