"""Storage behind one small contract; SQLite is the embedded default."""

from __future__ import annotations

import os
from pathlib import Path

from hybridwatch.store._base import RunCounts, SearchHit, Store
from hybridwatch.store.sqlite import SQLiteStore

__all__ = ["Store", "SQLiteStore", "SearchHit", "RunCounts", "open_store", "default_db_path"]


def default_db_path() -> str:
    """``$HYBRIDWATCH_DB`` or ``./hybridwatch.db``."""
    return os.environ.get("HYBRIDWATCH_DB") or "hybridwatch.db"


def open_store(path: str | Path | None = None) -> SQLiteStore:
    """Open (creating and migrating if needed) the store at *path*."""
    return SQLiteStore(path or default_db_path())
