"""Rule-based sentence splitting for the region's languages and both Serbian scripts.

Claim detection scores sentences, and an analyst must be able to see exactly which characters
were scored, so :func:`split_sentences` returns character spans into the original text, never
rewritten strings. The rules are deliberately conservative: a missed boundary costs one long
sentence, a false boundary cuts a claim in two and hides it ("Srbija je 2019. | kupila ...").

What it knows, for English, Serbian (Cyrillic and Latin), Croatian, Bosnian, Albanian,
Russian, Bulgarian and Macedonian:

* abbreviations that never end a sentence (``dr.``, ``g.``, ``tzv.``, ``St.``, ``т.е.``,
  ``г-н``) and those that may (``itd.``, ``etc.``, ``т.д.``: only before a capital);
* initials (``A. Vučić``), dotted acronyms (``U.S.``), numbers with dots (``1.5``,
  ``12.03.2025.``) and Serbian ordinal dates (``14. marta``, ``9. februara 2025.``);
* ellipses, closing quotes and brackets after the full stop (``.“``, ``!»``, ``?)``);
* URLs and e-mail addresses, which are never cut;
* newlines and bullets as boundaries, with soft-wrapped lines (next line in lower case) joined;
* a cap on length: sentences over :data:`MAX_CHARS` are cut at the last ``;``, ``:``, ``,``
  or space before the cap.

Spans are ordered, non-overlapping, trimmed of whitespace and together cover every
non-whitespace character of the input.
"""

from __future__ import annotations

import bisect
import re

from hybridwatch.model.text import fold

__all__ = ["split_sentences", "sentences", "MAX_CHARS"]

Span = tuple[int, int]
MAX_CHARS = 600  # longer "sentences" are cut; e5 reads ~512 tokens and analysts read less
MIN_CUT = 150  # a length cut never leaves a head shorter than this

# Abbreviations (folded, without the final dot) that never end a sentence. Words that are also
# ordinary words ("no", "oko", "jun") stay out: a missed abbreviation costs one extra cut, a
# wrong one glues two claims together. "g."/"г." stays: "g. Vučić" and "в 2019 г. Россия" both
# continue the sentence far more often than "2019 г." ends one.
_NEVER_FINAL = frozenset(
    fold(w)
    for w in (
        # English
        "mr mrs ms dr prof st jr sr vs e.g i.e fig gen gov sen rep lt col sgt capt cpt adm "
        "inc ltd corp jan feb mar apr aug sep sept oct nov dec approx dept mt rev hon pres vol cf"
        # Serbian, Croatian, Bosnian (Latin; the Cyrillic forms fold to the same keys)
        " g gđa gđica gdin tzv tj npr br str mil mlrd ing dipl sv ul knj odn v.d pribl pukovn ppuk"
        # Albanian
        " z znj p.sh sh nr rr zv"
        # Russian, Bulgarian, Macedonian (Cyrillic)
        " т.е т.к т.н т.нар ул д пр млн млрд тыс стр ст напр хил бул гр бр илј"
        " г-н г-жа г-ца г-дин г-ѓа г-ѓица акад доц"
    ).split()
)
_QUOTES_CLOSE = "\"'”“»«’‘)]}›‹"
_OPENERS = "\"'“„«»‘‚‹›([{¿¡–—-"
_BULLETS = "•▪◦►▶➤·"
# Parts bounded as the standards bound them (a local part 64 characters, a label 63): unbounded,
# every start in a long run of letters scanned to its end, and one 100,000-letter post took a minute.
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"
    r"|\b[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[a-z]{2,24}/\S*",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?)]}»\"'”’…"
_TERMINAL = re.compile(r"(?:\.{2,}|…|[.!?]+[!?.]*)([" + re.escape(_QUOTES_CLOSE) + r"]*)(?=\s|$)")
_LINE_BREAK = re.compile(r"[ \t\u00a0]*\r?\n\s*")
_LIST_MARKER = re.compile(r"(?:[-*+•▪◦►▶➤–—]|\d{1,3}[.)]|[a-zA-Zа-яА-Я][)])\s")
_WORD_BEFORE = re.compile(r"([^\s" + re.escape(_OPENERS) + r"]+)[\s" + re.escape(_OPENERS) + r"]*$")
_WORD_WINDOW = 80  # an abbreviation or number is never longer; bounds the backward search
_BULLET_INLINE = re.compile(r"\s([" + re.escape(_BULLETS) + r"])\s")
_CUT_MARKS = ("; ", ": ", ", ", " – ", " — ", " - ", " ")


def split_sentences(text: str) -> list[Span]:
    """Split *text* into sentence spans ``(start, end)``; ``text[start:end]`` is one sentence."""
    protected = _protected(text)
    spans: list[Span] = []
    for start, end in _blocks(text):
        for s, e in _split_block(text, start, end, protected):
            spans.extend(_cap(text, s, e, protected))
    return [span for span in (_trim(text, s, e) for s, e in spans) if span[0] < span[1]]


def sentences(text: str) -> list[str]:
    """The sentence strings of *text* (a convenience over :func:`split_sentences`)."""
    return [text[s:e] for s, e in split_sentences(text)]


def _protected(text: str) -> list[Span]:
    """URL and e-mail spans, trailing punctuation excluded: no boundary falls inside them."""
    out = []
    for match in _URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in _URL_TRAILING:
            end -= 1
        out.append((match.start(), end))
    return out


def _inside(pos: int, protected: list[Span]) -> bool:
    """True when *pos* falls strictly inside a protected span (spans are sorted, disjoint)."""
    i = bisect.bisect_right(protected, (pos, 1 << 62)) - 1
    return i >= 0 and protected[i][0] < pos < protected[i][1]


def _blocks(text: str) -> list[Span]:
    """Cut at line breaks, except soft wraps: the next line starts in lower case, no list marker."""
    blocks, start = [], 0
    for brk in _LINE_BREAK.finditer(text):
        nxt = text[brk.end() : brk.end() + 2]
        blank_line = brk.group().count("\n") > 1
        soft = not blank_line and nxt[:1].islower() and not _LIST_MARKER.match(nxt + " ")
        prev = text[start : brk.start()].rstrip()
        if soft and prev and prev[-1] not in ".!?…:;":
            continue
        blocks.append((start, brk.start()))
        start = brk.end()
    blocks.append((start, len(text)))
    return blocks


def _split_block(text: str, start: int, end: int, protected: list[Span]) -> list[Span]:
    """Sentence spans inside one block (a paragraph or a line)."""
    out, cur = [], start
    for match in _TERMINAL.finditer(text, start, end):
        if _inside(match.start(), protected) or not _is_boundary(text, match, start, end):
            continue
        out.append((cur, match.end()))
        cur = match.end()
    out.append((cur, end))
    return [piece for s, e in out for piece in _split_bullets(text, s, e)]


def _split_bullets(text: str, start: int, end: int) -> list[Span]:
    """Inline bullets (``a • b``) start a new sentence."""
    out, cur = [], start
    for match in _BULLET_INLINE.finditer(text, start, end):
        out.append((cur, match.start(1)))
        cur = match.start(1)
    out.append((cur, end))
    return out


def _is_boundary(text: str, match: re.Match[str], block_start: int, block_end: int) -> bool:
    """Decide whether the punctuation run in *match* ends a sentence."""
    punct = match.group()[: len(match.group()) - len(match.group(1))]
    following = _next_char(text, match.end(), block_end)
    if following == "":
        return True
    if "?" in punct or "!" in punct or punct in ("…",) or punct.startswith(".."):
        return not following.islower()
    word_start, word = _word_before(text, match.start(), block_start)
    at_block_start = text[block_start:word_start].strip(" \t-*•") == ""
    return _period_ends_sentence(word, following, at_block_start=at_block_start)


def _period_ends_sentence(word: str, following: str, *, at_block_start: bool) -> bool:
    """The rules for a single full stop after *word*, before the character *following*."""
    if following.islower():
        return False
    if word.isdigit():
        # "1. Uvod" (list item), "14. 3. 2025." (spaced date) and "9. Februar" (ordinal date).
        small = len(word) <= 2 and (following.isdigit() or following.isupper())
        return not (at_block_start or small)
    key = fold(word.rstrip("."))
    if key in _NEVER_FINAL:
        return False
    if len(word) == 1 and word.isalpha() and word.isupper():
        return False  # an initial: "A. Vučić"
    if "." in word.rstrip(".") and word.replace(".", "").isalpha():
        return not word.replace(".", "").isupper() and following.isupper()  # "U.S." never; "i.sl." maybe
    return True


def _word_before(text: str, pos: int, block_start: int) -> tuple[int, str]:
    """The token ending at *pos* and where it starts (opening quotes are not part of it)."""
    found = _WORD_BEFORE.search(text, max(block_start, pos - _WORD_WINDOW), pos)
    if found is None:
        return pos, ""
    return found.start(1), found.group(1)


def _next_char(text: str, pos: int, end: int) -> str:
    """The first letter or digit after *pos* (skipping spaces and opening quotes), else a symbol."""
    for ch in text[pos:end]:
        if ch.isspace() or ch in _OPENERS:
            continue
        return ch
    return ""


def _cap(text: str, start: int, end: int, protected: list[Span]) -> list[Span]:
    """Cut spans longer than :data:`MAX_CHARS` at the best break before the cap."""
    out = []
    while end - start > MAX_CHARS:
        cut = min(_best_cut(text, start, protected), end)
        if cut >= end:
            break
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _best_cut(text: str, start: int, protected: list[Span]) -> int:
    limit = start + MAX_CHARS
    for mark in _CUT_MARKS:
        pos = text.rfind(mark, start + MIN_CUT, limit)
        while pos != -1 and _inside(pos + 1, protected):
            pos = text.rfind(mark, start + MIN_CUT, pos)
        if pos != -1:
            return pos + len(mark.rstrip())
    for s, e in protected:  # never inside a URL: cut after it, however long it is
        if s < limit < e:
            return e
    return limit


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
