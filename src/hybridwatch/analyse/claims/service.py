"""The claims workflow over a store: import fact-checks, detect claims, match them, keep findings.

These are the library calls behind ``hybridwatch factchecks …`` and ``hybridwatch claims …``.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from hybridwatch.analyse.claims.index import FactCheckIndex
from hybridwatch.analyse.claims.match import Matcher
from hybridwatch.analyse.claims.rerank import index_layout, load_reranker
from hybridwatch.analyse.embed import load_embedder
from hybridwatch.errors import InputError
from hybridwatch.ingest.factchecks import read_factchecks
from hybridwatch.model.document import Position, Rejected
from hybridwatch.model.factcheck import Claim, ClaimMatch, FactCheck
from hybridwatch.model.text import fold
from hybridwatch.store._base import RunCounts
from hybridwatch.store._sql import to_iso
from hybridwatch.store.sqlite import SQLiteStore

__all__ = [
    "import_factchecks",
    "build_matcher",
    "detect_claims",
    "match_all",
    "claim_matches",
    "count_claim_matches",
    "ImportReport",
]

BATCH = 1000


@dataclass
class ImportReport(RunCounts):
    """Counts of a fact-check import; ``read == stored + duplicates + quarantined``.

    ``updated``: of the stored, the new versions of records stored before (they replace them).
    """

    updated: int = 0

    def as_dict(self) -> dict[str, Any]:
        """JSON shape of ``factchecks import --json``."""
        return {**self.counts(), "updated": self.updated}


def import_factchecks(
    store: SQLiteStore,
    location: str,
    *,
    fmt: str = "auto",
    collection: str | None = None,
    mapping: dict[str, str] | None = None,
) -> ImportReport:
    """Load known fact-checks into the store; bad records go to quarantine."""
    items = read_factchecks(location, fmt=fmt, collection=collection, mapping=mapping)
    run_id = store.start_run("factchecks import", [location], {"format": fmt, "collection": collection})
    report = ImportReport(run_id=run_id)
    batch: list[tuple[int, FactCheck]] = []  # (the record's number in this import, the record)
    rejected: list[Rejected] = []
    this_run: dict[str, FactCheck] = {}

    def flush() -> None:
        fresh, edited = _sort_by_id(store, location, batch, rejected, this_run)
        if conflicts := len(batch) - len(fresh) - len(edited):
            report.quarantined += conflicts
            report.quarantine_reasons["id conflict"] += conflicts
        stored = store.factchecks.add(fresh, report.run_id)
        report.updated += store.factchecks.replace(edited, report.run_id) if edited else 0
        report.stored += stored + len(edited)
        report.duplicates += len(fresh) - stored
        store.add_rejected(report.run_id, rejected)
        batch.clear()
        rejected.clear()

    try:
        for item in items:
            report.read += 1
            if isinstance(item, Rejected):
                report.quarantined += 1
                report.quarantine_reasons[item.reason.split(":")[0]] += 1
                rejected.append(item)
            else:
                batch.append((report.read, item))
            if len(batch) >= BATCH:
                flush()
        flush()
    except InputError as exc:  # the source cannot be read on: what was read is kept, the run says why
        flush()
        store.finish_run(report.run_id, report, status="failed", error=str(exc))
        raise
    except Exception as exc:  # a fault of ours: the run must not stay "running"
        store.finish_run(report.run_id, report, status="failed", error=f"{type(exc).__name__}: {exc}")
        raise
    store.finish_run(report.run_id, report, status="completed")
    return report


class _ById(NamedTuple):
    """A batch's records sorted by what their id says."""

    fresh: list[FactCheck]  # new ids, and records stored already (duplicates, to the insert)
    edited: list[FactCheck]  # new versions of records the collection stored before


def _same_record(a: FactCheck, b: FactCheck) -> bool:
    def fields(f: FactCheck) -> tuple[object, ...]:
        return (fold(f.claim), f.title, f.rating, f.publisher, to_iso(f.published_at), f.url, f.language)

    return fields(a) == fields(b)


def _sort_by_id(
    store: SQLiteStore,
    location: str,
    batch: list[tuple[int, FactCheck]],
    rejected: list[Rejected],
    this_run: dict[str, FactCheck],
) -> _ById:
    """Sort *batch* by id: new, the same again, edited, or a conflict (to *rejected*).

    An id is the fact-check's native one and unique in the store. The same record again (a
    re-import) is a duplicate. A changed record of the collection that stored it (an edited
    claim, a new rating), or the same claim with a new rating from another file, replaces it. A
    record that reuses an id for another claim of another collection (two exports numbering from
    1), or twice in one import, is a conflict, quarantined with both sides named, never dropped in
    silence. The same claim again later in one import with another rating or title is its newer
    version, as from a later import. *this_run*: each id's latest record read so far.
    """
    stored = store.factchecks.get_many(fc.id for _, fc in batch if fc.id not in this_run)
    fresh, edited = [], []
    for number, fc in batch:
        earlier, prior = this_run.get(fc.id), stored.get(fc.id)
        owner = f"earlier in {location}" if earlier is not None else None
        if earlier is not None:
            conflict = fold(earlier.claim) != fold(fc.claim)
            if not conflict and not _same_record(earlier, fc):
                edited.append(fc)
                this_run[fc.id] = fc
                continue
        elif prior is None or _same_record(prior, fc):
            conflict = False
        elif prior.collection == fc.collection or fold(prior.claim) == fold(fc.claim):
            # an edit of the collection's record, or the same claim re-exported under another file
            # name (checks-2025-05.json after checks-2025-04.json) with a new rating: its update,
            # never a "duplicate" whose new rating is lost
            edited.append(fc)
            this_run[fc.id] = fc
            continue
        else:
            conflict, owner = True, f"in collection {prior.collection!r}"
        if conflict:
            reason = f"id conflict: {fc.id!r} already names another claim ({owner})"
            where = Position(fc.position) if fc.position else Position(location, index=number)
            rejected.append(Rejected.of(where, reason, fc.raw or fc.claim))
        else:
            fresh.append(fc)
            this_run.setdefault(fc.id, fc)
    return _ById(fresh, edited)


def build_matcher(
    store: SQLiteStore,
    *,
    use_model: bool = True,
    reranker_path: str | None = None,
    progress: Callable[[int], None] | None = None,
    stored_signals: bool = True,
) -> Matcher:
    """A matcher over every fact-check in the store, using its embedding cache.

    *stored_signals*: read every fact-check's signals from the store at build (about 1 s at 100,000)
    and keep the missing ones there, so that no query pays for its candidates' first use. Worth it
    for many claims (``match-all``, a service); one claim is better off extracting its hundred or
    so candidates' signals (about 5 ms).
    """
    embedder, why = load_embedder(use_model=use_model)
    reranker = load_reranker(reranker_path)
    facts = list(store.factchecks.iter())
    index = FactCheckIndex(
        facts,
        embedder=embedder,
        cache=store.embeddings,
        progress=progress,
        signal_cache=store.signals if stored_signals else None,
        **index_layout(reranker),
    )
    return Matcher(index, reranker, cache=store.embeddings, why_no_model=None if embedder else why)


def claim_id(document_id: str, start: int, end: int) -> str:
    """Stable id of a sentence span of a document."""
    return hashlib.blake2b(f"{document_id}:{start}:{end}".encode(), digest_size=12).hexdigest()


def detect_claims(
    store: SQLiteStore, *, use_model: bool = True, progress: Callable[[int], None] | None = None
) -> dict[str, Any]:
    """Split new documents into sentences, score check-worthiness, store the sentences."""
    from hybridwatch.analyse.claims.detect import CheckWorthiness

    embedder, _ = load_embedder(use_model=use_model)
    detector = CheckWorthiness(embedder=embedder, cache=store.embeddings)
    analyser = f"{detector.name}.v{detector.version}"
    documents = sentences = checkworthy = 0
    for batch in store.claims.documents_without_claims():
        claims: list[Claim] = []
        done = []
        for doc_id, title, text, language in batch:
            found = detector.detect(text or title, language)
            for s in found:
                claims.append(
                    Claim(
                        claim_id(doc_id, s.start, s.end),
                        doc_id,
                        s.start,
                        s.end,
                        s.text,
                        language,
                        float(s.score),
                        bool(s.checkworthy),
                        analyser,
                    )
                )
            done.append(
                {
                    "analyser": analyser,
                    "kind": "claims_detected",
                    "subject": doc_id,
                    "payload": {"sentences": len(found)},
                }
            )
        with store.transaction():  # a document is done when its sentences are stored
            store.claims.add(claims)
            store.findings.add(done)
        documents += len(batch)
        sentences += len(claims)
        checkworthy += sum(c.checkworthy for c in claims)
        if progress:
            progress(len(batch))
    return {
        "documents": documents,
        "sentences": sentences,
        "checkworthy": checkworthy,
        "method": detector.method,
        "analyser": analyser,
        "threshold": detector.threshold,
    }


# the keys of Matcher.system(), for a run in which nothing ran
SYSTEM_KEYS = (
    "path", "model", "engine", "vector_scan", "factcheck_vectors", "language_shift", "reranker",
    "query_adapter", "fallbacks", "factchecks", "duplicates_folded",
)  # fmt: skip
NO_FACTCHECKS = "no fact-checks to match against (hybridwatch factchecks import): no claim matched"


def match_all(
    store: SQLiteStore, *, k: int = 5, use_model: bool = True, progress: Callable[[int], None] | None = None
) -> dict[str, Any]:
    """Match every check-worthy claim not yet matched against the store's latest fact-check.

    That is new claims, and claims matched before a later import (matched again against all of
    them); their auto/suggest matches are stored as findings, in place of any earlier ones. A run
    on a fallback (no model, or no re-ranker) stores its findings apart, only for claims the full
    system has not matched, and leaves the claims to be matched again by the full system: a model
    that failed to load must neither use them up nor wipe what the full system found.
    """
    latest = store.factchecks.latest()
    if latest is None:  # nothing to match against: the claims wait for the first import
        nothing_ran: dict[str, Any] = {key: None for key in SYSTEM_KEYS} | {
            "fallbacks": [],
            "factchecks": 0,
            "duplicates_folded": 0,
        }
        return {"claims": 0, "matches": {}, "system": nothing_ran, "note": NO_FACTCHECKS}
    matcher = build_matcher(store, use_model=use_model)
    final = matcher.reranker is not None  # the full system: a model and its re-ranker
    tiers: Counter[str] = Counter()
    claims = 0
    for part in store.claims.unmatched(latest):
        claims += len(part)
        results = matcher.match_many(
            [c.text for c in part],
            k=k,
            languages=[c.language for c in part],
            dates=[c.published_at for c in part],
        )
        ids = [c.id for c in part]
        # a fallback never replaces what the full system found (a model failing to load once wiped
        # every auto match); the full system replaces whatever a fallback found
        kept = set() if final else store.findings.subjects_with("claim_match", matcher.full_analyser, ids)
        rows = [
            _finding(matcher, claim, m)
            for claim, matches in zip(part, results, strict=True)
            if claim.id not in kept
            for m in matches
            if m.tier
        ]
        tiers.update(str(r["tier"]) for r in rows)
        with store.transaction():  # a claim marked matched has its findings stored, and only its latest
            store.findings.replace_subjects(
                "claim_match", None if final else matcher.analyser, [i for i in ids if i not in kept], rows
            )
            if final:
                store.claims.mark_matched(ids, latest)
        if progress:
            progress(len(part))
    # the same keys every time: a note (or None), and a system whose fallbacks can be read
    note = None if final else "matched on a fallback: the claims stay to be matched again by the full system"
    return {"claims": claims, "matches": dict(tiers), "system": matcher.system(), "note": note}


def count_claim_matches(
    store: SQLiteStore, *, tier: str | None = None, published: tuple[str, str] | None = None
) -> int:
    """How many stored claim matches :func:`claim_matches` would give without a limit."""
    where, params = _claim_match_filter(tier, published)
    sql = (
        "SELECT count(*) FROM findings f JOIN claims c ON c.id = f.subject "
        f"JOIN documents d ON d.id = c.document_id WHERE {where}"
    )
    return int(store.conn.execute(sql, params).fetchone()[0])


def _claim_match_filter(tier: str | None, published: tuple[str, str] | None) -> tuple[str, tuple[Any, ...]]:
    where = "f.kind = 'claim_match'"
    params: tuple[Any, ...] = ()
    if tier:
        where, params = f"{where} AND f.tier = ?", (tier,)
    if published:
        where, params = f"{where} AND d.published_at > ? AND d.published_at <= ?", (*params, *published)
    return where, params


def _finding(matcher: Matcher, claim: Claim, match: ClaimMatch) -> dict[str, Any]:
    return {
        "analyser": matcher.analyser,
        "kind": "claim_match",
        "subject": claim.id,
        "object": match.factcheck_id,
        "score": match.score,
        "tier": match.tier,
        "payload": {
            "document_id": claim.document_id,
            "span": [claim.start, claim.end],
            "claim": claim.text,
            "explanation": match.explanation,
        },
    }


def claim_matches(
    store: SQLiteStore, *, limit: int = 50, tier: str | None = None, published: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    """Stored claim matches, best first, with the claim, its document and the fact-check.

    *published* (after, up to) keeps the matches of documents published in that period.
    """
    where, params = _claim_match_filter(tier, published)
    sql = (
        "SELECT f.subject, f.object, f.score, f.tier, f.payload, d.source, d.author, d.language, "
        "d.published_at, fc.claim, fc.language, fc.rating, fc.publisher, fc.url FROM findings f "
        "JOIN claims c ON c.id = f.subject JOIN documents d ON d.id = c.document_id "
        f"LEFT JOIN factchecks fc ON fc.id = f.object WHERE {where} "
        "ORDER BY f.tier = 'auto' DESC, f.score DESC LIMIT ?"
    )
    rows = []
    for r in store.conn.execute(sql, (*params, limit)):
        payload = json.loads(r[4])
        rows.append(
            {
                "claim_id": r[0],
                "factcheck_id": r[1],
                "score": round(r[2], 4),
                "tier": r[3],
                "claim": payload.get("claim"),
                "document_id": payload.get("document_id"),
                "source": r[5],
                "author": r[6],
                "language": r[7],
                "published_at": r[8],
                "factcheck_claim": r[9],
                "factcheck_language": r[10],
                "rating": r[11],
                "publisher": r[12],
                "url": r[13],
                "explanation": payload.get("explanation"),
            }
        )
    return rows
