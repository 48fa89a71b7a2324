"""Precision signals for claim matching: numbers, years, weapon systems, names, dates.

Embeddings put "Serbia bought S-400 in 2019" and "Serbia bought FK-3 in 2022" close together;
these cheap extractions let the re-ranker and the tiers notice that the details disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from hybridwatch.model.dates import parse_datetime
from hybridwatch.model.text import fold

__all__ = ["Signals", "signals", "month_years", "NUMBER_WORDS", "MONTH_WORDS"]

_YEAR = re.compile(r"(?<![\d.,])(19[5-9]\d|20[0-4]\d)(?![\d.,]\d)")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?:\s?(?:%|percent|posto|odsto|per qind|процент))?")
# Weapon systems and designations: S-400, FK-3, MiG-29, T-72, Pantsir-S1, Su-35, HQ-22, Kornet-E.
_SYSTEM = re.compile(r"\b[A-ZА-ЯЂЈЉЊЋЏ][^\W\d_]{0,9}(?:-[^\W\d_]{1,9})*-?\d{1,4}[^\W_]{0,3}\b")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZА-ЯЂЈЉЊЋЏŠĐČĆŽ][\w'-]{2,})")
# Cardinal numbers written as words, folded (Cyrillic to Latin, no diacritics): "Five EU states" and
# "Shtatë shtete" (seven) disagree as "5" and "7" do. English, Serbian/Croatian/Bosnian, Macedonian,
# Albanian, Russian (with the oblique forms news use most). Left out where the folded word means
# something else: "one"/"jedan"/"një" (also "a"), "pet" (English pet, Serbian five), "sem" (Serbian
# "except", Russian seven), hundreds ("sto" is also Serbian "što").
NUMBER_WORDS = {
    word: value
    for value, words in {
        "2": "two dva dve dvije dy dvuh",
        "3": "three tri tre treh",
        "4": "four cetiri kater cetyre cetyreh",
        "5": "five pese pjat pjati",
        "6": "six sest gjashte sesti",
        "7": "seven sedam sedum shtate",
        "8": "eight osam osum tete vosem vosmi",
        "9": "nine devet nente devjat devjati",
        "10": "ten deset dhjete desjat desjati desetina",
        "11": "eleven jedanaest",
        "12": "twelve dvanaest",
        "20": "twenty dvadeset njezet dvadcat",
        "30": "thirty trideset",
    }.items()
    for word in words.split()
}
_DIGIT = re.compile(r"\d")
_YEARISH = re.compile(r"(?:19|20)\d\d")
# The number words as whole words of folded text: one pass instead of every word looked up.
_NUMBER_WORD = re.compile(
    r"(?<![^\W\d_])(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")(?![^\W\d_])"
)
_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_MONTH_NAMES = "|".join(m.capitalize() for m in _MONTHS)
_DATE_TAIL = re.compile(rf"((?:{_MONTH_NAMES})\.? \d{{1,2}}, \d{{4}})\s*$")
# Month names as fold() spells them (Cyrillic to Latin, no diacritics), with the case forms news use
# before a year: English, Serbian/Bosnian/Croatian/Macedonian, Albanian, Russian.
MONTH_WORDS = {
    word: month
    for month, words in enumerate(
        [
            "january jan januar januara januari sijecanj sijecnja janar janarit janvar janvarja",
            "february feb februar februara fevruari veljaca veljace shkurt shkurtit fevral fevralja",
            "march mar mart marta ozujak ozujka mars marsit",
            "april apr aprila travanj travnja prill prillit aprel aprelja",
            "may maj maja svibanj svibnja majit",
            "june jun juna juni lipanj lipnja qershor qershorit ijun ijunja",
            "july jul jula juli srpanj srpnja korrik korrikut ijul ijulja",
            "august aug avgust avgusta kolovoz kolovoza gusht gushtit",
            "september sep sept septembar septembra septemvri rujan rujna shtator shtatorit "
            "sentjabr sentjabrja",
            "october oct oktobar oktobra oktomvri listopad listopada tetor tetorit oktjabr oktjabrja",
            "november nov novembar novembra noemvri studeni studenog studenoga nentor nentorit "
            "nojabr nojabrja",
            "december dec decembar decembra dekemvri prosinac prosinca dhjetor dhjetorit dekabr dekabrja",
        ],
        start=1,
    )
    for word in words.split()
}
# "June 2019", "June 4, 2019", "4. juna 2019.", "4 июня 2019" (folded), and numeric 2019-06-04, 04.06.2019.
_MONTH_YEAR = re.compile(r"\b([a-z]+)\.?\s+(?:\d{1,2}\.?,?\s+)?((?:19|20)\d\d)\b")
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)-\d\d\b")
_DOTTED_DATE = re.compile(r"\b\d{1,2}\.\s?(\d{1,2})\.\s?((?:19|20)\d\d)\b")


@dataclass(frozen=True)
class Signals:
    """What a text asserts precisely, folded so that scripts compare."""

    numbers: frozenset[str]
    years: frozenset[str]
    systems: frozenset[str]
    names: frozenset[str]
    tokens: int
    months: frozenset[str] = frozenset()  # months named with their year, as "2019-06"


def _number_key(raw: str) -> str:
    digits = re.sub(r"[^\d.,]", "", raw).replace(",", ".")
    return digits.rstrip(".").lstrip("0") or "0"


def _fold_word(word: str) -> str:
    return word.lower() if word.isascii() else fold(word)  # fold() of one ASCII word is its lower case


def signals(text: str) -> Signals:
    """Extract the precision signals of *text*.

    Every fact-check a query meets has its signals extracted (on first use, or all at once by
    ``FactCheckIndex.precompute_signals``), so the passes that rarely find anything are skipped
    when a cheap test shows they cannot: no digit, no numbers; no year-like digits, no dates.
    """
    has_digit = _DIGIT.search(text) is not None
    years = frozenset(_YEAR.findall(text)) if has_digit else frozenset()
    system_matches = list(_SYSTEM.finditer(text)) if has_digit else []
    systems = frozenset(fold(m.group(0)).replace("-", "") for m in system_matches)
    rest = _SYSTEM.sub(" ", text) if system_matches else text
    folded = fold(rest)
    numbers = (
        frozenset(_number_key(m.group(0)) for m in _NUMBER.finditer(rest)) - years
        if has_digit
        else frozenset()
    )
    numbers |= {NUMBER_WORDS[w] for w in _NUMBER_WORD.findall(folded)}
    names = frozenset(_fold_word(m.group(1))[:6] for m in _CAPITALISED.finditer(text))
    months = month_years(text) if has_digit and _YEARISH.search(text) else frozenset()
    return Signals(numbers, years, systems, names, len(text.split()), months)


def month_years(text: str) -> frozenset[str]:
    """The months *text* names together with a year ("June 2019", "4. juna 2019.", "2019-06-04")."""
    folded = fold(text)
    found = {
        f"{year}-{MONTH_WORDS[word]:02d}" for word, year in _MONTH_YEAR.findall(folded) if word in MONTH_WORDS
    }
    found.update(f"{year}-{month}" for year, month in _ISO_DATE.findall(folded) if "01" <= month <= "12")
    found.update(
        f"{year}-{int(month):02d}" for month, year in _DOTTED_DATE.findall(folded) if 1 <= int(month) <= 12
    )
    return frozenset(found)


def trailing_date(text: str) -> datetime | None:
    """The date a tweet carries at its end ("— Name (@handle) January 28, 2021"), if any."""
    match = _DATE_TAIL.search(text.strip())
    if not match:
        return None
    parsed = parse_datetime(match.group(1))
    return parsed.value if parsed else None
