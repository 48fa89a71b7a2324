"""Analyses that read only the documents stored since their last run, and never twice.

Each analysis keeps its position (the insertion number of the last document it finished) in
``analysis_state``. Documents come in batches; the caller opens a transaction, claims the batch
(``advance``: compare-and-set, so of two runs at once only one stores a batch) and writes its
results, so an interrupted run resumes after the last batch it stored, with nothing lost and
nothing stored twice.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from hybridwatch.store import SQLiteStore

__all__ = ["position", "new_documents", "advance"]


def position(conn: sqlite3.Connection, analysis: str) -> int:
    """The insertion number of the last document *analysis* finished (0: none yet)."""
    row = conn.execute("SELECT last_seq FROM analysis_state WHERE analysis = ?", (analysis,)).fetchone()
    return int(row[0]) if row else 0


def new_documents(
    store: SQLiteStore, columns: str, after: int, size: int, upto: int | None = None
) -> Iterator[tuple[list[tuple[Any, ...]], int, int]]:
    """Batches of (*columns* of) documents stored after *after*: (rows, batch start, batch end).

    Stops at *upto* (default: the newest document present when it starts), so documents stored
    meanwhile wait for the next run.
    """
    upto = store.last_seq() if upto is None else upto
    while after < upto:
        rows = store.conn.execute(
            f"SELECT seq, {columns} FROM documents WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
            (after, upto, size),
        ).fetchall()
        if not rows:
            return
        start, after = after, int(rows[-1][0])
        yield [tuple(r[1:]) for r in rows], start, after


def advance(
    conn: sqlite3.Connection, analysis: str, start: int, last_seq: int, detail: dict[str, Any] | None = None
) -> bool:
    """Move *analysis* from *start* to *last_seq*, inside the transaction that stores the batch.

    False (and nothing moved) when the position is no longer *start*: another run stored this
    batch meanwhile, so this one must not.
    """
    if position(conn, analysis) != start:
        return False
    conn.execute(
        "INSERT OR REPLACE INTO analysis_state (analysis, last_seq, detail) VALUES (?, ?, ?)",
        (analysis, last_seq, json.dumps(detail or {})),
    )
    return True
