"""The embedded SQLite store: WAL, FTS5 over folded text, versioned migrations."""

from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from hybridwatch.errors import InputError, StoreError, StoreLocked
from hybridwatch.model.dates import DAY_ONLY_FLAG
from hybridwatch.model.document import Brief, Document, Rejected
from hybridwatch.model.text import fold
from hybridwatch.plugins import ensure_plugins_loaded, pm
from hybridwatch.store._base import RunCounts, SearchHit
from hybridwatch.store._sql import from_iso, is_locked, now_iso, select_in, to_iso, transaction
from hybridwatch.store.tables import ClaimTable, EmbeddingCache, FactCheckTable, FindingTable, SignalCache

__all__ = ["SQLiteStore", "migrations", "fts_query"]

BUSY_TIMEOUT_MS = 5000  # how long a writer waits for another; $HYBRIDWATCH_BUSY_TIMEOUT_MS overrides
_COLUMNS = (
    "id",
    "source",
    "source_kind",
    "native_id",
    "url",
    "author",
    "author_name",
    "published_at",
    "collected_at",
    "language",
    "title",
    "text",
    "title_folded",
    "folded",
    "links",
    "shared_from",
    "engagement",
    "raw",
    "flags",
    "position",
    "run_id",
)
_INSERT = f"INSERT OR IGNORE INTO documents ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"
_SELECT = f"SELECT {', '.join(_COLUMNS)} FROM documents"
_TOKEN = re.compile(r"\w+\*?")


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) pairs shipped in ``store/migrations``, in order."""
    folder = resources.files("hybridwatch.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:4].isdigit():
            found.append((int(name[:4]), entry.read_text(encoding="utf-8")))
    return sorted(found)


def fts_query(text: str) -> str:
    """Turn free text into a safe FTS5 query: folded tokens, each quoted, all required."""
    tokens = _TOKEN.findall(fold(text))
    return " ".join(f'"{t[:-1]}"*' if t.endswith("*") else f'"{t}"' for t in tokens if t.strip("*"))


def _json_list(values: list[str]) -> str:
    return json.dumps(values, ensure_ascii=False) if values else "[]"


def _row_to_document(row: sqlite3.Row | tuple[Any, ...]) -> Document:
    r = dict(zip(_COLUMNS, row, strict=True))
    collected = from_iso(r["collected_at"])
    assert collected is not None
    return Document(
        id=r["id"],
        source=r["source"],
        source_kind=r["source_kind"],
        native_id=r["native_id"],
        url=r["url"],
        author=r["author"],
        author_name=r["author_name"],
        published_at=from_iso(r["published_at"]),
        collected_at=collected,
        language=r["language"],
        title=r["title"],
        text=r["text"],
        title_folded=r["title_folded"],
        folded=r["folded"],
        links=json.loads(r["links"]),
        shared_from=r["shared_from"],
        engagement=json.loads(r["engagement"]),
        raw=r["raw"],
        flags=json.loads(r["flags"]),
        position=r["position"],
    )


def _snippet(document: Document, query: str, width: int = 14) -> str:
    """A window of the original text around the first query word, in the original script."""
    words = (f"{document.title} — {document.text}" if document.title else document.text).split()
    tokens = [t.rstrip("*") for t in _TOKEN.findall(fold(query))]
    for i, word in enumerate(words):
        folded = fold(word)
        if any(t and t in folded for t in tokens):
            start = max(0, i - width // 2)
            return ("… " if start else "") + " ".join(words[start : start + width]) + " …"
    return " ".join(words[:width])


CACHE_KIB = 64 * 1024


class SQLiteStore:
    """A Store in one SQLite file (or ``:memory:``)."""

    def __init__(self, path: str | Path = "hybridwatch.db", *, busy_timeout_ms: int | None = None) -> None:
        self.path = str(path)
        busy = busy_timeout_ms or int(os.environ.get("HYBRIDWATCH_BUSY_TIMEOUT_MS") or BUSY_TIMEOUT_MS)
        try:
            self.conn = sqlite3.connect(
                self.path, timeout=busy / 1000, isolation_level=None, check_same_thread=False
            )
            self.conn.execute(f"PRAGMA busy_timeout = {busy}")
            if self.path != ":memory:":
                self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")
            # 64 MiB of page cache (default 2 MiB): inserts into the FTS index and the date index
            # land all over the file; a bounded cache keeps memory flat and ingest ~15 % faster.
            self.conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            self.conn.execute("PRAGMA foreign_keys = ON")
            ensure_plugins_loaded()
            pm.hook.prepare_connection(conn=self.conn)
            self._migrate()
            self.factchecks = FactCheckTable(self.conn)
            self.embeddings = EmbeddingCache(self.conn)
            self.signals = SignalCache(self.conn)
            self.claims = ClaimTable(self.conn)
            self.findings = FindingTable(self.conn)
        except sqlite3.OperationalError as exc:
            raise self._error(exc) from exc
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open store {self.path}: {exc}") from exc

    def _error(self, exc: sqlite3.Error) -> StoreError:
        if is_locked(exc):
            return StoreLocked(f"store {self.path} is locked by another process")
        return StoreError(f"store {self.path}: {exc}")

    @property
    def schema_version(self) -> int:
        """The number of the last migration applied."""
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        for version, sql in migrations():
            if version <= current:
                continue
            try:
                self.conn.executescript(f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
            except sqlite3.Error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    # -- writing ---------------------------------------------------------------------------
    def add_documents(self, documents: list[Document], run_id: int | None = None) -> int:
        """Insert new documents in one transaction; return how many were new."""
        collected: dict[datetime, str | None] = {}  # one run shares one collection time: format it once
        rows = [
            (
                d.id,
                d.source,
                d.source_kind,
                d.native_id,
                d.url,
                d.author,
                d.author_name,
                to_iso(d.published_at),
                collected.get(d.collected_at) or collected.setdefault(d.collected_at, to_iso(d.collected_at)),
                d.language,
                d.title,
                d.text,
                d.title_folded,
                d.folded,
                _json_list(d.links),
                d.shared_from,
                json.dumps(d.engagement) if d.engagement else "{}",
                d.raw,
                _json_list(d.flags),
                d.position,
                run_id,
            )
            for d in documents
        ]
        try:
            with self.transaction():
                cursor = self.conn.executemany(_INSERT, rows)
            return max(0, cursor.rowcount)
        except sqlite3.OperationalError as exc:
            raise self._error(exc) from exc

    def transaction(self) -> AbstractContextManager[None]:
        """One transaction for every write inside the block: all of them land, or none."""
        return transaction(self.conn)

    def add_rejected(self, run_id: int, rejected: Iterable[Rejected]) -> int:
        """Write rejected records to the quarantine table."""
        now = now_iso()
        rows = [(run_id, r.source, str(r.position), r.reason, r.snippet, now) for r in rejected]
        if rows:
            with self.transaction():
                self.conn.executemany(
                    "INSERT INTO quarantine (run_id, source, position, reason, snippet, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    rows,
                )
        return len(rows)

    def start_run(self, command: str, locations: list[str], options: dict[str, Any]) -> int:
        """Insert a run row with status 'running'."""
        try:
            with self.transaction():
                cursor = self.conn.execute(
                    "INSERT INTO runs (command, started_at, locations, options) VALUES (?, ?, ?, ?)",
                    (
                        command,
                        now_iso(),
                        json.dumps(locations),
                        json.dumps(options, default=str),
                    ),
                )
        except sqlite3.OperationalError as exc:
            raise self._error(exc) from exc
        return int(cursor.lastrowid or 0)

    def finish_run(
        self,
        run_id: int,
        counts: RunCounts,
        *,
        status: str,
        language_identifier: str | None = None,
        error: str | None = None,
    ) -> None:
        """Store the final counts and status of a run."""
        with self.transaction():
            self.conn.execute(
                "UPDATE runs SET finished_at = ?, status = ?, read = ?, stored = ?, duplicates = ?, "
                "quarantined = ?, language_identifier = ?, error = ? WHERE id = ?",
                (
                    now_iso(),
                    status,
                    counts.read,
                    counts.stored,
                    counts.duplicates,
                    counts.quarantined,
                    language_identifier,
                    error,
                    run_id,
                ),
            )

    def save_fetch_state(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Upsert the validators of *url*."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO fetch_state (url, etag, last_modified, fetched_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, "
                "last_modified = excluded.last_modified, fetched_at = excluded.fetched_at",
                (url, etag, last_modified, now_iso()),
            )

    # -- reading ---------------------------------------------------------------------------
    def fetch_state(self, url: str) -> tuple[str | None, str | None]:
        """Validators saved for *url*, or (None, None)."""
        row = self.conn.execute(
            "SELECT etag, last_modified FROM fetch_state WHERE url = ?", (url,)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def existing_ids(self, ids: list[str]) -> set[str]:
        """Which of *ids* are stored already."""
        return {row[0] for row in select_in(self.conn, "SELECT id FROM documents WHERE id IN ({marks})", ids)}

    def get(self, document_id: str) -> Document | None:
        """One document by id, or None."""
        row = self.conn.execute(f"{_SELECT} WHERE id = ?", (document_id,)).fetchone()
        return _row_to_document(row) if row else None

    def ids_starting(self, prefix: str, limit: int = 3) -> list[str]:
        """Document ids that begin with *prefix* (the short ids text output prints), at most *limit*."""
        if not prefix or not all(c in "0123456789abcdef" for c in prefix):
            return []
        rows = self.conn.execute(
            "SELECT id FROM documents WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "g", limit),  # a range on the unique index: no scan
        )
        return [r[0] for r in rows]

    def count(self) -> int:
        """Number of stored documents."""
        return int(self.conn.execute("SELECT count(*) FROM documents").fetchone()[0])

    def search(
        self,
        query: str,
        *,
        language: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        source: str | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """Rank by BM25 over folded title (weight 2) and text (weight 1)."""
        match = fts_query(query)
        if not match:
            return []
        where = ["documents_fts MATCH ?"]
        params: list[Any] = [match]
        if language:
            where.append("(d.language = ? OR d.language LIKE ?)")
            params += [language, f"{language}-%"]
        if since:
            where.append("d.published_at >= ?")
            params.append(to_iso(since))
        if until:
            where.append("d.published_at <= ?")
            params.append(to_iso(until))
        if source:
            where.append("d.source = ?")
            params.append(source)
        cols = ", ".join(f"d.{c}" for c in _COLUMNS)
        sql = (
            f"SELECT {cols}, bm25(documents_fts, 2.0, 1.0) AS rank FROM documents_fts "
            f"JOIN documents d ON d.seq = documents_fts.rowid WHERE {' AND '.join(where)} "
            "ORDER BY rank LIMIT ?"
        )
        params.append(max(1, min(limit, 10_000)))
        hits = []
        for row in self.conn.execute(sql, params):
            document = _row_to_document(row[:-1])
            hits.append(SearchHit(document, -float(row[-1]), _snippet(document, query)))
        return hits

    def iter_documents(self, *, since: datetime | None = None) -> Iterator[Document]:
        """Stream documents in insertion order."""
        sql, params = f"{_SELECT} ORDER BY seq", ()
        if since:
            sql, params = f"{_SELECT} WHERE published_at >= ? ORDER BY seq", (to_iso(since),)  # type: ignore[assignment]
        for row in self.conn.execute(sql, params):
            yield _row_to_document(row)

    def last_seq(self) -> int:
        """The insertion number of the newest document (0 for an empty store)."""
        return int(self.conn.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()[0])

    def iter_briefs(self, *, since: datetime | None = None) -> Iterator[Brief]:
        """Stream the light view of documents campaign analysis needs, in insertion order."""
        sql = (
            "SELECT id, native_id, source, author, published_at, language, title_folded, folded, links, "
            f"shared_from, instr(flags, '\"{DAY_ONLY_FLAG}\"') = 0 "
            "FROM documents"
        )
        params: tuple[str, ...] = ()
        if since:
            sql, params = f"{sql} WHERE published_at >= ?", (to_iso(since) or "",)
        for (
            doc_id,
            native,
            source,
            author,
            published,
            language,
            title,
            text,
            links,
            shared,
            timed,
        ) in self.conn.execute(f"{sql} ORDER BY seq", params):
            yield Brief(
                doc_id,
                native,
                source,
                author,
                from_iso(published),
                language,
                f"{title} {text}" if title else text,
                tuple(json.loads(links)) if links != "[]" else (),
                shared,
                bool(timed),
            )

    def _grouped(self, sql: str) -> dict[str, int]:
        return {str(k): int(v) for k, v in self.conn.execute(sql)}

    def stats(self) -> dict[str, Any]:
        """Counts for the ``stats`` command and the demo report."""
        flags = self._grouped(
            "SELECT j.value, count(*) FROM documents, json_each(documents.flags) j "
            "GROUP BY j.value ORDER BY 2 DESC"
        )
        span = self.conn.execute("SELECT min(published_at), max(published_at) FROM documents").fetchone()
        runs = [
            dict(
                zip(
                    (
                        "id",
                        "command",
                        "started_at",
                        "status",
                        "read",
                        "stored",
                        "duplicates",
                        "quarantined",
                        "language_identifier",
                    ),
                    r,
                    strict=True,
                )
            )
            for r in self.conn.execute(
                "SELECT id, command, started_at, status, read, stored, duplicates, "
                "quarantined, language_identifier FROM runs ORDER BY id DESC LIMIT 10"
            )
        ]
        return {
            "documents": self.count(),
            "by_source": self._grouped("SELECT source, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC"),
            "by_kind": self._grouped(
                "SELECT source_kind, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC"
            ),
            "by_language": self._grouped(
                "SELECT language, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC"
            ),
            "flags": flags,
            "published_span": {"first": span[0], "last": span[1]},
            "quarantined": int(self.conn.execute("SELECT count(*) FROM quarantine").fetchone()[0]),
            "quarantine_reasons": self._grouped(
                "SELECT substr(reason, 1, instr(reason || ':', ':') - 1), count(*) FROM quarantine "
                "GROUP BY 1 ORDER BY 2 DESC"
            ),
            "runs": runs,
            "schema_version": self.schema_version,
        }

    def quarantined(self, *, run_id: int | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Rows of the quarantine, newest first; a run that never happened is an error, not "empty"."""
        sql = "SELECT id, run_id, source, position, reason, snippet, created_at FROM quarantine"
        params: tuple[Any, ...] = ()
        if run_id is not None:
            if not self.conn.execute("SELECT 1 FROM runs WHERE id = ?", (run_id,)).fetchone():
                raise InputError(f"no run {run_id} (runs are listed by `hybridwatch stats`)")
            sql += " WHERE run_id = ?"
            params = (run_id,)
        sql += " ORDER BY id DESC LIMIT ?"
        keys = ("id", "run_id", "source", "position", "reason", "snippet", "created_at")
        return [dict(zip(keys, r, strict=True)) for r in self.conn.execute(sql, (*params, limit))]

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> SQLiteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
