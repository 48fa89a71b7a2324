"""What of a tweet or post is the claim: links, media stubs and the sign-off removed, tags made words."""

from __future__ import annotations

import re

__all__ = ["claim_text"]

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


def _tag_words(match: re.Match[str]) -> str:
    """The words a tag is made of: "#FyreFestival" -> "Fyre Festival", "#Covid19" -> "Covid 19".

    Only unambiguous boundaries split: "#NATOsummit" and "#USAgency" stay whole, since without a
    vocabulary an acronym followed by a word cannot be told from one whose last capital starts it.
    """
    tag = match.group(1).replace("_", " ")
    out = []
    for i, char in enumerate(tag):
        before = tag[i - 1] if i else " "
        if (before.islower() and (char.isupper() or char.isdigit())) or (before.isdigit() and char.isalpha()):
            out.append(" ")
        out.append(char)
    return "".join(out)


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


def claim_text(text: str) -> str:
    """The text to match: URLs removed, an embedded tweet's sign-off reduced to the author's name.

    "— Name (@x) May 1, 2020" becomes "(Name)": who said it often names the subject of the fact-check.
    Shouted runs are lower-cased, then hashtags and mentions become their words.
    """
    text = _URL.sub(" ", _signoff(text))
    return " ".join(_TAG.sub(_tag_words, _unshout(text)).split())
