"""Event extraction over the store: ``extract`` reads only the documents stored since the last run."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, TypedDict, Unpack

from hybridwatch.analyse._incremental import advance, new_documents, position
from hybridwatch.analyse.claims.sentences import split_sentences
from hybridwatch.analyse.events.extract import EventExtractor
from hybridwatch.analyse.narratives.service import written_labels
from hybridwatch.knowledge.pack import KnowledgePack, load_pack
from hybridwatch.model.dates import plausible_time
from hybridwatch.model.text import fold
from hybridwatch.store import SQLiteStore
from hybridwatch.store._sql import transaction

__all__ = ["extract_events", "list_events", "count_events", "EventFilters", "EventRun", "ANALYSER"]

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


def extract_events(
    store: SQLiteStore,
    pack: KnowledgePack | None = None,
    *,
    upto: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> EventRun:
    """Extract the events of the documents stored since the last run and store them.

    *progress* is told how many documents each batch held.
    """
    started = time.perf_counter()
    extractor = EventExtractor(pack or load_pack())
    conn = store.conn
    documents = sentences = 0
    by_action: Counter[str] = Counter()
    columns = "id, text, published_at, collected_at"
    for batch, first, last in new_documents(store, columns, position(conn, STATE_KEY), BATCH, upto):
        rows = []
        for doc_id, text, published, collected in batch:
            article = _day(published) or _day(collected) or date.today()  # implausible dates: unknown
            # a document dated 2031 would lead every "newest first" timeline: undated there
            published = published if _day(published) else None
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
        with transaction(conn):
            if not advance(conn, STATE_KEY, first, last, {"analyser": ANALYSER}):
                continue  # another run stored this batch
            conn.executemany(
                f"INSERT INTO events ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})", rows
            )
        documents += len(batch)
        by_action.update(row[COLUMNS.index("action")] for row in rows)
        if progress:
            progress(len(batch))
    return EventRun(
        documents,
        sentences,
        sum(by_action.values()),
        round(time.perf_counter() - started, 3),
        dict(by_action),
    )


def _day(value: str | None) -> date | None:
    when = plausible_time(value)
    return when.date() if when else None


class EventFilters(TypedDict, total=False):
    """Which stored events :func:`list_events` and :func:`count_events` give.

    *actor* is an entity id or a name (any spelling of a *pack* entity, or as written); *negated*
    False (the default) keeps events that happened, True the denied or negated ones, None both.
    """

    since: datetime | None
    until: datetime | None
    actor: str | None
    action: str | None
    negated: bool | None
    pack: KnowledgePack | None


def list_events(
    store: SQLiteStore, *, limit: int | None = None, **filters: Unpack[EventFilters]
) -> list[dict[str, Any]]:
    """Stored events, newest document first, each with the narrative its document belongs to."""
    where, params = _event_filter(store, filters)
    columns = ", ".join(f"e.{c}" for c in COLUMNS)
    sql = (
        f"SELECT {columns}, m.narrative_id, n.label FROM events e "
        "LEFT JOIN narrative_members m ON m.document_id = e.document_id "
        "LEFT JOIN narratives n ON n.id = m.narrative_id "
        f"WHERE {' AND '.join(where)} ORDER BY e.published_at DESC, e.id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for row in store.conn.execute(sql, params):
        event = dict(zip(COLUMNS, row[: len(COLUMNS)], strict=True))
        event["negated"] = bool(event["negated"])
        # the narrative the event's document belongs to: events sit in the stories around them
        event["narrative_id"], label = row[len(COLUMNS)], row[len(COLUMNS) + 1]
        event["narrative_label"] = json.loads(label) if label else None
        out.append(event)
    if out:  # the narratives' labels as their documents write them (few narratives, many events)
        labelled = {e["narrative_id"]: e["narrative_label"] for e in out if e["narrative_label"]}
        written = written_labels(store, labelled)
        for event in out:
            event["narrative_label_text"] = (
                written.get(event["narrative_id"]) if event["narrative_id"] else None
            )
    return out


def count_events(store: SQLiteStore, **filters: Unpack[EventFilters]) -> int:
    """How many stored events :func:`list_events` would give with these filters and no limit."""
    where, params = _event_filter(store, filters)
    sql = f"SELECT COUNT(*) FROM events e WHERE {' AND '.join(where)}"
    return int(store.conn.execute(sql, params).fetchone()[0])


def _event_filter(store: SQLiteStore, filters: EventFilters) -> tuple[list[str], list[Any]]:
    since, until, actor = filters.get("since"), filters.get("until"), filters.get("actor")
    action, negated, pack = filters.get("action"), filters.get("negated", False), filters.get("pack")
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if since:
        where.append("e.published_at >= ?")
        params.append(since.isoformat())
    if until:
        where.append("e.published_at <= ?")
        params.append(until.isoformat())
    if actor:  # SQLite's lower() knows ASCII only: "РОССИЯ" did not find "Россия"
        store.conn.create_function("hw_casefold", 1, _casefold, deterministic=True)
        # a name finds its entity's events under any spelling ("Rusija" finds "Русија", "Russian
        # Federation" finds state:russia); a name the pack does not know, the events written so
        ids = sorted({actor} | (named_entities(pack, actor) if pack is not None else set()))
        marks = ", ".join("?" * len(ids))
        where.append(f"(e.actor_id IN ({marks}) OR hw_casefold(e.actor) = ?)")
        params += [*ids, actor.casefold()]
    if action:
        where.append("e.action = ?")
        params.append(action)
    if negated is not None:
        where.append("e.negated = ?")
        params.append(int(negated))
    return where, params


def named_entities(pack: KnowledgePack, name: str) -> set[str]:
    """The ids of the pack's entities one of whose spellings *name* is, in any script or case."""
    folded = fold(name)
    return {e.id for e in pack.entities.values() if any(fold(a) == folded for a in e.all_aliases())}


def _casefold(value: str | None) -> str | None:
    return value.casefold() if value else value
