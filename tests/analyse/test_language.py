from __future__ import annotations

import json
from pathlib import Path

import pytest

from hybridwatch.analyse.language import (
    CascadeIdentifier,
    FastTextIdentifier,
    LexicalIdentifier,
    default_identifier,
    impossible_languages,
)
from hybridwatch.ingest._base import Options, Resource
from hybridwatch.ingest.archive import ArchiveLimits, expand
from hybridwatch.ingest.registry import source_for
from hybridwatch.model.document import Record

CASES = {
    "en": "KFOR troops patrol the north of Kosovo after the incident at the bridge in Mitrovica.",
    "sr-Latn": "Vučić je rekao da Srbija neće priznati Kosovo i da će nastaviti saradnju sa Rusijom.",
    "sr-Cyrl": "Вучић је рекао да Србија неће признати Косово и да ће наставити сарадњу са Русијом.",
    "sq": "Kosova është shtet i pavarur dhe NATO e mbështet integrimin e saj.",
    "ru": "Россия поставила Сербии системы ПВО и продолжит военное сотрудничество.",
    "mk": "Владата на Северна Македонија соопшти дека ќе ги зголеми платите во јавниот сектор.",
    "uk": "Україна отримала нову партію зброї від західних партнерів, повідомив міністр.",
    "hr": "Hrvatska vlada je ovaj tjedan objavila da će obrana dobiti tisuću novih vojnika.",
    "bs": "Vijeće ministara je poslije sjednice saopćilo da će cijene ostati iste.",
}


@pytest.fixture(scope="module")
def fasttext() -> FastTextIdentifier:
    return FastTextIdentifier()


@pytest.mark.parametrize(("expected", "text"), CASES.items())
def test_cascade_identifies_region_languages(fasttext, expected: str, text: str) -> None:
    assert CascadeIdentifier(fasttext).identify(text) == expected


@pytest.mark.parametrize(("expected", "text"), CASES.items())
def test_lexical_fallback_identifies_region_languages(expected: str, text: str) -> None:
    assert LexicalIdentifier().identify(text) == expected


def test_short_text_takes_declared_hint() -> None:
    assert LexicalIdentifier().identify("Vučić: NE!", hint="sr") == "sr-Latn"
    assert LexicalIdentifier().identify("КФОР", hint="sr_RS") == "sr-Cyrl"


def test_alphabet_rules_languages_out() -> None:
    assert "ru" in impossible_languages("Пробудите се, људи!")
    assert "sr" in impossible_languages("Мы объявили")
    assert LexicalIdentifier().identify("Пробудите се, људи! Ово је наш дом.") == "sr-Cyrl"


def test_identifier_names_say_which_ran() -> None:
    assert default_identifier().name == "cascade(lexical.v1+fasttext.lid176-lite)"
    assert default_identifier(use_model=False).name == "lexical.v1"


def _sample_records(sample: Path) -> list[Record]:
    out: list[Record] = []

    def read(resource: Resource) -> None:
        source = source_for(resource)
        if source is not None:
            out.extend(i for i in source.read(resource, Options()) if isinstance(i, Record))

    for path in sorted(sample.rglob("*")):
        if (
            path.is_file()
            and path.name not in {"README.md", "ground_truth.json"}
            and "factchecks" not in path.parts
        ):
            resource = Resource(path.name, str(path), lambda p=path: p.open("rb"))
            if path.suffix in {".zip", ".gz"}:
                for inner in expand(resource, ArchiveLimits()):
                    if isinstance(inner, Resource):
                        read(inner)
            else:
                read(resource)
    return out


def test_accuracy_on_the_labelled_sample(sample_dir: Path, fasttext) -> None:
    """The sample's ground truth labels every item's language and script (316 items)."""
    gold = {
        i["id"]: i["lang"]
        for i in json.loads((sample_dir / "ground_truth.json").read_text())["items"]
        if i.get("id")
    }
    pairs = []
    for rec in _sample_records(sample_dir):
        key = rec.native_id if rec.native_id in gold else (rec.native_id or "").split("/")[-1]
        if key in gold:
            pairs.append((rec, gold[key]))
    assert len(pairs) > 300
    accuracy = {}
    for name, ident in {"lexical": LexicalIdentifier(), "cascade": CascadeIdentifier(fasttext)}.items():
        hits = sum(
            ident.identify(f"{r.title}\n{r.text}" if r.title else r.text, r.language) == lang
            for r, lang in pairs
        )
        accuracy[name] = hits / len(pairs)
    # measured 2026-11-29: lexical 0.978, cascade 0.991
    assert accuracy["cascade"] >= 0.97, accuracy
    assert accuracy["lexical"] >= 0.95, accuracy


@pytest.mark.parametrize(
    "text",
    [
        "Ово мора свако да прочита. Албански терористи се наоружавају на северу, док КФОР гледа на другу страну.",
        "Поделите пре него што обришу: НАТО гради нову базу на северу Косова на Брњаку. #Јариње",
    ],
)
def test_serbian_cyrillic_without_its_own_letters_is_not_macedonian(fasttext, text: str) -> None:
    """Two sample posts fastText reads as Macedonian: no ћ ђ, but Serbian case endings and words."""
    assert fasttext.identify(text) == "sr-Cyrl"
    assert CascadeIdentifier(fasttext).identify(text) == "sr-Cyrl"


@pytest.mark.parametrize(
    "text",
    [
        "Владата на Северна Македонија денеска го усвои предлогот за буџетот.",
        "Премиерот рече дека владата нема да ја повлече одлуката за гасот.",
        "Тоа е лага, НАТО не гради база во Скопје.",
    ],
)
def test_macedonian_stays_macedonian(fasttext, text: str) -> None:
    assert CascadeIdentifier(fasttext).identify(text) == "mk"


def test_a_sure_macedonian_reading_stands(fasttext) -> None:
    """Found by a review: "kako" and "bi" counted as Serbian, and the model's 0.96 was overruled."""
    text = "Владата би требало да реагира како и пред изборите, велат од опозицијата."
    assert CascadeIdentifier(fasttext).identify(text) == "mk"
    # words both languages write count for neither: "како", "би" made this Serbian question mk
    assert CascadeIdentifier(fasttext).identify("Како би изгледала Србија без Косова?") == "sr-Cyrl"


def test_serbian_grammar_against_macedonian_words() -> None:
    from hybridwatch.analyse.language import _serbian_not_macedonian

    assert _serbian_not_macedonian("nato gradi novu bazu na severu".split())  # declined nouns
    assert not _serbian_not_macedonian("toa e mnogu vazno za nas".split())  # "mnogu" is no declension
    assert not _serbian_not_macedonian("vladata bi trebalo da reagira kako i pred izborite".split())
    # "kako" and "bi" are both languages' words: they count for neither (they once counted for each)
    assert _serbian_not_macedonian("kako bi nato gradio bazu na severu".split())
