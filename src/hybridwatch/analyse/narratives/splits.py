"""Splits: a narrative that has drifted into two distinct stories becomes two.

Single-pass tracking only ever adds; a narrative can creep from one story to another through
documents that touch both. After an update, each narrative that grew by ``split_growth`` since it
was last checked (so each is checked a logarithmic number of times, and an update's cost stays
in proportion to its new documents) is bisected (spherical
2-means over its members' vectors, seeded by the member least like the whole and the member
least like that one). When both halves have at least ``min_part`` members and their centroids are
less similar than ``split_threshold``, the half holding the narrative's first document keeps its
id and the other becomes a new narrative; the event is recorded.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt

from hybridwatch.analyse.narratives.tracking import ANALYSER, NarrativeParams
from hybridwatch.analyse.narratives.vectors import Vector, term_counts, term_id, tfidf
from hybridwatch.model.dates import plausible_time
from hybridwatch.store._sql import select_in, transaction

__all__ = ["split_drifted"]


ITERATIONS = 8


@dataclass
class _Members:
    """A narrative's members as the store has them: ids, publication times, word counts, vectors."""

    ids: list[str]
    published: list[str | None]
    days: list[str | None]
    counts: list[Counter[str]]
    vectors: list[Vector]

    @classmethod
    def load(cls, conn: sqlite3.Connection, nid: str, n_docs: int, max_df: float, limit: int) -> _Members:
        rows = conn.execute(
            "SELECT m.document_id, d.published_at, m.day, d.title_folded, d.folded FROM narrative_members m "
            "JOIN documents d ON d.id = m.document_id WHERE m.narrative_id = ? ORDER BY d.seq DESC LIMIT ?",
            (nid, limit),
        ).fetchall()
        counts = [term_counts(f"{title} {text}") for *_, title, text in rows]
        terms = sorted({term_id(t) for c in counts for t in c})
        df = dict(select_in(conn, "SELECT term, df FROM narrative_df WHERE term IN ({marks})", terms))
        return cls(
            [r[0] for r in rows],
            [r[1] for r in rows],
            [r[2] for r in rows],
            counts,
            [tfidf(c, df, n_docs, max_df) for c in counts],
        )

    def matrix(self) -> _Sparse:
        """The member vectors as sparse rows (memory in their entries, not members x terms)."""
        terms = sorted({t for v in self.vectors for t, _ in v})
        column = {t: k for k, t in enumerate(terms)}
        entries = [(r, column[t], w) for r, v in enumerate(self.vectors) for t, w in v]
        return _Sparse(
            np.array([e[0] for e in entries], np.int64),
            np.array([e[1] for e in entries], np.int64),
            np.array([e[2] for e in entries], np.float64),
            len(self.vectors),
            len(terms),
        )


@dataclass
class _Sparse:
    """Rows of sparse vectors in coordinate form."""

    row: npt.NDArray[np.int64]
    col: npt.NDArray[np.int64]
    weight: npt.NDArray[np.float64]
    n_rows: int
    n_cols: int

    def dot(self, vector: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Each row's dot product with a dense vector."""
        out = np.bincount(self.row, weights=self.weight * vector[self.col], minlength=self.n_rows)
        return out.astype(np.float64)

    def sum_rows(self, chosen: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
        """The dense sum of the chosen rows."""
        keep = chosen[self.row]
        out = np.bincount(self.col[keep], weights=self.weight[keep], minlength=self.n_cols)
        return out.astype(np.float64)


def split_drifted(
    conn: sqlite3.Connection, narrative_ids: set[str], n_docs: int, params: NarrativeParams
) -> list[dict[str, Any]]:
    """Bisect each of *narrative_ids* that has drifted; return the split events written."""
    events = []
    for nid in sorted(narrative_ids):
        row = conn.execute(
            "SELECT first_document, size, checked_size FROM narratives WHERE id = ? AND status = 'active'",
            (nid,),
        ).fetchone()
        if row is None or row[1] < 2 * params.min_part or row[1] < row[2] * params.split_growth:
            continue
        conn.execute("UPDATE narratives SET checked_size = size WHERE id = ?", (nid,))
        members = _Members.load(conn, nid, n_docs, params.max_df, params.split_max_members)
        halves = _bisect(members.matrix(), params)
        if halves is None:
            continue
        keep = (
            halves[members.ids.index(row[0])] if row[0] in members.ids else int(np.bincount(halves).argmax())
        )
        moved = sorted(
            (k for k, side in enumerate(halves) if side != keep), key=lambda k: members.published[k] or "~"
        )
        if min(len(moved), len(halves) - len(moved)) < params.min_part:
            continue
        new_id = "n-" + hashlib.blake2b(members.ids[moved[0]].encode(), digest_size=6).hexdigest()
        now = datetime.now(UTC).isoformat()
        with transaction(conn):
            conn.execute(
                "INSERT OR REPLACE INTO narratives "
                "(id, analyser, first_document, size, centroid, terms, updated_at) "
                "VALUES (?, ?, ?, 0, '[]', '{}', ?)",
                (new_id, ANALYSER, members.ids[moved[0]], now),
            )
            conn.executemany(
                "UPDATE narrative_members SET narrative_id = ? WHERE document_id = ?",
                ((new_id, members.ids[k]) for k in moved),
            )
            conn.execute(
                "INSERT INTO narrative_events (at, kind, narrative_id, other_id, detail) "
                "VALUES (?, 'split', ?, ?, ?)",
                (now, nid, new_id, json.dumps({"moved": len(moved)})),
            )
            for narrative in (nid, new_id):
                _recount(conn, narrative, n_docs, params, now)
        events.append(
            {"kind": "split", "narrative_id": nid, "other_id": new_id, "detail": {"moved": len(moved)}}
        )
    return events


def _bisect(matrix: _Sparse, params: NarrativeParams) -> npt.NDArray[np.int64] | None:
    """Two halves (0/1 per row) whose centroids are less similar than the threshold, or None."""
    everyone = np.ones(matrix.n_rows, bool)
    whole = _unit(matrix.sum_rows(everyone))
    a = matrix.sum_rows(np.arange(matrix.n_rows) == _lowest(matrix.dot(whole)))
    b = matrix.sum_rows(np.arange(matrix.n_rows) == _lowest(matrix.dot(a)))
    centroids = [a, b]
    side = np.zeros(matrix.n_rows, np.int64)
    for _ in range(ITERATIONS):
        side = np.argmax(np.vstack([matrix.dot(c) for c in centroids]), axis=0).astype(np.int64)
        if side.min() == side.max():
            return None
        centroids = [_unit(matrix.sum_rows(side == k)) for k in (0, 1)]
    if float(centroids[0] @ centroids[1]) >= params.split_threshold:
        return None
    return side


def _lowest(values: npt.NDArray[np.float64]) -> int:
    """The first row at the minimum, ties within rounding included (the same choice on every run)."""
    return int(np.flatnonzero(np.isclose(values, values.min()))[0])


def _unit(v: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    norm = float(np.linalg.norm(v))
    return v / norm if norm else v


def _recount(conn: sqlite3.Connection, nid: str, n_docs: int, params: NarrativeParams, now: str) -> None:
    """A narrative's size, dates, daily counts, centroid and words from its members as they now are."""
    members = _Members.load(conn, nid, n_docs, params.max_df, -1)
    centroid: dict[int, float] = {}
    for vector in members.vectors:
        for t, w in vector:
            centroid[t] = centroid.get(t, 0.0) + w
    words: Counter[str] = Counter()
    for c in members.counts:
        words.update(c)
    dates = [p for p in members.published if p and plausible_time(p)]
    conn.execute(
        "UPDATE narratives SET size = ?, checked_size = ?, first_seen = ?, last_seen = ?, centroid = ?, "
        "terms = ?, updated_at = ? WHERE id = ?",
        (
            len(members.ids),
            len(members.ids),
            min(dates) if dates else None,
            max(dates) if dates else None,
            json.dumps(sorted(centroid.items(), key=lambda kv: -kv[1])[: params.keep_terms]),
            json.dumps(dict(words.most_common(params.label_terms)), ensure_ascii=False),
            now,
            nid,
        ),
    )
    conn.execute("DELETE FROM narrative_daily WHERE narrative_id = ?", (nid,))
    conn.executemany(
        "INSERT INTO narrative_daily (narrative_id, day, n) VALUES (?, ?, ?)",
        ((nid, day, n) for day, n in Counter(d for d in members.days if d).items()),
    )
