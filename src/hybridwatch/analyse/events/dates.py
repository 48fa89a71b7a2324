"""Time expressions in news sentences, resolved against the article's date.

"yesterday", "on Tuesday" (the last Tuesday on or before the article, since news reports the
past; "next Tuesday" the next one), "last week", "next month", "in 2019", "in February 2008",
in English, Serbian (both scripts, folded), Albanian and Russian (folded). Days resolve to
YYYY-MM-DD, weeks to ISO weeks (YYYY-Www), months to YYYY-MM, years to YYYY.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from hybridwatch.model.text import fold

__all__ = ["TimeExpression", "resolve_time"]

# Each weekday's folded forms in full, with their case endings (en, sr/hr/bs in both reflexes,
# ru, mk), and Albanian's two-word forms: prefixes ("sred", "subot", "cetvrt") also named
# "sredstva" (means), "Subotica" (a city) and "cetvrti" (fourth), and dated events by them.
WEEKDAYS = (
    ("monday", "ponedeljak", "ponedeljka", "ponedeljku", "ponedeljkom", "ponedjeljak", "ponedjeljka",
     "ponedjeljku", "ponedjeljkom", "ponedelnik", "ponedelnika", "ponedelniku", "e hene", "te henen"),
    ("tuesday", "utorak", "utorka", "utorku", "utorkom", "vtornik", "vtornika", "vtorniku", "e marte",
     "te marten"),
    ("wednesday", "sreda", "srede", "sredu", "sredi", "sredom", "srijeda", "srijede", "srijedu",
     "srijedi", "srijedom", "sredy", "e merkure", "te merkuren"),
    ("thursday", "cetvrtak", "cetvrtka", "cetvrtku", "cetvrtkom", "cetverg", "cetverga", "cetvergu",
     "cetvrtok", "e enjte", "te enjten"),
    ("friday", "petak", "petka", "petku", "petkom", "petok", "pjatnica", "pjatnicu", "pjatnicy",
     "pjatnice", "e premte", "te premten"),
    ("saturday", "subota", "subote", "subotu", "suboti", "subotom", "subbota", "subbotu", "subboty",
     "subbote", "sabota", "e shtune", "te shtunen"),
    ("sunday", "nedelja", "nedelje", "nedelju", "nedelji", "nedeljom", "nedjelja", "nedjelje",
     "nedjelju", "nedjelji", "nedjeljom", "nedela", "voskresene", "voskresenja", "voskresenje",
     "e diel", "te dielen"),
)  # fmt: skip
MONTHS = (
    ("january", "januar", "janar", "janvar"), ("february", "februar", "shkurt", "fevral"),
    ("march", "mart", "mars"), ("april", "prill", "aprel"), ("may", "maj", "maja", "mai"),
    ("june", "jun", "qershor", "ijun"), ("july", "jul", "korrik", "ijul"), ("august", "avgust", "gusht"),
    ("september", "septemb", "shtator", "sentjabr"), ("october", "oktob", "tetor", "oktjabr"),
    ("november", "novemb", "nentor", "nojabr"), ("december", "decemb", "dhjetor", "dekabr"),
)  # fmt: skip
RELATIVE_DAYS = {
    -1: ("yesterday", "juce", "juče", "dje", "vcera", "sinoc", "last night", "mbremje"),
    0: ("today", "danas", "sot", "segodnja", "this morning", "jutros", "this afternoon"),
    1: ("tomorrow", "sutra", "neser", "zavtra"),
}
LAST = ("last", "prosl", "proshl", "kaluar", "e kaluar", "prosle", "proslog", "proslom", "proslog")
NEXT = ("next", "sledec", "iduc", "sleduju", "ardhshme", "e ardhshme", "naredn")
WEEK = ("week", "nedelj", "sedmic", "jave", "javen", "javes", "nedel")
MONTH = ("month", "mesec", "muaj", "mesjac")
YEAR = ("year", "godin", "vit", "god")
YEAR_RE = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass(frozen=True)
class TimeExpression:
    """A resolved time expression and where it was found (character offsets into the folded text)."""

    text: str
    value: str


def resolve_time(sentence: str, article: date) -> TimeExpression | None:
    """The first time expression of *sentence*, resolved against the *article* date, or None."""
    try:
        return _resolve(sentence, article)
    except (OverflowError, ValueError):  # an article dated at the edge of the calendar
        return None


_BARE = re.compile(r"^[^\w']+|[^\w']+$|^'+|'+$")  # punctuation around a word


def _resolve(sentence: str, article: date) -> TimeExpression | None:
    folded = fold(sentence)
    words = folded.replace(",", " ").replace(".", " ").split()
    bare_words = [_BARE.sub("", w) for w in words]  # "petak!", "(u subotu)": once per word
    for k, word in enumerate(words):
        pair = " ".join(words[k : k + 2])
        for offset, names in RELATIVE_DAYS.items():
            if word in names or pair in names:
                return TimeExpression(
                    pair if pair in names else word, (article + timedelta(days=offset)).isoformat()
                )
        bare = bare_words[k].removesuffix("'s")  # "Friday's"
        bare_pair = " ".join(bare_words[k : k + 2])
        for number, names in enumerate(WEEKDAYS):
            if bare in names or bare_pair in names or bare.endswith("s") and bare[:-1] in names:  # "Mondays"
                before = words[k - 1] if k else ""
                forward = before.startswith(NEXT)
                delta = (number - article.weekday()) % 7 if forward else -((article.weekday() - number) % 7)
                said = bare_pair if bare_pair in names else bare
                return TimeExpression(said, (article + timedelta(days=delta)).isoformat())
        if word.startswith(LAST + NEXT) and k + 1 < len(words):
            step = 1 if word.startswith(NEXT) else -1
            unit = words[k + 1]
            if unit.startswith(WEEK):
                day = article + timedelta(weeks=step)
                year, week, _ = day.isocalendar()
                return TimeExpression(pair, f"{year}-W{week:02d}")
            if unit.startswith(MONTH):
                month = (article.year * 12 + article.month - 1) + step
                return TimeExpression(pair, f"{month // 12}-{month % 12 + 1:02d}")
            if unit.startswith(YEAR):
                return TimeExpression(pair, str(article.year + step))
        if word.startswith(WEEK + MONTH + YEAR) and " ".join(words[k + 1 : k + 3]) in (
            "e kaluar",
            "e ardhshme",
        ):
            step = 1 if words[k + 2] == "ardhshme" else -1  # Albanian puts "last"/"next" after the unit
            phrase = " ".join(words[k : k + 3])
            if word.startswith(WEEK):
                year, week, _ = (article + timedelta(weeks=step)).isocalendar()
                return TimeExpression(phrase, f"{year}-W{week:02d}")
            if word.startswith(MONTH):
                month = (article.year * 12 + article.month - 1) + step
                return TimeExpression(phrase, f"{month // 12}-{month % 12 + 1:02d}")
            return TimeExpression(phrase, str(article.year + step))
        for number, names in enumerate(MONTHS):
            if (
                any(word.startswith(n) for n in names)
                and k + 1 < len(words)
                and YEAR_RE.fullmatch(words[k + 1])
            ):
                return TimeExpression(pair, f"{words[k + 1]}-{number + 1:02d}")
        if YEAR_RE.fullmatch(word):
            return TimeExpression(word, word)
    return None
