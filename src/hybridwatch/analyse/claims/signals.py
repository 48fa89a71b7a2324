"""Precision signals for claim matching: numbers, years, weapon systems, names, dates.

Embeddings put "Serbia bought S-400 in 2019" and "Serbia bought FK-3 in 2022" close together;
these cheap extractions let the re-ranker and the tiers notice that the details disagree.
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType

from hybridwatch.model import text as text_module
from hybridwatch.model.dates import parse_datetime
from hybridwatch.model.text import fold

__all__ = [
    "Signals",
    "signals",
    "word_count",
    "month_years",
    "encode_signals",
    "decode_signals",
    "code_version",
    "EXTRACTOR_VERSION",
    "NUMBER_WORDS",
    "MONTH_WORDS",
]

_YEAR = re.compile(r"(?<![\d.,])(19[5-9]\d|20[0-4]\d)(?![\d.,]\d)")
# A number as written in any of the region's conventions: "15,000", "15.000", "15 000" (Russian and
# French group thousands with a space, often a no-break one), "2.5", "2,5", "15 000,50".
_NUMBER = re.compile(
    r"(?<![\w.])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?![.,]?\d)|\d+(?:[.,]\d+)*)"
    r"(?:\s?(?:%|percent|posto|odsto|per qind|процент))?"
)
# Weapon systems and designations: S-400, FK-3, MiG-29, T-72, Pantsir-S1, Su-35, HQ-22, Kornet-E.
# At most three hyphenated parts: an unbounded chain ("A-A-A-...") made the scan quadratic.
_SYSTEM = re.compile(
    r"\b(?:[A-ZА-ЯЂЈЉЊЋЏ][^\W\d_]{0,9}(?:-[^\W\d_]{1,9}){0,3}-?"  # S-400, S400, MiG-29, HQ-22
    r"|[a-zа-яђјљњћџ][^\W\d_]{0,9}(?:-[^\W\d_]{1,9}){0,3}-)"  # in lower case with its hyphen: s-400
    r"\d{1,4}[^\W_]{0,3}\b"
)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZА-ЯЂЈЉЊЋЏŠĐČĆŽ][\w'-]{2,})")
# Cardinal numbers written as words, folded (Cyrillic to Latin, no diacritics): "Five EU states" and
# "Shtatë shtete" (seven) disagree as "5" and "7" do. English, Serbian/Croatian/Bosnian, Macedonian,
# Albanian, Russian (with the oblique forms news use most). Left out where the folded word means
# something else: "one"/"jedan"/"një" (also "a"), "pet" (English pet, Serbian five), "sem" (Serbian
# "except", Russian seven), "sto" for a hundred (also Serbian "što"); compounds ("twenty-five").
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
        "13": "thirteen trinaest trinaeset trembedhjete trinadcat",
        "14": "fourteen cetrnaest cetirinaeset katermbedhjete cetyrnadcat",
        "15": "fifteen petnaest petnaeset pesembedhjete pjatnadcat",
        "16": "sixteen sesnaest sesnaeset gjashtembedhjete sestnadcat",
        "17": "seventeen sedamnaest sedumnaeset shtatembedhjete semnadcat",
        "18": "eighteen osamnaest osumnaeset tetembedhjete vosemnadcat",
        "19": "nineteen devetnaest devetnaeset nentembedhjete devjatnadcat",
        "20": "twenty dvadeset dvaeset njezet dvadcat",
        "30": "thirty trideset trieset tridhjete tridcat",
        "40": "forty cetrdeset cetirieset dyzet sorok",
        "50": "fifty pedeset pesedhjete pjatdesjat",
        "60": "sixty sezdeset seeset gjashtedhjete sestdesjat",
        "70": "seventy sedamdeset sedumdeset shtatedhjete semdesjat",
        "80": "eighty osamdeset osumdeset tetedhjete vosemdesjat",
        "90": "ninety devedeset nentedhjete devjanosto",
        "100": "hundred stotinu njeqind",
    }.items()
    for word in words.split()
}
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W_]+(?:[-'’.,][^\W_]+)*")  # "S-400", "Kosovo's", "2,7" are one word each
_YEARISH = re.compile(r"(?:19|20)[0-9][0-9]")
# The number words as whole words of folded text: one pass instead of every word looked up.
_NUMBER_WORD = re.compile(
    r"(?<![^\W\d_])(" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")(?![^\W\d_])"
)
# English month names by month: a sign-off's date ("June 4, 2019") and the first words of MONTH_WORDS.
_ENGLISH_MONTHS = [
    "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
    "august aug", "september sep sept", "october oct", "november nov", "december dec",
]  # fmt: skip
_MONTH_NAMES = "|".join(word.capitalize() for names in _ENGLISH_MONTHS for word in names.split())
_DATE_TAIL = re.compile(rf"((?:{_MONTH_NAMES})\.? \d{{1,2}}, \d{{4}})\s*$")
# Month names as fold() spells them (Cyrillic to Latin, no diacritics), with the case forms news use
# before a year ("juna 2019", "u junu 2019", "в июне 2019"): English, Serbian/Bosnian/Croatian/
# Macedonian, Albanian, Russian.
MONTH_WORDS = {
    word: month
    for month, (english, words) in enumerate(
        zip(
            _ENGLISH_MONTHS,
            [
                "januar januara januaru januari sijecanj sijecnja sijecnju janar janarit "
                "janvar janvarja janvare",
                "februar februara februaru fevruari veljaca veljace veljaci shkurt shkurtit fevral "
                "fevralja fevrale",
                "mart marta martu ozujak ozujka ozujku mars marsit marte",
                "aprila aprilu travanj travnja travnju prill prillit aprel aprelja aprele",
                "maj maja maju svibanj svibnja svibnju majit mae",
                "juna junu juni lipanj lipnja lipnju qershor qershorit ijun ijunja ijune",
                "jula julu juli srpanj srpnja srpnju korrik korrikut ijul ijulja ijule",
                "avgust avgusta avgustu kolovoz kolovoza kolovozu gusht gushtit avguste",
                "septembar septembra septembru septemvri rujan rujna rujnu shtator "
                "shtatorit sentjabr sentjabrja sentjabre",
                "oktobar oktobra oktobru oktomvri listopad listopada listopadu tetor tetorit "
                "oktjabr oktjabrja oktjabre",
                "novembar novembra novembru noemvri studeni studenog studenoga studenom "
                "nentor nentorit nojabr nojabrja nojabre",
                "decembar decembra decembru dekemvri prosinac prosinca prosincu dhjetor "
                "dhjetorit dekabr dekabrja dekabre",
            ],
            strict=True,
        ),
        start=1,
    )
    for word in f"{english} {words}".split()
}
# "June 2019", "June 4, 2019", "4. juna 2019.", "4 июня 2019" (folded), and numeric 2019-06-04, 04.06.2019.
_MONTH_YEAR = re.compile(r"\b([a-z]+)\.?\s+(?:[0-9]{1,2}\.?,?\s+)?((?:19|20)[0-9][0-9])\b")
_ISO_DATE = re.compile(r"\b((?:19|20)[0-9][0-9])-([0-9][0-9])-[0-9][0-9]\b")
_DOTTED_DATE = re.compile(r"\b[0-9]{1,2}\.\s?([0-9]{1,2})\.\s?((?:19|20)[0-9][0-9])\b")


@dataclass(frozen=True)
class Signals:
    """What a text asserts precisely, folded so that scripts compare."""

    numbers: frozenset[str]
    years: frozenset[str]
    systems: frozenset[str]
    names: frozenset[str]
    tokens: int
    months: frozenset[str] = frozenset()  # months named with their year, as "2019-06"


_EMPTY: frozenset[str] = frozenset()
_FIELDS = ("numbers", "years", "systems", "names", "months")


def encode_signals(found: Signals) -> str:
    """*found* as one line of text, for the store: each set's values joined by spaces, tab between sets.

    No value holds a space or a tab and none is empty (numbers and dates are digits, words are
    folded and joined), so :func:`decode_signals` gives back exactly what was extracted. Split
    text reads back faster than JSON, and a collection's signals are read back at every index build.
    """
    return "\t".join([*(" ".join(sorted(getattr(found, f))) for f in _FIELDS), str(found.tokens)])


def decode_signals(line: str, shared: dict[str, frozenset[str]] | None = None) -> Signals:
    """The signals :func:`encode_signals` wrote.

    *shared* maps a set's text to one frozenset, so that the same years or names met again cost no
    more memory.
    """
    *parts, tokens = line.split("\t")
    if len(parts) != len(_FIELDS):
        raise ValueError(f"not encoded signals: {line[:80]!r}")
    sets = []
    for part in parts:
        if not part:
            sets.append(_EMPTY)
            continue
        found = shared.get(part) if shared is not None else None
        if found is None:
            found = frozenset(sys.intern(v) for v in part.split(" "))
            if shared is not None:
                shared[part] = found
        sets.append(found)
    numbers, years, systems, names, months = sets
    return Signals(numbers, years, systems, names, int(tokens), months)


def code_version(sources: Iterable[str | None]) -> str | None:
    """An id of some source code, the Python it runs on and its Unicode tables.

    None if any source is unknown: then nothing derived from that code can be trusted to be current.
    """
    # fold() (NFKD, casefold) and the regexes' \w follow the Unicode version of the Python running them
    digest = hashlib.blake2b(f"{sys.version_info[:2]} {unicodedata.unidata_version}".encode(), digest_size=8)
    for source in sources:
        if source is None:
            return None
        digest.update(source.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _source(module: ModuleType) -> str | None:
    loader = getattr(module, "__loader__", None)
    try:
        return loader.get_source(module.__name__) if loader is not None else None
    except (ImportError, OSError):
        return None


# Which extractor made a set of signals: this module and fold()'s, read as they are imported (a file
# edited later does not change what runs). None when their source cannot be read: no signal store.
EXTRACTOR_VERSION = code_version([_source(sys.modules[__name__]), _source(text_module)])


_NOT_NUMBER = re.compile(r"[^\d.,]")
_SEPARATOR = re.compile(r"[.,]")


def _number_key(raw: str) -> str:
    """One spelling per value, whatever the convention: 15,000 = 15.000 = 15 000 = 15000; 2,50 = 2.5.

    Groups of exactly three digits after a first group of one to three are thousands ("1.500" is
    1500 in Serbian and "1,500" in English); any other last group is a fraction ("2,5", "1,500.25").
    """
    if raw.isdigit():  # most numbers: a plain run of digits
        return raw.lstrip("0") or "0"
    number = _NOT_NUMBER.sub("", raw).rstrip(".,")
    groups = _SEPARATOR.split(number)
    seps = _SEPARATOR.findall(number)
    thousands = (
        len(groups) > 1
        and len(groups[0]) <= 3
        and groups[0].strip("0") != ""  # "0,500" is a half
        and all(len(g) == 3 for g in groups[1:])
        and len(set(seps)) == 1
    )
    if thousands or len(groups) == 1:
        whole, fraction = "".join(groups), ""
    else:
        whole, fraction = "".join(groups[:-1]), groups[-1].rstrip("0")
    whole = whole.lstrip("0") or "0"
    return f"{whole}.{fraction}" if fraction else whole


def _fold_word(word: str) -> str:
    """One word as signals keep it: folded, and still one word (fold() spells "ﱞ" with a space)."""
    return word.lower() if word.isascii() else fold(word).replace(" ", "")  # ASCII: only its case


def signals(text: str) -> Signals:
    """Extract the precision signals of *text*.

    Every fact-check in a collection has its signals extracted (once, at the first index build over a
    store, or on first use without one), so the passes that rarely find anything are skipped
    when a cheap test shows they cannot: no digit, no numbers; no year-like digits, no dates.
    """
    has_digit = _DIGIT.search(text) is not None
    years = frozenset(_YEAR.findall(text)) if has_digit else frozenset()
    system_matches = list(_SYSTEM.finditer(text)) if has_digit else []
    systems = frozenset(filter(None, (_fold_word(m.group(0)).replace("-", "") for m in system_matches)))
    rest = _SYSTEM.sub(" ", text) if system_matches else text
    folded = fold(rest)
    whole = folded if rest is text else fold(text)
    numbers = (
        frozenset(_number_key(m.group(0)) for m in _NUMBER.finditer(rest)) - years
        if has_digit
        else frozenset()
    )
    numbers |= {NUMBER_WORDS[w] for w in _NUMBER_WORD.findall(folded)}
    # a word of letters that fold to nothing ("Ъь") names nobody
    names = frozenset(filter(None, (_fold_word(m.group(1))[:6] for m in _CAPITALISED.finditer(text))))
    # fold() makes ASCII digits of others ("２０１９", "𝟮𝟬𝟭𝟵") and drops invisible ones: test folded text
    months = _month_years(whole) if _YEARISH.search(whole) else frozenset()
    return Signals(numbers, years, systems, names, len(text.split()), months)


def word_count(text: str) -> int:
    """Words of letters or digits: "KFOR is leaving 🇷🇸 🇷🇸 🇷🇸 🇷🇸" is five words, not nine."""
    return len(_WORD.findall(text))


def month_years(text: str) -> frozenset[str]:
    """The months *text* names together with a year ("June 2019", "4. juna 2019.", "2019-06-04")."""
    return _month_years(fold(text))


def _month_years(folded: str) -> frozenset[str]:
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
