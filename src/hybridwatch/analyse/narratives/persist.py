"""The tracker's state in the store: narratives, members, daily counts, pending documents, events.

Loading reads what an update needs (active narratives, pending documents, the document
frequencies of the new documents' words); saving writes one transaction, so an interrupted
update leaves the store as it was and the next one redoes the same documents.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from hybridwatch.analyse.narratives.tracking import ANALYSER, Narrative, Pending, Tracker
from hybridwatch.store._sql import select_in, transaction

__all__ = ["load_tracker", "save_tracker", "read_state"]


def read_state(conn: sqlite3.Connection) -> tuple[int, int]:
    """(the last document seq processed, the number of documents seen)."""
    state = dict(conn.execute("SELECT key, value FROM narrative_state").fetchall())
    return int(state.get("last_seq", 0)), int(state.get("n_docs", 0))


def load_tracker(
    conn: sqlite3.Connection, terms: Iterable[int], copy_keys: Iterable[int] = (), **kwargs: Any
) -> Tracker:
    """The active narratives, pending documents, frequencies of *terms* and which *copy_keys* were seen."""
    _, n_docs = read_state(conn)
    narratives = {
        row[0]: Narrative(
            row[0],
            row[1],
            row[2],
            row[3],
            row[4],
            {int(t): w for t, w in json.loads(row[5])},
            Counter(json.loads(row[6])),
        )
        for row in conn.execute(
            "SELECT id, first_document, first_seen, last_seen, size, centroid, terms "
            "FROM narratives WHERE status = 'active'"
        )
    }
    pending = {
        doc: Pending(
            doc, seq, published, [(int(t), w) for t, w in json.loads(vector)], Counter(json.loads(words))
        )
        for doc, seq, published, vector, words in conn.execute(
            "SELECT document_id, seq, published_at, vector, terms FROM narrative_pending"
        )
    }
    df = dict(
        select_in(conn, "SELECT term, df FROM narrative_df WHERE term IN ({marks})", sorted(set(terms)))
    )
    seen = {
        key
        for (key,) in select_in(
            conn, "SELECT key FROM narrative_seen WHERE key IN ({marks})", sorted(set(copy_keys))
        )
    }
    return Tracker(narratives, pending, df, n_docs, seen=seen, **kwargs)


def save_tracker(conn: sqlite3.Connection, tracker: Tracker, loaded_pending: set[str], last_seq: int) -> None:
    """Write what the update changed, in one transaction."""
    now = datetime.now(UTC).isoformat()
    keep = tracker.params.keep_terms
    merged = {e["other_id"]: e["narrative_id"] for e in tracker.events if e["kind"] == "merge"}
    with transaction(conn):
        conn.executemany(
            "INSERT INTO narratives (id, analyser, first_document, first_seen, last_seen, size, centroid, "
            "terms, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "first_seen = excluded.first_seen, last_seen = excluded.last_seen, size = excluded.size, "
            "centroid = excluded.centroid, terms = excluded.terms, updated_at = excluded.updated_at",
            (
                (
                    n.id,
                    ANALYSER,
                    n.first_document,
                    n.first_seen,
                    n.last_seen,
                    n.size,
                    json.dumps(sorted(n.centroid.items(), key=lambda kv: -kv[1])[:keep]),
                    json.dumps(dict(n.terms.most_common(tracker.params.label_terms)), ensure_ascii=False),
                    now,
                )
                for n in tracker.narratives.values()
                if n.changed
            ),
        )
        conn.executemany(
            "INSERT OR REPLACE INTO narrative_members (document_id, narrative_id, similarity, day) "
            "VALUES (?, ?, ?, ?)",
            ((m.document_id, m.narrative_id, m.similarity, _day(m.published_at)) for m in tracker.members),
        )
        daily = Counter((m.narrative_id, _day(m.published_at)) for m in tracker.members if m.published_at)
        _add_daily(conn, daily)
        for gone, into in _resolved(merged).items():
            _fold_into(conn, gone, into, now)
        placed = {m.document_id for m in tracker.members}
        conn.executemany(
            "DELETE FROM narrative_pending WHERE document_id = ?",
            ((doc,) for doc in loaded_pending if doc in placed or doc not in tracker.pending),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO narrative_pending (document_id, seq, published_at, vector, terms) "
            "VALUES (?, ?, ?, ?, ?)",
            (
                (
                    p.document_id,
                    p.seq,
                    p.published_at,
                    json.dumps(p.vector),
                    json.dumps(p.terms, ensure_ascii=False),
                )
                for doc, p in tracker.pending.items()
                if doc not in loaded_pending
            ),
        )
        conn.executemany(
            "INSERT INTO narrative_df (term, df) VALUES (?, ?) "
            "ON CONFLICT (term) DO UPDATE SET df = excluded.df",
            tracker.df.items(),
        )
        seen = ((key,) for key in tracker.seen)
        conn.executemany("INSERT OR IGNORE INTO narrative_seen (key) VALUES (?)", seen)
        conn.executemany(
            "INSERT INTO narrative_events (at, kind, narrative_id, other_id, detail) VALUES (?, ?, ?, ?, ?)",
            (
                (now, e["kind"], e["narrative_id"], e.get("other_id"), json.dumps(e.get("detail", {})))
                for e in tracker.events
            ),
        )
        conn.executemany(
            "INSERT OR REPLACE INTO narrative_state (key, value) VALUES (?, ?)",
            [("last_seq", str(last_seq)), ("n_docs", str(tracker.n_docs))],
        )


def _resolved(merged: dict[str, str]) -> dict[str, str]:
    """Where each merged narrative ended up, following chains (a into b, then b into c)."""
    out = {}
    for gone in merged:
        into = merged[gone]
        while into in merged:
            into = merged[into]
        out[gone] = into
    return out


def _fold_into(conn: sqlite3.Connection, gone: str, into: str, now: str) -> None:
    conn.execute("UPDATE narrative_members SET narrative_id = ? WHERE narrative_id = ?", (into, gone))
    rows = conn.execute("SELECT day, n FROM narrative_daily WHERE narrative_id = ?", (gone,)).fetchall()
    _add_daily(conn, Counter({(into, day): n for day, n in rows}))
    conn.execute("DELETE FROM narrative_daily WHERE narrative_id = ?", (gone,))
    conn.execute(
        "UPDATE narratives SET status = 'merged', merged_into = ?, updated_at = ? WHERE id = ?",
        (into, now, gone),
    )


def _add_daily(conn: sqlite3.Connection, counts: Counter[tuple[str, str | None]]) -> None:
    conn.executemany(
        "INSERT INTO narrative_daily (narrative_id, day, n) VALUES (?, ?, ?) "
        "ON CONFLICT (narrative_id, day) DO UPDATE SET n = n + excluded.n",
        ((narrative, day, n) for (narrative, day), n in counts.items() if day),
    )


def _day(published: str | None) -> str | None:
    return published[:10] if published else None
