"""What of a tweet or post is the claim: links, media stubs and the sign-off removed, tags made words."""

from __future__ import annotations

import re

__all__ = ["claim_text"]

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_SIGNOFF = re.compile(r"\s*[—–-]{1,2}\s*([^—–\n(]{0,80}?)\s*\(@\w+\)\s*\w+\.? \d{1,2}, \d{4}\s*$")
_TAG = re.compile(r"(?<![\w@#])[#@](\w+)")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
SHOUTED_RUN = 3  # this many capitalised words in a row are shouting, not acronyms


def _tag_words(match: re.Match[str]) -> str:
    """The words a tag is made of: "#FyreFestival" -> "Fyre Festival", "@USAgency" -> "US Agency"."""
    tag = match.group(1).replace("_", " ")
    out = []
    for i, char in enumerate(tag):
        before = tag[i - 1] if i else " "
        after = tag[i + 1] if i + 1 < len(tag) else " "
        if (
            (before.islower() and (char.isupper() or char.isdigit()))
            or (before.isdigit() and char.isupper())
            or (before.isupper() and char.isupper() and after.islower())
        ):
            out.append(" ")
        out.append(char)
    return "".join(out)


def _unshout(text: str) -> str:
    """Lower-case runs of SHOUTED_RUN or more all-capital words (models read shouting badly)."""
    words = [w for w in _LETTERS.finditer(text) if w.group(0).isupper()]
    spans: list[tuple[int, int]] = []
    run: list[re.Match[str]] = []
    for word in [*words, None]:
        if word is not None and run and text[run[-1].end() : word.start()].strip(" ,.!?:;'\"-–—") == "":
            run.append(word)
            continue
        if len(run) >= SHOUTED_RUN:
            spans += [(w.start(), w.end()) for w in run]
        run = [word] if word is not None else []
    for start, end in reversed(spans):
        text = text[:start] + text[start:end].lower() + text[end:]
    return text


def claim_text(text: str) -> str:
    """The text to match: URLs removed, an embedded tweet's sign-off reduced to the author's name.

    "— Name (@x) May 1, 2020" becomes "(Name)": who said it often names the subject of the fact-check.
    Hashtags and mentions become their words, and shouted runs are lower-cased.
    """
    text = _SIGNOFF.sub(lambda m: f" ({m.group(1).strip()})" if m.group(1).strip() else "", text)
    text = _URL.sub(" ", text)
    text = _TAG.sub(_tag_words, text)
    return " ".join(_unshout(text).split())
