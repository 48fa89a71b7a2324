"""Narrative labels: each narrative's most distinctive words by class-based TF-IDF (as BERTopic).

A word's weight in a narrative is its frequency there, normalised by the narrative's word count,
times log(1 + A / f), where A is the average number of words per narrative and f the word's
frequency over all narratives: words every narrative uses sink, the narrative's own words rise.
Function words never label: in a store with few Russian or Albanian documents, "этого" and "mbi"
are as distinctive of those documents' narrative as its topic is, and say nothing about it.

Labels are folded words (Cyrillic transliterated, diacritics gone), since narratives are tracked
in one script; :func:`surface_forms` gives them back as the documents write them, for reading.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

from hybridwatch.analyse.narratives.vectors import WORD
from hybridwatch.model.text import fold

__all__ = ["ctfidf_labels", "surface_forms", "LABEL_STOPWORDS"]

# Function words (three letters or more: shorter ones are no terms) of the languages we read,
# written as their speakers write them and folded as documents are. One list for all languages,
# so none may be another's content word: not "most" (Serbian "мост", the Ibar bridge), not "more"
# (the sea), not "who" (WHO).
LABEL_STOPWORDS = frozenset(
    fold(word)
    for word in (
        # English
        "the and for with from that this these those are was were have has had will would not but "
        "about after before into over said says than then also been being its their they them there "
        "which what when where while such only other some any all can could should "
        # Serbian, Croatian, Bosnian (both scripts fold alike), Macedonian
        "koji koja koje kojeg kojem kojoj kojih nije nisu više još dve dva dvije tri posle poslije "
        "prema zbog biti bilo bila bili kao ali što šta ovo ova ovaj taj kod kada gde gdje ima samo "
        "tako jer kako nego ili već svi sve svih sada oko pre prije nakon između takođe iako će "
        "još preko bez kroz tokom dok čak njegov njihov njihove ovog ovom toga tome koje "
        "што која кој кои тоа овој оваа се дека биле беше нема има ќе за од со во на "
        # Albanian
        "dhe për është nga që një nuk por ishte kanë kjo këto ky edhe duke pas tij saj mbi "
        "janë të në me se do ka si pasi sipas këtë atë cila cili cilat gjatë tek ndaj ose "
        # Russian
        "это этого этой этом эти этих более менее никакие никаких который которые которых "
        "которая когда чтобы также только уже было были была будет может могут очень если "
        "или при для без после между через про его её их она они оно все всех всё так как никто ничего"
    ).split()
)


def ctfidf_labels(terms: Mapping[str, Counter[str]], top: int = 6) -> dict[str, list[str]]:
    """The *top* distinctive words of each narrative, given each narrative's word counts."""
    totals = {name: sum(c.values()) for name, c in terms.items()}
    if not totals:
        return {}
    average = sum(totals.values()) / len(totals)
    overall: Counter[str] = Counter()
    for counts in terms.values():
        overall.update(counts)
    labels = {}
    for name, counts in terms.items():
        size = totals[name] or 1
        scored = sorted(
            ((word, n) for word, n in counts.items() if word not in LABEL_STOPWORDS),
            key=lambda kv: (-(kv[1] / size) * math.log(1 + average / overall[kv[0]]), kv[0]),
        )
        labels[name] = [word for word, _ in scored[:top]]
    return labels


def surface_forms(words: list[str], texts: Iterable[str]) -> list[str]:
    """*words* (folded) as *texts* most often write them: "pristine" → "Приштине", "mbeshtet" → "mbështet".

    A word no text holds stays as it is. Of forms written equally often, one not in capitals wins
    ("NATO" stays, "KOSOVO" in a shouted headline does not beat "Kosovo").
    """
    wanted = set(words)
    seen: dict[str, Counter[str]] = {}
    for text in texts:
        for token in WORD.findall(text):
            folded = fold(token)
            if folded in wanted:
                seen.setdefault(folded, Counter())[token] += 1
    out = []
    for word in words:
        forms = seen.get(word)
        if not forms:
            out.append(word)
            continue
        lowered: Counter[str] = Counter()
        for form, n in forms.items():  # "Kosovo" and "kosovo" are one form, written as most do
            lowered[form.lower()] += n
        best = max(lowered, key=lambda f: lowered[f])
        spellings = {form: n for form, n in forms.items() if form.lower() == best}
        out.append(max(spellings, key=lambda f: (spellings[f], not f.isupper(), f)))
    return out
