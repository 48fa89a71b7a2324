"""Text folding: one comparable form for every script and spelling of the region.

Matching must treat "Приштина", "Priština" and "Pristina" as the same word, and
"Вучић", "Vučić" and "Vucic" likewise. :func:`fold` transliterates Serbian,
Macedonian, Russian and Ukrainian Cyrillic to Latin, strips diacritics, folds
case and collapses whitespace. It is a pure ``str.translate`` fast path with a
Unicode-decomposition fallback only for characters outside the table.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "transliterate", "detect_script", "normalise_whitespace", "INVISIBLE"]

# Serbian Cyrillic and its Latin (Gaj) spelling, letter by letter: the one source for both
# transliteration (diacritics kept) and folding (diacritics dropped).
_SR_CYRILLIC = "абвгдђежзијклљмнњопрстћуфхцчџш"
_SR_LATIN = "a b v g d đ e ž z i j k l lj m n nj o p r s t ć u f h c č dž š".split()
_SR_CYR_TO_LAT = dict(zip(_SR_CYRILLIC, _SR_LATIN, strict=True))
# Letters Russian, Ukrainian, Belarusian and Macedonian add, already folded.
_OTHER_CYRILLIC = {
    "й": "j", "щ": "sc", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "ju", "я": "ja", "ё": "e",
    "є": "je", "і": "i", "ї": "ji", "ґ": "g", "ў": "u", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}  # fmt: skip
# Latin letters whose diacritic-free form is not one code point under NFKD.
_LATIN = {
    "đ": "dj",
    "ð": "d",
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "ł": "l",
    "ı": "i",
    "þ": "th",
    "ħ": "h",
}
# Typographic punctuation that folds to ASCII, so quotes and dashes do not split matches.
_PUNCT = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "", "\u2026": "...",
}  # fmt: skip


def _strip_latin(text: str) -> str:
    return "".join(
        _LATIN.get(c) or "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d))
        for c in text
    )


_CYRILLIC = {**{c: _strip_latin(lat) for c, lat in _SR_CYR_TO_LAT.items()}, **_OTHER_CYRILLIC}


# Every invisible format (Cf) character, as a regex class: fold drops each (the table below and
# _fold_char ask unicodedata); matching that reads a word across them uses this class (tested).
INVISIBLE = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for src, dst in _CYRILLIC.items():
        table[ord(src)] = dst
        table[ord(src.upper())] = dst
    for src, dst in _LATIN.items():
        table[ord(src)] = dst
        if len(src.upper()) == 1:
            table[ord(src.upper())] = dst
    for src, dst in _PUNCT.items():
        table[ord(src)] = dst
    # Invisible format characters (word joiners, bidi controls, soft hyphen) vanish: "K\u2060FOR"
    # and "\u202ekfor" must fold as "kfor" does, or they slip past matching and linking.
    for cp in range(0x2500):
        if cp not in table and unicodedata.category(chr(cp)) == "Cf":
            table[cp] = ""
    # Precompute every Latin-1 / Latin Extended-A/B letter that NFKD decomposes to base + marks.
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        if cp in table:
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        if base and base != ch and base.isascii():
            table[cp] = base.lower()
    return table


_FOLD_TABLE = _build_table()


def normalise_whitespace(text: str) -> str:
    """Collapse runs of whitespace (any Unicode space, tab, newline) to one space and trim."""
    return " ".join(text.split())


_MAX_LEARNED = 50_000  # characters learned at run time (bounds adversarial growth of the table)
# The table again as a list indexed by code point, up to the end of Box Drawing: str.translate
# looks a list up about 2.5x faster than a dict, and this range holds nearly every character the
# region's text uses. Characters beyond it go through the dict.
_LIST_END = "\u2500"
_FOLD_LIST = [_FOLD_TABLE.get(cp, chr(cp)) for cp in range(ord(_LIST_END))]


def _fold_char(ch: str) -> str:
    if unicodedata.category(ch) == "Cf":  # beyond the table's range too (tags, interlinear marks)
        return ""
    decomposed = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return "".join(_FOLD_TABLE.get(ord(c), c) for c in decomposed.lower()) if decomposed != ch else ch


def _fold_known(ch: str) -> str:
    """One character folded, through the table when it is there (a mapping may be empty)."""
    folded = _FOLD_TABLE.get(ord(ch))
    return _fold_char(ch) if folded is None else folded


def _learn(chars: list[str]) -> None:
    for ch in chars:
        folded = _FOLD_TABLE[ord(ch)] = _fold_char(ch)
        if ch < _LIST_END:
            _FOLD_LIST[ord(ch)] = folded


# Look-alike letters: a word written mostly in one script with a letter of another that looks the
# same ("КFOR" with a Cyrillic К, "ΚFOR" with a Greek kappa, "Сrimea") reads as one word to a
# person and as another to a matcher. Such a word is read in its main script, letter by shape.
_CYRILLIC_SHAPES = dict(zip("АВЕКМНОРСТУХаеорсуххіјѕԁ", "ABEKMHOPCTYXaeopcyxxijsd", strict=True))
_GREEK_SHAPES = dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαικνορτυχ", "ABEZHIKMNOPTYXaiknoptux", strict=True))
_TO_LATIN = str.maketrans({**_CYRILLIC_SHAPES, **_GREEK_SHAPES})
_LATIN_TO_CYRILLIC_KEYS = {lat: cyr for cyr, lat in _CYRILLIC_SHAPES.items() if lat not in "ijsd"}
_LATIN_TO_CYRILLIC = str.maketrans(_LATIN_TO_CYRILLIC_KEYS)
_LETTERS = "A-Za-z\u00c0-\u024f"
_FOREIGN = "\u0370-\u03ff\u0400-\u052f"
_MIXED = re.compile(rf"[{_LETTERS}][{_FOREIGN}]|[{_FOREIGN}][{_LETTERS}]")  # linear: no word scans
_WORD = re.compile(rf"[{_LETTERS}{_FOREIGN}]+")
_GREEK_LETTER = re.compile("[\u0370-\u03ff]")
_GREEK_OWN = re.compile("[^\\W" + "".join(_GREEK_SHAPES) + "A-Za-z\u00c0-\u024f\u0400-\u052f]")
_LATIN_OWN = re.compile(
    "["
    + "".join(
        sorted(set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") - set(_LATIN_TO_CYRILLIC_KEYS))
    )
    + "\u00c0-\u024f]"
)
_CYRILLIC_OWN = re.compile("[^\\W" + "".join(_CYRILLIC_SHAPES) + "A-Za-z\u00c0-\u024f\u0370-\u03ff]")


def _one_script(match: re.Match[str]) -> str:
    """A word that mixes Latin with Cyrillic or Greek letters, read in the script its other letters say.

    Letters only one script has decide: "КFOR" (F) is Latin, "Кoсово" (в) Cyrillic. A word of
    look-alikes only ("НATO", "CCCР") is Cyrillic, as the region writes it; a word with letters
    only each script has ("XIXвека", "HDZовци") is two scripts glued, and is left as it is.
    """
    word = match.group()
    if not _MIXED.search(word):
        return word
    if _GREEK_LETTER.search(word):  # Greek look-alikes in a Latin word; a Greek word stays Greek
        return word.translate(_TO_LATIN) if not _GREEK_OWN.search(word) else word
    latin_own, cyrillic_own = _LATIN_OWN.search(word), _CYRILLIC_OWN.search(word)
    if latin_own and not cyrillic_own:
        return word.translate(_TO_LATIN)
    if not latin_own:
        return word.translate(_LATIN_TO_CYRILLIC)
    return word


def fold(text: str) -> str:
    """Return the matching form of *text*: Latin script, no diacritics, case-folded, one space.

    >>> fold("Приштина") == fold("Priština") == fold("PRISTINA")
    True
    """
    if text.isascii():  # nothing to transliterate or strip: only case and spaces
        return " ".join(text.lower().split())
    if _MIXED.search(text):
        text = _WORD.sub(_one_script, text)
    out = text.lower().translate(_FOLD_LIST)
    if not out.isascii():
        unknown = [c for c in set(out) if ord(c) > 127 and ord(c) not in _FOLD_TABLE]
        if unknown and len(_FOLD_TABLE) < _MAX_LEARNED:  # learn each new character once (emoji, rare letters)
            _learn(unknown)
            out = out.translate(_FOLD_TABLE)
        elif unknown:
            out = "".join(_fold_known(c) for c in out)
        elif max(out) >= _LIST_END:
            out = out.translate(_FOLD_TABLE)
    return " ".join(out.casefold().lower().split())  # lower() again: Cherokee case-folds to upper


def _translit_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for src, dst in _SR_CYR_TO_LAT.items():
        table[ord(src)] = dst
        upper = dst[0].upper() + dst[1:]
        table[ord(src.upper())] = upper
    return table


_SR_TABLE = _translit_table()


def transliterate(text: str) -> str:
    """Transliterate Serbian Cyrillic to Serbian Latin, keeping diacritics and case."""
    return text.translate(_SR_TABLE)


_CYRILLIC_LEAD = (b"\xd0", b"\xd1", b"\xd2", b"\xd3")  # UTF-8 lead bytes of U+0400-U+04FF
_LATIN_LEAD = (b"\xc3", b"\xc4", b"\xc5", b"\xc6", b"\xc7", b"\xc8", b"\xc9")  # U+00C0-U+024F
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))


def detect_script(text: str) -> str | None:
    """Return "Cyrl" or "Latn" by majority of letters, or None if there are no letters.

    Counts UTF-8 lead bytes instead of iterating characters: this runs once per document.
    """
    data = text[:2000].encode("utf-8", "surrogatepass")
    cyr = sum(data.count(lead) for lead in _CYRILLIC_LEAD)
    lat = len(data.translate(None, _NOT_ASCII_LETTER)) + sum(data.count(lead) for lead in _LATIN_LEAD)
    if cyr == lat == 0:
        return None
    return "Cyrl" if cyr >= lat else "Latn"
