#!/usr/bin/env python3
"""Train the claim-matching re-ranker and fit its tiers, reproducibly, from CheckThat! data.

    python scripts/train_reranker.py 2a --titles                         # -> models/rerank-2a.json
    python scripts/train_reranker.py 2020 --titles --passages --adapter  # -> models/rerank-2020.json

Each trains on train and tunes on dev; the flags are the layouts the shipped models were chosen with
(benchmarks/README.md), and the model file records them so that every index is built to match.

Never touches a test split: 2A dev-test and 2020 test are only read by benchmarks/claims.py.
The L2 strength is chosen on dev (MAP@5); thresholds for the tiers are fitted on dev.

    python scripts/train_reranker.py 2020 --titles --passages --adapter --cv   # writes nothing

    python scripts/train_reranker.py 2020 ... --cv --cv-against benchmarks/out/cv-2020.json  # a change

``--cv`` judges a change before it is adopted: MAP@5 over train and dev together, each query ranked
by a re-ranker (and adapter) fitted on the other four of five folds. Dev alone (about 200 queries)
moves 0.005 a query; 1,000 queries move 0.001 and are about 2.2 times less noisy. Each run keeps its
per-query AP@5 (``--cv-out``), and ``--cv-against`` an earlier run's file prints the paired 95%
interval of the difference: a change whose interval holds 0 is not one the data can tell.
Embeddings are cached in benchmarks/out/embeddings.db (a hybridwatch store).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
MODELS = ROOT / "src" / "hybridwatch" / "analyse" / "claims" / "models"
CACHE = ROOT / "benchmarks" / "out" / "embeddings.db"
FOLDS = 5  # the query adapter's out-of-fold vectors, from which the re-ranker learns its cosine

SPLITS: dict[str, dict[str, Any]] = {
    "2a": {
        "vclaims": DATA / "clef2022-t2a-en" / "vclaims.tar.xz",
        "train": (
            DATA / "clef2022-t2a-en" / "CT2022-Task2A-EN-Train-Dev_Queries.tsv",
            DATA / "clef2022-t2a-en" / "CT2022-Task2A-EN-Train_QRELs.tsv",
        ),
        "dev": (
            DATA / "clef2022-t2a-en" / "CT2022-Task2A-EN-Train-Dev_Queries.tsv",
            DATA / "clef2022-t2a-en" / "CT2022-Task2A-EN-Dev_QRELs.tsv",
        ),
    },
    "2020": {
        "vclaims": DATA / "clef2020-t2" / "v3.0" / "verified_claims.docs.tsv",
        "train": (
            DATA / "clef2020-t2" / "v3.0" / "train" / "tweets.queries.tsv",
            DATA / "clef2020-t2" / "v3.0" / "train" / "tweet-vclaim-pairs.qrels",
        ),
        "dev": (
            DATA / "clef2020-t2" / "v3.0" / "dev" / "tweets.queries.tsv",
            DATA / "clef2020-t2" / "v3.0" / "dev" / "tweet-vclaim-pairs.qrels",
        ),
    },
}


def main() -> int:
    from hybridwatch.analyse._linear import platt_calibrate
    from hybridwatch.analyse.claims.index import FactCheckIndex
    from hybridwatch.analyse.claims.match import Matcher
    from hybridwatch.analyse.claims.rerank import Query
    from hybridwatch.analyse.claims.train import fit_tiers
    from hybridwatch.analyse.embed import load_embedder
    from hybridwatch.eval.claim_retrieval import metric_table, read_qrels, read_queries, read_vclaims
    from hybridwatch.model.factcheck import ClaimMatch
    from hybridwatch.store import SQLiteStore

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("dataset", choices=sorted(SPLITS))
    parser.add_argument("--l2", type=float, nargs="*", default=[1.0, 10.0])
    parser.add_argument(
        "--titles", action="store_true", help="also embed fact-check titles (cos_title feature)"
    )
    parser.add_argument(
        "--passages", action="store_true", help="embed fact-checks as e5 passages (claims stay queries)"
    )
    parser.add_argument(
        "--query-view",
        action="store_true",
        help="with --passages: also embed fact-checks as e5 queries (the symmetric cosine feature)",
    )
    parser.add_argument(
        "--cache", type=Path, default=CACHE, help=f"embedding cache, a hybridwatch store (default {CACHE})"
    )
    parser.add_argument("--loss", nargs="*", default=["pointwise", "listwise"], help="losses to try on dev")
    parser.add_argument(
        "--adapter",
        action="store_true",
        help="also learn a query adapter (analyse/claims/adapter.py); its cosine is two more features",
    )
    parser.add_argument(
        "--cv", action="store_true", help="print 5-fold MAP@5 over train+dev (no model written)"
    )
    parser.add_argument(
        "--cv-out", type=Path, help="per-query AP@5 of a --cv run (default benchmarks/out/cv-DATASET.json)"
    )
    parser.add_argument(
        "--cv-against", type=Path, help="an earlier --cv-out file: print the paired difference"
    )
    parser.add_argument("--adapter-rank", type=int, default=16)
    parser.add_argument("--adapter-l2", type=float, default=0.01)
    parser.add_argument("--adapter-temperature", type=float, default=0.02)
    args = parser.parse_args()
    split = SPLITS[args.dataset]

    args.cache.parent.mkdir(parents=True, exist_ok=True)
    store = SQLiteStore(args.cache)
    embedder, why = load_embedder()
    if embedder is None:
        print(f"cannot train without the embedding model: {why}", file=sys.stderr)
        return 1
    factchecks = read_vclaims(split["vclaims"])
    index = FactCheckIndex(
        factchecks,
        embedder=embedder,
        cache=store.embeddings,
        embed_titles=args.titles,
        passages=args.passages,
        query_view=args.query_view,
    )
    probe = Matcher(index, None, cache=store.embeddings)

    def load(which: str) -> tuple[list[tuple[str, Query]], list[set[str]], dict[str, set[str]]]:
        queries_path, qrels_path = split[which]
        qrels = read_qrels(qrels_path)
        queries = {q: t for q, t in read_queries(queries_path).items() if q in qrels}
        ids = list(queries)
        prepared = probe.prepare([queries[q] for q in ids], languages=["en"] * len(ids))
        return list(zip(ids, prepared, strict=True)), [qrels[q] for q in ids], qrels

    fit = {"rank": args.adapter_rank, "l2": args.adapter_l2, "temperature": args.adapter_temperature}
    train, train_gold, _ = load("train")
    dev, dev_gold, dev_qrels = load("dev")
    print(f"{args.dataset}: {len(factchecks)} vclaims, {len(train)} train and {len(dev)} dev queries")

    def dev_map(matcher: Matcher) -> tuple[float, list[tuple[str, list[ClaimMatch]]]]:
        results = [(qid, matcher.rank(q, 100)) for qid, q in dev]
        ranked = {qid: [index.judged_id(m.factcheck_id, dev_qrels[qid]) for m in res] for qid, res in results}
        table = metric_table(ranked, dev_qrels)
        return table["MAP@5"], results

    if args.cv:
        cross_validate(probe, train + dev, train_gold + dev_gold, args, fit)
        return 0
    fusion = dev_map(probe)[0]
    print(f"dev MAP@5 plain fusion: {fusion:.4f}")
    best = None
    for loss, l2, reranker in fit_rerankers(probe, [q for _, q in train], train_gold, args, fit):
        matcher = Matcher(index, reranker, cache=store.embeddings)
        score, results = dev_map(matcher)
        print(f"dev MAP@5 re-ranker {loss} l2={l2:g}: {score:.4f}")
        if best is None or score > best[0]:
            best = (score, l2, reranker, results)
    assert best is not None
    score, l2, reranker, results = best

    def hit(factcheck_id: str, gold: set[str]) -> bool:
        return index.judged_id(factcheck_id, gold) in gold

    top1 = [
        (res[0].score, hit(res[0].factcheck_id, gold))
        for (_, res), gold in zip(results, dev_gold, strict=True)
        if res
    ]
    every = [
        (m.score, hit(m.factcheck_id, gold))
        for (_, res), gold in zip(results, dev_gold, strict=True)
        for m in res[:5]
    ]
    # The same dev claims with their fact-checks hidden: what the scores look like when a claim is NOT
    # known. Tiers must hold their precision on both, since most claims in the wild match nothing.
    matcher = Matcher(index, reranker, cache=store.embeddings)
    for (_, query), gold in zip(dev, dev_gold, strict=True):
        hidden = np.array(sorted({p for g in gold if (p := index.position(g)) is not None}), dtype=np.int64)
        unknown = matcher.rank(query, 5, exclude=hidden)
        top1 += [(unknown[0].score, False)] if unknown else []
        every += [(m.score, False) for m in unknown]
    # Platt scaling on the same dev pairs makes the score a probability; thresholds move with it.
    a, b = platt_calibrate(reranker.model, [p for p, _ in every], [float(c) for _, c in every])

    def calibrated(pairs: list[tuple[float, bool]]) -> list[tuple[float, bool]]:
        return [(1 / (1 + np.exp(-(a * np.log(max(p, 1e-12) / max(1 - p, 1e-12)) + b))), c) for p, c in pairs]

    top1, every = calibrated(top1), calibrated(every)
    reranker.auto_threshold, reranker.suggest_threshold = fit_tiers(top1, every)
    correct_cos = [
        float(res[0].explanation["vector_score"])  # type: ignore[arg-type]
        for (_, res), gold in zip(results, dev_gold, strict=True)
        if res and hit(res[0].factcheck_id, gold)
    ]
    reranker.model.meta["auto_min_cosine"] = round(float(np.percentile(correct_cos, 5)), 4)
    reranker.meta.update(
        {
            "dataset": args.dataset,
            "trained_on": "train",
            "tuned_on": "dev",
            "l2": l2,
            "dev_map5": round(score, 4),
            "dev_map5_fusion": round(fusion, 4),
            "adapter_fit": None if reranker.adapter is None else {**fit, "folds": FOLDS},
            "embedder": embedder.name,
            "trained": dt.date.today().isoformat(),
        }
    )
    MODELS.mkdir(parents=True, exist_ok=True)
    out = MODELS / f"rerank-{args.dataset}.json"
    reranker.save(out)
    print(
        f"chose l2={l2:g} (dev MAP@5 {score:.4f}); tiers auto>={reranker.auto_threshold:.3f} "
        f"suggest>={reranker.suggest_threshold:.3f}; wrote {out.relative_to(ROOT)}"
    )
    return 0


def query_vectors(queries: list[Any]) -> np.ndarray:
    """The queries' vectors as one matrix (training needs every one: the embedder is loaded)."""
    vectors = [q.vector for q in queries]
    if any(v is None for v in vectors):
        raise ValueError("a training query has no vector")
    return np.stack([v for v in vectors if v is not None])


def fit_rerankers(
    probe: Any, queries: list[Any], gold: list[set[str]], args: argparse.Namespace, fit: dict[str, Any]
) -> Iterator[tuple[str, float, Any]]:
    """(loss, L2, re-ranker) for each setting asked for, fitted on *queries*.

    With ``--adapter`` a query adapter is fitted on them first; the re-rankers learn its cosine from
    the queries adapted out of fold, never from an adapter that saw the query.
    """
    from hybridwatch.analyse.claims.adapter import fit_adapter, out_of_fold
    from hybridwatch.analyse.claims.train import fit_reranker

    index = probe.index
    adapter = adapted = None
    if args.adapter:
        assert index.vectors is not None
        vectors = query_vectors(queries)
        positives = [sorted({p for g in golds if (p := index.position(g)) is not None}) for golds in gold]
        adapter = fit_adapter(vectors, positives, index.vectors, **fit)
        adapted = out_of_fold(vectors, positives, index.vectors, folds=FOLDS, **fit)
        print(f"query adapter fitted on {len(queries)} queries: {fit}", file=sys.stderr)
    for loss in args.loss:
        for l2 in args.l2:
            yield (
                loss,
                l2,
                fit_reranker(  # the layout it is trained on travels with it
                    probe,
                    queries,
                    gold,
                    l2=l2,
                    loss=loss,
                    meta=index.layout,
                    adapter=adapter,
                    adapted=adapted,
                ),
            )


def cross_validate(
    probe: Any,
    queries: list[tuple[str, Any]],
    gold: list[set[str]],
    args: argparse.Namespace,
    fit: dict[str, Any],
) -> None:
    """Print MAP@5 over *queries* (train and dev), each ranked by models fitted on the other folds.

    Folds are a seeded permutation, the same for every run, so that two runs compare query by query.
    """
    from hybridwatch.analyse.claims.match import Matcher
    from hybridwatch.eval.claim_retrieval import metric_table
    from hybridwatch.eval.metrics import average_precision_at_k, bootstrap_interval

    index = probe.index
    fold_of = np.random.default_rng(0).permutation(len(queries)) % FOLDS
    keys = [f"{n}:{qid}" for n, (qid, _) in enumerate(queries)]  # train and dev ids may coincide
    qrels = dict(zip(keys, gold, strict=True))
    ranked: dict[tuple[str, float], dict[str, list[str]]] = {}
    for fold in range(FOLDS):
        rest, held = np.flatnonzero(fold_of != fold), np.flatnonzero(fold_of == fold)
        fitted = fit_rerankers(probe, [queries[i][1] for i in rest], [gold[i] for i in rest], args, fit)
        for loss, l2, reranker in fitted:
            matcher = Matcher(index, reranker, cache=probe.cache)
            run = ranked.setdefault((loss, l2), {})
            for i in held:
                found = matcher.rank(queries[i][1], 10)
                run[keys[i]] = [index.judged_id(m.factcheck_id, gold[i]) for m in found]
        print(f"fold {fold + 1}/{FOLDS} done", file=sys.stderr)
    scores: dict[str, dict[str, float]] = {}
    for (loss, l2), run in ranked.items():
        setting = f"{loss} l2={l2:g}"
        scores[setting] = {q: average_precision_at_k(run[q], qrels[q], 5) for q in keys}
        low, high = bootstrap_interval(list(scores[setting].values()))
        print(
            f"{FOLDS}-fold MAP@5 over train+dev ({len(run)} queries), {setting}: "
            f"{metric_table(run, qrels)['MAP@5']:.4f} (95% {low:.4f}-{high:.4f})"
        )
    out = args.cv_out or ROOT / "benchmarks" / "out" / f"cv-{args.dataset}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(scores, indent=1), encoding="utf-8")
    print(f"per-query AP@5 in {out}")
    if args.cv_against:
        earlier: dict[str, dict[str, float]] = json.loads(args.cv_against.read_text(encoding="utf-8"))
        for setting, now in scores.items():
            before = earlier.get(setting)
            if before is None or set(before) != set(now):
                print(f"{setting}: not in {args.cv_against} over the same queries, no comparison")
                continue
            diffs = [now[q] - before[q] for q in keys]
            low, high = bootstrap_interval(diffs)
            print(
                f"{setting}: {sum(diffs) / len(diffs):+.4f} against {args.cv_against} "
                f"(95% {low:+.4f} to {high:+.4f})"
            )


if __name__ == "__main__":
    sys.exit(main())
