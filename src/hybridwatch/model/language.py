"""Language tags as the store keeps them: BCP 47 in canonical case ("en", "sr-Latn", "pt-BR").

Fact-check files say a language in every way there is: "EN", "en_US", "English", "srp", a
schema.org Language object's name. Compared raw, "EN" against "en" read as two languages, and an
English claim met an English fact-check as a cross-lingual pair.
"""

from __future__ import annotations

import re

__all__ = ["language_tag"]

# names and ISO 639-2 codes of the languages this tool reads, and of the most common others
_NAMES = {
    "english": "en", "eng": "en",
    "serbian": "sr", "srp": "sr", "srpski": "sr", "српски": "sr",
    "albanian": "sq", "sqi": "sq", "alb": "sq", "shqip": "sq",
    "russian": "ru", "rus": "ru", "русский": "ru",
    "macedonian": "mk", "mkd": "mk", "mac": "mk", "македонски": "mk",
    "croatian": "hr", "hrv": "hr", "hrvatski": "hr",
    "bosnian": "bs", "bos": "bs", "bosanski": "bs",
    "montenegrin": "cnr", "crnogorski": "cnr",
    "ukrainian": "uk", "ukr": "uk",
    "bulgarian": "bg", "bul": "bg",
    "slovenian": "sl", "slv": "sl",
    "hungarian": "hu", "hun": "hu",
    "turkish": "tr", "tur": "tr",
    "german": "de", "deu": "de", "ger": "de",
    "french": "fr", "fra": "fr", "fre": "fr",
    "spanish": "es", "spa": "es",
    "italian": "it", "ita": "it",
    "greek": "el", "ell": "el", "gre": "el",
    "romanian": "ro", "ron": "ro", "rum": "ro",
    "arabic": "ar", "ara": "ar",
    "chinese": "zh", "zho": "zh", "chi": "zh",
    "portuguese": "pt", "por": "pt",
    "polish": "pl", "pol": "pl",
    "czech": "cs", "ces": "cs", "cze": "cs",
    "dutch": "nl", "nld": "nl", "dut": "nl",
}  # fmt: skip
_SCRIPT_NAMES = {"latin": "Latn", "cyrillic": "Cyrl", "latinica": "Latn", "cirilica": "Cyrl"}
_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")


def language_tag(value: str | None) -> str | None:
    """*value* as a canonical BCP 47 tag, or None when it names no language.

    "EN" -> "en", "en_US" -> "en-US", "sr_latn" -> "sr-Latn", "English" -> "en",
    "Serbian (Latin)" -> "sr-Latn", "srp" -> "sr".
    """
    if not value:
        return None
    text = value.strip()
    words = re.findall(r"[^\W\d_]+", text.lower())
    if words and len(words[0]) > 3 and words[0] in _NAMES:  # a name ("Serbian (Latin)"), not a code
        script = next((_SCRIPT_NAMES[w] for w in words[1:] if w in _SCRIPT_NAMES), None)
        return _NAMES[words[0]] + (f"-{script}" if script else "")
    if not _TAG.fullmatch(text):
        return None
    first, *rest = re.split(r"[-_]", text)
    primary = _NAMES.get(first.lower(), first.lower()) if len(first) == 3 else first.lower()
    parts = [primary]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())  # script: Latn, Cyrl
        elif len(part) in (2, 3) and (part.isalpha() or part.isdigit()):
            parts.append(part.upper())  # region: US, BA, 419
        else:
            parts.append(part.lower())
    return "-".join(parts)
