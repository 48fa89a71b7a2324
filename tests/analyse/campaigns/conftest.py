"""A store holding the default synthetic stream, ingested once per test session."""

from __future__ import annotations

import json

import pytest

from hybridwatch.analyse.language import LexicalIdentifier
from hybridwatch.eval.streams import generate_stream
from hybridwatch.ingest import ingest
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
