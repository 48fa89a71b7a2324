#!/usr/bin/env python3
"""Ingest throughput and memory benchmark: hybridwatch against a same-stack floor.

Usage::

    python benchmarks/ingest.py                      # 200,000 posts, table + benchmarks/out/ingest.json
    python benchmarks/ingest.py --n 50000 --json     # smaller run, JSON on stdout
    python benchmarks/ingest.py --profile            # cProfile of hybridwatch ingest on 20,000 posts

The *floor* is the cheapest ingest the same stack can do: ``json.loads`` per line and
``executemany`` in batches of 2,000 into a bare ``(id, text)`` SQLite table in WAL mode, with
an FTS5 external-content index kept in sync by an AFTER INSERT trigger, as hybridwatch's
store does. Anything hybridwatch spends above that is its own work (mapping, normalising,
language identification, folding, link canonicalisation, ids, the wide row), which is what
the "within 3x of the floor" target bounds.

Every measurement runs in its own child process (this script re-invoked with a hidden
``--phase``), so ``ru_maxrss`` is that measurement's peak alone. Memory flatness is checked
by ingesting N/4 and N posts and comparing the two peaks.

The corpus is synthetic and deterministic (seeded ``random.Random``): invented posts in
English, Serbian (Cyrillic, Latin, Latin without diacritics), Albanian and Russian, with
``.example`` URL domains. Linux and macOS only (needs :mod:`resource`).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import itertools
import json
import os
import platform
import pstats
import random
import resource
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from _child import peak_rss_mib, report, run_phase

from hybridwatch.eval.synthetic import (
    DOMAINS,
    EMOJI,
    FIRST_NAMES,
    HASHTAGS,
    LAST_NAMES,
    OUTLETS,
    SECTIONS,
    UTM,
    VARIANTS,
    variant_fragments,
)

DEFAULT_N = 200_000
DEFAULT_PROFILE_N = 20_000
DEFAULT_OUT = Path(__file__).resolve().parent / "out"
SEED = 2024
BATCH_SIZE = 2000  # the same batch size hybridwatch's pipeline uses
TARGET_RATIO = 3.0
TARGET_PEAK_MIB = 500.0
FLAT_TOLERANCE = 1.10  # peak(N) may exceed peak(N/4) by at most 10 % to count as flat
START = datetime(2024, 1, 1, tzinfo=UTC)
SPAN_SECONDS = int((datetime(2026, 1, 1, tzinfo=UTC) - START).total_seconds())


# --------------------------------------------------------------------------------------
# Synthetic corpus: per-language fragments (hybridwatch.eval.synthetic) picked and joined
# --------------------------------------------------------------------------------------
class PostGenerator:
    """Deterministic stream of synthetic social posts; one instance per corpus."""

    def __init__(self, n: int, seed: int = SEED) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.fragments = variant_fragments()
        self.variants = [v[0] for v in VARIANTS]
        self.weights = [v[1] for v in VARIANTS]
        self.family = {v[0]: v[2] for v in VARIANTS}
        self.lang = {v[0]: v[3] for v in VARIANTS}
        self.accounts = max(100, n // 10)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Yield N posts in order ``p0``, ``p1``, ..."""
        for index in range(self.n):
            yield self.post(index)

    def post(self, index: int) -> dict[str, Any]:
        """One post; about half carry the platform's declared ``lang``, like real exports."""
        rng = self.rng
        variant = rng.choices(self.variants, self.weights)[0]
        account = self._account()
        created = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
        likes = int(rng.lognormvariate(1.5, 1.6))
        post: dict[str, Any] = {
            "id": f"p{index}",
            "platform": "x",
            "account": f"@user{account}",
            "account_name": self._account_name(account),
            "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "text": self._text(variant),
            "urls": self._urls(created),
            "likes": likes,
            "shares": int(likes * rng.random() * 0.4),
            "comments": int(likes * rng.random() * 0.2),
        }
        if rng.random() < 0.5:
            post["lang"] = self.lang[variant]
        return post

    def _account(self) -> int:
        """A fifth of posts come from 50 hyperactive accounts, the rest from a long tail."""
        if self.rng.random() < 0.2:
            return self.rng.randrange(50)
        return self.rng.randrange(self.accounts)

    @staticmethod
    def _account_name(account: int) -> str:
        if account % 17 == 0:
            return OUTLETS[account % len(OUTLETS)]
        first = FIRST_NAMES[account % len(FIRST_NAMES)]
        return f"{first} {LAST_NAMES[(account // len(FIRST_NAMES)) % len(LAST_NAMES)]}"

    def _text(self, variant: str) -> str:
        """10-60 words: fragments joined as sentences, plus an optional mention, hashtags and emoji."""
        rng = self.rng
        target = rng.randint(10, 60)
        extras: list[str] = []
        if rng.random() < 0.15:
            extras.append(f"@user{rng.randrange(self.accounts)}")
        extras += rng.sample(HASHTAGS[self.family[variant]], k=rng.choice((0, 0, 1, 2)))
        if rng.random() < 0.2:
            extras.append(rng.choice(EMOJI))
        body = self._body(variant, target - len(extras))
        mention = [extras.pop(0)] if extras and extras[0].startswith("@") else []
        return " ".join([*mention, body, *extras])

    def _body(self, variant: str, words: int) -> str:
        """Distinct fragments in random order, the last one cut to fit; a few cut ones end in "…"."""
        fragments = self.fragments[variant]
        sentences: list[str] = []
        count = 0
        for index in itertools.cycle(self.rng.sample(range(len(fragments)), len(fragments))):
            if count >= words:
                break
            frag = fragments[index][: words - count]
            sentences.append(" ".join(frag))
            count += len(frag)
        text = ". ".join(s[:1].upper() + s[1:] for s in sentences)
        cut = len(frag) < len(fragments[index])
        if cut and self.rng.random() < 0.1:
            return text + "…"
        return text + self.rng.choice((".", ".", ".", "!"))

    def _urls(self, created: datetime) -> list[str]:
        """0-2 article links; about a third carry utm_ tracking parameters."""
        urls = []
        for _ in range(self.rng.choices((0, 1, 2), (0.45, 0.4, 0.15))[0]):
            domain = self.rng.choice(DOMAINS)
            path = f"/{self.rng.choice(SECTIONS)}/{created:%Y/%m}/{self.rng.randrange(10**6)}"
            urls.append(f"https://{domain}{path}{self._query()}")
        return urls

    def _query(self) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            return f"?{self.rng.choice(UTM)}"
        return f"?id={self.rng.randrange(10**5)}" if roll < 0.45 else ""


def generate(path: Path, n: int, seed: int = SEED) -> int:
    """Write N posts as UTF-8 JSONL to *path*; return its size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for post in PostGenerator(n, seed):
            out.write(json.dumps(post, ensure_ascii=False))
            out.write("\n")
    return path.stat().st_size


def head(source: Path, target: Path, lines: int) -> int:
    """Copy the first *lines* lines: the small corpus is a prefix of the big one, so only size differs."""
    with source.open("rb") as src, target.open("wb") as dst:
        dst.writelines(itertools.islice(src, lines))
    return target.stat().st_size


# --------------------------------------------------------------------------------------
# Measurements (each runs inside its own child process)
# --------------------------------------------------------------------------------------
FLOOR_SCHEMA = """
CREATE TABLE docs (id TEXT, text TEXT);
CREATE VIRTUAL TABLE docs_fts USING fts5 (
    text, content = 'docs', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER docs_fts_insert AFTER INSERT ON docs BEGIN
    INSERT INTO docs_fts (rowid, text) VALUES (new.rowid, new.text);
END;
"""


def children_peak_rss_mib() -> float:
    """The largest peak RSS among this process's finished children (the normalisation workers)."""
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def cpu_seconds() -> float:
    """User + system CPU time of this process and its finished children."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def fresh(db: Path) -> None:
    """Remove a database and its WAL files so every measurement starts from an empty store."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)


def db_bytes(db: Path) -> int:
    """Size of the database plus whatever is still in its WAL."""
    return sum(Path(f"{db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db}{s}").exists())


def _floor_flush(conn: sqlite3.Connection, rows: list[tuple[str, str]]) -> None:
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO docs (id, text) VALUES (?, ?)", rows)
    conn.execute("COMMIT")


def phase_floor(jsonl: Path, db: Path) -> dict[str, Any]:
    """The same-stack floor: json.loads per line, batched executemany, WAL, FTS5 trigger."""
    fresh(db)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")  # as SQLiteStore sets it; FULL would measure the disk
    conn.executescript(FLOOR_SCHEMA)
    rss_before = peak_rss_mib()
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    rows: list[tuple[str, str]] = []
    count = 0
    with jsonl.open("rb") as stream:
        for line in stream:
            obj = json.loads(line)
            rows.append((obj["id"], obj["text"]))
            if len(rows) >= BATCH_SIZE:
                _floor_flush(conn, rows)
                count += len(rows)
                rows = []
    if rows:
        _floor_flush(conn, rows)
        count += len(rows)
    seconds = time.perf_counter() - started
    conn.close()
    return {
        "read": count,
        "stored": count,
        "seconds": seconds,
        "docs_per_s": count / seconds,
        "cpu_seconds": cpu_seconds() - cpu_before,
        "rss_before_mib": rss_before,
        "peak_rss_mib": peak_rss_mib(),
        "worker_peak_rss_mib": 0.0,
        "db_bytes": db_bytes(db),
    }


def phase_hybridwatch(
    jsonl: Path, db: Path, *, keep: bool = False, workers: int | None = None
) -> dict[str, Any]:
    """hybridwatch's public ingest into a fresh store, or (``keep``) again into the same one.

    *workers* as ``ingest`` takes it: None is the default (one normalisation process per core),
    0 keeps everything in one process.
    """
    from hybridwatch.ingest import ingest
    from hybridwatch.ingest._workers import default_workers
    from hybridwatch.store import SQLiteStore

    if not keep:
        fresh(db)
    store = SQLiteStore(db)
    rss_before = peak_rss_mib()
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    report = ingest(store, [str(jsonl)], workers=workers)
    seconds = time.perf_counter() - started
    store.close()
    return {
        "read": report.read,
        "stored": report.stored,
        "duplicates": report.duplicates,
        "quarantined": report.quarantined,
        "seconds": seconds,
        "report_seconds": report.seconds,
        "docs_per_s": report.stored / seconds,
        "read_per_s": report.read / seconds,
        "language_identifier": report.language_identifier,
        "by_language": dict(report.by_language.most_common()),
        "flags": dict(report.flags.most_common()),
        "cpu_seconds": cpu_seconds() - cpu_before,
        "rss_before_mib": rss_before,
        "peak_rss_mib": peak_rss_mib(),
        "worker_peak_rss_mib": children_peak_rss_mib(),
        "workers": default_workers() if workers is None else workers,
        "db_bytes": db_bytes(db),
    }


PHASES: dict[str, Callable[[Path, Path], dict[str, Any]]] = {
    "floor": phase_floor,
    "hybridwatch": lambda jsonl, db: phase_hybridwatch(jsonl, db, workers=_workers_option()),
    "reingest": lambda jsonl, db: phase_hybridwatch(jsonl, db, keep=True, workers=_workers_option()),
    "hybridwatch_1proc": lambda jsonl, db: phase_hybridwatch(jsonl, db, workers=0),
}


WORKERS_ENV = "HYBRIDWATCH_BENCH_WORKERS"  # --workers, handed to the child phases


def _workers_option() -> int | None:
    value = os.environ.get(WORKERS_ENV)
    return int(value) if value else None


def run_child(phase: str, jsonl: Path, db: Path) -> dict[str, Any]:
    """Run one phase in a new interpreter, so its peak RSS is its own."""
    args = ["--phase", phase, "--jsonl", str(jsonl), "--db", str(db)]
    return run_phase(__file__, f"phase {phase} on {jsonl.name}", args)


# --------------------------------------------------------------------------------------
# Orchestration, report
# --------------------------------------------------------------------------------------
@dataclass
class Corpus:
    """A generated JSONL file and what it holds."""

    path: Path
    n: int
    bytes: int


def machine() -> dict[str, Any]:
    """Enough about the host to compare figures across machines."""
    return {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "processor": platform.processor(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "sqlite": sqlite3.sqlite_version,
    }


def _hybridwatch_version() -> str:
    try:
        import hybridwatch
    except ImportError:
        return "not installed"
    return str(getattr(hybridwatch, "__version__", "unknown"))


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def prepare(out: Path, n: int, seed: int) -> tuple[Corpus, Corpus]:
    """Generate the N corpus and its N/4 prefix."""
    big = out / f"posts-{n}.jsonl"
    small = out / f"posts-{n // 4}.jsonl"
    _log(f"generating {n:,} posts -> {big}")
    started = time.perf_counter()
    big_bytes = generate(big, n, seed)
    small_bytes = head(big, small, n // 4)
    _log(f"  {big_bytes / 2**20:.1f} MiB in {time.perf_counter() - started:.1f} s")
    return Corpus(big, n, big_bytes), Corpus(small, n // 4, small_bytes)


def measure(out: Path, big: Corpus, small: Corpus) -> dict[str, dict[str, Any]]:
    """All measurements, each in its own child; the re-ingest reuses the N hybridwatch store."""
    dbs = out / "db"
    plan = [
        ("floor", small, "floor_small"),
        ("floor", big, "floor"),
        ("hybridwatch", small, "hybridwatch_small"),
        ("hybridwatch", big, "hybridwatch"),
        ("reingest", big, "reingest"),
        ("hybridwatch_1proc", big, "hybridwatch_1proc"),
    ]
    results: dict[str, dict[str, Any]] = {}
    for phase, corpus, key in plan:
        db_name = "hybridwatch" if phase == "reingest" else phase
        _log(f"{phase} on {corpus.n:,} posts ...")
        result = run_child(phase, corpus.path, dbs / f"{db_name}-{corpus.n}.db")
        results[key] = {"n": corpus.n, **result}
        _log(f"  {result['read'] / result['seconds']:,.0f} read/s, peak RSS {result['peak_rss_mib']:.0f} MiB")
    return results


def summarise(big: Corpus, small: Corpus, results: dict[str, dict[str, Any]], seed: int) -> dict[str, Any]:
    """The JSON document: dataset, machine, figures, and the issue's targets checked."""
    floor, hw, hw_small = results["floor"], results["hybridwatch"], results["hybridwatch_small"]
    ratio = floor["docs_per_s"] / hw["docs_per_s"]
    growth = hw["peak_rss_mib"] / hw_small["peak_rss_mib"]
    # all processes together, counting every worker at the largest worker's peak
    total_peak = hw["peak_rss_mib"] + hw["workers"] * hw["worker_peak_rss_mib"]
    return {
        "benchmark": "ingest",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "hybridwatch_version": _hybridwatch_version(),
        "dataset": {
            "n": big.n,
            "bytes": big.bytes,
            "small_n": small.n,
            "small_bytes": small.bytes,
            "seed": seed,
            "path": str(big.path),
        },
        "floor_docs_per_s": floor["docs_per_s"],
        "hybridwatch_docs_per_s": hw["docs_per_s"],
        "reingest_read_per_s": results["reingest"]["read_per_s"],
        "ratio": ratio,
        "ratio_one_process": floor["docs_per_s"] / results["hybridwatch_1proc"]["docs_per_s"],
        "cpu_ratio": hw["cpu_seconds"] / floor["cpu_seconds"],
        "language_identifier": hw["language_identifier"],
        "peak_rss_mib": {key: value["peak_rss_mib"] for key, value in results.items()},
        "targets": {
            "ratio_max": TARGET_RATIO,
            "ratio_ok": ratio <= TARGET_RATIO,
            "peak_rss_max_mib": TARGET_PEAK_MIB,
            "total_peak_rss_mib": total_peak,
            "peak_rss_ok": total_peak < TARGET_PEAK_MIB,
            "flat_tolerance": FLAT_TOLERANCE,
            "rss_growth": growth,
            "flat_ok": growth <= FLAT_TOLERANCE,
        },
        "runs": results,
    }


def table(summary: dict[str, Any]) -> str:
    """A human-readable report of *summary*."""
    data, mach, targets = summary["dataset"], summary["machine"], summary["targets"]
    lines = [
        f"dataset   {data['n']:,} posts, {data['bytes'] / 2**20:.1f} MiB "
        f"({data['small_n']:,}-post prefix for flatness)",
        f"machine   {mach['platform']}, {mach['cpu_count']} CPUs, Python {mach['python']}, "
        f"SQLite {mach['sqlite']}",
        f"date      {summary['date']}   language identifier: {summary['language_identifier']}",
        "",
        f"{'run':<22}{'N':>9}{'stored':>9}{'docs/s':>10}{'read/s':>10}{'seconds':>9}"
        f"{'CPU s':>7}{'RSS MiB':>9}{'peak MiB':>10}{'worker MiB':>11}",
    ]
    for key, run in summary["runs"].items():
        lines.append(
            f"{key:<22}{run['n']:>9,}{run['stored']:>9,}{run['docs_per_s']:>10,.0f}"
            f"{run['read'] / run['seconds']:>10,.0f}{run['seconds']:>9.1f}"
            f"{run['cpu_seconds']:>7.1f}{run['rss_before_mib']:>9.0f}{run['peak_rss_mib']:>10.0f}"
            f"{run['worker_peak_rss_mib']:>11.0f}"
        )
    lines += [
        "(RSS MiB = peak after imports and store open, before ingesting; worker MiB = largest"
        " normalisation worker; CPU s = user+system of the run and its workers)",
        "",
        f"ratio floor/hybridwatch  {summary['ratio']:.2f}x   target <= {TARGET_RATIO:g}x   "
        f"{'PASS' if targets['ratio_ok'] else 'FAIL'}",
        f"  in one process         {summary['ratio_one_process']:.2f}x   (--workers 0, for reference)",
        f"  CPU time               {summary['cpu_ratio']:.2f}x the floor's",
        f"hybridwatch peak RSS     {targets['total_peak_rss_mib']:.0f} MiB at {data['n']:,} "
        f"(main {summary['peak_rss_mib']['hybridwatch']:.0f} + "
        f"{summary['runs']['hybridwatch']['workers']} workers)   "
        f"target < {TARGET_PEAK_MIB:g} MiB   {'PASS' if targets['peak_rss_ok'] else 'FAIL'}",
        f"memory flatness          {summary['peak_rss_mib']['hybridwatch_small']:.0f} -> "
        f"{summary['peak_rss_mib']['hybridwatch']:.0f} MiB ({targets['rss_growth']:.2f}x for 4x the posts)   "
        f"target <= {FLAT_TOLERANCE:g}x   {'PASS' if targets['flat_ok'] else 'FAIL'}",
    ]
    return "\n".join(lines)


def benchmark(n: int, out: Path, seed: int, keep_db: bool) -> dict[str, Any]:
    """Generate, measure, summarise, and write ``out/ingest.json``."""
    big, small = prepare(out, n, seed)
    try:
        results = measure(out, big, small)
    finally:
        if not keep_db:
            shutil.rmtree(out / "db", ignore_errors=True)
    summary = summarise(big, small, results, seed)
    text = json.dumps(summary, indent=2, ensure_ascii=False) + "\n"
    (out / "ingest.json").write_text(text, encoding="utf-8")
    return summary


def profile(n: int, out: Path, seed: int, top: int = 25) -> str:
    """cProfile one hybridwatch ingest of N posts; stats by cumulative and by own time."""
    from hybridwatch.ingest import ingest
    from hybridwatch.store import SQLiteStore

    corpus = out / f"posts-{n}.jsonl"
    generate(corpus, n, seed)
    db = out / "db" / f"profile-{n}.db"
    fresh(db)
    store = SQLiteStore(db)
    profiler = cProfile.Profile()
    profiler.enable()
    report = ingest(store, [str(corpus)])
    profiler.disable()
    store.close()
    profiler.dump_stats(out / "ingest.prof")
    buffer = io.StringIO()
    buffer.write(
        f"hybridwatch ingest of {n:,} posts: stored {report.stored:,} in {report.seconds:.1f} s "
        f"(under cProfile), identifier {report.language_identifier}\n"
        f"raw stats: {out / 'ingest.prof'} (open with pstats or snakeviz)\n"
    )
    for order in ("cumulative", "tottime"):
        buffer.write(f"\n===== top {top} by {order} =====\n")
        pstats.Stats(profiler, stream=buffer).strip_dirs().sort_stats(order).print_stats(top)
    shutil.rmtree(out / "db", ignore_errors=True)
    return buffer.getvalue()


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Public options, plus the hidden ones a child process is started with."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=DEFAULT_N, help=f"posts to generate (default {DEFAULT_N:,})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="folder for the corpus and ingest.json")
    parser.add_argument("--json", action="store_true", help="print the JSON summary instead of the table")
    parser.add_argument("--seed", type=int, default=SEED, help="corpus seed")
    parser.add_argument("--keep-db", action="store_true", help="keep the benchmark databases in OUT/db")
    parser.add_argument(
        "--workers", type=int, default=None, help="normalisation workers for hybridwatch (default: its own)"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile hybridwatch ingest on --profile-n posts instead of benchmarking",
    )
    parser.add_argument(
        "--profile-n",
        type=int,
        default=DEFAULT_PROFILE_N,
        help=f"posts for --profile (default {DEFAULT_PROFILE_N:,})",
    )
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--jsonl", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.n < 4 or args.profile_n < 1:
        parser.error("--n must be at least 4 and --profile-n at least 1")
    if args.phase and not (args.jsonl and args.db):
        parser.error("--phase needs --jsonl and --db")
    return args


def main(argv: list[str] | None = None) -> int:
    """Dispatch: a child phase, the profile, or the full benchmark."""
    args = parse_args(argv)
    if args.phase:
        report(PHASES[args.phase](args.jsonl, args.db))
        return 0
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    if args.profile:
        print(profile(args.profile_n, out, args.seed))
        return 0
    if args.workers is not None:
        os.environ[WORKERS_ENV] = str(args.workers)
    summary = benchmark(args.n, out, args.seed, args.keep_db)
    print(json.dumps(summary, indent=2, ensure_ascii=False) if args.json else table(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
