"""A store holding the default synthetic stream, ingested once per test session."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from hybridwatch.analyse.language import LexicalIdentifier
from hybridwatch.eval.streams import generate_stream
from hybridwatch.ingest import ingest
from hybridwatch.model.document import Document, document_id
from hybridwatch.model.text import fold
from hybridwatch.store import SQLiteStore


@pytest.fixture(scope="session")
def stream_store(tmp_path_factory):
    stream = generate_stream()
    folder = tmp_path_factory.mktemp("stream")
    path = folder / "stream.jsonl"
    path.write_text(
        "\n".join(json.dumps(p, ensure_ascii=False) for p in stream.posts) + "\n", encoding="utf-8"
    )
    store = SQLiteStore(folder / "s.db")
    report = ingest(store, [str(path)], identifier=LexicalIdentifier(), options=None, workers=0)
    assert report.stored == len(stream.posts)
    yield store, stream
    store.close()


def post_document(
    native_id: str, text: str, published_at: datetime | None, author: str | None = None
) -> Document:
    """A Serbian post of source "t", as a store holds it (for tests that store documents directly)."""
    return Document(
        id=document_id("t", native_id),
        source="t",
        source_kind="text",
        title="",
        text=text,
        folded=fold(text),
        title_folded="",
        collected_at=published_at or datetime(2025, 1, 1),
        native_id=native_id,
        author=author,
        published_at=published_at,
        language="sr-Latn",
    )
