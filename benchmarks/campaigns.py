"""Campaign detection at scale, each against a baseline measured in the same run.

    python benchmarks/campaigns.py duplicates              # 1,000,000 posts (about 12 minutes)
    python benchmarks/campaigns.py duplicates --n 100000   # quick check
    python benchmarks/campaigns.py coordination            # 1M, 2M and 5M shares against a pandas self-join
    python benchmarks/campaigns.py coordination --sizes 200000 --json

Coordination: synthetic (account, url, time) shares, vectorised: N/20 accounts (a few post most),
N/10 links published over 60 days and shared in the hours after (popularity falling as
1/(rank + 1000), so the most shared link has ~1,000 shares at 5M), plus a planted group of 10
accounts sharing 50 links within 30 seconds. Both sides use a fixed 60 s window. The baseline is
the straightforward pandas self-join: first share per account and link, merge on the link, keep
pairs within the window, count distinct links per account pair (the edge list); the links are
split into chunks of about 1M shares per join, because one join of 5M shares was killed for
lack of memory (24 GiB) on our machine. hybridwatch
does that and more (edge filters, components, Louvain communities, evidence).

Near-duplicates:

Both sides get the same folded texts of a synthetic stream (hybridwatch.eval.streams: organic
background plus planted copypasta in Cyrillic and Latin, with and without diacritics, with small
edits), the same 3-word shingles, 128 permutations and 32 bands of 4 rows. hybridwatch is timed
for the whole job (signatures, LSH, verification, clusters); datasketch for building its index
(MinHash per post with ``update_batch``, then ``MinHashLSH.insert``), which is less work than
clustering, so the ratio is conservative. Recall is measured on the planted copies: for
hybridwatch, the share found in their campaign's cluster; for datasketch, the share returned by
querying the index with each campaign's original and keeping the candidates whose estimated
Jaccard similarity reaches the threshold (as hybridwatch verifies its pairs). Each side runs in
its own process, so its peak RSS is its own. Needs ``pip install datasketch`` (the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime
from typing import Any

from _child import peak_rss_mib, report, run_phase, save_summary

NUM_PERM, BANDS, ROWS, SHINGLE, THRESHOLD = 128, 32, 4, 3, 0.6
TARGET_SPEEDUP = 5.0
TARGET_PEAK_MIB = 4096.0


def stream_texts(n: int) -> tuple[list[str], list[str], dict[str, Any]]:
    """Ids, folded texts and the truth of a stream with *n* background posts."""
    from hybridwatch.eval.streams import StreamSpec, generate_stream
    from hybridwatch.model.text import fold

    stream = generate_stream(
        StreamSpec(
            seed=2026, background=n, accounts=max(400, n // 20), copies_per_campaign=50, copypasta_campaigns=4
        )
    )
    return [p["id"] for p in stream.posts], [fold(p["text"]) for p in stream.posts], stream.truth


def phase_hybridwatch(n: int) -> dict[str, Any]:
    """The whole clustering job."""
    from hybridwatch.analyse.campaigns.duplicates import DuplicateParams, Post, find_duplicates

    ids, texts, truth = stream_texts(n)
    posts = [Post(i, t) for i, t in zip(ids, texts, strict=True)]
    rss_before = peak_rss_mib()
    started = time.perf_counter()
    clusters = find_duplicates(
        posts, DuplicateParams(threshold=THRESHOLD, num_perm=NUM_PERM, bands=BANDS, shingle=SHINGLE)
    )
    seconds = time.perf_counter() - started
    cluster_of = {m.id: c.id for c in clusters for m in c.members}
    found = planted = 0
    for campaign in truth["copypasta"]:
        home = cluster_of.get(campaign["first"])
        planted += len(campaign["documents"])
        found += sum(1 for d in campaign["documents"] if home is not None and cluster_of.get(d) == home)
    return {
        "posts": len(posts),
        "seconds": seconds,
        "posts_per_s": len(posts) / seconds,
        "clusters": len(clusters),
        "recall": found / planted,
        "rss_before_mib": rss_before,
        "peak_rss_mib": peak_rss_mib(),
    }


def _shingles(text: str) -> list[bytes]:
    from hybridwatch.analyse.campaigns.minhash import words_of

    words = words_of(text)
    if len(words) < SHINGLE:
        return [" ".join(words).encode()] if words else []
    return [" ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)]


def phase_datasketch(n: int) -> dict[str, Any]:
    """MinHash per post and MinHashLSH.insert: datasketch's index build."""
    from datasketch import MinHash, MinHashLSH

    ids, texts, truth = stream_texts(n)
    rss_before = peak_rss_mib()
    started = time.perf_counter()
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM, params=(BANDS, ROWS))
    sketches = {}
    for doc_id, text in zip(ids, texts, strict=True):
        shingles = _shingles(text)
        if not shingles:
            continue
        sketch = MinHash(num_perm=NUM_PERM, seed=1)
        sketch.update_batch(shingles)
        lsh.insert(doc_id, sketch)
        sketches[doc_id] = sketch
    seconds = time.perf_counter() - started
    found = planted = 0
    for campaign in truth["copypasta"]:
        query = sketches[campaign["first"]]
        result = {d for d in lsh.query(query) if sketches[d].jaccard(query) >= THRESHOLD}  # verified, as ours
        planted += len(campaign["documents"])
        found += sum(1 for d in campaign["documents"] if d in result)
    return {
        "posts": len(ids),
        "seconds": seconds,
        "posts_per_s": len(ids) / seconds,
        "recall": found / planted,
        "rss_before_mib": rss_before,
        "peak_rss_mib": peak_rss_mib(),
    }


GROUP, GROUP_LINKS, WINDOW = 10, 50, 60.0
PANDAS_CHUNK = 1_000_000  # shares per self-join: objects are split so each join fits in memory


def synthetic_shares(n: int, seed: int = 11) -> tuple[Any, Any, Any, int, int]:
    """(account, object, time) arrays of about *n* shares, and the numbers of accounts and objects."""
    import numpy as np

    rng = np.random.default_rng(seed)
    n_acc, n_obj = max(n // 20, 100), max(n // 10, 100)
    popularity = 1.0 / (np.arange(n_obj) + 1000.0)
    obj = rng.choice(n_obj, size=n, p=popularity / popularity.sum())
    published = rng.uniform(0, 60 * 86400, size=n_obj)
    time = published[obj] + rng.exponential(4 * 3600, size=n)
    acc = (n_acc * rng.random(n) ** 2).astype(np.int64)
    group = np.arange(n_acc, n_acc + GROUP)  # the planted accounts come after the organic ones
    links = np.arange(n_obj, n_obj + GROUP_LINKS)
    g_acc = np.repeat(group[None, :], GROUP_LINKS, axis=0).ravel()
    g_obj = np.repeat(links, GROUP)
    g_time = np.repeat(rng.uniform(0, 60 * 86400, GROUP_LINKS), GROUP) + rng.uniform(
        0, 30, GROUP * GROUP_LINKS
    )
    return (
        np.r_[acc, g_acc].astype(np.int64),
        np.r_[obj, g_obj].astype(np.int64),
        np.r_[time, g_time].astype(np.float64) + 1.7e9,
        n_acc + GROUP,
        n_obj + GROUP_LINKS,
    )


def phase_coordination_hw(n: int) -> dict[str, Any]:
    """hybridwatch's find_networks on a ShareTable, fixed 60 s window."""

    import networkx  # noqa: F401 - imported before the clock starts, as pandas is on the other side

    from hybridwatch.analyse.campaigns.coordination import CoordinationParams, ShareTable, find_networks

    acc, obj, time_s, n_acc, n_obj = synthetic_shares(n)
    table = ShareTable([f"@a{i}" for i in range(n_acc)], [f"u{i}" for i in range(n_obj)], acc, obj, time_s)
    rss_before = peak_rss_mib()
    started = time.perf_counter()
    result = find_networks(table, CoordinationParams(window=WINDOW), now=datetime(2030, 1, 1, tzinfo=UTC))
    seconds = time.perf_counter() - started
    planted = {f"@a{i}" for i in range(n_acc - GROUP, n_acc)}
    found = {a for net in result.networks for a in net.accounts}
    return {
        "shares": len(acc),
        "seconds": seconds,
        "edges": result.edges_before_filter,
        "networks": len(result.networks),
        "precision": len(found & planted) / max(len(found), 1),
        "recall": len(found & planted) / len(planted),
        "rss_before_mib": rss_before,
        "peak_rss_mib": peak_rss_mib(),
    }


def phase_coordination_pandas(n: int) -> dict[str, Any]:
    """The straightforward pandas self-join to the weighted edge list."""
    import pandas as pd

    acc, obj, time_s, _, _ = synthetic_shares(n)
    frame = pd.DataFrame({"acc": acc, "obj": obj, "t": time_s})
    rss_before = peak_rss_mib()
    started = time.perf_counter()
    first = frame.sort_values("t").drop_duplicates(["acc", "obj"])
    parts = []
    chunks = max(1, len(first) // PANDAS_CHUNK)  # one join of 5M shares needs more than 24 GiB
    for chunk in range(chunks):
        part = first[first.obj % chunks == chunk]
        pairs = part.merge(part, on="obj", suffixes=("_a", "_b"))
        pairs = pairs[(pairs.acc_a < pairs.acc_b) & ((pairs.t_a - pairs.t_b).abs() <= WINDOW)]
        parts.append(pairs[["acc_a", "acc_b", "obj"]].drop_duplicates())
    edges = pd.concat(parts).groupby(["acc_a", "acc_b"])["obj"].nunique()
    seconds = time.perf_counter() - started
    return {
        "shares": len(acc),
        "seconds": seconds,
        "edges": int(len(edges)),
        "rss_before_mib": rss_before,
        "peak_rss_mib": peak_rss_mib(),
    }


PHASES = {
    "hybridwatch": phase_hybridwatch,
    "datasketch": phase_datasketch,
    "coordination-hybridwatch": phase_coordination_hw,
    "coordination-pandas": phase_coordination_pandas,
}


def coordination(sizes: list[int]) -> dict[str, Any]:
    """Both sides at each size, and the targets checked."""
    runs = []
    for n in sizes:
        hw = run_child("coordination-hybridwatch", n)
        pdj = run_child("coordination-pandas", n)
        runs.append({"n": n, "hybridwatch": hw, "pandas": pdj, "speedup": pdj["seconds"] / hw["seconds"]})
    return save_summary(
        "campaigns-coordination.json",
        "coordination",
        {
            "window_seconds": WINDOW,
            "runs": runs,
            "targets": {
                "speedup_min": TARGET_SPEEDUP,
                "speedup_ok": all(r["speedup"] >= TARGET_SPEEDUP for r in runs),
            },
        },
    )


def coordination_table(s: dict[str, Any]) -> str:
    """A human-readable report."""
    lines = [
        f"{'shares':>10}{'hw s':>8}{'pandas s':>10}{'speedup':>9}{'edges':>10}{'P':>6}{'R':>6}"
        f"{'hw MiB':>8}{'pd MiB':>8}"
    ]
    for r in s["runs"]:
        hw, pdj = r["hybridwatch"], r["pandas"]
        lines.append(
            f"{hw['shares']:>10,}{hw['seconds']:>8.1f}{pdj['seconds']:>10.1f}{r['speedup']:>8.1f}x"
            f"{pdj['edges']:>10,}{hw['precision']:>6.2f}{hw['recall']:>6.2f}"
            f"{hw['peak_rss_mib']:>8.0f}{pdj['peak_rss_mib']:>8.0f}"
        )
    return "\n".join(lines)


def run_child(phase: str, n: int) -> dict[str, Any]:
    """One phase in a fresh interpreter."""
    return run_phase(__file__, f"phase {phase}", ["duplicates", "--phase", phase, "--n", str(n)])


def duplicates(n: int) -> dict[str, Any]:
    """Both sides on the same stream, and the targets checked."""
    hw = run_child("hybridwatch", n)
    ds = run_child("datasketch", n)
    speedup = ds["seconds"] / hw["seconds"]
    return save_summary(
        "campaigns-duplicates.json",
        "near-duplicates",
        {
            "parameters": {
                "num_perm": NUM_PERM,
                "bands": BANDS,
                "rows": ROWS,
                "shingle_words": SHINGLE,
                "threshold": THRESHOLD,
            },
            "posts": hw["posts"],
            "hybridwatch": hw,
            "datasketch": ds,
            "speedup": speedup,
            "targets": {
                "speedup_min": TARGET_SPEEDUP,
                "speedup_ok": speedup >= TARGET_SPEEDUP,
                "recall_ok": hw["recall"] >= ds["recall"],
                "peak_rss_max_mib": TARGET_PEAK_MIB,
                "peak_rss_ok": hw["peak_rss_mib"] < TARGET_PEAK_MIB,
            },
        },
    )


def table(s: dict[str, Any]) -> str:
    """A human-readable report."""
    hw, ds, t = s["hybridwatch"], s["datasketch"], s["targets"]
    return "\n".join(
        [
            f"{s['posts']:,} posts, {s['parameters']}",
            f"{'':<13}{'seconds':>9}{'posts/s':>10}{'recall':>8}{'RSS before':>12}{'peak MiB':>10}",
            *(
                f"{name:<13}{r['seconds']:>9.1f}{r['posts_per_s']:>10,.0f}{r['recall']:>8.3f}"
                f"{r['rss_before_mib']:>12.0f}{r['peak_rss_mib']:>10.0f}"
                for name, r in (("hybridwatch", hw), ("datasketch", ds))
            ),
            f"speedup {s['speedup']:.1f}x (target >= {TARGET_SPEEDUP:g}x) "
            f"{'PASS' if t['speedup_ok'] else 'FAIL'}; "
            f"recall {'PASS' if t['recall_ok'] else 'FAIL'}; memory {'PASS' if t['peak_rss_ok'] else 'FAIL'}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("what", choices=["duplicates", "coordination"])
    parser.add_argument(
        "--sizes", default="1000000,2000000,5000000", help="coordination: comma-separated share counts"
    )
    parser.add_argument("--n", type=int, default=1_000_000, help="background posts (default 1,000,000)")
    parser.add_argument("--json", action="store_true", help="print the JSON summary")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        report(PHASES[args.phase](args.n))
        return 0
    if args.what == "coordination":
        summary = coordination([int(x) for x in args.sizes.split(",")])
        print(json.dumps(summary, indent=2) if args.json else coordination_table(summary))
        return 0
    summary = duplicates(args.n)
    print(json.dumps(summary, indent=2) if args.json else table(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
