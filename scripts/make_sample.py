#!/usr/bin/env python3
"""Generate hybridwatch's bundled SYNTHETIC sample corpus.

Everything this script writes is invented for hybridwatch: the texts, the accounts, the
outlets and their ``.example`` domains. No real article or post is copied; real public
figures appear only in plausible, generic news sentences and in clearly labelled
disinformation *narratives* that the tool is meant to detect.

Usage::

    python scripts/make_sample.py            # writes src/hybridwatch/sample/

The output is deterministic (``random.Random(2026)``, fixed archive timestamps), so the
same bytes come out on every run. Python 3.11 standard library only.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
import re
import unicodedata
import zipfile
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from xml.sax.saxutils import escape as _xesc

SEED = 2026
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "hybridwatch" / "sample"
UTC = timezone.utc
START = datetime(2024, 1, 1, tzinfo=UTC)
END = datetime(2025, 6, 30, 23, 59, 59, tzinfo=UTC)
CAMPAIGN_URL = "https://pravda-srbija.example/kfor-okupator"
SYNTH = "SYNTHETIC sample written for hybridwatch: invented texts, accounts and outlets"
LANGS = ["en", "sr-Cyrl", "sr-Latn", "sq", "ru"]

# --------------------------------------------------------------------------------------
# Scripts, diacritics, slugs
# --------------------------------------------------------------------------------------
_LAT2CYR_DI = {"Lj": "Љ", "LJ": "Љ", "lj": "љ", "Nj": "Њ", "NJ": "Њ", "nj": "њ",
               "Dž": "Џ", "DŽ": "Џ", "dž": "џ"}
_LAT2CYR = dict(zip("abcčćdđefghijklmnoprsštuvzžABCČĆDĐEFGHIJKLMNOPRSŠTUVZŽ",
                    "абцчћдђефгхијклмнопрсштувзжАБЦЧЋДЂЕФГХИЈКЛМНОПРСШТУВЗЖ"))
_CYR2LAT = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "dj", "е": "e", "ё": "e",
            "ж": "zh", "з": "z", "и": "i", "й": "y", "ј": "j", "к": "k", "л": "l", "љ": "lj",
            "м": "m", "н": "n", "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
            "ћ": "c", "у": "u", "ф": "f", "х": "h", "ц": "c", "ч": "ch", "џ": "dz", "ш": "sh",
            "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"}
_SKIP = re.compile(r"(https?://\S+|@\w+)")


def lat2cyr(text: str) -> str:
    """Serbian Latin -> Serbian Cyrillic; URLs and @handles are left alone."""
    out = []
    for i, chunk in enumerate(_SKIP.split(text)):
        if i % 2:
            out.append(chunk)
            continue
        if re.search(r"[qwxyQWXY]", chunk):
            raise ValueError(f"non-Serbian letter in text to transliterate: {chunk!r}")
        for di, cy in _LAT2CYR_DI.items():
            chunk = chunk.replace(di, cy)
        out.append("".join(_LAT2CYR.get(c, c) for c in chunk))
    return "".join(out)


def strip_sr(text: str) -> str:
    table = str.maketrans({"š": "s", "č": "c", "ć": "c", "ž": "z", "Š": "S", "Č": "C",
                           "Ć": "C", "Ž": "Z"})
    return text.replace("đ", "dj").replace("Đ", "Dj").translate(table)


def strip_sq(text: str) -> str:
    return text.translate(str.maketrans({"ë": "e", "Ë": "E", "ç": "c", "Ç": "C"}))


def slugify(text: str, limit: int = 60) -> str:
    s = "".join(_CYR2LAT.get(c, c) for c in text.lower())
    s = s.replace("đ", "dj")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:limit].rstrip("-")


def to_script(text: str, lang: str, ascii_fold: bool) -> str:
    if lang == "sr-Cyrl":
        return lat2cyr(text)
    if lang == "sr-Latn" and ascii_fold:
        return strip_sr(text)
    if lang == "sq" and ascii_fold:
        return strip_sq(text)
    return text


def base_lang(lang: str) -> str:
    return "sr" if lang.startswith("sr") else lang


# --------------------------------------------------------------------------------------
# Time zones and date formats
# --------------------------------------------------------------------------------------
def _last_sunday(year: int, month: int) -> datetime:
    d = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=UTC) - timedelta(days=1)
    while d.weekday() != 6:
        d -= timedelta(days=1)
    return d


def eu_summer(dt: datetime) -> bool:
    start = _last_sunday(dt.year, 3).replace(hour=1)
    end = _last_sunday(dt.year, 10).replace(hour=1)
    return start <= dt < end


def belgrade(dt: datetime) -> datetime:
    return dt.astimezone(timezone(timedelta(hours=2 if eu_summer(dt) else 1)))


def moscow(dt: datetime) -> datetime:
    return dt.astimezone(timezone(timedelta(hours=3)))


MONTH_EN = ["January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"]
MONTH_SR_GEN = ["januara", "februara", "marta", "aprila", "maja", "juna", "jula", "avgusta",
                "septembra", "oktobra", "novembra", "decembra"]
MONTH_SR_LOC = ["januaru", "februaru", "martu", "aprilu", "maju", "junu", "julu", "avgustu",
                "septembru", "oktobru", "novembru", "decembru"]
MONTH_SQ = ["janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht",
            "shtator", "tetor", "nëntor", "dhjetor"]
MONTH_RU_GEN = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
                "сентября", "октября", "ноября", "декабря"]
MONTH_RU_PREP = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе",
                 "сентябре", "октябре", "ноябре", "декабре"]


def day_month(d: datetime, base: str, rng: random.Random) -> str:
    m = d.month - 1
    if base == "en":
        return f"{MONTH_EN[m]} {d.day}" if rng.random() < 0.4 else f"{d.day} {MONTH_EN[m]}"
    if base == "sr":
        return f"{d.day}. {MONTH_SR_GEN[m]}"
    if base == "sq":
        return f"{d.day} {MONTH_SQ[m]}"
    return f"{d.day} {MONTH_RU_GEN[m]}"


def month_word(d: datetime, base: str) -> str:
    m = (d.month - 2) % 12  # the previous month: statistics come out a month later
    return {"en": MONTH_EN, "sr": MONTH_SR_LOC, "sq": MONTH_SQ, "ru": MONTH_RU_PREP}[base][m]


def rand_dt(rng: random.Random, lo: datetime = START, hi: datetime = END,
            avoid: list[datetime] | None = None) -> datetime:
    while True:
        dt = lo + timedelta(seconds=rng.randrange(int((hi - lo).total_seconds())))
        if 6 <= belgrade(dt).hour or rng.random() < 0.15:  # fewer posts at night
            if not avoid or all(abs((dt - a).total_seconds()) > 3600 for a in avoid):
                return dt


def zulu(dt: datetime, millis: bool = False) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + (".000Z" if millis else "Z")
