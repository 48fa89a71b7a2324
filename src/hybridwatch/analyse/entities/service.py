"""Entity linking over the store: ``link`` reads only the documents stored since the last run."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from hybridwatch.analyse._incremental import advance, new_documents, position
from hybridwatch.analyse.entities.linker import EntityLinker
from hybridwatch.analyse.entities.ner import RussianNER, load_russian_ner
from hybridwatch.knowledge.pack import KnowledgePack, load_pack
from hybridwatch.model.text import fold
from hybridwatch.store import SQLiteStore
from hybridwatch.store._sql import transaction

__all__ = ["link_entities", "entity_listing", "LinkRun", "ANALYSER"]

ANALYSER = "core.entities.gazetteer.v1"
STATE_KEY = "entities"
BATCH = 2_000


@dataclass
class LinkRun:
    """What one linking run did."""

    documents: int
    mentions: int
    pack_version: str
    seconds: float
    by_type: dict[str, int] = field(default_factory=dict)
    ner: str = ""  # which statistical NER ran for names the pack lacks, or why none did
    ner_mentions: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``entities link --json``."""
        return {"analyser": ANALYSER, **asdict(self)}


def link_entities(
    store: SQLiteStore,
    pack: KnowledgePack | None = None,
    *,
    relink: bool = False,
    use_ner: bool = True,
    upto: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> LinkRun:
    """Link the documents stored since the last run (all of them with *relink*); store the mentions.

    Russian documents also go through natasha's NER when it is installed: names the pack does
    not know are stored as ``ner:<type>:<folded name>`` with method ``ner:natasha``.
    """
    started = time.perf_counter()
    pack = pack or load_pack()
    linker = EntityLinker(pack)
    ner, ner_name = load_russian_ner() if use_ner else (None, "none: not requested")
    conn = store.conn
    after = 0 if relink else position(conn, STATE_KEY)
    fingerprint, linked_with = pack.fingerprint(), None if relink else _linked_with(conn)
    notes = [] if linked_with in (None, fingerprint) else [_changed_note(len(pack.files))]
    if relink:
        with transaction(conn):
            conn.execute("DELETE FROM mentions")
            conn.execute("DELETE FROM analysis_state WHERE analysis = ?", (STATE_KEY,))
    types = {e.id: e.type for e in pack.entities.values()}
    by_type: Counter[str] = Counter()
    documents = mentions = 0
    ner_found = 0
    # the pack the stored mentions began with stays named until a relink: an incremental run with
    # another pack (the watch step's, say) must not make the note go away
    detail = {
        "pack_version": pack.version,
        "analyser": ANALYSER,
        "pack_fingerprint": linked_with or fingerprint,
    }
    for batch, start, last in new_documents(store, "id, title, text, language", after, BATCH, upto):
        rows = list(_mentions(linker, batch, pack.version, ner))
        with transaction(conn):
            if not advance(conn, STATE_KEY, start, last, detail):
                continue  # another run stored this batch
            conn.executemany(
                "INSERT INTO mentions "
                "(document_id, entity_id, field, start, end, surface, method, pack_version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
        ner_found += sum(1 for r in rows if r[6] != "gazetteer")
        documents += len(batch)
        if progress:
            progress(len(batch))
        mentions += len(rows)
        by_type.update(types.get(r[1], "unknown name") for r in rows)
    return LinkRun(
        documents,
        mentions,
        pack.version,
        round(time.perf_counter() - started, 3),
        dict(by_type),
        ner_name,
        ner_found,
        notes,
    )


def _linked_with(conn: Any) -> str | None:
    """The fingerprint of the pack the stored mentions were made with (None before any link)."""
    row = conn.execute("SELECT detail FROM analysis_state WHERE analysis = ?", (STATE_KEY,)).fetchone()
    return json.loads(row[0]).get("pack_fingerprint") if row and row[0] else None


def _changed_note(files: int) -> str:
    """Why a relink is due: a knowledge file added later had no effect on documents linked before."""
    return (
        f"the knowledge pack ({files} files) differs from the one earlier documents were linked "
        "with: they keep their mentions; run `entities link --relink` to link them all again"
    )


def _mentions(
    linker: EntityLinker, batch: Iterable[tuple[str, str, str, str]], version: str, ner: RussianNER | None
) -> Iterable[tuple[str, str, str, int, int, str, str, str]]:
    for doc_id, title, text, language in batch:
        for name, value in (("title", title), ("text", text)):
            found = linker.link(value or "")
            for m in found:
                yield doc_id, m.entity_id, name, m.start, m.end, m.surface, m.method, version
            if ner is None or language != "ru" or not value:
                continue
            for span in ner.spans(value):
                if any(m.start < span.end and span.start < m.end for m in found):
                    continue  # the pack already named it
                key = f"ner:{span.type.lower()}:{fold(span.text)}"
                yield doc_id, key, name, span.start, span.end, span.text, "ner:natasha", version


def entity_listing(
    store: SQLiteStore | None, pack: KnowledgePack | None = None, *, kind: str | None = None
) -> list[dict[str, Any]]:
    """The pack's entities (of one type), with how often and in how many documents each is named."""
    pack = pack or load_pack()
    counts: dict[str, tuple[int, int]] = {}
    if store is not None:
        counts = {
            entity: (n, docs)
            for entity, n, docs in store.conn.execute(
                "SELECT entity_id, count(*), count(DISTINCT document_id) FROM mentions GROUP BY entity_id"
            )
        }
    chosen = [e for e in pack.entities.values() if not kind or e.type == kind]
    chosen.sort(key=lambda e: (-counts.get(e.id, (0, 0))[0], e.id))
    return [
        {
            "id": entity.id,
            "type": entity.type,
            "name": entity.name,
            "mentions": counts.get(entity.id, (0, 0))[0],
            "documents": counts.get(entity.id, (0, 0))[1],
            "aliases": entity.all_aliases(),
            "attributes": dict(entity.attributes),
            "description": entity.description,
        }
        for entity in chosen
    ]
