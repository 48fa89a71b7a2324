"""Analyses that read only the documents stored since their last run, and never twice.

Each analysis keeps its position (the insertion number of the last document it finished) in
``analysis_state``. Documents come in batches; the caller writes a batch's results and the new
position in one transaction (``advance``), so an interrupted run resumes after the last batch it
stored, with nothing lost and nothing stored twice.
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
    store: SQLiteStore, columns: str, after: int, size: int
) -> Iterator[tuple[list[tuple[Any, ...]], int]]:
    """Batches of (*columns* of) documents stored after *after*, each with its last insertion number.

    Stops at the newest document present when it starts, so documents stored meanwhile wait for
    the next run.
    """
    upto = store.last_seq()
    while after < upto:
        rows = store.conn.execute(
            f"SELECT seq, {columns} FROM documents WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
            (after, upto, size),
        ).fetchall()
        if not rows:
            return
        after = int(rows[-1][0])
        yield [tuple(r[1:]) for r in rows], after


def advance(
    conn: sqlite3.Connection, analysis: str, last_seq: int, detail: dict[str, Any] | None = None
) -> None:
    """Record *analysis*'s new position (call inside the transaction that stores its results)."""
    conn.execute(
        "INSERT OR REPLACE INTO analysis_state (analysis, last_seq, detail) VALUES (?, ?, ?)",
        (analysis, last_seq, json.dumps(detail or {})),
    )
