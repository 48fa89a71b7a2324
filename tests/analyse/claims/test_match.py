from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner, Result

from hybridwatch.analyse._linear import LogisticModel, fit_listwise, fit_logistic
from hybridwatch.analyse.claims.index import FactCheckIndex
from hybridwatch.analyse.claims.match import Matcher
from hybridwatch.analyse.claims.rerank import FEATURES, Reranker, pair_features
from hybridwatch.analyse.claims.train import fit_tiers, wilson_lower
from hybridwatch.analyse.embed import load_embedder
from hybridwatch.cli import cli
from hybridwatch.errors import InputError
from hybridwatch.eval.claim_retrieval import (
    confidence_table,
    evaluate,
    load_vclaims,
    read_qrels,
    read_queries,
    read_vclaims,
)
from hybridwatch.model.factcheck import FactCheck
from hybridwatch.store import SQLiteStore

from ...conftest import FIXTURES

CT = FIXTURES / "checkthat"


@pytest.fixture(scope="module")
def factchecks():
    return read_vclaims(CT / "vclaims")


@pytest.fixture(scope="module")
def embedder():
    model, why = load_embedder()
    assert model is not None, why
    return model


def test_read_checkthat_formats() -> None:
    queries = read_queries(CT / "queries.tsv")
    assert list(queries) == ["q1", "q2", "q3", "q4"]
    assert queries["q2"] == 'KFOR are "occupiers" in Kosovo, say the locals'  # CSV-quoted row unquoted
    assert read_qrels(CT / "qrels.tsv")["q4"] == {"vclaim-bondsteel"}  # spaces or tabs


def test_checkthat_readers_take_what_editors_and_scorers_write(tmp_path: Path) -> None:
    """A byte-order mark, CRLF, a tweet holding U+2028, graded relevance; a malformed grade is named."""
    queries = tmp_path / "q.tsv"
    queries.write_bytes("\ufeffq1\tfirst\u2028line\r\nq2\tsecond\r\n".encode())
    assert read_queries(queries) == {"q1": "first\u2028line", "q2": "second"}
    qrels = tmp_path / "r.tsv"
    qrels.write_text("q1 0 a 1\nq1 0 b 0.0\nq1 0 c 2\nq2 0 d -1\n", encoding="utf-8")
    assert read_qrels(qrels) == {"q1": {"a", "c"}}  # trectools: relevant when above 0
    qrels.write_text("q1 0 a 1\nq1 0 b yes\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"r\.tsv:2:"):
        read_qrels(qrels)


def test_queries_as_spreadsheets_write_them(tmp_path: Path) -> None:
    """Quoted ids, a quoted text over two lines, an id given twice (the first kept); qrels with a header."""
    queries = tmp_path / "q.tsv"
    queries.write_text(
        'iclaim_id\ticlaim\n"q1"\t"a tweet\nover two lines"\nq2\tsecond\nq1\tagain\n"q3"\t"said ""so"""\n',
        encoding="utf-8",
    )
    assert read_queries(queries) == {"q1": "a tweet\nover two lines", "q2": "second", "q3": 'said "so"'}
    queries.write_text(
        'q1\t"I will not resign" says the minister\nq2\tsecond\nq3\t"never closed\nq4\t"a" and "b"\n',
        encoding="utf-8",
    )
    assert read_queries(queries) == {  # a tweet that starts with a quotation is no CSV quoting
        "q1": '"I will not resign" says the minister',
        "q2": "second",
        "q3": '"never closed',
        "q4": '"a" and "b"',
    }
    qrels = tmp_path / "r.tsv"
    qrels.write_text("iclaim_id 0 vclaim_id relevance\nq1 0 a 1\n", encoding="utf-8")
    assert read_qrels(qrels) == {"q1": {"a"}}


def test_the_harness_says_what_of_its_input_it_could_not_use(tmp_path: Path) -> None:
    vclaims = tmp_path / "vclaims.tsv"  # no header line: the first line is a record
    vclaims.write_text(
        'A\tKFOR troops are occupiers\tt\nA\tanother claim\tt\nB\t"unclosed\tt\nC\tmoon landing\tt\n',
        encoding="utf-8",
    )
    (tmp_path / "q.tsv").write_text("q1\tKFOR troops are occupiers\nq1\tdup\nq2\tmoon\n", encoding="utf-8")
    (tmp_path / "r.tsv").write_text("q1 0 A 1\nq2 0 gone 1\n", encoding="utf-8")
    result = evaluate(
        tmp_path / "q.tsv", tmp_path / "r.tsv", vclaims, embedder=None, vclaims_format="checkthat"
    )
    assert result["n_vclaims"] == 2 and result["metrics"]["MAP@5"] == 0.5
    assert result["inputs"] == {
        "queries_repeated": 1,
        "vclaims_rejected": 1,
        "vclaims_repeated_ids": 1,
        "gold_not_in_vclaims": 1,
        "gold_not_in_vclaims_examples": ["gone"],
    }


def test_an_id_repeated_in_the_collection_is_one_vclaim(tmp_path: Path) -> None:
    vclaims = tmp_path / "vclaims.tsv"
    vclaims.write_text(
        "vclaim_id\tvclaim\ttitle\nA\tfirst text\tt\nA\tother text\tt\nB\tb\tt\n", encoding="utf-8"
    )
    assert [(f.id, f.claim) for f in read_vclaims(vclaims, "checkthat")] == [("A", "first text"), ("B", "b")]
    vclaims.write_text("\tvclaim\ttitle\n0\tfirst\tt\n", encoding="utf-8")  # the 2020 file's header
    assert load_vclaims(vclaims, "checkthat") == ([read_vclaims(vclaims, "checkthat")[0]], 0, 0)
    assert read_vclaims(vclaims, "checkthat")[0].id == "0"


def test_the_baseline_scores_folded_copies_as_the_system_does(tmp_path: Path) -> None:
    """Two records of one claim fold into the first, and labels may name either. The system is
    credited through the copy it found; the BM25 baseline must be too, on the same collection."""
    vclaims = tmp_path / "vclaims.tsv"
    vclaims.write_text(
        "vclaim_id\tvclaim\ttitle\n"
        "kept\tKFOR troops are occupiers in Kosovo\tKFOR occupiers\n"
        "copy\tKFOR troops are occupiers in Kosovo\tKFOR occupiers\n"
        "other\tThe moon landing was staged\tMoon\n",
        encoding="utf-8",
    )
    (tmp_path / "q.tsv").write_text(
        "q1\tKFOR troops are occupiers\nq2\tKFOR occupiers in Kosovo\n", encoding="utf-8"
    )
    (tmp_path / "r.tsv").write_text("q1 0 copy 1\nq2 0 kept 1\n", encoding="utf-8")  # either copy
    result = evaluate(
        tmp_path / "q.tsv", tmp_path / "r.tsv", vclaims, embedder=None, vclaims_format="checkthat"
    )
    assert result["n_vclaims"] == 3
    assert result["metrics"]["MAP@5"] == 1.0 and result["baseline_metrics"]["MAP@5"] == 1.0


def test_a_named_model_that_cannot_serve_is_an_error(tmp_path: Path) -> None:
    broken = tmp_path / "rerank.json"
    broken.write_text('{"weights": [1.0], "unexpected": 1', encoding="utf-8")  # truncated
    result = _eval_cli(tmp_path, "--model", str(broken), "--no-model")
    assert result.exit_code == 1 and "rerank.json cannot be used" in result.output
    broken.write_text('{"surprise": 1}', encoding="utf-8")  # unknown keys once raised a TypeError
    assert _eval_cli(tmp_path, "--model", str(broken), "--no-model").exit_code == 1


def test_lexical_path_finds_and_says_so(factchecks) -> None:
    matcher = Matcher(FactCheckIndex(factchecks))
    best = matcher.match("KFOR occupation of Kosovo", k=3)[0]
    assert best.factcheck_id == "vclaim-kfor"
    assert best.explanation["path"] == "lexical" and best.explanation["vector_score"] is None
    assert "lexical path" in best.explanation["fallback"]
    assert matcher.system()["fallbacks"] and matcher.system()["model"] is None


def test_lexical_path_suggests_only_what_covers_the_claim() -> None:
    """Words the collection has never seen count as missing: one shared name is no suggestion."""
    facts = [
        FactCheck(
            id="h", collection="t", claim="Hungary closes its border with Serbia after a migrant surge"
        ),
        FactCheck(id="k", collection="t", claim="KFOR troops are occupiers in Kosovo"),
        FactCheck(id="m", collection="t", claim="The moon landing was staged in a studio"),
    ]
    matcher = Matcher(FactCheckIndex(facts))
    (only,) = matcher.match("Russia sells oil to Hungary cheaply, officials in Budapest say", k=5)
    assert only.factcheck_id == "h" and only.tier is None  # once "suggest": 'hungary' was all it knew
    assert matcher.match("KFOR troops are occupiers in Kosovo, locals say", k=5)[0].tier == "suggest"
    assert matcher.match("Ne znam ništa o tome danas", k=5) == []  # no shared word: no match at all


def test_copies_of_a_record_fold_into_the_first(factchecks) -> None:
    kfor = next(f for f in factchecks if f.id == "vclaim-kfor")
    copy = replace(kfor, id="vclaim-kfor-copy", claim=kfor.claim.replace('"', "'").upper())
    other_url = replace(kfor, id="vclaim-kfor-case-2", url="https://example.org/kfor-2")
    index = FactCheckIndex([*factchecks, copy, other_url])
    assert len(index) == len(factchecks) + 1  # the copy folds in; another article (URL) does not
    assert index.duplicates == {"vclaim-kfor": ["vclaim-kfor-copy"]}
    assert index.position("vclaim-kfor-copy") == index.position("vclaim-kfor")
    assert index.ids_at(index.position("vclaim-kfor")) == ["vclaim-kfor", "vclaim-kfor-copy"]
    assert index.judged_id("vclaim-kfor", {"vclaim-kfor-copy"}) == "vclaim-kfor-copy"  # gold names the copy
    assert index.judged_id("vclaim-kfor", {"other"}) == "vclaim-kfor"
    again = FactCheckIndex([kfor, kfor, replace(copy, id="vclaim-kfor")])  # same object; a reused id
    assert len(again) == 1 and again.duplicates == {} and again.ids_at(0) == ["vclaim-kfor"]
    twins = FactCheckIndex([kfor, replace(kfor, id="kfor-2")])  # same content under two ids: folded
    assert twins.duplicates == {"vclaim-kfor": ["kfor-2"]}
    negated = replace(kfor, id="vclaim-kfor-not", claim=kfor.claim.replace(" is ", " is not ", 1))
    assert negated.claim != kfor.claim and len(FactCheckIndex([kfor, negated])) == 2
    matcher = Matcher(index)
    found = matcher.match("KFOR occupation of Kosovo", k=5)
    assert [m.factcheck_id for m in found].count("vclaim-kfor") == 1
    assert "vclaim-kfor-copy" not in [m.factcheck_id for m in found]
    assert found[0].explanation["duplicates"] == ["vclaim-kfor-copy"]
    assert matcher.system()["duplicates_folded"] == 1


def test_signals_are_extracted_once_and_read_back_at_the_next_build(
    factchecks, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hybridwatch.analyse.claims import index as index_module
    from hybridwatch.analyse.claims.signals import EXTRACTOR_VERSION, encode_signals, signals
    from hybridwatch.analyse.embed import content_hash
    from hybridwatch.store import SQLiteStore

    assert EXTRACTOR_VERSION is not None
    store = SQLiteStore(tmp_path / "s.db")
    lazy = FactCheckIndex(factchecks)
    first = FactCheckIndex(factchecks, signal_cache=store.signals)
    assert store.signals.count(EXTRACTOR_VERSION) == len(first) == len(lazy)
    assert [first.signals(i) for i in range(len(first))] == [lazy.signals(i) for i in range(len(lazy))]
    # the next build reads what the store holds: a planted line shows through, a damaged one is
    # mended, another extractor's lines are not read, and only the damaged one is extracted again
    one, two = (content_hash(f"{f.claim} {f.title}") for f in first.factchecks[:2])
    planted = signals("Pristina, 1999: 42 S-300")
    store.signals.put_many([(one, encode_signals(planted)), (two, "damaged")], EXTRACTOR_VERSION)
    store.signals.put_many([(one, encode_signals(signals("Tirana 2005")))], "an-older-extractor")
    extracted: list[str] = []
    monkeypatch.setattr(index_module, "signals", lambda text: extracted.append(text) or signals(text))
    again = FactCheckIndex(factchecks, signal_cache=store.signals)
    assert again.signals(0) == planted
    assert again.signals(1) == lazy.signals(1) and len(extracted) == 1
    assert store.signals.get_many([two], EXTRACTOR_VERSION)[two] == encode_signals(lazy.signals(1))
    store.close()


def test_a_locked_store_costs_the_signals_next_time_not_the_match(
    factchecks, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlite3

    from hybridwatch.store import SQLiteStore

    store = SQLiteStore(tmp_path / "s.db", busy_timeout_ms=50)
    writer = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process writing
    index = FactCheckIndex(factchecks, signal_cache=store.signals)
    writer.execute("ROLLBACK")
    assert "not kept for the next build" in caplog.text and "locked" in caplog.text
    assert Matcher(index).match("KFOR occupation of Kosovo", k=1)[0].factcheck_id == "vclaim-kfor"
    assert store.signals.count() == 0
    store.close()


def test_fact_checks_embedded_as_passages_are_cached_apart(factchecks, embedder, tmp_path: Path) -> None:
    from importlib.resources import files

    from hybridwatch.analyse.claims.rerank import index_layout, load_reranker
    from hybridwatch.analyse.claims.service import build_matcher
    from hybridwatch.store import SQLiteStore

    store = SQLiteStore(tmp_path / "s.db")
    as_queries = FactCheckIndex(factchecks, embedder=embedder, cache=store.embeddings)
    as_passages = FactCheckIndex(factchecks, embedder=embedder, cache=store.embeddings, passages=True)
    claims = [f.claim for f in as_passages.factchecks]
    assert (
        store.embeddings.count(embedder.name)
        == store.embeddings.count(f"{embedder.name} passage")
        == len(claims)
    )
    assert as_passages.vectors is not None and as_queries.vectors is not None
    assert np.allclose(as_passages.vectors, embedder.embed(claims, "passage"), atol=1e-5)
    assert not np.allclose(as_passages.vectors, as_queries.vectors, atol=1e-3)  # e5's prefixes differ
    # the layout follows what a re-ranker was trained on
    assert index_layout(None) == {"embed_titles": False, "passages": False, "query_view": False}
    model_2020 = str(files("hybridwatch") / "analyse/claims/models/rerank-2020.json")
    assert index_layout(load_reranker(model_2020)) == {
        "embed_titles": True,
        "passages": True,
        "query_view": True,
    }
    store.factchecks.add(factchecks)  # the product builds the index the 2020 model was trained on
    matcher = build_matcher(store, reranker_path=model_2020)
    assert matcher.system()["factcheck_vectors"] == "claim and title, as e5 passages and as queries"
    assert matcher.system()["query_adapter"] == "rank 16"  # the 2020 model reads an adapted cosine too
    assert matcher.match("Bondsteel nuclear weapons", k=1)[0].factcheck_id == "vclaim-bondsteel"
    built = matcher.index
    titles = [f.title or f.claim for f in built.factchecks]
    assert built.title_vectors is not None
    assert np.allclose(built.title_vectors, embedder.embed(titles, "passage"), atol=1e-5)
    store.close()


def test_rare_word_shared_is_a_feature(factchecks) -> None:
    index = FactCheckIndex(factchecks)
    query = Matcher(index).prepare(["Bondsteel base"])[0]
    cands = index.candidates(query.tokens, None)
    rows = pair_features(query, cands, index)
    rare = dict(
        zip(
            [index.factchecks[int(i)].id for i in cands.indices],
            rows[:, FEATURES.index("rare_match")],
            strict=True,
        )
    )
    assert rare["vclaim-bondsteel"] > 0.5 and all(
        v < rare["vclaim-bondsteel"] for k, v in rare.items() if k != "vclaim-bondsteel"
    )


def test_fact_checks_naming_the_claim_s_month_are_a_feature(factchecks) -> None:
    dated = [
        FactCheck("june-2019", "t", "KFOR troops left the base in June 2019"),
        FactCheck("june-2017", "t", "KFOR troops left the base in June 2017"),
        FactCheck("year-only", "t", "KFOR troops left the base in 2019"),
        FactCheck("dated", "t", "KFOR troops left the base", published_at=datetime(2019, 6, 8, tzinfo=UTC)),
    ]
    index = FactCheckIndex(dated)
    matcher = Matcher(index)
    text = "KFOR troops left the base — Someone (@someone) June 4, 2019"  # date from its sign-off
    (query,) = matcher.prepare([text])
    assert query.date is not None and (query.date.year, query.date.month) == (2019, 6)
    cands = index.candidates(query.tokens, None)
    rows = pair_features(query, cands, index)
    col = {name: i for i, name in enumerate(FEATURES)}
    by_id = {index.factchecks[int(i)].id: row for i, row in zip(cands.indices, rows, strict=True)}
    named = {fc: by_id[fc][col["date_named"]] for fc in ("june-2019", "year-only", "june-2017")}
    assert named == {"june-2019": 1.0, "year-only": 0.5, "june-2017": 0.0}  # month and year, year, neither
    assert by_id["dated"][col["date_week"]] == 1  # published 4 days after the claim
    assert by_id["dated"][col["date_month"]] == 1
    found = {m.factcheck_id: m for m in matcher.match(text, k=4)}
    assert found["june-2019"].explanation["overlap"]["dates"] == ["2019", "2019-06"]
    assert found["june-2017"].explanation["overlap"]["dates"] == []
    # a naive date is taken as UTC: the same features as the aware one, no TypeError against aware dates
    naive, aware = matcher.prepare(
        ["KFOR troops left the base"] * 2, dates=[datetime(2019, 6, 4, 23), query.date.replace(hour=23)]
    )
    assert np.array_equal(pair_features(naive, cands, index), pair_features(aware, cands, index))


def test_hybrid_path_crosses_languages(factchecks, embedder) -> None:
    matcher = Matcher(FactCheckIndex(factchecks, embedder=embedder))
    for query in (
        "КФОР је окупаторска сила на Косову",
        "KFOR je okupator na Kosovu",
        "KFOR është forcë pushtuese",
        "КФОР — оккупационные силы в Косово",
        "КФОР е окупаторска сила во Косово",  # Macedonian
        "KFOR je okupacijska sila na Kosovu",  # Croatian
        "KFOR je okupatorska sila na Kosovu, kažu",  # Bosnian
    ):
        best = matcher.match(query, k=3)[0]
        assert best.factcheck_id == "vclaim-kfor", query
        assert best.explanation["model"] == embedder.name


def test_details_that_disagree_downgrade_the_tier(factchecks, embedder) -> None:
    model = LogisticModel(
        FEATURES,
        [0.0] * len(FEATURES),
        [1.0] * len(FEATURES),
        [1.0 if f == "cos_best" else 0.0 for f in FEATURES],
        -0.5,
    )
    matcher = Matcher(FactCheckIndex(factchecks, embedder=embedder), Reranker(model, 0.5, 0.4))
    matches = {m.factcheck_id: m for m in matcher.match("Serbia got S-400 from Russia in 2022", k=6)}
    s400 = matches["vclaim-s400"]
    assert "years disagree" in s400.explanation["downgrades"]
    assert s400.explanation["conflicts"]["years"] == ["2022"]
    assert s400.score >= 0.5 and s400.tier == "suggest"  # auto by its score, one step down
    short = matcher.match("S-400", k=1)[0]
    assert short.score >= 0.5 and short.tier == "suggest"
    assert short.explanation["downgrades"] == ["short text (1 words)"]


def test_auto_only_reasons_cap_at_suggest_and_never_add_up(factchecks, embedder) -> None:
    model = LogisticModel(FEATURES, [0.0] * len(FEATURES), [1.0] * len(FEATURES), [0.0] * len(FEATURES), 0.0)
    model.meta["auto_min_cosine"] = 0.9
    matcher = Matcher(FactCheckIndex(factchecks, embedder=embedder), Reranker(model, 0.5, 0.4))
    (query,) = matcher.prepare(["NATO troops of KFOR patrol the north of Kosovo every day"])
    row = np.zeros(len(FEATURES))
    row[FEATURES.index("cos_best")] = 0.85  # under the auto floor
    assert matcher._tier(0.9, query, row, first=True) == (
        "suggest",
        ["vector score 0.850 below the auto floor 0.900"],
    )
    tier, reasons = matcher._tier(0.9, query, row, first=False)  # behind the first as well: still suggest
    assert tier == "suggest" and reasons[-1] == "not the first match"
    assert matcher._tier(0.45, query, row, first=False) == ("suggest", [])  # a lower score: the same tier
    row[FEATURES.index("year_conflict")] = 1.0  # a real disagreement still costs its own step
    assert matcher._tier(0.9, query, row, first=False)[0] is None


def test_fit_tiers_thresholds_hold_their_precision_with_confidence() -> None:
    top1 = [(0.9, True)] * 80 + [(0.6, True)] * 20 + [(0.5, False)] * 10 + [(0.4, False)] * 100
    auto, suggest = fit_tiers(top1, top1, auto_precision=0.95, suggest_precision=0.5, min_support=5)
    assert auto == 0.6  # 100 of 100 above it; adding 0.5's ten errors would drop the bound under 0.95
    assert suggest == 0.5  # 100 of 110 correct, but not 100 of 210
    few = [(0.9, True)] * 20  # 20 of 20 is not enough evidence for 95%
    assert fit_tiers(few, few, min_support=5)[0] == 1.0
    assert wilson_lower(95, 100) < 0.95 < wilson_lower(990, 1000) and wilson_lower(0, 0) == 0.0


def test_logistic_fit_separates() -> None:
    x = [[0.0], [0.1], [0.2], [0.8], [0.9], [1.0]]
    model = fit_logistic(x, [0, 0, 0, 1, 1, 1], ["f"])
    p = model.predict_proba([[0.05], [0.95]])
    assert p[0] < 0.3 < 0.7 < p[1]


def test_evidence_only_features_never_weigh_against_a_match() -> None:
    rng = np.random.default_rng(3)
    good = rng.normal(size=300)
    against = -good + 0.1 * rng.normal(size=300)  # a feature that, in this sample, points the wrong way
    x = np.column_stack([good, against])
    y = (good > 0.5).astype(float)
    groups = np.repeat(np.arange(30), 10)
    for fit in (
        lambda **kw: fit_logistic(x, y, ["good", "against"], **kw),
        lambda **kw: fit_listwise(x, y, groups, ["good", "against"], **kw),
    ):
        assert fit().weights[1] < 0  # unconstrained it learns the noise
        constrained = fit(nonnegative={"against"}).weights
        assert constrained[1] == 0.0 and constrained[0] > 0


def _eval_cli(tmp_path: Path, *extra: str) -> Result:
    """`hybridwatch eval claim-retrieval` on the CheckThat!-format fixture, vectors cached in tmp_path."""
    files = [
        "--queries",
        str(CT / "queries.tsv"),
        "--qrels",
        str(CT / "qrels.tsv"),
        "--vclaims",
        str(CT / "vclaims"),
    ]
    args = ["eval", "claim-retrieval", *files, "--db", str(tmp_path / "cache.db"), *extra]
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def test_eval_harness_cli_json(tmp_path: Path) -> None:
    result = _eval_cli(tmp_path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["metrics"]) == {"MAP@1", "MAP@3", "MAP@5", "MAP@10", "MRR", "P@1", "P@3", "P@5"}
    assert set(data["baseline_metrics"]) == set(data["metrics"])
    assert data["n_queries"] == 4 and data["system"]["model"]
    assert data["metrics"]["MAP@5"] >= 0.75
    # every fixture query is a clear paraphrase: its first match is auto and right, nothing else is flagged
    assert data["tiers"] == {
        "auto": {"queries": 4, "correct": 4, "precision": 1.0, "share": 1.0},
        "suggest": {"results": 4, "correct": 4, "precision": 1.0},
    }
    assert "tiered" not in data and "rankings" not in data  # per-query lists stay out of the output
    ci = data["confidence"]  # bootstrap over the 4 queries (the intervals: test_confidence_table_...)
    assert ci["level"] == 0.95 and set(ci) == {
        "level",
        "resamples",
        "MAP@5",
        "baseline_MAP@5",
        "difference_MAP@5",
    }
    low, high = ci["baseline_MAP@5"]
    assert low <= data["baseline_metrics"]["MAP@5"] <= high
    assert ci["MAP@5"][0] <= data["metrics"]["MAP@5"] <= ci["MAP@5"][1]
    again = _eval_cli(tmp_path, "--json", "--no-model")
    lexical = json.loads(again.stdout)
    assert lexical["system"]["path"] == "lexical"
    assert lexical["system"]["fallbacks"] == [
        "no embedding model (disabled by the user): lexical path (BM25 over folded text)"
    ]
    text = _eval_cli(tmp_path)
    assert "tiers: auto first on 4 queries, 4 right" in text.output
    shown = re.search(
        r"MAP@5 95% interval .*: system ([\d.]+)-([\d.]+), BM25 [\d.]+-[\d.]+, system minus", text.output
    )
    assert shown and float(shown[1]) <= data["metrics"]["MAP@5"] <= float(shown[2])


def test_confidence_table_pairs_the_difference() -> None:
    """System and baseline both vary and share hard queries: the paired interval of their difference
    is much narrower than the two intervals subtracted, and its sign is system minus baseline."""
    qrels = {f"q{i}": {"right"} for i in range(60)}
    hard = {f"q{i}" for i in range(0, 60, 3)}  # a third of the queries are hard for both
    baseline = {q: (["x", "x", "right"] if q in hard else ["right"]) for q in qrels}  # AP 1/3 or 1
    system = {q: (["x", "right"] if q in hard else ["right"]) for q in qrels}  # AP 1/2 or 1: better
    ci = confidence_table(system, baseline, qrels)
    (s_low, s_high), (b_low, b_high) = ci["MAP@5"], ci["baseline_MAP@5"]
    assert s_low < 5 / 6 < s_high and b_low < 7 / 9 < b_high  # around the true means
    d_low, d_high = ci["difference_MAP@5"]
    assert 0 < d_low <= 1 / 18 <= d_high  # better on every hard query, never worse: positive
    assert d_high - d_low < ((s_high - b_low) - (s_low - b_high)) / 3  # paired, not subtracted
    assert confidence_table(baseline, system, qrels)["difference_MAP@5"] == [-d_high, -d_low]
    assert set(confidence_table(system, baseline, qrels, k=1)) >= {"MAP@1", "difference_MAP@1"}


def test_only_a_first_match_can_be_auto(factchecks, embedder) -> None:
    from hybridwatch.analyse.claims.rerank import index_layout, load_reranker

    s400 = next(f for f in factchecks if f.id == "vclaim-s400")
    refiled = replace(s400, id="vclaim-s400-again", url="https://example.org/s400-again")  # another case
    reranker = load_reranker()
    index = FactCheckIndex([*factchecks, refiled], embedder=embedder, **index_layout(reranker))
    with pytest.raises(ValueError, match="re-ranker needs"):  # vectors it was not trained on: refused
        Matcher(FactCheckIndex(factchecks, embedder=embedder, passages=True), reranker)
    matcher = Matcher(index, reranker)
    first, second = matcher.match(s400.claim, k=2)
    assert {first.factcheck_id, second.factcheck_id} == {"vclaim-s400", "vclaim-s400-again"}
    assert first.tier == "auto" and "not the first match" not in first.explanation["downgrades"]
    assert second.tier == "suggest" and "not the first match" in second.explanation["downgrades"]


def test_matching_against_an_empty_store(tmp_path: Path) -> None:
    db = str(tmp_path / "empty.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["claims", "match", "KFOR", "--db", db, "--json"], catch_exceptions=False)
    assert result.exit_code == 1 and "no store at" in result.stderr  # a mistyped --db: not "no match"
    assert not Path(db).exists()
    SQLiteStore(db).close()
    result = runner.invoke(cli, ["claims", "match", "KFOR", "--db", db, "--json"], catch_exceptions=False)
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    result = runner.invoke(cli, ["claims", "match-all", "--db", db, "--json"], catch_exceptions=False)
    report = json.loads(result.stdout)
    # the same shape as any run (a CLI audit found system null here, and note only sometimes)
    assert result.exit_code == 0 and report["claims"] == 0 and report["system"]["fallbacks"] == []
    from hybridwatch.analyse.claims.service import SYSTEM_KEYS

    assert tuple(report["system"]) == SYSTEM_KEYS  # the keys a run that matched has (below)


def test_claims_wait_for_fact_checks_and_meet_every_later_import(store, tmp_path: Path, embedder) -> None:
    """match-all before any import matches nothing and uses nothing up; a later import matches the
    claims again, against everything, and their findings are replaced, never doubled. A fallback
    run leaves them to the full system."""
    from hybridwatch.analyse.claims.service import import_factchecks, match_all
    from hybridwatch.model.factcheck import Claim

    text = "KFOR troops are occupiers in Kosovo, say the locals"
    store.claims.add([Claim("c1", "d1", 0, len(text), text, "en", 0.9, True, "t")])
    assert match_all(store)["note"].startswith("no fact-checks")

    def facts(name: str, line: str) -> None:
        path = tmp_path / name
        path.write_text(line + "\n", encoding="utf-8")
        import_factchecks(store, str(path))

    facts("first.jsonl", '{"id": "moon", "text": "The moon landing was staged in a film studio"}')
    first = match_all(store)
    assert first["claims"] == 1 and first["note"] is None  # it waited: matched now
    from hybridwatch.analyse.claims.service import SYSTEM_KEYS

    assert tuple(first["system"]) == SYSTEM_KEYS
    assert store.findings.count("claim_match") == 0  # nothing near it yet
    assert match_all(store)["claims"] == 0  # nothing new: nothing to do
    facts("later.jsonl", '{"id": "kfor", "text": "KFOR troops are occupiers in Kosovo"}')
    lexical = match_all(store, use_model=False)
    assert lexical["claims"] == 1 and "fallback" in lexical["note"]
    assert match_all(store, use_model=False)["claims"] == 1  # not used up by the fallback
    assert match_all(store)["claims"] == 1  # matched again, against both
    assert match_all(store)["claims"] == 0
    (found,) = store.findings.of_kind("claim_match")
    assert found["object"] == "kfor" and found["tier"] in {"auto", "suggest"}
    facts("first.jsonl", '{"id": "moon", "text": "The moon landing was staged in a film studio"}')
    assert match_all(store)["claims"] == 0  # a re-import stores nothing new
    facts("more.jsonl", '{"id": "s400", "text": "Serbia bought the S-400 from Russia"}')
    assert match_all(store)["claims"] == 1
    assert [f["object"] for f in store.findings.of_kind("claim_match")] == ["kfor"]  # replaced, not doubled
    # found by an adversarial pass: a fallback run after a later import wiped the full system's matches
    facts("gas.jsonl", '{"id": "gas", "text": "Gas prices will rise in Serbia next month"}')
    assert match_all(store, use_model=False)["claims"] == 1
    (kept,) = store.findings.of_kind("claim_match")
    assert (kept["object"], kept["analyser"]) == ("kfor", "core.claims.match.v1")


def test_tier_table_counts_first_auto_matches_and_every_flagged_result() -> None:
    from hybridwatch.eval.claim_retrieval import tier_table

    qrels = {"q1": {"a"}, "q2": {"b"}, "q3": {"c"}, "q4": {"d"}}
    tiers = {
        "q1": [("a", "auto"), ("x", "suggest")],  # auto, right; one wrong suggestion
        "q2": [("y", "auto"), ("b", "suggest")],  # auto, wrong; the right one suggested
        "q3": [("c", "suggest"), ("z", None)],  # suggest only
        "q4": [],  # nothing found
        "q5": [("e", "auto")],  # no judgement: not counted
    }
    table = tier_table(tiers, qrels)
    assert table["auto"] == {"queries": 2, "correct": 1, "precision": 0.5, "share": 0.25}
    assert table["suggest"] == {"results": 5, "correct": 3, "precision": 0.6}
    assert tier_table({"q4": []}, qrels)["auto"]["precision"] is None


def test_claims_match_cli(tmp_path: Path) -> None:
    db = str(tmp_path / "h.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["factchecks", "import", str(CT / "vclaims"), "--db", db]).exit_code == 0
    result = runner.invoke(
        cli,
        ["claims", "match", "Кампу Бондстил ће чувати нуклеарно оружје", "--k", "2", "--db", db, "--json"],
        catch_exceptions=False,
    )
    matches = json.loads(result.stdout)
    assert matches[0]["factcheck_id"] == "vclaim-bondsteel"
    assert {"factcheck_id", "score", "tier", "explanation"} <= set(matches[0])
    assert {"lexical_score", "vector_score", "model", "overlap", "downgrades"} <= set(
        matches[0]["explanation"]
    )
    from hybridwatch.store import SQLiteStore

    with SQLiteStore(db) as store:  # one claim extracts its candidates' signals rather than read them all
        assert store.signals.count() == 0


def test_claims_match_on_a_store_another_process_is_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Reading needs no write: the new fact-checks' vectors just are not cached for the next run,
    and the cache writes give up quickly rather than wait out the store's busy timeout (5 s) each."""
    import sqlite3
    import time

    from hybridwatch.store import SQLiteStore

    db = str(tmp_path / "h.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["factchecks", "import", str(CT / "vclaims"), "--db", db]).exit_code == 0
    monkeypatch.delenv("HYBRIDWATCH_BUSY_TIMEOUT_MS", raising=False)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process holds the write lock throughout
    args = ["claims", "match", "Кампу Бондстил ће чувати нуклеарно оружје", "--k", "1", "--db", db, "--json"]
    started = time.perf_counter()
    result = runner.invoke(cli, args)
    took = time.perf_counter() - started
    writer.execute("ROLLBACK")
    writer.close()
    assert result.exit_code == 0, result.output
    assert took < 4.0  # three cache writes (claims, titles, the query) at 0.25 s, not 5 s each
    assert json.loads(result.stdout)[0]["factcheck_id"] == "vclaim-bondsteel"
    assert json.loads(result.stdout)[0]["explanation"]["vector_score"] is not None  # the model ran
    assert "vectors not cached for the next run" in caplog.text and "locked" in caplog.text
    with SQLiteStore(db) as store:
        assert store.embeddings.count() == 0
    assert runner.invoke(cli, args).exit_code == 0  # unlocked: now they are kept
    with SQLiteStore(db) as store:
        assert store.embeddings.count() > 0


def test_a_claim_is_matched_with_its_document_s_date(tmp_path: Path) -> None:
    """match-all dates each claim by its document, `claims match --date` by the analyst."""
    db = str(tmp_path / "h.db")
    posts = tmp_path / "posts.jsonl"
    text = "NATO moved 300 soldiers of KFOR out of the Bondsteel base in Kosovo."
    posts.write_text(json.dumps({"id": "p1", "text": text, "created_at": "2019-06-04T10:00:00Z"}) + "\n")
    facts = tmp_path / "facts.jsonl"
    facts.write_text(
        "\n".join(
            json.dumps(
                {"id": i, "text": f"NATO moved 300 soldiers of KFOR out of the Bondsteel base in {when}"}
            )
            for i, when in (("fc-june-2019", "June 2019"), ("fc-2017", "March 2017"))
        )
        + "\n"
    )
    runner = CliRunner()
    for args in (
        ["ingest", str(posts)],
        ["factchecks", "import", str(facts)],
        ["claims", "detect", "--no-model"],
    ):
        assert runner.invoke(cli, [*args, "--db", db], catch_exceptions=False).exit_code == 0
    result = runner.invoke(
        cli, ["claims", "match-all", "--no-model", "--db", db, "--json"], catch_exceptions=False
    )
    assert json.loads(result.stdout)["claims"] == 1
    from hybridwatch.analyse.claims.service import claim_matches
    from hybridwatch.store import SQLiteStore

    with SQLiteStore(db) as store:
        stored = {m["factcheck_id"]: m["explanation"]["overlap"]["dates"] for m in claim_matches(store)}
        assert store.signals.count() == 2  # match-all keeps the fact-checks' signals for the next run
    assert stored["fc-june-2019"] == ["2019", "2019-06"] and stored["fc-2017"] == []

    def match(*extra: str) -> dict[str, list[str]]:
        result = runner.invoke(cli, ["claims", "match", text, "--no-model", "--db", db, "--json", *extra])
        assert result.exit_code == 0, result.output
        assert "note: no embedding model (disabled by the user)" in result.stderr  # stdout: JSON only
        return {m["factcheck_id"]: m["explanation"]["overlap"]["dates"] for m in json.loads(result.stdout)}

    assert match("--date", "2017-03-30") == {"fc-june-2019": [], "fc-2017": ["2017", "2017-03"]}
    assert match() == {"fc-june-2019": [], "fc-2017": []}  # no date given, none at the end of the text
    bad = runner.invoke(cli, ["claims", "match", text, "--no-model", "--db", db, "--date", "someday"])
    assert bad.exit_code == 2 and "not a date" in bad.output
    empty = runner.invoke(cli, ["claims", "match", " \n", "--no-model", "--db", db, "--json"])
    assert empty.exit_code == 2 and "the claim is empty" in empty.output
