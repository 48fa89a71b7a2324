"""Rule-based event extraction: a trigger word names the action, linked entities fill the roles.

For each sentence: every trigger (``lexicon.TRIGGERS``) proposes its action once; the actor is the
nearest state, organisation, person or territory named before the trigger (or, failing that, the
first after it), the target the next such entity after the trigger that is not the actor, the
object a military system named in the sentence, the place a place named in it (other than the
actor or target), and the time the sentence's first time expression resolved against the
article's date. A negation just before the trigger, or a denial verb before it, marks the event
negated. Sentences about sport or the weather, or with a "war of words", are left alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import ahocorasick

from hybridwatch.analyse.entities.linker import EntityLinker, Mention, words_with_spans
from hybridwatch.analyse.events.dates import resolve_time
from hybridwatch.analyse.events.lexicon import (
    ACTIONS,
    DENIALS,
    NEGATIONS,
    NOT_SECURITY,
    OVERRIDES,
    SWALLOWS,
    TRIGGERS,
)
from hybridwatch.knowledge.pack import KnowledgePack

__all__ = ["Event", "EventExtractor"]

ACTOR_TYPES = frozenset({"state", "organisation", "person", "territory"})
NEGATION_REACH = 3  # words before the trigger


@dataclass(frozen=True)
class Event:
    """One event: action, roles (entity ids and surface forms), time and where in the text."""

    action: str
    trigger: str
    actor: str | None
    actor_id: str | None
    target: str | None
    target_id: str | None
    object: str | None
    object_id: str | None
    place: str | None
    place_id: str | None
    date_text: str | None
    date: str | None
    negated: bool
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape, with the action's PLOVER category and CAMEO root."""
        plover, cameo = ACTIONS[self.action]
        return {**asdict(self), "plover": plover, "cameo_root": cameo}


CONJUNCTIONS = frozenset({"and", "i", "dhe", "e", "a"})  # en, sr/ru (folded "и"), sq


def _coordinated(folded: list[str], first: tuple[int, Mention], second: tuple[int, Mention]) -> bool:
    """True when only a conjunction stands between two mentions ("Srbija i Kina")."""
    (i, m), (j, _) = first, second
    end = i + len(words_with_spans(m.surface))
    return j - end == 1 and folded[end] in CONJUNCTIONS


class EventExtractor:
    """Build once over a knowledge pack; call ``extract`` per sentence."""

    def __init__(self, pack: KnowledgePack, linker: EntityLinker | None = None) -> None:
        self.linker = linker or EntityLinker(pack)
        self.types = {e.id: e.type for e in pack.entities.values()}
        single: list[tuple[str, str]] = []
        multi: list[tuple[tuple[str, ...], str]] = []
        for action, stems in TRIGGERS.items():
            for stem in stems:
                parts = tuple(stem.split())
                if len(parts) == 1:
                    single.append((stem, action))
                else:
                    multi.append((parts, action))
        self._multi = multi
        # single-word stems in one Aho-Corasick pass over " word word ... ": a key " stem" matches
        # at the start of a word, " word " (a stem ending in $) only the whole word
        self._stems = ahocorasick.Automaton()
        keys: dict[str, list[tuple[str, int]]] = {}
        for stem, action in single:
            key = f" {stem[:-1]} " if stem.endswith("$") else f" {stem}"
            keys.setdefault(key, []).append((action, len(stem)))
        for key, actions in keys.items():
            self._stems.add_word(key, (len(key), tuple(actions)))
        self._stems.make_automaton()

    def extract(self, sentence: str, article: date) -> list[Event]:
        """The events of one sentence."""
        words = words_with_spans(sentence)
        folded = [w for w, _, _ in words]
        joined = " " + " ".join(folded) + " "
        if any(f" {cue}" in joined for cue in NOT_SECURITY):
            return []
        mentions = self.linker.link(sentence)
        index_of = {start: k for k, (_, start, _) in enumerate(words)}
        placed = [(index_of.get(m.start, -1), m) for m in mentions]
        # a trigger inside an entity's name ("Pancir", "Defender Europe") is not an action
        named = {k for k, (_, start, end) in enumerate(words) for m in mentions if m.start <= start < m.end}
        time = resolve_time(sentence, article)
        events: list[Event] = []
        seen: set[str] = set()
        for k, action, span in self._triggers(folded):
            if action in seen or k in named:
                continue
            seen.add(action)
            events.append(self._event(sentence, words, k, span, action, placed, time))
            if action in SWALLOWS:
                break  # what follows is what was threatened, alleged or agreed
        fired = {e.action for e in events}
        return [e for e in events if OVERRIDES.get(e.action) not in fired]

    def _triggers(self, folded: list[str]) -> list[tuple[int, str, int]]:
        """(word index, action, words spanned) of every trigger, in order; longer stems first."""
        found: list[tuple[int, int, int, str]] = []  # (word, -span, -stem length, action)
        joined = " " + " ".join(folded) + " "
        word_at: dict[int, int] = {}
        position = 0
        for k, word in enumerate(folded):
            word_at[position] = k  # the space before word k
            position += len(word) + 1
        for end, (length, actions) in self._stems.iter(joined):
            index = word_at.get(end - length + 1)
            if index is not None:
                found += [(index, -1, -size, action) for action, size in actions]
        for k in range(len(folded)):
            for parts, action in self._multi:
                if len(folded) >= k + len(parts) and all(
                    folded[k + j].startswith(p) for j, p in enumerate(parts)
                ):
                    found.append((k, -len(parts), -len(" ".join(parts)), action))
        found.sort()
        return [(k, action, -span) for k, span, _, action in found]

    def _event(
        self,
        sentence: str,
        words: list[tuple[str, int, int]],
        k: int,
        span: int,
        action: str,
        placed: list[tuple[int, Mention]],
        time: Any,
    ) -> Event:
        agents = [(i, m) for i, m in placed if self.types.get(m.entity_id) in ACTOR_TYPES]
        before = [(i, m) for i, m in agents if i < k]
        after = [(i, m) for i, m in agents if i >= k + span]
        folded = [w for w, _, _ in words]
        # "Serbia and China signed": of coordinated subjects, the first is the actor
        while len(before) > 1 and _coordinated(folded, before[-2], before[-1]):
            before.pop()
        actor = before[-1][1] if before else (after[0][1] if after else None)
        target = next((m for _, m in after if actor is None or m.entity_id != actor.entity_id), None)
        if target is actor:
            target = None
        obj = next((m for _, m in placed if self.types.get(m.entity_id) == "military_system"), None)
        used = {id(actor), id(target)}
        place = next(
            (m for _, m in placed if self.types.get(m.entity_id) == "place" and id(m) not in used), None
        )
        if actor is None:  # a place can act by metonymy ("Pristina denied ...")
            actor = next((m for i, m in placed if i < k and self.types.get(m.entity_id) == "place"), None)
            if actor is place:
                place = None
        near = folded[max(0, k - NEGATION_REACH) : k]
        negated = any(w in NEGATIONS or w.endswith("n't") for w in near) or any(
            w.startswith(DENIALS) for w in folded[:k]
        )
        return Event(
            action=action,
            trigger=sentence[words[k][1] : words[k + span - 1][2]],
            actor=actor.surface if actor else None,
            actor_id=actor.entity_id if actor else None,
            target=target.surface if target else None,
            target_id=target.entity_id if target else None,
            object=obj.surface if obj else None,
            object_id=obj.entity_id if obj else None,
            place=place.surface if place else None,
            place_id=place.entity_id if place else None,
            date_text=time.text if time else None,
            date=time.value if time else None,
            negated=negated,
            start=words[k][1],
            end=words[k + span - 1][2],
        )
