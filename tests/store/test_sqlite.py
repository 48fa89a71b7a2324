from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hybridwatch.errors import StoreError, StoreLocked
from hybridwatch.model.document import Document, Position, Rejected, document_id
from hybridwatch.model.text import fold
from hybridwatch.store import SQLiteStore
from hybridwatch.store.sqlite import fts_query, migrations

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def doc(
    text: str,
    *,
    title: str = "",
    source: str = "s",
    language: str = "en",
    published: datetime | None = None,
    native: str | None = None,
) -> Document:
    return Document(
        id=document_id(source, native, text, title),
        source=source,
        source_kind="jsonl",
        title=title,
        text=text,
        folded=fold(text),
        title_folded=fold(title),
        collected_at=NOW,
        native_id=native,
        published_at=published,
        language=language,
        links=["https://a.example/"],
        engagement={"likes": 1},
        raw="{}",
        flags=["x"],
        position="f:line 1",
    )


def test_wal_mode_and_migrations_recorded(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db")
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version == migrations()[-1][0] >= 1
    store.close()
    # reopening does not re-run migrations
    again = SQLiteStore(tmp_path / "s.db")
    assert again.schema_version == migrations()[-1][0]
    again.close()


def test_add_documents_round_trip_and_duplicates(store) -> None:
    d = doc("Вучић у Приштини", title="Наслов", published=datetime(2025, 3, 14, 18, tzinfo=UTC), native="n1")
    assert store.add_documents([d, doc("other")]) == 2
    assert store.add_documents([d]) == 0
    got = store.get(d.id)
    assert got == d


def test_search_across_scripts_and_filters(store) -> None:
    store.add_documents(
        [
            doc(
                "Протест у Приштини данас",
                language="sr-Cyrl",
                published=datetime(2025, 3, 1, tzinfo=UTC),
                source="a",
            ),
            doc(
                "Protest u Prištini danas",
                language="sr-Latn",
                published=datetime(2024, 3, 1, tzinfo=UTC),
                source="b",
            ),
            doc(
                "Protest in Pristina today",
                language="en",
                published=datetime(2025, 3, 1, tzinfo=UTC),
                source="a",
            ),
            doc("Unrelated weather report", language="en"),
        ]
    )
    for query in ("Приштини", "Prištini", "pristini", "PRISTINI"):
        assert len(store.search(query)) == 2, query
    assert {h.document.language for h in store.search("protest", language="sr")} == {"sr-Cyrl", "sr-Latn"}
    assert len(store.search("protest", since=datetime(2025, 1, 1, tzinfo=UTC))) == 2
    assert [h.document.source for h in store.search("protest", source="b")] == ["b"]
    hit = store.search("pristini", language="sr-Cyrl")[0]
    assert "Приштини" in hit.snippet  # snippets are in the original script


def test_title_matches_rank_higher(store) -> None:
    store.add_documents(
        [
            doc("text mentions kfor once among many other words here", title="weather"),
            doc("about other things entirely", title="KFOR patrol"),
        ]
    )
    assert store.search("kfor")[0].document.title == "KFOR patrol"


@pytest.mark.parametrize(
    "query", ['"', "AND OR NOT", "a* OR", "NEAR(", "col:x", "'; DROP TABLE documents; --", "*"]
)
def test_fts_query_syntax_is_never_injected(store, query: str) -> None:
    store.add_documents([doc("documents table drop")])
    store.search(query)  # must not raise
    assert store.count() == 1


def test_fts_query_prefix() -> None:
    assert fts_query("Митров*") == '"mitrov"*'
    assert fts_query("") == ""


def test_quarantine_and_runs(store) -> None:
    run = store.start_run("ingest", ["x.jsonl"], {})
    store.add_rejected(
        run, [Rejected.of(Position("x.jsonl", line=3, offset=40), "malformed JSON: bad", b"{bad")]
    )
    (row,) = store.quarantined()
    assert row["position"] == "x.jsonl:line 3:byte 40" and row["snippet"] == "{bad" and row["run_id"] == run


def test_locked_store_raises_store_locked(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    SQLiteStore(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        store = SQLiteStore(path, busy_timeout_ms=100)
        with pytest.raises(StoreLocked):
            store.start_run("ingest", [], {})
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        SQLiteStore(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1), st.text())
def test_documents_round_trip_any_text(store, text: str, title: str) -> None:
    from hybridwatch.ingest.normalise import clean_text

    text, title = clean_text(text, 10_000, [], "t"), clean_text(title, 1000, [], "t")
    d = doc(text or "x", title=title)
    store.add_documents([d])
    assert store.get(d.id) == d


def test_full_text_index_merges_in_large_steps(tmp_path) -> None:
    store = SQLiteStore(tmp_path / "m.db")
    config = dict(store.conn.execute("SELECT k, v FROM documents_fts_config").fetchall())
    assert (config["automerge"], config["crisismerge"]) == (16, 32)
    assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == -64 * 1024
    store.close()


def test_content_caches_keep_values_by_hash_and_key(store) -> None:
    store.embeddings.put_many([("h1", [1.0, 0.0]), ("h2", [0.0, 1.0])], "m1")
    store.embeddings.put_many([("h1", [0.5, 0.5])], "m2")  # another model's vectors stay beside
    store.embeddings.put_many([("h2", [0.6, 0.8])], "m1")  # the same hash and model: replaced
    assert store.embeddings.get_many(["h1", "h2", "h3"], "m1")["h2"].tolist() == pytest.approx([0.6, 0.8])
    assert store.embeddings.count("m1") == 2 and store.embeddings.count() == 3
    store.signals.put_many([("h1", "1\t2019\t\tnato\t\t5"), ("h2", "\t\t\t\t\t0")], "v1")
    store.signals.put_many([("h2", "\t\t\t\t\t1")], "v1")  # replaced (a damaged line mended)
    assert store.signals.get_many(["h1", "h2"], "v1") == {"h1": "1\t2019\t\tnato\t\t5", "h2": "\t\t\t\t\t1"}


def test_the_two_latest_signal_versions_are_kept(store) -> None:
    line = "\t\t\t\t\t1"
    for version in ("v1", "v2", "v1", "v2", "v1"):  # two installs sharing a store: neither undoes the other
        store.signals.put_many([(f"h-{version}", line)], version)
    assert store.signals.count("v1") == 1 and store.signals.count("v2") == 1
    store.signals.put_many([("h", line)], "v3")  # a third: the least recently written (v2) goes
    assert (
        store.signals.count("v2") == 0 and store.signals.count("v1") == 1 and store.signals.count("v3") == 1
    )
    store.signals.put_many([("h2", line)], "v3")  # writing the latest again retires nothing
    assert store.signals.count("v1") == 1 and store.signals.count("v3") == 2


def test_a_cache_write_on_a_locked_store_raises_store_locked(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "s.db", busy_timeout_ms=50)
    writer = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    with pytest.raises(StoreLocked, match="text_signals"):
        store.signals.put_many([("h", "\t\t\t\t\t1")], "v1")
    writer.execute("ROLLBACK")
    store.close()


def test_a_cache_write_gives_up_long_before_the_busy_timeout(tmp_path: Path) -> None:
    """Cache writes are best effort: they do not hold a command up for the store's 5 s timeout."""
    import time

    store = SQLiteStore(tmp_path / "s.db", busy_timeout_ms=5000)
    writer = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    started = time.perf_counter()
    with pytest.raises(StoreLocked, match="embeddings"):
        store.embeddings.put_many([("h", np.ones(4, dtype=np.float32))], "model")
    waited = time.perf_counter() - started
    assert store.embeddings.WRITE_WAIT_MS / 1000 * 0.8 <= waited < 2.0
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000  # restored for other writes
    writer.execute("ROLLBACK")
    store.embeddings.put_many([("h", np.ones(4, dtype=np.float32))], "model")  # free again: kept
    assert store.embeddings.count() == 1
    store.close()


def test_writes_in_one_transaction_land_together_or_not_at_all(store) -> None:
    """Writes that must agree (a claim marked matched, its findings stored) nest in one transaction."""
    finding = {"analyser": "a.v1", "kind": "claim_match", "subject": "c1", "object": "f1", "score": 0.9}
    with pytest.raises(RuntimeError), store.transaction():
        store.findings.add([finding])
        store.findings.replace("claim_match", "a.v1", [finding, finding])
        raise RuntimeError("crash between the writes")
    assert store.findings.count() == 0  # nothing of the block landed
    with store.transaction():
        store.findings.add([finding])
    store.findings.replace("claim_match", "a.v1", [finding, finding])
    assert store.findings.count() == 2


def test_claim_work_is_read_a_batch_at_a_time(store) -> None:
    """New documents and unmatched claims come in batches, each after the last one handed out, so
    memory stays flat and a caller stores each batch's results before it asks for the next."""
    from hybridwatch.model.factcheck import Claim

    docs = [doc(f"document number {i}", published=NOW) for i in range(5)]
    store.add_documents(docs)
    batches = store.claims.documents_without_claims(batch=2)
    first = next(batches)
    assert [len(first)] == [2]
    store.claims.add([Claim(f"c{d[0]}", d[0], 0, 4, "text", "en", 0.9, True, "t") for d in first])
    assert [len(b) for b in batches] == [2, 1]  # the two with claims are not handed out again
    claims = [Claim(f"k{i}", docs[i].id, 0, 4, f"claim {i}", "en", 0.9, i != 2, "t") for i in range(5)]
    store.claims.add(claims)
    unmatched = list(store.claims.unmatched(latest=1, batch=3))
    assert [[c.id for c in b] for b in unmatched] == [
        ["c" + first[0][0], "c" + first[1][0], "k0"],
        ["k1", "k3", "k4"],
    ]
    assert unmatched[1][0].published_at == NOW  # with its document's date


def test_claims_matched_before_the_upgrade_are_matched_again_only_after_a_later_import(
    tmp_path: Path,
) -> None:
    """Migration 9 dates each matched claim by the fact-checks imported by its match."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for version, sql in migrations():
        if version < 9:
            conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;")
    add_fc = (
        "INSERT INTO factchecks (id, collection, claim, claim_folded, title_folded, imported_at) "
        "VALUES (?, 'c', 'x', 'x', '', ?)"
    )
    conn.execute(add_fc, ("early", "2026-01-01T00:00:00+00:00"))
    conn.execute(add_fc, ("late", "2026-03-01T00:00:00+00:00"))
    add_claim = (
        "INSERT INTO claims (id, document_id, start, end, text, language, score, checkworthy, analyser, "
        "detected_at, matched_at) VALUES (?, 'd', 0, 1, 'x', 'en', 0.9, 1, 't', '2026-01-01', ?)"
    )
    conn.execute(add_claim, ("between", "2026-02-01T00:00:00+00:00"))
    conn.execute(add_claim, ("after", "2026-04-01T00:00:00+00:00"))
    conn.execute(add_claim, ("same second", "2026-03-01T00:00:00+00:00"))  # before or after? again
    conn.execute(add_claim, ("never", None))
    conn.close()
    with SQLiteStore(path) as store:
        latest = store.factchecks.latest()
        again = [c.id for batch in store.claims.unmatched(latest) for c in batch]
    assert again == ["between", "same second", "never"]  # "after" saw both fact-checks
