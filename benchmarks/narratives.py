"""Incremental narrative updates: time grows with the new documents, not with the store.

    python benchmarks/narratives.py                 # a store of 500,000 documents, +10,000 and +1,000
    python benchmarks/narratives.py --n 50000       # quick check

Documents come from the synthetic stream generator (hybridwatch.eval.streams: organic posts in
en, sr in both scripts, sq and ru, forwards, link shares, planted copypasta, a coordinated group and
a surge), in time order, stored directly (no ingest). The store gets the first N documents and one
update; then the next 10,000 documents arrive and are placed (timed), then 1,000 more (timed). The
baseline is what a tool without incremental state does: cluster the whole store again from
scratch, measured on a fresh store holding the same N + 10,000 documents. A second, ten times
smaller store gets the same 10,000 new documents, to show the update does not grow with the store.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _child import peak_rss_mib, report, run_phase, save_summary

NEW, SMALL_NEW = 10_000, 1_000


def documents(n: int) -> list[Any]:
    """*n* + 11,000 stream documents, oldest first."""
    from hybridwatch.eval.streams import StreamSpec, generate_stream
    from hybridwatch.model.document import Document, document_id
    from hybridwatch.model.text import fold

    total = n + NEW + SMALL_NEW
    stream = generate_stream(StreamSpec(seed=5, background=total, accounts=max(400, total // 20), days=60))
    now = datetime.now(UTC)
    return [
        Document(
            id=document_id("bench", p["id"]),
            source="bench",
            source_kind="jsonl",
            title="",
            text=p["text"],
            folded=fold(p["text"]),
            title_folded="",
            collected_at=now,
            native_id=p["id"],
            author=p["account"],
            published_at=datetime.fromisoformat(p["created_at"].replace("Z", "+00:00")),
        )
        for p in stream.posts[:total]
    ]


def _store(path: Path, docs: list[Any]) -> Any:
    from hybridwatch.store import SQLiteStore

    store = SQLiteStore(path)
    for start in range(0, len(docs), 20_000):
        store.add_documents(docs[start : start + 20_000])
    return store


def _timed_update(store: Any) -> dict[str, Any]:
    from hybridwatch.analyse.narratives.service import update_narratives

    started = time.perf_counter()
    result = update_narratives(store)
    return {
        "seconds": time.perf_counter() - started,
        **{k: result.as_dict()[k] for k in ("documents", "active", "pending", "opened", "merged")},
    }


def phase_incremental(n: int) -> dict[str, Any]:
    """A store of *n* documents, then +10,000 and +1,000 placed incrementally."""
    docs = documents(n)
    with tempfile.TemporaryDirectory() as folder:
        store = _store(Path(folder) / "n.db", docs[:n])
        initial = _timed_update(store)
        store.add_documents(docs[n : n + NEW])
        plus_new = _timed_update(store)
        store.add_documents(docs[n + NEW :])
        plus_small = _timed_update(store)
        store.close()
    return {
        "n": n,
        "initial": initial,
        "plus_10k": plus_new,
        "plus_1k": plus_small,
        "peak_rss_mib": peak_rss_mib(),
    }


def phase_rebuild(n: int) -> dict[str, Any]:
    """The baseline: the whole store (n + 10,000 documents) clustered from scratch."""
    docs = documents(n)
    with tempfile.TemporaryDirectory() as folder:
        store = _store(Path(folder) / "r.db", docs[: n + NEW])
        rebuild = _timed_update(store)
        store.close()
    return {"n": n, "rebuild": rebuild, "peak_rss_mib": peak_rss_mib()}


PHASES = {"incremental": phase_incremental, "rebuild": phase_rebuild}


def run(n: int) -> dict[str, Any]:
    """All measurements, each in its own interpreter."""
    big = run_phase(__file__, "incremental", ["--phase", "incremental", "--n", str(n)])
    small = run_phase(__file__, "incremental (small store)", ["--phase", "incremental", "--n", str(n // 10)])
    rebuild = run_phase(__file__, "rebuild", ["--phase", "rebuild", "--n", str(n)])
    inc = big["plus_10k"]["seconds"]
    return save_summary(
        "narratives.json",
        "narratives-incremental",
        {
            "store_documents": n,
            "new_documents": NEW,
            "incremental": big,
            "small_store": small,
            "baseline_rebuild": rebuild,
            "ratios": {
                "rebuild_over_incremental": rebuild["rebuild"]["seconds"] / inc,
                "big_store_over_small_store_for_10k": inc / small["plus_10k"]["seconds"],
                "10k_over_1k": inc / big["plus_1k"]["seconds"],
            },
        },
    )


def table(s: dict[str, Any]) -> str:
    """A human-readable report."""
    big, small, rebuild, r = s["incremental"], s["small_store"], s["baseline_rebuild"], s["ratios"]
    return "\n".join(
        [
            f"store of {s['store_documents']:,} documents "
            f"({big['initial']['active']:,} narratives after its first update)",
            f"  first update over the whole store   {big['initial']['seconds']:8.1f} s",
            f"  +{NEW:,} new documents              {big['plus_10k']['seconds']:8.1f} s",
            f"  +{SMALL_NEW:,} new documents               {big['plus_1k']['seconds']:8.1f} s",
            f"  baseline: rebuild from scratch ({s['store_documents'] + NEW:,}) "
            f"{rebuild['rebuild']['seconds']:8.1f} s",
            f"store of {small['n']:,}: +{NEW:,} new documents {small['plus_10k']['seconds']:8.1f} s",
            f"rebuild / incremental {r['rebuild_over_incremental']:.1f}x; "
            f"10k into {s['store_documents']:,} vs into {small['n']:,}: "
            f"{r['big_store_over_small_store_for_10k']:.2f}x; "
            f"10k vs 1k: {r['10k_over_1k']:.1f}x; peak RSS {big['peak_rss_mib']:.0f} MiB",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=500_000, help="documents already in the store")
    parser.add_argument("--json", action="store_true", help="print the JSON summary")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        report(PHASES[args.phase](args.n))
        return 0
    summary = run(args.n)
    print(json.dumps(summary, indent=2) if args.json else table(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
