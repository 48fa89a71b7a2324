"""Which known narrative of the knowledge pack a tracked narrative is, if any.

A tracked narrative keeps the counts of its members' words; a pack narrative lists folded
keyword stems and phrases. A pack narrative fits when at least two of its keywords occur, and
its keywords cover at least ``min_share`` of the tracked narrative's word occurrences (and
``min_hits`` of them): a story that mentions "sanctions" three times among forty mentions of oil
is not the sanctions narrative. The best fit wins; its DISARM techniques then apply.
"""

from __future__ import annotations

from collections.abc import Mapping

from hybridwatch.knowledge.pack import KnowledgePack, Narrative

__all__ = ["known_narrative"]


def known_narrative(
    terms: Mapping[str, int],
    label: list[str],
    pack: KnowledgePack,
    *,
    min_hits: int = 3,
    min_share: float = 0.03,
    min_keywords: int = 2,
) -> Narrative | None:
    """The pack narrative that best matches a tracked narrative's words, or None (*label* unused)."""
    total = sum(terms.values()) or 1

    def occurrences(stem: str) -> int:
        return sum(n for word, n in terms.items() if word.startswith(stem))

    best: tuple[int, str] | None = None
    for narrative in pack.narratives.values():
        hits = distinct = 0
        for keyword in narrative.keywords:
            # a phrase counts as often as its rarest word (the words are kept as counts, not in order)
            found = min(occurrences(part) for part in keyword.split()) if keyword.strip() else 0
            hits += found
            distinct += found > 0
        fits = distinct >= min_keywords and hits >= max(min_hits, min_share * total)
        if fits and (best is None or hits > best[0]):
            best = (hits, narrative.id)
    return pack.narratives[best[1]] if best else None
