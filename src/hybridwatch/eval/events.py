"""Scoring event extraction against a gold set of annotated sentences (tests/data/events format).

An extracted event matches a gold event of the same sentence and action, once. Scores: precision,
recall and F1 of (sentence, action); the same requiring the actor's entity id to agree where the
gold names one; the same requiring the target's too (a target the gold leaves empty must be empty);
and the share of matched events whose negation flag and resolved date agree.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from hybridwatch.analyse.events.extract import Event, EventExtractor

__all__ = ["read_gold", "score_events"]


def read_gold(path: str | Path, split: str | None = None) -> list[dict[str, Any]]:
    """The gold records of *path* (one JSON object per line), of one split if given."""
    records = [
        json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    return [r for r in records if split is None or r.get("split") == split]


def score_events(records: Iterable[dict[str, Any]], extractor: EventExtractor) -> dict[str, Any]:
    """Precision, recall and F1 overall and per language, with role, negation and date agreement."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for record in records:
        predicted = extractor.extract(record["text"], date.fromisoformat(record["article_date"]))
        for key in ("all", record["lang"]):
            _count(counts[key], predicted, record["events"])
    return {key: _metrics(c) for key, c in sorted(counts.items())}


def _count(c: dict[str, int], predicted: list[Event], gold: list[dict[str, Any]]) -> None:
    c["predicted"] += len(predicted)
    c["gold"] += len(gold)
    free = list(gold)
    for event in predicted:
        match = next((g for g in free if g["action"] == event.action), None)
        if match is None:
            continue
        free.remove(match)
        c["matched"] += 1
        actor_agrees = not match.get("actor_id") or match["actor_id"] == event.actor_id
        c["matched_with_actor"] += int(actor_agrees)
        c["matched_with_roles"] += int(actor_agrees and match.get("target_id") == event.target_id)
        c["negation_agrees"] += int(bool(match.get("negated")) == event.negated)
        if match.get("date"):
            c["dated"] += 1
            c["date_agrees"] += int(match["date"] == event.date)


def _metrics(c: dict[str, int]) -> dict[str, Any]:
    def prf(hits: int) -> dict[str, float]:
        p = hits / c["predicted"] if c["predicted"] else 0.0
        r = hits / c["gold"] if c["gold"] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3)}

    return {
        "gold_events": c["gold"],
        "predicted_events": c["predicted"],
        "action": prf(c["matched"]),
        "action_and_actor": prf(c["matched_with_actor"]),
        "action_and_roles": prf(c["matched_with_roles"]),
        "negation_accuracy": round(c["negation_agrees"] / c["matched"], 3) if c["matched"] else None,
        "date_accuracy": round(c["date_agrees"] / c["dated"], 3) if c["dated"] else None,
    }
