"""Normalisation in worker processes: the same documents as in-process, and no loss when a worker dies."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any

import pytest

from hybridwatch.analyse.language import LexicalIdentifier, default_identifier
from hybridwatch.demo import sample_locations
from hybridwatch.ingest import ingest, pipeline
from hybridwatch.ingest._workers import identifier_spec
from hybridwatch.store import SQLiteStore


class DyingIdentifier(LexicalIdentifier):
    """Kills any worker process that uses it; identifies normally in the main process."""

    name = "dying"

    def identify(self, text: str, hint: str | None = None) -> str:
        if multiprocessing.parent_process() is not None:
            os._exit(3)
        return super().identify(text, hint)


class Unpicklable(LexicalIdentifier):
    name = "unpicklable"

    def __init__(self) -> None:
        self.handle = open(os.devnull)  # noqa: SIM115 - a file object cannot be pickled


def _snapshot(store: SQLiteStore) -> dict[str, tuple[Any, ...]]:
    return {
        d.id: (d.language, d.folded, d.title_folded, tuple(d.links), tuple(d.flags), d.published_at, d.raw)
        for d in store.iter_documents()
    }


def _ingest(db: Path, locations: list[str], **kwargs: Any) -> tuple[pipeline.IngestReport, SQLiteStore]:
    store = SQLiteStore(db)
    return ingest(store, locations, **kwargs), store


@pytest.mark.slow
def test_workers_store_exactly_what_one_process_stores(
    tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 25)  # many batches from a small sample
    locations = sample_locations(sample_dir)
    alone, one_store = _ingest(tmp_path / "one.db", locations, identifier=LexicalIdentifier(), workers=0)
    pooled, pool_store = _ingest(tmp_path / "pool.db", locations, identifier=LexicalIdentifier(), workers=2)
    assert alone.workers == 0 and pooled.workers == 2
    assert pooled.counts() == alone.counts()
    assert pooled.read == pooled.stored + pooled.duplicates + pooled.quarantined
    assert pooled.by_language == alone.by_language and pooled.flags == alone.flags
    assert _snapshot(pool_store) == _snapshot(one_store)
    assert (
        len(pool_store.quarantined(limit=1000)) == len(one_store.quarantined(limit=1000)) == alone.quarantined
    )


@pytest.mark.slow
def test_a_dying_worker_costs_speed_not_records(
    tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 25)
    locations = sample_locations(sample_dir)
    baseline, base_store = _ingest(tmp_path / "base.db", locations, identifier=LexicalIdentifier(), workers=0)
    report, store = _ingest(tmp_path / "dying.db", locations, identifier=DyingIdentifier(), workers=2)
    assert report.counts() == baseline.counts()
    assert _snapshot(store) == _snapshot(base_store)
    assert "normalisation workers failed" in caplog.text


def test_an_identifier_that_cannot_travel_keeps_the_run_in_process(
    tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "BATCH_SIZE", 25)
    identifier = Unpicklable()
    assert identifier_spec(identifier) is None
    assert identifier_spec(default_identifier()) is not None  # the bundled model travels (reloaded)
    report, store = _ingest(tmp_path / "x.db", sample_locations(sample_dir), identifier=identifier, workers=2)
    identifier.handle.close()
    assert report.workers == 0 and report.stored > 300


def test_a_small_ingest_starts_no_workers(tmp_path: Path, sample_dir: Path) -> None:
    report, _ = _ingest(
        tmp_path / "s.db", sample_locations(sample_dir), identifier=LexicalIdentifier(), workers=2
    )
    assert report.workers == 0  # fewer records than one batch: starting processes would cost more
