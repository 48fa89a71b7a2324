"""SQLite tables beyond documents: fact-checks, the embedding and signal caches, claims and findings.

Each is a small class over the store's connection, so the Store stays a thin composition.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from hybridwatch.errors import StoreError, StoreLocked
from hybridwatch.model.factcheck import Claim, FactCheck
from hybridwatch.model.text import fold
from hybridwatch.store._sql import (
    from_iso,
    is_locked,
    now_iso,
    select_in,
    to_iso,
    transaction,
    waiting_at_most,
)

__all__ = ["FactCheckTable", "EmbeddingCache", "SignalCache", "ClaimTable", "FindingTable"]

_FC_COLUMNS = (
    "id",
    "collection",
    "claim",
    "title",
    "rating",
    "publisher",
    "published_at",
    "url",
    "language",
    "extra",
    "raw",
)


class FactCheckTable:
    """Known fact-checks, full-text indexed on the folded claim and title."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(
        self, factchecks: Iterable[FactCheck], run_id: int | None = None, *, after: int | None = None
    ) -> int:
        """Insert fact-checks with new ids; return how many were new.

        *after*: number them (``seq``) from the one after it, not after the table's largest.
        """
        now = now_iso()
        rows = [
            (
                None if after is None else after + n,
                f.id,
                f.collection,
                f.claim,
                f.title,
                f.rating,
                f.publisher,
                to_iso(f.published_at),
                f.url,
                f.language,
                fold(f.claim),
                fold(f.title),
                json.dumps(f.extra, ensure_ascii=False, default=str),
                f.raw,
                now,
                run_id,
            )
            for n, f in enumerate(factchecks, start=1)
        ]
        with transaction(self.conn):
            cursor = self.conn.executemany(
                "INSERT OR IGNORE INTO factchecks (seq, id, collection, claim, title, rating, publisher, "
                "published_at, url, language, claim_folded, title_folded, extra, raw, imported_at, run_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return max(0, cursor.rowcount)

    def get_many(self, ids: Iterable[str]) -> dict[str, FactCheck]:
        """The stored fact-checks among *ids*, by id."""
        out: dict[str, FactCheck] = {}
        wanted = list(dict.fromkeys(ids))
        for start in range(0, len(wanted), 500):  # under SQLite's bound-parameter limit
            part = wanted[start : start + 500]
            marks = ", ".join("?" * len(part))
            sql = f"SELECT {', '.join(_FC_COLUMNS)} FROM factchecks WHERE id IN ({marks})"
            out.update((fc.id, fc) for fc in map(self._row, self.conn.execute(sql, part)))
        return out

    def replace(self, factchecks: list[FactCheck], run_id: int | None = None) -> int:
        """Store new versions of stored fact-checks (an edited claim, a changed rating).

        Each is stored anew, numbered after the largest ``seq`` there was (a deleted row's number
        would come back to the next insert: the newest replaced would keep their numbers), so that
        the latest fact-check moves on and ``claims match-all`` matches every claim again.
        """
        latest = list({f.id: f for f in factchecks}.values())  # edited twice in one batch: the last wins
        with transaction(self.conn):
            top = self.latest() or 0
            self.conn.executemany("DELETE FROM factchecks WHERE id = ?", [(f.id,) for f in latest])
            return self.add(latest, run_id, after=top)

    @staticmethod
    def _row(row: tuple[Any, ...]) -> FactCheck:
        r = dict(zip(_FC_COLUMNS, row, strict=True))
        return FactCheck(
            id=r["id"],
            collection=r["collection"],
            claim=r["claim"],
            title=r["title"],
            rating=r["rating"],
            publisher=r["publisher"],
            published_at=from_iso(r["published_at"]),
            url=r["url"],
            language=r["language"],
            extra=json.loads(r["extra"]),
            raw=r["raw"],
        )

    def iter(self, *, collection: str | None = None) -> Iterator[FactCheck]:
        """All fact-checks in insertion order."""
        sql = f"SELECT {', '.join(_FC_COLUMNS)} FROM factchecks"
        params: tuple[Any, ...] = ()
        if collection:
            sql += " WHERE collection = ?"
            params = (collection,)
        for row in self.conn.execute(sql + " ORDER BY seq", params):
            yield self._row(row)

    def get(self, factcheck_id: str) -> FactCheck | None:
        """One fact-check by native id."""
        row = self.conn.execute(
            f"SELECT {', '.join(_FC_COLUMNS)} FROM factchecks WHERE id = ?", (factcheck_id,)
        ).fetchone()
        return self._row(row) if row else None

    def latest(self) -> int | None:
        """The seq of the latest fact-check stored; None when there is none."""
        found = self.conn.execute("SELECT max(seq) FROM factchecks").fetchone()[0]
        return None if found is None else int(found)

    def count(self) -> int:
        """Number of fact-checks."""
        return int(self.conn.execute("SELECT count(*) FROM factchecks").fetchone()[0])

    def version(self) -> tuple[int, int]:
        """(count, max seq): changes whenever fact-checks are added, so indexes know when to rebuild."""
        row = self.conn.execute("SELECT count(*), coalesce(max(seq), 0) FROM factchecks").fetchone()
        return int(row[0]), int(row[1])


class _ContentCache:
    """Values derived from a text, by (content hash of the text, what derived them).

    Callers treat writes as best effort (a value not kept is derived again next time), so a write
    waits for another writer WRITE_WAIT_MS at most, not the store's busy timeout.
    """

    TABLE = ""
    KEY = ""  # the column naming what derived the value (a model, an extractor version)
    VALUE = ""
    KEEP_KEYS = 0  # when > 0, only the values of the latest keys written are kept (TABLE_versions)
    WRITE_WAIT_MS = 250

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _get(self, hashes: list[str], key: str) -> Iterator[tuple[str, Any]]:
        sql = f"SELECT hash, {self.VALUE} FROM {self.TABLE} WHERE {self.KEY} = ? AND hash IN ({{marks}})"
        return select_in(self.conn, sql, hashes, (key,))

    def _put(self, rows: list[tuple[str, Any]], key: str) -> None:
        if not rows:
            return
        try:
            with waiting_at_most(self.conn, self.WRITE_WAIT_MS), transaction(self.conn):
                if self.KEEP_KEYS:
                    self._retire_keys(key)
                self.conn.executemany(
                    f"INSERT OR REPLACE INTO {self.TABLE} (hash, {self.KEY}, {self.VALUE}) VALUES (?, ?, ?)",
                    [(h, key, value) for h, value in rows],
                )
        except sqlite3.OperationalError as exc:  # locked beyond the busy timeout, or read-only
            kind = StoreLocked if is_locked(exc) else StoreError
            raise kind(f"cannot keep {self.TABLE}: {exc}") from exc

    def _retire_keys(self, key: str) -> None:
        """Record *key* as the latest written and drop the values of all but the KEEP_KEYS latest."""
        versions = f"{self.TABLE}_versions"
        if self.conn.execute(
            f"SELECT max(seq) = (SELECT seq FROM {versions} WHERE {self.KEY} = ?) FROM {versions}", (key,)
        ).fetchone()[0]:
            return  # already the latest: nothing to retire
        self.conn.execute(f"DELETE FROM {versions} WHERE {self.KEY} = ?", (key,))
        self.conn.execute(f"INSERT INTO {versions} ({self.KEY}) VALUES (?)", (key,))
        old = [
            k
            for (k,) in self.conn.execute(
                f"SELECT {self.KEY} FROM {versions} ORDER BY seq DESC LIMIT -1 OFFSET ?", (self.KEEP_KEYS,)
            )
        ]
        for k in old:
            self.conn.execute(f"DELETE FROM {self.TABLE} WHERE {self.KEY} = ?", (k,))
            self.conn.execute(f"DELETE FROM {versions} WHERE {self.KEY} = ?", (k,))

    def count(self, key: str | None = None) -> int:
        """Cached values (made by one model or extractor version)."""
        where, params = (f" WHERE {self.KEY} = ?", (key,)) if key else ("", ())
        return int(self.conn.execute(f"SELECT count(*) FROM {self.TABLE}{where}", params).fetchone()[0])


class EmbeddingCache(_ContentCache):
    """Vectors by (content hash, model name), stored as float32 bytes."""

    TABLE, KEY, VALUE = "embeddings", "model", "vector"

    def get_many(self, hashes: list[str], model: str) -> dict[str, np.ndarray]:
        """Cached vectors for the hashes that have one."""
        return {h: np.frombuffer(blob, dtype=np.float32) for h, blob in self._get(hashes, model)}

    def put_many(self, items: Iterable[tuple[str, np.ndarray]], model: str) -> None:
        """Cache vectors (replacing any under the same hash and model)."""
        self._put([(h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items], model)


class SignalCache(_ContentCache):
    """Claim-matching signals of fact-check texts, by (content hash, extractor version), as text.

    Only recent extractors' are worth keeping: the two latest versions written stay (two installs
    sharing a store do not undo each other's work), older ones are dropped when a new one is written.
    """

    TABLE, KEY, VALUE = "text_signals", "version", "signals"
    KEEP_KEYS = 2

    def get_many(self, hashes: list[str], version: str) -> dict[str, str]:
        """Encoded signals for the hashes that have them."""
        return dict(self._get(hashes, version))

    def put_many(self, items: Iterable[tuple[str, str]], version: str) -> None:
        """Keep encoded signals, replacing any under the same hash; versions older than the two latest go.

        Raises StoreLocked or StoreError when the store cannot be written.
        """
        self._put(list(items), version)


class ClaimTable:
    """Check-worthy sentences detected in documents."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(self, claims: Iterable[Claim]) -> int:
        """Insert new claims (a re-run keeps the first detection); return how many were new."""
        now = now_iso()
        rows = [
            (
                c.id,
                c.document_id,
                c.start,
                c.end,
                c.text,
                c.language,
                c.score,
                int(c.checkworthy),
                c.analyser,
                now,
            )
            for c in claims
        ]
        with transaction(self.conn):
            cursor = self.conn.executemany(
                "INSERT OR IGNORE INTO claims (id, document_id, start, end, text, language, score, "
                "checkworthy, analyser, detected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        return max(0, cursor.rowcount)

    _NEW_DOCUMENTS = (
        "FROM documents d WHERE NOT EXISTS (SELECT 1 FROM claims c WHERE c.document_id = d.id) "
        "AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.kind = 'claims_detected' AND f.subject = d.id)"
    )

    def documents_without_claims(self, batch: int = 200) -> Iterator[list[tuple[str, str, str, str]]]:
        """(id, title, text, language) of documents not yet split into claims, *batch* at a time.

        Read a batch at a time (by position, after the last one read), so memory stays flat in the
        store's size and a caller may store each batch's claims before it asks for the next.
        """
        last = -1
        while True:
            rows = self.conn.execute(
                f"SELECT d.seq, d.id, d.title, d.text, d.language {self._NEW_DOCUMENTS} AND d.seq > ? "
                "ORDER BY d.seq LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [(r[1], r[2], r[3], r[4]) for r in rows]

    def unmatched(self, latest: int, batch: int = 256) -> Iterator[list[Claim]]:
        """Check-worthy claims not yet matched against the fact-checks up to *latest* (a seq).

        New claims, and those matched before a later fact-check import; each with its document's
        date, *batch* at a time.
        """
        last = -1
        while True:
            rows = self.conn.execute(
                "SELECT c.rowid, c.id, c.document_id, c.start, c.end, c.text, c.language, c.score, "
                "c.checkworthy, c.analyser, d.published_at FROM claims c "
                "LEFT JOIN documents d ON d.id = c.document_id WHERE +c.checkworthy = 1 "  # walk by rowid
                "AND (c.matched_seq IS NULL OR c.matched_seq < ?) AND c.rowid > ? ORDER BY c.rowid LIMIT ?",
                (latest, last, batch),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [_claim(r[1:]) for r in rows]

    def mark_matched(self, claim_ids: list[str], latest: int) -> None:
        """Record that these claims have been matched against the fact-checks up to *latest*."""
        now = now_iso()
        with transaction(self.conn):
            self.conn.executemany(
                "UPDATE claims SET matched_at = ?, matched_seq = ? WHERE id = ?",
                [(now, latest, c) for c in claim_ids],
            )

    def count(self, *, checkworthy: bool | None = None) -> int:
        """Number of claims (check-worthy only, if asked)."""
        if checkworthy is None:
            return int(self.conn.execute("SELECT count(*) FROM claims").fetchone()[0])
        return int(
            self.conn.execute(
                "SELECT count(*) FROM claims WHERE checkworthy = ?", (int(checkworthy),)
            ).fetchone()[0]
        )


class FindingTable:
    """Results of every analyser, with its versioned name, a score, a tier and the evidence."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def add(self, rows: Iterable[dict[str, Any]]) -> int:
        """Insert findings given as dicts with analyser, kind, subject, object, score, tier, payload."""
        now = now_iso()
        values = [
            (
                r["analyser"],
                r["kind"],
                r["subject"],
                r.get("object"),
                r.get("score"),
                r.get("tier"),
                json.dumps(r.get("payload", {}), ensure_ascii=False, default=str),
                now,
            )
            for r in rows
        ]
        with transaction(self.conn):
            self.conn.executemany(
                "INSERT INTO findings (analyser, kind, subject, object, score, tier, payload, ran_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                values,
            )
        return len(values)

    def replace(self, kind: str, analyser: str, rows: Iterable[dict[str, Any]]) -> int:
        """Replace *analyser*'s findings of *kind* with *rows*: for analyses that re-run whole."""
        rows = list(rows)
        with transaction(self.conn):  # the old findings go only as the new ones land
            self.conn.execute("DELETE FROM findings WHERE kind = ? AND analyser = ?", (kind, analyser))
            return self.add(rows)

    def replace_subjects(
        self, kind: str, analyser: str | None, subjects: Iterable[str], rows: Iterable[dict[str, Any]]
    ) -> int:
        """Replace *analyser*'s (None: any analyser's) findings of *kind* about *subjects* with *rows*.

        For incremental analyses.
        """
        rows = list(rows)
        with transaction(self.conn):
            if analyser is None:
                self.conn.executemany(
                    "DELETE FROM findings WHERE kind = ? AND subject = ?", ((kind, s) for s in subjects)
                )
            else:
                self.conn.executemany(
                    "DELETE FROM findings WHERE kind = ? AND analyser = ? AND subject = ?",
                    ((kind, analyser, s) for s in subjects),
                )
            return self.add(rows)

    def subjects_with(self, kind: str, analyser: str, subjects: Iterable[str]) -> set[str]:
        """Those of *subjects* that *analyser* has findings of *kind* about."""
        found: set[str] = set()
        wanted = list(subjects)
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            marks = ", ".join("?" * len(part))
            found.update(
                r[0]
                for r in self.conn.execute(
                    "SELECT DISTINCT subject FROM findings "
                    f"WHERE kind = ? AND analyser = ? AND subject IN ({marks})",
                    (kind, analyser, *part),
                )
            )
        return found

    def of_kind(self, kind: str, *, limit: int | None = None) -> list[dict[str, Any]]:
        """Findings of one kind, best score first."""
        return self._select("WHERE kind = ? ORDER BY score DESC, id", (kind,), limit)

    def for_subject(self, kind: str, subject: str) -> list[dict[str, Any]]:
        """Findings of one kind about one subject, best score first."""
        return self._select("WHERE kind = ? AND subject = ? ORDER BY score DESC", (kind, subject), None)

    def _select(self, where: str, params: tuple[Any, ...], limit: int | None) -> list[dict[str, Any]]:
        keys = ("id", "analyser", "kind", "subject", "object", "score", "tier", "payload", "ran_at")
        sql = f"SELECT {', '.join(keys)} FROM findings {where}"
        if limit is not None:
            sql, params = f"{sql} LIMIT ?", (*params, limit)
        out = [dict(zip(keys, r, strict=True)) for r in self.conn.execute(sql, params)]
        for row in out:
            row["payload"] = json.loads(row["payload"])
        return out

    def count(self, kind: str | None = None) -> int:
        """Number of findings (of one kind)."""
        if kind:
            return int(
                self.conn.execute("SELECT count(*) FROM findings WHERE kind = ?", (kind,)).fetchone()[0]
            )
        return int(self.conn.execute("SELECT count(*) FROM findings").fetchone()[0])


def _claim(row: tuple[Any, ...]) -> Claim:
    """A claim from its row (the columns in Claim's order; the document's date as ISO text or NULL)."""
    claim_id, document, start, end, text, language, score, checkworthy, analyser, published = row
    worthy = bool(checkworthy)
    return Claim(claim_id, document, start, end, text, language, score, worthy, analyser, from_iso(published))
