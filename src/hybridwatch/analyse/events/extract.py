"""Rule-based event extraction: a trigger word names the action, linked entities fill the roles.

For each sentence: every trigger (``lexicon.TRIGGERS``) proposes its action once (an arms
transfer only where a weapon is named). Roles follow tests/data/events/GUIDELINES.md: the actor is
the first state, organisation, person or territory named in the trigger's clause before it (a
capital standing for its government counts as that state; a state named as where something
happened, "in Albania", or whose a person is, "Kosovo President Osmani", does not); the target the
next such entity after the trigger. Then by action: the second of coordinated subjects is a joint
action's partner ("Serbia and China signed"); the subject of "received", "bought" is the
recipient and the entity named "from" the supplier; recognition is of Kosovo whenever the
sentence names it; a protest's target is what it is against; deployments and tests are aimed at
no one; with nobody named before an attack, threat, accusation or delivery, the one named after
is its target. The object is a military system named in the sentence, the place a place named in
it, and the time the sentence's first time expression resolved against the article's date. A
negation just before the trigger, or a denial verb before it, marks the event negated. Sentences
about sport or the weather, or with a "war of words", are left alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

import ahocorasick

from hybridwatch.analyse.entities.linker import EntityLinker, Mention, words_with_spans
from hybridwatch.analyse.events.dates import resolve_time
from hybridwatch.analyse.events.lexicon import (
    ACTIONS,
    AGREEMENTS,
    CONFIRMS,
    DENIALS,
    NEGATIONS,
    NOT_SECURITY,
    OFFICIALS,
    OVERRIDES,
    REFUSALS,
    SIGNS_ALONE,
    SWALLOWS,
    TRIGGERS,
    UNCONFIRMED,
    WEAPONS,
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
RECOGNITION = frozenset({"recognise", "withdraw_recognition"})
RECOGNISED = "state:kosovo"  # the region's recognition questions are about Kosovo
# supply triggers whose subject receives ("Serbia bought", "Srbija je nabavila", "Сербия получила")
RECEIVES = (
    "purchase", "bought", "acquire", "receive", "nabav", "kupi", "kupov", "dobil", "dobi",
    "blero", "bleu", "mori", "pranoi", "kupil", "zakup", "polucil",
)  # fmt: skip
SOURCE_WORDS = frozenset({"from", "od", "nga", "ot", "iz"})  # "from Russia", "od Rusije", "от России"
UNDIRECTED = frozenset({"deploy", "test_weapons"})  # aimed at no one unless the text says so
JOINT = frozenset({"military_exercise", "meet", "sign_agreement"})  # the second party is the target
# with nobody named before the trigger, the one named after it is acted on ("attacked KFOR soldiers")
DIRECTED = frozenset({"attack", "threaten", "accuse", "support_statement", "supply_weapons"})
AGAINST = frozenset({"against", "protiv", "kunder"})  # "против" folds to "protiv" too
LOCATIVES = frozenset({"in", "u", "v", "ne", "na"})  # "in Albania", "u Srbiji", "в Албании", "në Kosovë"
# after a comma, a word that opens another clause: "but", "while", "a" / "ali" / "dok", "но" / "а", "por"
CONTRASTS = frozenset(
    {"but", "while", "whereas", "a", "ali", "dok", "kurse", "no", "ndersa", "por", "mentre"}
)
CLAUSE_OPENERS = frozenset(
    {"that", "da", "cto", "qe", "whether", "if", "ako", "esli", "nese", "kad", "kada", "when", "kur", "kogda"}
)


def _coordinated(folded: list[str], first: tuple[int, Mention], second: tuple[int, Mention]) -> bool:
    """True when a conjunction joins two mentions ("Srbija i Kina")."""
    (i, m), (j, _) = first, second
    end = i + len(words_with_spans(m.surface))
    # one word may stand before the second: "Kosovo and the United States", "Rama i Aljbin Kurti"
    return j - end in (1, 2) and folded[end] in CONJUNCTIONS


def _unconfirmed(folded: list[str]) -> bool:
    """Whether a sentence says what it reports is not confirmed, before or after it.

    "No confirmation of S-400 delivery", "...S-400 od Rusije nije potvrdila nijedna vlada".
    """
    for j, word in enumerate(folded):
        if word.startswith(UNCONFIRMED):
            return True
        if word.startswith(CONFIRMS) and any(
            w in NEGATIONS or w in ("no", "nema", "pa", "without", "bez") or w.endswith("n't")
            for w in folded[max(0, j - NEGATION_REACH) : j]
        ):
            return True
    return False


def _signs(folded: list[str], k: int) -> bool:
    """Whether the signing verb at word k signs: one that always does, or beside an agreement named."""
    return any(_stem_matches(folded[k], stem) for stem in SIGNS_ALONE) or any(
        _stem_matches(word, stem) for word in folded for stem in AGREEMENTS
    )


def _gap(sentence: str, words: list[tuple[str, int, int]], j: int) -> str:
    """What stands between word j - 1 and word j (punctuation, spaces); nothing before the first."""
    return sentence[words[j - 1][2] : words[j][1]] if j > 0 else ""


def _negation_window(sentence: str, words: list[tuple[str, int, int]], k: int) -> list[str]:
    """The folded words before word k that can negate it: NEGATION_REACH of them, back to a comma.

    "The agreement, which Kosovo did not want, was signed" is signed; "Serbia, not Russia, delivered"
    is delivered.
    """
    start = max(0, k - NEGATION_REACH)
    for j in range(k, start, -1):
        if "," in _gap(sentence, words, j):
            start = j
            break
    return [_negating(sentence, words, j) for j in range(start, k)]


def _negating(sentence: str, words: list[tuple[str, int, int]], j: int) -> str:
    """Word j folded, except a "no" that is not the English quantifier.

    Russian, Serbian and Macedonian "но" and a Serbian "..., no" mean "but"; fold makes them all "no".
    """
    word, start, end = words[j]
    if word != "no":
        return word
    written = sentence[start:end]
    after_comma = "," in _gap(sentence, words, j)
    following = words[j + 1][0] if j + 1 < len(words) else ""
    if not written.isascii() or after_comma or following == "doubt":
        return "but"
    return word


def _stem_matches(word: str, stem: str) -> bool:
    """A folded word against a stem: its start, or the whole word for a stem ending in "$"."""
    return word == stem[:-1] if stem.endswith("$") else word.startswith(stem)


def _clause_end(sentence: str, words: list[tuple[str, int, int]], k: int) -> int:
    """The word after word k where its clause ends.

    After a semicolon, or a comma and a word that turns to another clause: in "the West imposes
    ultimatums, while Russia protects" Russia is no one the ultimatums threaten.
    """
    for j in range(max(k, 1), len(words)):
        gap = _gap(sentence, words, j)
        if ";" in gap or ("," in gap and (words[j][0] in CONTRASTS or words[j][0] in CONJUNCTIONS)):
            return j
    return len(words)


def _clause_start(folded: list[str], k: int) -> int:
    """Where the clause of word k starts: after the last "that", "da", "что", "që" before it."""
    return next((j + 1 for j in range(k - 1, -1, -1) if folded[j] in CLAUSE_OPENERS), 0)


class EventExtractor:
    """Build once over a knowledge pack; call ``extract`` per sentence."""

    def __init__(self, pack: KnowledgePack, linker: EntityLinker | None = None) -> None:
        self.linker = linker or EntityLinker(pack)
        self.types = {e.id: e.type for e in pack.entities.values()}
        # adjectives that name a state when an official stands beside them ("Serbian officials")
        self.demonyms = [
            (str(stem), e.id)
            for e in pack.entities.values()
            if e.type == "state"
            for stem in (e.attributes.get("demonyms") or [])
            if isinstance(stem, str) and stem
        ]
        # capitals that stand for their government ("Pristina denied", "accused Belgrade")
        self.stands_for = {
            e.id: e.attributes["stands_for"]
            for e in pack.entities.values()
            if isinstance(e.attributes.get("stands_for"), str) and e.attributes["stands_for"] in self.types
        }
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
        linked = self.linker.link(sentence)
        mentions = sorted([*linked, *self._demonym_mentions(sentence, words, linked)], key=lambda m: m.start)
        index_of = {start: k for k, (_, start, _) in enumerate(words)}
        placed = [(index_of.get(m.start, -1), m) for m in mentions]
        # a trigger inside an entity's name ("Pancir", "Defender Europe") is not an action
        named = {k for k, (_, start, end) in enumerate(words) for m in mentions if m.start <= start < m.end}
        time = resolve_time(sentence, article)
        unconfirmed = _unconfirmed(folded)  # said of the whole sentence: every event in it
        events: list[Event] = []
        seen: set[str] = set()
        armed: bool | None = None
        for k, action, span in self._triggers(folded):
            if action in seen or k in named:
                continue
            if action == "supply_weapons":
                armed = self._names_a_weapon(joined, placed) if armed is None else armed
                if not armed:
                    continue
            if action == "sign_agreement" and not _signs(folded, k):
                continue
            seen.add(action)
            events.append(self._event(sentence, words, k, span, action, placed, time, unconfirmed))
            if action in SWALLOWS:
                break  # what follows is what was threatened, alleged or agreed
        fired = {e.action for e in events}
        return [e for e in events if OVERRIDES.get(e.action) not in fired]

    def _names_a_weapon(self, joined: str, placed: list[tuple[int, Mention]]) -> bool:
        """Whether a sentence (its folded words joined by spaces) names a weapon or a military system."""
        return any(self.types.get(m.entity_id) == "military_system" for _, m in placed) or any(
            (f" {stem[:-1]} " if stem.endswith("$") else f" {stem}") in joined for stem in WEAPONS
        )

    def _demonym_mentions(
        self, sentence: str, words: list[tuple[str, int, int]], mentions: list[Mention]
    ) -> list[Mention]:
        """States named by an adjective beside an official.

        "Serbian officials", "Руска амбасада", "zyrtarët serbë": the officials act for the state;
        the adjective alone names no one.
        """
        if not self.demonyms:
            return []
        out = []
        for k, (word, start, end) in enumerate(words):
            if any(m.start <= start < m.end for m in mentions):
                continue  # "Russian Foreign Ministry" is its own entity
            state = next((sid for stem, sid in self.demonyms if _stem_matches(word, stem)), None)
            if state is None:
                continue
            near = [w for j, (w, _, _) in enumerate(words) if j != k and abs(j - k) <= 2]
            if any(_stem_matches(w, stem) for w in near for stem in OFFICIALS):
                out.append(Mention(state, start, end, sentence[start:end], method="demonym"))
        return out

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

    def _roles(
        self,
        folded: list[str],
        k: int,
        span: int,
        action: str,
        placed: list[tuple[int, Mention]],
        ends: int,
        commas: Sequence[int] = (),
    ) -> tuple[Mention | None, Mention | None]:
        """(actor, target) of the action whose trigger spans words k to k + span (GUIDELINES.md).

        *ends*: the word the trigger's clause ends before. *commas*: the words before the trigger
        that follow a comma; the last one with a party between it and the trigger starts its clause
        ("Brussels dictates, Washington threatens": Washington threatens).
        """
        stood = [(i, self._standing_for(m)) for i, m in placed]
        agents = [(i, m) for i, m in stood if self._agent(folded, i, m, placed)]
        clause = _clause_start(folded, k)
        after_comma = max((j for j in commas if j > clause), default=None)
        if after_comma is not None and any(after_comma <= i < k for i, _ in agents):
            # not a list of parties ("Serbia, Russia and China threatened": Serbia first): a list
            # opens the clause, and a conjunction stands right before one of its parties
            opens = any(
                i == clause and i + len(words_with_spans(m.surface)) == after_comma for i, m in agents
            )
            joined = any(i > after_comma and folded[i - 1] in CONJUNCTIONS for i, _ in agents if i < k)
            listed = opens and joined
            clause = clause if listed else after_comma
        before = [(i, m) for i, m in agents if clause <= i < k]
        after = [(i, m) for i, m in agents if k + span <= i < ends]
        joint: Mention | None = None
        # "Serbia and China signed": of coordinated subjects the first acts; in a joint action the
        # second is its partner
        if len(before) > 1 and _coordinated(folded, before[0], before[1]):
            joint = before.pop(1)[1]
        if action in RECOGNITION and any(m.entity_id == RECOGNISED for _, m in agents):
            # "Kosovo was recognised by Germany", "Togo revoked its recognition of Kosovo"
            kosovo = next(m for _, m in agents if m.entity_id == RECOGNISED)
            others = [(i, m) for i, m in agents if m.entity_id != RECOGNISED and i >= clause]
            ahead = [m for i, m in others if i < k]
            return (ahead[-1] if ahead else (others[0][1] if others else None)), kosovo
        if action == "supply_weapons" and folded[k].startswith(RECEIVES):
            # "Serbia received jets from Russia": the supplier acts, the one receiving is the target
            supplier = next((m for i, m in agents if i > 0 and folded[i - 1] in SOURCE_WORDS), None)
            recipient = next((m for _, m in before if m is not supplier), None)
            return supplier, recipient
        if action == "protest":  # the protesters act; a target only when protested against
            against = next((m for i, m in after if i > 0 and folded[i - 1] in AGAINST), None)
            return (before[0][1] if before else None), against
        if not before and action in DIRECTED:
            return None, after[0][1] if after else None  # "attacked a KFOR patrol": whom, not who
        actor = before[0][1] if before else (after[0][1] if after else None)
        if action in UNDIRECTED:
            return actor, None
        if action in JOINT and joint is not None:
            return actor, joint
        # the one named after the trigger, or else a second party before it ("Белорусија је Србији поклонила")
        rest = [m for _, m in after + before[1:] if actor is None or m.entity_id != actor.entity_id]
        return actor, (rest[0] if rest else None)

    def _standing_for(self, m: Mention) -> Mention:
        """A capital named for its government as that state; any other mention as it is."""
        state = self.stands_for.get(m.entity_id)
        return replace(m, entity_id=state) if state else m

    def _agent(self, folded: list[str], i: int, m: Mention, placed: list[tuple[int, Mention]]) -> bool:
        """Whether a mention can act or be acted on.

        A state, organisation, person or territory, unless it is named as where something happened
        ("in Albania") or as whose a named person is ("Kosovo President Vjosa Osmani").
        """
        kind = self.types.get(m.entity_id)  # *m* as it stands (a capital as its state)
        if kind not in ACTOR_TYPES:
            return False
        if kind in ("state", "territory"):
            if i > 0 and folded[i - 1] in LOCATIVES:
                return False
            end = i + len(words_with_spans(m.surface))
            return not any(self.types.get(p.entity_id) == "person" and end <= j <= end + 1 for j, p in placed)
        return True

    def _event(
        self,
        sentence: str,
        words: list[tuple[str, int, int]],
        k: int,
        span: int,
        action: str,
        placed: list[tuple[int, Mention]],
        time: Any,
        unconfirmed: bool,
    ) -> Event:
        folded = [w for w, _, _ in words]
        # words after a comma, up to the trigger's; none when a comma closes an aside just before it
        # ("Serbia, Russia's closest ally, threatened": Serbia)
        commas = [j for j in range(1, k + 1) if "," in _gap(sentence, words, j)]
        commas = [] if commas and commas[-1] == k else commas
        actor, target = self._roles(
            folded, k, span, action, placed, _clause_end(sentence, words, k + span), commas
        )
        obj = next((m for _, m in placed if self.types.get(m.entity_id) == "military_system"), None)
        used = {(m.start, m.end) for m in (actor, target) if m}
        place = next(
            (m for _, m in placed if self.types.get(m.entity_id) == "place" and (m.start, m.end) not in used),
            None,
        )
        near = _negation_window(sentence, words, k)
        if action == "sign_agreement":  # "no agreement", "никакие соглашения, подписанные": the noun's too
            named = [j for j in range(k) if any(_stem_matches(folded[j], a) for a in AGREEMENTS)]
            noun = named[-1] if named else None
            near += _negation_window(sentence, words, noun) if noun is not None else []
        negated = (
            any(w in NEGATIONS or w.endswith("n't") or w.startswith(REFUSALS) for w in near)
            or any(w.startswith(DENIALS) for w in folded[:k])
            or unconfirmed
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
