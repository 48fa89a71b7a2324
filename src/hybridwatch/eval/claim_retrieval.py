"""Claim-retrieval evaluation on any CheckThat!-formatted data, with a BM25 baseline in the same run.

Formats: queries ``iclaim_id<TAB>iclaim`` (header optional; CSV-quoted rows are unquoted),
qrels ``iclaim_id 0 vclaim_id 1`` (tabs or spaces), vclaims as a folder of JSON files, a
``.tar.xz``/``.zip`` of them, or a TSV ``vclaim_id<TAB>vclaim<TAB>title``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from hybridwatch.analyse.claims.index import FactCheckIndex
from hybridwatch.analyse.claims.lexical import BM25Index, tokens
from hybridwatch.analyse.claims.match import Matcher
from hybridwatch.analyse.claims.rerank import Reranker, index_layout
from hybridwatch.analyse.claims.text import claim_text
from hybridwatch.analyse.embed import Embedder, VectorCache
from hybridwatch.errors import InputError
from hybridwatch.eval.metrics import (
    average_precision_at_k,
    bootstrap_interval,
    map_at_k,
    mean_precision_at_k,
    mrr,
)
from hybridwatch.ingest._base import wide_encoding
from hybridwatch.ingest.factchecks import read_factchecks
from hybridwatch.model.factcheck import FactCheck

__all__ = [
    "read_queries",
    "read_qrels",
    "read_vclaims",
    "load_vclaims",
    "Vclaims",
    "evaluate",
    "metric_table",
    "tier_table",
    "confidence_table",
    "bm25_rankings",
]

KS_MAP = (1, 3, 5, 10)
RANK_DEPTH = 100  # rankings are this deep, so MRR sees beyond the cut-offs
KS_P = (1, 3, 5)
CONFIDENCE, RESAMPLES = 0.95, 2000  # bootstrap intervals of the official measure, MAP@5


def _unquote(field: str) -> str:
    if len(field) >= 2 and field[0] == field[-1] == '"':
        return field[1:-1].replace('""', '"')
    return field


def _lines(path: str | Path, what: str) -> list[str]:
    """The lines of a UTF-8 text file (or UTF-16 or UTF-32 with a byte-order mark), the mark dropped.

    Only a line feed ends a line (a carriage return before it goes too): a tweet may hold U+2028 or
    U+0085, which ``str.splitlines`` would take for line ends.
    """
    try:
        data = Path(path).read_bytes()
        wide = wide_encoding(data[:4])
        text = data.decode(wide) if wide else data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {what} {path}: {exc}") from exc
    return [line.removesuffix("\r") for line in text.split("\n")]


def read_queries(path: str | Path) -> dict[str, str]:
    """Query id → text, in file order (an id given twice keeps its first text)."""
    return _read_queries(path)[0]


MAX_QUERY_LINES = 50  # a CSV-quoted query text may run over this many lines, no more


def _quoting(text: str) -> str:
    """How a query field is quoted: "closed", "open" or "plain".

    "closed": a CSV-quoted field, whole; "open": its closing quote is on a later line; "plain": no
    CSV quoting (a tweet that merely starts with a quotation, or one never closed).
    """
    if not text.startswith('"'):
        return "plain"
    at = 1
    while True:
        at = text.find('"', at)
        if at < 0:
            return "open"
        if text.startswith('""', at):  # an escaped quote inside the field
            at += 2
            continue
        return "closed" if at == len(text) - 1 else "plain"


def _read_queries(path: str | Path) -> tuple[dict[str, str], int]:
    """The queries, and how many lines repeated an id already read."""
    out: dict[str, str] = {}
    repeated = 0
    lines = _lines(path, "queries")
    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        if not line.strip():
            continue
        qid, sep, text = line.partition("\t")
        if not sep:
            raise InputError(f"{path}:{number}: expected iclaim_id<TAB>iclaim")
        qid, text = _unquote(qid.strip()), text.strip()
        if number == 1 and qid.lower() in {"iclaim_id", "tweet_id", "id", "query_id"}:
            continue
        if _quoting(text) == "open":  # a quoted text with line breaks: read on to its closing quote
            for extra in range(1, min(MAX_QUERY_LINES, len(lines) - number + 1)):
                joined = "\n".join([text, *lines[number : number + extra]]).strip()
                quoting = _quoting(joined)
                if quoting == "closed":
                    text, number = joined, number + extra
                if quoting != "open":
                    break
        if qid in out:
            repeated += 1
        else:
            out[qid] = _unquote(text) if _quoting(text) == "closed" else text
    return out, repeated


def read_qrels(path: str | Path) -> dict[str, set[str]]:
    """Query id → relevant document ids (lines ``qid 0 docid 1``).

    A relevance of 0 or below is not relevant, as trectools (the official scorer's library) reads it.
    """
    out: dict[str, set[str]] = {}
    for number, line in enumerate(_lines(path, "qrels"), start=1):
        parts = line.split()
        if not parts:
            continue
        try:
            relevance = float(parts[3]) if len(parts) == 4 else math.nan
        except ValueError:
            relevance = math.nan
        if not math.isfinite(relevance):
            if number == 1 and len(parts) == 4 and not out:
                continue  # a header ("iclaim_id 0 vclaim_id relevance")
            raise InputError(f"{path}:{number}: expected 'query_id 0 doc_id relevance'")
        if relevance > 0:
            out.setdefault(parts[0], set()).add(parts[2])
    return out


class Vclaims(NamedTuple):
    """The collection read, and what of it could not be used."""

    factchecks: list[FactCheck]
    rejected: int  # records that could not be read (malformed, no id, no text)
    repeated_ids: int  # records whose id an earlier one had: the first is kept


def load_vclaims(path: str | Path, fmt: str = "checkthat") -> Vclaims:
    """The fact-checks to retrieve from, with the counts of records left out and why."""
    found: dict[str, FactCheck] = {}
    rejected = repeated = 0
    for item in read_factchecks(str(path), fmt=fmt):
        if not isinstance(item, FactCheck):
            rejected += 1
        elif item.id in found:
            repeated += 1
        else:
            found[item.id] = item
    if not found:
        raise InputError(f"no vclaims found in {path}")
    return Vclaims(list(found.values()), rejected, repeated)


def read_vclaims(path: str | Path, fmt: str = "checkthat") -> list[FactCheck]:
    """The fact-checks to retrieve from; of records sharing an id, the first (an id names one claim)."""
    return load_vclaims(path, fmt).factchecks


def bm25_rankings(factchecks: list[FactCheck], queries: dict[str, str], k: int) -> dict[str, list[str]]:
    """The baseline: plain BM25 (folded, lower-cased words, no stemming) over claim + title."""
    index = BM25Index([tokens(f"{f.claim} {f.title}", stem=False) for f in factchecks])
    out = {}
    for qid, text in queries.items():
        scores = index.scores(tokens(claim_text(text), stem=False))
        order = np.argsort(-scores, kind="stable")[:k]  # ties in collection order, run after run
        out[qid] = [factchecks[int(i)].id for i in order if scores[int(i)] > 0]
    return out


def metric_table(ranked: dict[str, list[str]], qrels: dict[str, set[str]]) -> dict[str, float]:
    """MAP@1/3/5/10, MRR and P@1/3/5 over the queries that have gold labels."""
    gold = {q: qrels[q] for q in ranked if q in qrels}
    runs = {q: ranked[q] for q in gold}
    table = {f"MAP@{k}": map_at_k(runs, gold, k) for k in KS_MAP}
    table["MRR"] = mrr(runs, gold)
    table.update({f"P@{k}": mean_precision_at_k(runs, gold, k) for k in KS_P})
    return {k: round(float(v), 4) for k, v in table.items()}


def confidence_table(
    ranked: dict[str, list[str]], baseline: dict[str, list[str]], qrels: dict[str, set[str]], k: int = 5
) -> dict[str, Any]:
    """95% bootstrap intervals (over queries) of MAP@k, the baseline's, and their paired difference.

    A query missing from *baseline* scores 0 there.

    The difference resamples the same queries for both, so it is narrower than the two intervals
    suggest; an interval of it that excludes 0 is a difference the data can tell.
    """
    gold = [q for q in ranked if q in qrels]
    system = [average_precision_at_k(ranked[q], qrels[q], k) for q in gold]
    base = [average_precision_at_k(baseline.get(q, []), qrels[q], k) for q in gold]

    def interval(values: list[float]) -> list[float]:
        return [round(v, 4) for v in bootstrap_interval(values, level=CONFIDENCE, resamples=RESAMPLES)]

    return {
        "level": CONFIDENCE,
        "resamples": RESAMPLES,
        f"MAP@{k}": interval(system),
        f"baseline_MAP@{k}": interval(base),
        f"difference_MAP@{k}": interval([a - b for a, b in zip(system, base, strict=True)]),
    }


def tier_table(
    tiers: dict[str, list[tuple[str, str | None]]], qrels: dict[str, set[str]]
) -> dict[str, dict[str, float | int | None]]:
    """How the tiers hold on labelled queries: (judged id, tier) of each query's results, best first.

    ``auto`` as it is fitted: the queries whose first match is ``auto`` (only a first match can be),
    and how many of those are right (its precision; ``share`` is the right ones among all queries).
    ``suggest``: every result given at ``suggest`` or better (``evaluate`` passes the top k). Every
    query here has a fact-check in the collection, so this does not show how often a claim nobody
    checked comes out ``auto``.
    """
    gold = {q: qrels[q] for q in tiers if q in qrels}
    top = [
        (results[0][0] in gold[q])
        for q, results in tiers.items()
        if q in gold and results[:1] and results[0][1] == "auto"
    ]
    flagged = [i in gold[q] for q, results in tiers.items() if q in gold for i, t in results if t]

    def share(hits: int, n: int) -> float | None:
        return round(hits / n, 4) if n else None

    return {
        "auto": {
            "queries": len(top),
            "correct": sum(top),
            "precision": share(sum(top), len(top)),
            "share": share(sum(top), len(gold)),
        },
        "suggest": {
            "results": len(flagged),
            "correct": sum(flagged),
            "precision": share(sum(flagged), len(flagged)),
        },
    }


def evaluate(
    queries_path: str | Path,
    qrels_path: str | Path,
    vclaims_path: str | Path,
    *,
    embedder: Embedder | None,
    why_no_model: str | None = None,
    cache: VectorCache | None = None,
    reranker: Reranker | None = None,
    k: int = 5,
    vclaims_format: str = "checkthat",
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Run the matcher and the BM25 baseline on the same data; return metrics and what ran."""
    started = time.perf_counter()
    queries, repeated_queries = _read_queries(queries_path)
    qrels = read_qrels(qrels_path)
    queries = {q: t for q, t in queries.items() if q in qrels}
    if not queries:
        raise InputError(
            "no query has a relevance judgement: check that the queries and qrels belong together"
        )
    vclaims = load_vclaims(vclaims_path, vclaims_format)
    factchecks = vclaims.factchecks
    known = {f.id for f in factchecks}
    absent = sorted({d for q in queries for d in qrels[q] if d not in known})
    index = FactCheckIndex(
        factchecks,
        embedder=embedder,
        cache=cache,
        progress=progress,
        **index_layout(reranker),
    )
    matcher = Matcher(index, reranker, cache=cache, why_no_model=why_no_model)
    ids = list(queries)
    depth = max(k, RANK_DEPTH)
    results = matcher.match_many([queries[q] for q in ids], k=depth)
    ranked = {  # a result found as a folded copy scores as the copy the judgements name
        q: [index.judged_id(m.factcheck_id, qrels[q]) for m in res]
        for q, res in zip(ids, results, strict=True)
    }
    tiers = {  # as the product shows and stores them: the top k
        q: list(zip(ranked[q][:k], (m.tier for m in res[:k]), strict=True))
        for q, res in zip(ids, results, strict=True)
    }
    baseline = {  # over the same folded collection, scored the same way as the system
        q: [index.judged_id(i, qrels[q]) for i in found]
        for q, found in bm25_rankings(index.factchecks, queries, depth).items()
    }
    return {
        "metrics": metric_table(ranked, qrels),
        "tiers": tier_table(tiers, qrels),
        "baseline_metrics": metric_table(baseline, qrels),
        "confidence": confidence_table(ranked, baseline, qrels, k),
        "baseline": "BM25 (k1=1.2, b=0.75) over folded words of claim + title, no stemming",
        "n_queries": len(ids),
        "n_vclaims": len(factchecks),
        "missing_gold": sorted(q for q in qrels if q not in queries)[:20],
        "inputs": {  # what of the input could not be used: each is a note in the text output
            "queries_repeated": repeated_queries,
            "vclaims_rejected": vclaims.rejected,
            "vclaims_repeated_ids": vclaims.repeated_ids,
            "gold_not_in_vclaims": len(absent),
            "gold_not_in_vclaims_examples": absent[:10],
        },
        "system": matcher.system(),
        "seconds": round(time.perf_counter() - started, 1),
        "rankings": ranked,
        "tiered": tiers,  # (judged id, tier) of each query's results, for tier_table over a subset
    }
