"""Narratives over the store: ``update`` places only the documents stored since the last one."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from hybridwatch.analyse._incremental import new_documents
from hybridwatch.analyse.narratives.copies import copy_keys
from hybridwatch.analyse.narratives.labels import ctfidf_labels, surface_forms
from hybridwatch.analyse.narratives.persist import load_tracker, read_state, save_tracker
from hybridwatch.analyse.narratives.splits import split_drifted
from hybridwatch.analyse.narratives.surges import SurgeParams, daily_series, describe_surge, find_surges
from hybridwatch.analyse.narratives.tracking import ANALYSER, NarrativeParams, NewDocument
from hybridwatch.analyse.narratives.vectors import term_counts, term_id
from hybridwatch.model.dates import plausible_time
from hybridwatch.store import SQLiteStore
from hybridwatch.store._sql import select_in

__all__ = [
    "update_narratives",
    "list_narratives",
    "written_labels",
    "add_label_text",
    "described_surges",
    "NarrativeUpdate",
    "SURGE_KIND",
]

SURGE_KIND = "narrative_surge"
BATCH = 5_000


@dataclass
class NarrativeUpdate:
    """What one update did."""

    documents: int
    joined: int
    opened: int
    merged: int
    split: int
    pending: int
    active: int
    seconds: float
    copies: int = 0  # documents that repeated an earlier text: placed, counted once in word frequencies
    skipped: dict[str, int] = field(default_factory=dict)
    surging: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``narratives update --json``."""
        return {"analyser": ANALYSER, **self.__dict__}


def update_narratives(
    store: SQLiteStore,
    params: NarrativeParams | None = None,
    surge_params: SurgeParams | None = None,
    progress: Callable[[int], None] | None = None,
) -> NarrativeUpdate:
    """Place the documents stored since the last update; relabel and re-check surges of what changed.

    *progress* is told how many documents each batch placed.
    """
    started = time.perf_counter()
    params = params or NarrativeParams()
    conn = store.conn
    after, _ = read_state(conn)
    upto = store.last_seq()
    docs = list(_new_documents(store, after, upto))
    for doc, keys in zip(docs, copy_keys([d.folded for d in docs]), strict=True):
        doc.copy_keys = keys
    words = {term_id(t) for d in docs for t in term_counts(d.folded)}
    tracker = load_tracker(conn, words, {k for d in docs for k in d.copy_keys}, params=params)
    loaded_pending = set(tracker.pending)
    tracker.update(docs, progress)
    save_tracker(conn, tracker, loaded_pending, upto)
    grown = {m.narrative_id for m in tracker.members} & set(tracker.narratives)
    splits = split_drifted(conn, grown, tracker.n_docs, params)
    changed = (
        {m.narrative_id for m in tracker.members}
        | {e["narrative_id"] for e in tracker.events}
        | {e["other_id"] for e in tracker.events if e["kind"] == "merge"}  # their surges go with them
        | {e["other_id"] for e in splits}
    )
    _relabel(store)
    surging = _store_surges(store, changed, surge_params or SurgeParams())
    opened = sum(1 for e in tracker.events if e["kind"] == "open")
    return NarrativeUpdate(
        documents=len(docs),
        joined=len({m.document_id for m in tracker.members} & {d.id for d in docs}),  # new ones only
        opened=opened,
        merged=sum(1 for e in tracker.events if e["kind"] == "merge"),
        split=len(splits),
        pending=len(tracker.pending),
        active=len(tracker.narratives) + len(splits),
        seconds=round(time.perf_counter() - started, 3),
        copies=tracker.copies,
        skipped=dict(tracker.skipped),
        surging=surging,
    )


def _new_documents(store: SQLiteStore, after: int, upto: int) -> Iterator[NewDocument]:
    columns = "id, seq, title_folded, folded, published_at"
    for rows, _, _ in new_documents(store, columns, after, BATCH, upto):
        for doc_id, seq, title, text, published in rows:
            when = plausible_time(published)  # a year-1 or year-9999 date would stretch the series
            folded = f"{title} {text}" if title else text
            yield NewDocument(doc_id, seq, when.isoformat() if when else None, folded)


def _relabel(store: SQLiteStore, top: int = 6) -> None:
    """c-TF-IDF labels over every active narrative (their kept word counts: bounded by narratives)."""
    rows = store.conn.execute("SELECT id, terms FROM narratives WHERE status = 'active'").fetchall()
    labels = ctfidf_labels({nid: json.loads(terms) for nid, terms in rows}, top)
    store.conn.executemany(
        "UPDATE narratives SET label = ? WHERE id = ?",
        ((json.dumps(label, ensure_ascii=False), nid) for nid, label in labels.items()),
    )


SURFACE_SAMPLE = 20  # member documents read for a label's written forms: the most recent ones


def written_labels(store: SQLiteStore, labels: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """Each narrative's label (folded words) as its latest members (SURFACE_SAMPLE) write them."""
    out = {}
    for nid, words in labels.items():
        # the latest members by the index's own order (narrative_id, rowid): a sort over the
        # documents of a narrative of 100,000 read them all to keep 20
        texts = (
            f"{title} {text}"
            for title, text in store.conn.execute(
                "SELECT d.title, substr(d.text, 1, 4000) FROM documents d WHERE d.id IN (SELECT document_id "
                "FROM narrative_members WHERE narrative_id = ? ORDER BY rowid DESC LIMIT ?) "
                "ORDER BY d.seq DESC",
                (nid, SURFACE_SAMPLE),
            )
        )
        out[nid] = surface_forms(words, texts)
    return out


def add_label_text(store: SQLiteStore, narratives: list[dict[str, Any]]) -> None:
    """Give each narrative (a dict with ``narrative_id`` and ``label``) its ``label_text``."""
    written = written_labels(store, {n["narrative_id"]: n["label"] for n in narratives})
    for n in narratives:
        n["label_text"] = written[n["narrative_id"]]


def described_surges(surges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Surge payloads by day, each with its ``text`` (:func:`.surges.describe_surge`)."""
    return [{**s, "text": describe_surge(s)} for s in sorted(surges, key=lambda s: str(s["day"]))]


def _daily(store: SQLiteStore, ids: set[str]) -> dict[str, dict[str, int]]:
    """{narrative: {day: documents}} for *ids* (read by id: the table grows with the store)."""
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for nid, day, n in select_in(
        store.conn,
        "SELECT narrative_id, day, n FROM narrative_daily WHERE narrative_id IN ({marks})",
        sorted(ids),
    ):
        out[nid][day] = n
    return out


def _store_surges(store: SQLiteStore, changed: set[str], params: SurgeParams) -> list[str]:
    """Re-check the surges of narratives that changed; store them as findings (one per day)."""
    surging = []
    rows = []
    for nid, counts in _daily(store, changed).items():
        surges = find_surges(counts, params)
        rows += [
            {
                "analyser": ANALYSER,
                "kind": SURGE_KIND,
                "subject": nid,
                "object": surge.day,
                "score": surge.factor,
                "payload": surge.as_dict(),
            }
            for surge in surges
        ]
        if surges:
            surging.append(nid)
    store.findings.replace_subjects(SURGE_KIND, ANALYSER, changed, rows)
    return sorted(surging)


def list_narratives(
    store: SQLiteStore,
    *,
    surging: bool = False,
    min_size: int | None = None,
    limit: int | None = None,
    written: bool = True,
) -> list[dict[str, Any]]:
    """Active narratives, largest first (or, with *surging*, those with a surge, strongest first).

    Each has its ``label`` (folded words, what surge rules match) and, with *written*, its
    ``label_text``: the same words as its documents write them (:func:`written_labels`).
    """
    min_size = NarrativeParams().min_size if min_size is None else min_size
    rows = store.conn.execute(
        "SELECT id, first_document, first_seen, last_seen, size, label FROM narratives "
        "WHERE status = 'active' AND size >= ? ORDER BY size DESC, id",
        (min_size,),
    ).fetchall()
    surges: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in store.findings.of_kind(SURGE_KIND):
        surges[finding["subject"]].append(finding["payload"])
    daily = _daily(store, {r[0] for r in rows})
    # lineage: {narrative: {"merged_from": [...], "split_off": [...], "split_from": [...]}}
    lineage: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for kind, one, other in store.conn.execute(
        "SELECT kind, narrative_id, other_id FROM narrative_events "
        "WHERE kind IN ('merge', 'split') ORDER BY id"
    ):
        if kind == "merge":
            lineage[one]["merged_from"].append(other)
        else:
            lineage[one]["split_off"].append(other)
            lineage[other]["split_from"].append(one)
    out = []
    for nid, first_doc, first_seen, last_seen, size, label in rows:
        if surging and not surges.get(nid):
            continue
        out.append(
            {
                "narrative_id": nid,
                "label": json.loads(label),
                "size": size,
                "first_document": first_doc,
                "first_seen": first_seen,
                "last_seen": last_seen,
                "daily": [{"day": d, "n": n} for d, n in daily_series(daily.get(nid, {}))],
                "surges": described_surges(surges.get(nid, [])),
                **{key: lineage[nid].get(key, []) for key in ("merged_from", "split_off", "split_from")},
            }
        )
    if surging:
        out.sort(key=lambda n: (-max(s["factor"] for s in n["surges"]), n["narrative_id"]))
    out = out[:limit]
    if written:
        add_label_text(store, out)
    return out
