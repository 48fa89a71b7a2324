"""Event extraction over the store: ``extract`` reads only the documents stored since the last run."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from hybridwatch.analyse.claims.sentences import split_sentences
from hybridwatch.analyse.events.extract import EventExtractor
from hybridwatch.knowledge.pack import KnowledgePack, load_pack
from hybridwatch.store import SQLiteStore
from hybridwatch.store._sql import transaction

__all__ = ["extract_events", "list_events", "EventRun", "ANALYSER"]

ANALYSER = "core.events.rules.v1"
STATE_KEY = "events"
BATCH = 1_000
COLUMNS = (
    "document_id", "analyser", "sentence", "start", "end", "action", "plover", "cameo_root",
    "actor", "actor_id", "target", "target_id", "object", "object_id", "place", "place_id",
    "date_text", "date", "negated", "published_at",
)  # fmt: skip


@dataclass
class EventRun:
    """What one extraction run did."""

    documents: int
    sentences: int
    events: int
    seconds: float
    by_action: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``events extract --json``."""
        return {"analyser": ANALYSER, **asdict(self)}


def extract_events(store: SQLiteStore, pack: KnowledgePack | None = None) -> EventRun:
    """Extract the events of the documents stored since the last run and store them."""
    started = time.perf_counter()
    extractor = EventExtractor(pack or load_pack())
    conn = store.conn
    row = conn.execute("SELECT last_seq FROM analysis_state WHERE analysis = ?", (STATE_KEY,)).fetchone()
    after, upto = (int(row[0]) if row else 0), store.last_seq()
    cursor = conn.execute(
        "SELECT id, text, published_at, collected_at FROM documents WHERE seq > ? AND seq <= ? ORDER BY seq",
        (after, upto),
    )
    documents = sentences = 0
    by_action: Counter[str] = Counter()
    while batch := cursor.fetchmany(BATCH):
        rows = []
        for doc_id, text, published, collected in batch:
            article = _day(published) or _day(collected) or date.today()
            for start, end in split_sentences(text or ""):
                sentences += 1
                for event in extractor.extract(text[start:end], article):
                    e = event.as_dict()
                    e.update(
                        document_id=doc_id,
                        analyser=ANALYSER,
                        sentence=text[start:end],
                        start=start + event.start,
                        end=start + event.end,
                        negated=int(event.negated),
                        published_at=published,
                    )
                    rows.append(tuple(e[c] for c in COLUMNS))
                    by_action[event.action] += 1
        documents += len(batch)
        with transaction(conn):
            conn.executemany(
                f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})", rows
            )
    with transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO analysis_state (analysis, last_seq, detail) VALUES (?, ?, '{}')",
            (STATE_KEY, upto),
        )
    return EventRun(
        documents,
        sentences,
        sum(by_action.values()),
        round(time.perf_counter() - started, 3),
        dict(by_action),
    )


def _day(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).date()
    except ValueError:
        return None


def list_events(
    store: SQLiteStore,
    *,
    since: datetime | None = None,
    actor: str | None = None,
    action: str | None = None,
    include_negated: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Stored events, newest document first; *actor* is an entity id or a name as written."""
    where, params = ["1 = 1"], []
    if since:
        where.append("published_at >= ?")
        params.append(since.isoformat())
    if actor:
        where.append("(actor_id = ? OR lower(actor) = lower(?))")
        params += [actor, actor]
    if action:
        where.append("action = ?")
        params.append(action)
    if not include_negated:
        where.append("negated = 0")
    sql = (
        f"SELECT {', '.join(COLUMNS)} FROM events WHERE {' AND '.join(where)} ORDER BY published_at DESC, id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for row in store.conn.execute(sql, params):
        event = dict(zip(COLUMNS, row, strict=True))
        event["negated"] = bool(event["negated"])
        out.append(event)
    return out
