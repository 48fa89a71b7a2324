"""What of a tweet or post is the claim: links, media stubs and the sign-off removed, tags made words."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from hybridwatch.analyse.claims.lexical import STEM_CHARS
from hybridwatch.model.text import fold

__all__ = ["claim_text", "Vocabulary"]

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_SIGNOFF = re.compile(r"\s*[—–-]{1,2}\s*([^—–\n(]{0,80}?)\s*\(@\w+\)\s*\w+\.? \d{1,2}, \d{4}\s*$")
SIGNOFF_TAIL = 200  # a sign-off is looked for in the last characters only: linear time on any input
_TAG = re.compile(r"(?<![\w@#])[#@](\w+)")
_WORD = re.compile(r"[^\W\d_]+")
_RUN_GAP = re.compile(r"[\s,.!?:;'\"’\-–—()]*")  # what may stand between two words of one run
SHOUTED_RUN = 3  # the fewest all-capital words in a row that can be shouting (see _shouting)


def _shouting(run: list[re.Match[str]]) -> bool:
    """Shouting, not a list of acronyms such as "NATO, EU, UN AND OSCE".

    A run is shouting with two words of 5 letters or more, or with one in a run of five or more.
    """
    long = sum(len(w.group(0)) >= 5 for w in run)
    return len(run) >= SHOUTED_RUN and (long >= 2 or (len(run) >= 5 and long >= 1))


class Vocabulary:
    """Words of a collection with their counts: the dictionary that splits "#fyrefestival".

    A tag in one case has no visible word boundaries; the split into the likeliest run of the
    collection's words wins. A word seen once costs HAPAX, one seen n times HAPAX - log(n) (at least
    1), a function word FUNCTION_WORD, a stretch of letters the collection lacks UNKNOWN +
    UNKNOWN_PER_LETTER per letter; costs relative to a word seen once, so a split does not depend on
    the collection's size. A split stands only if one of its pieces is a counted word (function
    words alone split "#vaksina" into "v a k si na"), and a tag is left whole when a counted word
    shares its first six letters and nearly its length: an inflected form ("#Jarinje" beside
    "Jarinju") keeps its BM25 stem. Words are folded, so "#vucicodlazi" finds "Vučić"; pieces keep
    the tag's own letters. Costs set a priori, not tuned on any test split.
    """

    HAPAX = 6.0
    FUNCTION_WORD = 4.0
    UNKNOWN = 10.0
    UNKNOWN_PER_LETTER = 1.5
    LONGEST = 40  # longer tags are left whole (the split is quadratic in length)
    STEM = STEM_CHARS  # the letters BM25 compares

    def __init__(self, counts: Counter[str], function_words: Iterable[str] = ()) -> None:
        self._counts = counts
        self._function = frozenset(w for w in function_words if len(w) > 1)  # "a", "i", "u": any letter
        self._lengths: dict[str, set[int]] = {}
        for word in counts:
            self._lengths.setdefault(word[: self.STEM], set()).add(len(word))

    def _inflection(self, folded: str) -> bool:
        """A counted word shares the first STEM letters and differs in length by two at most."""
        lengths = self._lengths.get(folded[: self.STEM], ())
        return len(folded) >= self.STEM and any(abs(len(folded) - n) <= 2 for n in lengths)

    def _cost(self, folded: str) -> tuple[float, bool]:
        count = self._counts.get(folded, 0)
        if count:
            return max(1.0, self.HAPAX - math.log(count)), True
        if folded in self._function:
            return self.FUNCTION_WORD, False
        return self.UNKNOWN + self.UNKNOWN_PER_LETTER * len(folded), False

    def split(self, tag: str) -> list[str]:
        """*tag* as the likeliest words (its own letters); [tag] when no split beats it whole."""
        whole = fold(tag)
        if len(tag) > self.LONGEST or whole in self._counts or self._inflection(whole):
            return [tag]
        folded = [fold(c) for c in tag]  # one folded piece per letter: splits map back to the tag
        n = len(tag)
        best = [0.0] + [math.inf] * n
        back = [0] * (n + 1)
        counted = [False] * (n + 1)
        for end in range(1, n + 1):
            for start in range(end):
                cost, found = self._cost("".join(folded[start:end]))
                if best[start] + cost < best[end]:
                    best[end], back[end], counted[end] = best[start] + cost, start, found
        cuts, end = [], n
        while end:
            cuts.append((back[end], end, counted[end]))
            end = back[end]
        if len(cuts) < 2 or not any(found for _, _, found in cuts):
            return [tag]
        return [tag[start:end] for start, end, _ in reversed(cuts)]


def _tag_words(match: re.Match[str], vocabulary: Vocabulary | None = None) -> str:
    """The words a tag is made of: "#FyreFestival" -> "Fyre Festival", "#Covid19" -> "Covid 19".

    Without a *vocabulary* only unambiguous boundaries split: "#NATOsummit" and "#USAgency" stay
    whole, since an acronym followed by a word cannot be told from one whose last capital starts
    it. With one, a run of six or more letters in one case (or capitalised) is split into the
    vocabulary's words ("#Fyrefestival" -> "Fyre festival", "#kosovojesrbija" -> "kosovo je srbija").
    """
    tag = match.group(1).replace("_", " ")
    out = []
    for i, char in enumerate(tag):
        before = tag[i - 1] if i else " "
        if (before.islower() and (char.isupper() or char.isdigit())) or (before.isdigit() and char.isalpha()):
            out.append(" ")
        out.append(char)
    words = "".join(out).split()
    if vocabulary is not None and match.group(0).startswith("#"):  # a hashtag is a phrase, a handle a name
        words = [
            piece
            for word in words
            for piece in (
                vocabulary.split(word)
                if len(word) >= 6 and word.isalpha() and (word[1:].islower() or word.isupper())
                else [word]
            )
        ]
    return " ".join(words)


def _unshout(text: str) -> str:
    """Lower-case shouted runs (models read shouting badly), not lists of acronyms ("NATO, EU, UN")."""
    words = [w for w in _WORD.finditer(text) if w.group(0).isupper()]
    spans: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []
    for word in [*words, None]:
        if word is not None and run and _RUN_GAP.fullmatch(text, run[-1].end(), word.start()):
            run.append(word)
            continue
        if _shouting(run):
            spans += [(w.start(), w.end()) for w in run]
        run = [word] if word is not None else []
    for start, end in reversed(spans):
        text = text[:start] + text[start:end].lower() + text[end:]
    return text


def _signoff(text: str) -> str:
    cut = max(0, len(text) - SIGNOFF_TAIL)
    tail = _SIGNOFF.sub(lambda m: f" ({m.group(1).strip()})" if m.group(1).strip() else "", text[cut:])
    return text[:cut] + tail


def claim_text(text: str, vocabulary: Vocabulary | None = None) -> str:
    """The text to match: URLs removed, an embedded tweet's sign-off reduced to the author's name.

    "— Name (@x) May 1, 2020" becomes "(Name)": who said it often names the subject of the fact-check.
    Shouted runs are lower-cased, then hashtags and mentions become their words (split into the
    *vocabulary*'s words when they run together in one case).
    """
    text = _URL.sub(" ", _signoff(text))
    return " ".join(_TAG.sub(lambda m: _tag_words(m, vocabulary), _unshout(text)).split())
