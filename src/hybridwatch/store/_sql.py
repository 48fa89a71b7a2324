"""SQLite idioms every table class uses: write transactions, chunked IN queries, UTC ISO datetimes."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

__all__ = ["transaction", "select_in", "to_iso", "from_iso", "now_iso", "is_locked", "waiting_at_most"]

MAX_VARIABLES = 900  # under SQLite's default limit of 999 bound parameters


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error (connections run in autocommit mode).

    Inside another transaction it joins it: writes that must land together nest their own.
    """
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:  # a failed COMMIT too: no later block may join a dead transaction
            conn.execute("ROLLBACK")
        raise


@contextmanager
def waiting_at_most(conn: sqlite3.Connection, ms: int) -> Iterator[None]:
    """Lower the connection's busy timeout to *ms* for a block (a write that may give up sooner)."""
    before = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
    conn.execute(f"PRAGMA busy_timeout = {min(before, int(ms))}")
    try:
        yield
    finally:
        conn.execute(f"PRAGMA busy_timeout = {before}")


def select_in(
    conn: sqlite3.Connection, sql: str, values: Sequence[Any], params: Sequence[Any] = ()
) -> Iterator[Any]:
    """Run *sql* (with one ``{marks}`` placeholder for the IN list) over *values* in chunks."""
    for start in range(0, len(values), MAX_VARIABLES):
        chunk = list(values[start : start + MAX_VARIABLES])
        yield from conn.execute(sql.format(marks=", ".join("?" * len(chunk))), (*params, *chunk))


def to_iso(value: datetime | None) -> str | None:
    """A datetime as stored: UTC, ISO-8601, to the second (None stays None)."""
    return value.astimezone(UTC).isoformat(timespec="seconds") if value else None


def from_iso(value: str | None) -> datetime | None:
    """A stored datetime back (None or empty stays None)."""
    return datetime.fromisoformat(value) if value else None


def now_iso() -> str:
    """The current moment as stored."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def is_locked(exc: sqlite3.Error) -> bool:
    """Whether *exc* means another connection held the lock beyond the busy timeout."""
    return "locked" in str(exc) or "busy" in str(exc)
