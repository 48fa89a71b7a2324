"""Which known narrative of the knowledge pack a tracked narrative is, if any.

A tracked narrative keeps the counts of its members' words; a pack narrative lists folded
keyword stems and phrases. The pack narrative whose keywords cover the most word occurrences
(at least ``min_hits``) is the one; its DISARM techniques then apply to the tracked narrative.
"""

from __future__ import annotations

from collections.abc import Mapping

from hybridwatch.knowledge.pack import KnowledgePack, Narrative

__all__ = ["known_narrative"]


def known_narrative(
    terms: Mapping[str, int], label: list[str], pack: KnowledgePack, min_hits: int = 3
) -> Narrative | None:
    """The pack narrative that best matches a tracked narrative's words, or None."""
    text = " " + " ".join(label) + " "
    best: tuple[int, str] | None = None
    for narrative in pack.narratives.values():
        hits = 0
        for keyword in narrative.keywords:
            if " " in keyword:
                hits += min_hits * (f" {keyword}" in text)
            else:
                hits += sum(n for word, n in terms.items() if word.startswith(keyword))
        if hits >= min_hits and (best is None or hits > best[0]):
            best = (hits, narrative.id)
    return pack.narratives[best[1]] if best else None
