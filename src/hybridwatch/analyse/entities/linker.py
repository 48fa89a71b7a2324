"""Dictionary entity linking over folded words, with context rules for ambiguous names.

Text and aliases are cut into words the same way (letters and digits, joined by inner hyphens or
dots: "S-400", "NATO-a", "U.S") and each word is folded, so "Приштина", "Priština" and "Pristina"
are one key and word boundaries come for free. An Aho-Corasick automaton over the folded alias
word sequences finds every alias in one pass; overlapping hits keep the longest, leftmost.

Rules against false hits:

* an alias listed in the entity's ``context_required`` counts only when it is capitalised in the
  text and one of the entity's ``context_words`` (folded prefixes, or phrases) occurs within
  ``window`` words of it ("Bar" the port vs "bar"; "Niš" vs "nisu");
* an alias of one to three letters written in capitals ("EU", "UN", "RT") must be in capitals
  in the text too ("un" and "eu" are words in some languages);
* when one string names several entities ("NIS" the oil company, "Niš" the city), the one with
  the most context words nearby wins, and none when no rule is met.

Spans are character offsets into the original text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from hybridwatch.knowledge.pack import Entity, KnowledgePack
from hybridwatch.model.text import INVISIBLE, fold

__all__ = ["Mention", "EntityLinker", "words_with_spans"]

# Invisible format characters inside a word are part of it ("K\u2060FOR" is KFOR written to slip
# past matching): fold drops them; a word still starts and ends with a letter or digit.
_PART = rf"[^\W_]+(?:[{INVISIBLE}]+[^\W_]+)*"
WORD = re.compile(rf"{_PART}(?:[-.]{_PART})*")
SHORT = 3  # aliases this short, written in capitals, must be capitals in the text


@dataclass(frozen=True)
class Mention:
    """One entity named in a text: where, how it was written, and how it was found."""

    entity_id: str
    start: int
    end: int
    surface: str
    method: str = "gazetteer"


@dataclass(frozen=True)
class _Candidate:
    entity: Entity
    needs_context: bool
    needs_capitals: bool


def words_with_spans(text: str) -> list[tuple[str, int, int]]:
    """(folded word, start, end) for each word of *text*."""
    out = []
    for m in WORD.finditer(text):
        folded = fold(m.group())
        if folded:
            out.append((folded, m.start(), m.end()))
    return out


class EntityLinker:
    """Finds the pack's entities in texts; build once, call ``link`` per text."""

    def __init__(self, pack: KnowledgePack, window: int = 40) -> None:
        self.window = window
        self.version = pack.version
        self._context = {e.id: _context_rules(e) for e in pack.entities.values()}
        keys: dict[str, list[_Candidate]] = {}
        for entity in pack.entities.values():
            for alias in entity.all_aliases():
                words = [w for w, _, _ in words_with_spans(alias)]
                if not words:
                    continue
                letters = alias.replace("-", "").replace(".", "")
                candidate = _Candidate(
                    entity,
                    needs_context=alias in entity.context_required,
                    needs_capitals=len(letters) <= SHORT and letters.isupper(),
                )
                bucket = keys.setdefault(" " + " ".join(words) + " ", [])
                if all(c.entity.id != entity.id or c != candidate for c in bucket):
                    bucket.append(candidate)
        self._automaton = ahocorasick.Automaton()
        for key, candidates in keys.items():
            # one key may be an alias needing context for one entity and not for another
            self._automaton.add_word(key, (key.count(" ") - 1, tuple(candidates)))
        self._automaton.make_automaton()

    def link(self, text: str) -> list[Mention]:
        """Every entity mention in *text*, in order."""
        words = words_with_spans(text)
        if not words:
            return []
        joined = " " + " ".join(w for w, _, _ in words) + " "
        # the word index at each character of *joined* (words start after a space)
        word_at = [0] * len(joined)
        position = 1
        for index, (w, _, _) in enumerate(words):
            for k in range(position, position + len(w) + 1):
                word_at[k] = index
            position += len(w) + 1
        hits = []
        for end_char, (n_words, candidates) in self._automaton.iter(joined):
            last = word_at[end_char - 1]
            first = last - n_words + 1
            hits.append((first, last, candidates))
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        mentions: list[Mention] = []
        taken = -1
        for first, last, candidates in hits:
            if first <= taken:
                continue
            entity = self._choose(text, words, first, last, candidates)
            if entity is None:
                continue
            start, end = words[first][1], words[last][2]
            mentions.append(Mention(entity.id, start, end, text[start:end]))
            taken = last
        return mentions

    def _choose(
        self,
        text: str,
        words: list[tuple[str, int, int]],
        first: int,
        last: int,
        candidates: Iterable[_Candidate],
    ) -> Entity | None:
        surface = text[words[first][1] : words[last][2]]
        best: tuple[int, Entity] | None = None
        for candidate in candidates:
            if candidate.needs_capitals and not surface.replace("-", "").replace(".", "").isupper():
                continue
            hits = 0
            if candidate.needs_context:
                if not surface[:1].isupper():
                    continue
                hits = self._context_hits(candidate.entity.id, words, first, last)
                if hits == 0:
                    continue
            if best is None or hits > best[0]:
                best = (hits, candidate.entity)
        return best[1] if best else None

    def _context_hits(self, entity_id: str, words: list[tuple[str, int, int]], first: int, last: int) -> int:
        prefixes, phrases = self._context[entity_id]
        lo, hi = max(0, first - self.window), min(len(words), last + 1 + self.window)
        nearby = [w for k, (w, _, _) in enumerate(words[lo:hi], start=lo) if not first <= k <= last]
        hits = sum(1 for w in nearby if w.startswith(prefixes))
        if phrases:
            joined = " " + " ".join(nearby) + " "
            hits += sum(1 for p in phrases if p in joined)
        return hits


def _context_rules(entity: Entity) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(single-word prefixes, " phrase " strings) of an entity's context words, folded."""
    prefixes: list[str] = []
    phrases: list[str] = []
    for word in entity.context_words:
        folded = " ".join(w for w, _, _ in words_with_spans(word))
        if not folded:
            continue
        (phrases if " " in folded else prefixes).append(folded if " " not in folded else f" {folded}")
    return tuple(prefixes), tuple(phrases)
