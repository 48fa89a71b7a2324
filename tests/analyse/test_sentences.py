from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hybridwatch.analyse.claims.sentences import MAX_CHARS, sentences, split_sentences

CASES = {
    "sr_ordinal_year": (
        "Srbija je 2019. kupila šest sistema Pantsir-S1 od Rusije. Dobro jutro svima!",
        ["Srbija je 2019. kupila šest sistema Pantsir-S1 od Rusije.", "Dobro jutro svima!"],
    ),
    "sr_ordinal_date_and_titles": (
        "Sastanak je održan 14. marta 2025. u Beogradu. Prisustvovao je dr. Petrović i g. Vučić.",
        ["Sastanak je održan 14. marta 2025. u Beogradu.", "Prisustvovao je dr. Petrović i g. Vučić."],
    ),
    "sr_numeric_date_decimal": (
        "Izbori su održani 12.03.2025. Rezultati su objavljeni kasnije. Inflacija je 1.5 odsto.",
        ["Izbori su održani 12.03.2025.", "Rezultati su objavljeni kasnije.", "Inflacija je 1.5 odsto."],
    ),
    "sr_tzv_itd": (
        "Tzv. Kosovo traži članstvo u UN, NATO itd. Beograd se protivi.",
        ["Tzv. Kosovo traži članstvo u UN, NATO itd.", "Beograd se protivi."],
    ),
    "en_titles_initials_acronyms_ellipsis": (
        "Mr. Smith went to Washington. He met A. Vučić in the U.S. Capitol... Then he left!",
        ["Mr. Smith went to Washington.", "He met A. Vučić in the U.S. Capitol...", "Then he left!"],
    ),
    "en_saint": (
        "They met at St. Sava church. It was cold.",
        ["They met at St. Sava church.", "It was cold."],
    ),
    "sr_quotes": (
        "Rekao je: „KFOR je okupator.“ Onda je otišao. Pitao je „Dolaze li?“ upitao je novinar.",
        ["Rekao je: „KFOR je okupator.“", "Onda je otišao.", "Pitao je „Dolaze li?“ upitao je novinar."],
    ),
    "sr_cyrillic": (
        "Вучић је рекао да је тзв. Косово проблем. Србија је 2019. купила системе. Нови пасус.",
        ["Вучић је рекао да је тзв. Косово проблем.", "Србија је 2019. купила системе.", "Нови пасус."],
    ),
    "ru_abbreviations": (
        "В 2019 г. Россия поставила С-400. Это т.е. очень важно. Г-н Лавров прибыл.",
        ["В 2019 г. Россия поставила С-400.", "Это т.е. очень важно.", "Г-н Лавров прибыл."],
    ),
    "bg_mk_titles": (
        "Г-н Радев заяви, че т.нар. мерки са спрени. Според г-дин Мицкоски, др. Петров греши.",
        ["Г-н Радев заяви, че т.нар. мерки са спрени.", "Според г-дин Мицкоски, др. Петров греши."],
    ),
    "sq_abbreviations": (
        "Z. Kurti tha se p.sh. KFOR-i është i pranishëm. Ai shtoi se situata është e qetë.",
        ["Z. Kurti tha se p.sh. KFOR-i është i pranishëm.", "Ai shtoi se situata është e qetë."],
    ),
    "urls_and_email": (
        "See https://example.com/a.b?x=1. Next sentence here. Mail me at a.b@c.com. Done.",
        ["See https://example.com/a.b?x=1.", "Next sentence here.", "Mail me at a.b@c.com.", "Done."],
    ),
    "question_exclamation_runs": (
        "This is it etc. The next one. Wait... what? Yes!! Sure?! OK.",
        ["This is it etc.", "The next one.", "Wait... what?", "Yes!!", "Sure?!", "OK."],
    ),
    "list_items_and_bullets": (
        "1. Uvod\nVoditelj je otvorio emisiju.\n- Nikolić je tvrdio da je „KFOR okupator“.\n• Drugi gost.",
        [
            "1. Uvod",
            "Voditelj je otvorio emisiju.",
            "- Nikolić je tvrdio da je „KFOR okupator“.",
            "• Drugi gost.",
        ],
    ),
    "inline_bullets": (
        "Vesti dana • KFOR pojačao patrole • Most na Ibru zatvoren",
        ["Vesti dana", "• KFOR pojačao patrole", "• Most na Ibru zatvoren"],
    ),
    "hashtag_line": (
        "ЕУ је напустила Балкан: двадесет година обећања.\n#Митровица #Север #КиМ",
        ["ЕУ је напустила Балкан: двадесет година обећања.", "#Митровица #Север #КиМ"],
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_split_sentences_cases(case: str) -> None:
    text, expected = CASES[case]
    assert sentences(text) == expected


def test_split_sentences_joins_soft_wrapped_lines() -> None:
    text = (
        "Gazetarët raportuan se lajmi u shpërnda me tituj të rremë në disa\n   faqe serbe.\n2. Tjetër pikë."
    )
    assert sentences(text) == [
        "Gazetarët raportuan se lajmi u shpërnda me tituj të rremë në disa\n   faqe serbe.",
        "2. Tjetër pikë.",
    ]


def test_split_sentences_blank_line_always_breaks() -> None:
    assert sentences("Naslov bez tačke\n\nprvi pasus počinje malim slovom") == [
        "Naslov bez tačke",
        "prvi pasus počinje malim slovom",
    ]


def test_split_sentences_caps_long_sentences_at_a_comma() -> None:
    text = ", ".join(f"deo broj {i} dugačke rečenice" for i in range(60)) + "."
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(e - s <= MAX_CHARS for s, e in spans)
    assert all(text[e - 1] in ",." for s, e in spans)


def test_split_sentences_never_cuts_a_long_url() -> None:
    url = "https://example.com/" + "a" * 1500
    text = "Pogledajte " + url + " sada"
    spans = split_sentences(text)
    assert any(text[s:e].find(url) != -1 for s, e in spans)


def test_split_sentences_long_input() -> None:
    text = "Dr. Petrović je rekao da je 14. marta 2025. bilo hladno. " * 4000
    spans = split_sentences(text)
    assert len(spans) == 4000  # speed is measured in benchmarks/, not asserted here


def test_split_sentences_empty_and_blank() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


_ALPHABET = st.sampled_from(
    list("aAbčЖжšq .!?…\n\t„“\"'()-•0123456789") + ["dr.", "U.S.", " 14. marta", "https://x.y/a.b "]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=120).map("".join) | st.text(max_size=300))
def test_split_sentences_spans_are_well_formed(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    covered = set()
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered.update(range(start, end))
        previous_end = end
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def test_a_long_run_without_spaces_is_split_in_linear_time() -> None:
    """One 100,000-letter post once took a minute: e-mail and domain patterns scanned every start."""
    import time

    start = time.perf_counter()
    for hostile in ("a" * 200_000, "a-" * 50_000, "x@" * 50_000, "a" * 100_000 + "@b.com"):
        assert split_sentences(hostile)
    assert time.perf_counter() - start < 3.0
    text = "Pišite na info@kfor.nato.int ili www.nato.int/kfor. Vidi example.org/a/b?c=1 danas."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Pišite na info@kfor.nato.int ili www.nato.int/kfor.",
        "Vidi example.org/a/b?c=1 danas.",
    ]
