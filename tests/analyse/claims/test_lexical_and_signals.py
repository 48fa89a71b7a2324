from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from hybridwatch.analyse.claims.lexical import BM25Index, tokens
from hybridwatch.analyse.claims.signals import signals, trailing_date
from hybridwatch.analyse.claims.text import claim_text


def test_tokens_fold_scripts_and_truncate() -> None:
    assert tokens("Приштина и Митровица") == tokens("Priština i Mitrovica") == ["pristi", "mitrov"]
    assert tokens("The vaccines were vaccinated", stem=False) == ["vaccines", "vaccinated"]


def test_bm25_ranks_the_document_with_rare_terms_first() -> None:
    docs = [
        tokens(t)
        for t in ("NATO bombed Yugoslavia in 1999", "KFOR patrols Mitrovica", "NATO summit in Vilnius")
    ]
    index = BM25Index(docs)
    scores = index.scores(tokens("Mitrovica KFOR"))
    assert scores.argmax() == 1 and scores[0] == 0
    assert index.idf("nato") < index.idf("kfor")


def test_signals_numbers_years_systems_names() -> None:
    s = signals("Serbia bought six S-400 systems from Russia in 2019 for 1.5 billion; Pantsir-S1 too. 12%")
    assert s.years == {"2019"}
    assert s.systems == {"s400", "pantsirs1"}
    assert s.numbers == {"1.5", "12"}
    assert "russia" in s.names
    assert signals("ФК-3 у 2022").systems == {"fk3"}


def test_claim_text_and_trailing_date() -> None:
    tweet = "Big news! pic.twitter.com/abc https://t.co/x — OREO Cookie (@Oreo) January 28, 2021"
    assert claim_text(tweet) == "Big news! (OREO Cookie)"
    assert trailing_date(tweet) is not None and trailing_date(tweet).year == 2021
    assert trailing_date("no date here") is None


def test_claim_text_turns_tags_into_words_and_stops_shouting() -> None:
    assert (
        claim_text("#FyreFestival ran out of money @IlhanMN #MAGA")
        == "Fyre Festival ran out of money Ilhan MN MAGA"
    )
    assert claim_text("#СрбијаНикадНеће") == "Србија Никад Неће"
    assert claim_text("mail a@b.com, issue #1") == "mail a@b.com, issue 1"  # an address is not a mention
    shouted = "Soros, WHO IDENTIFIED JEWS TO THE NAZIS, as he admitted"
    assert claim_text(shouted) == "Soros, who identified jews to the nazis, as he admitted"
    assert claim_text("NATO and KFOR met the EU in Pristina") == "NATO and KFOR met the EU in Pristina"


@given(st.text())
def test_tokens_and_signals_never_raise(text: str) -> None:
    tokens(text)
    signals(text)
    claim_text(text)
