"""The ingest run: locations → resources → records → documents → store, counting everything."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from hybridwatch.analyse.language import LanguageIdentifier, default_identifier
from hybridwatch.errors import FetchError, InputError
from hybridwatch.ingest._base import Options, Resource, as_utf8
from hybridwatch.ingest._workers import Normalised, NormalisePool, default_workers, identifier_spec
from hybridwatch.ingest.archive import ArchiveLimits, expand, is_archive, walk_folder
from hybridwatch.ingest.fetch import fetch
from hybridwatch.ingest.normalise import Normaliser, native_document_id
from hybridwatch.ingest.registry import source_for
from hybridwatch.model.document import Document, Position, Record, Rejected
from hybridwatch.store._base import RunCounts, Store

__all__ = ["IngestReport", "ingest", "is_url"]

log = logging.getLogger(__name__)

BATCH_SIZE = 2000
BATCH_CHARS = 32 * 1024 * 1024  # text and raw held before a batch goes to normalisation


@dataclass
class IngestReport(RunCounts):
    """What one ingest run did. ``read == stored + duplicates + quarantined``."""

    flags: Counter[str] = field(default_factory=Counter)
    by_language: Counter[str] = field(default_factory=Counter)
    not_modified: list[str] = field(default_factory=list)
    skipped_files: list[str] = field(default_factory=list)
    language_identifier: str = ""
    workers: int = 0  # normalisation processes this run used (0: all in this process)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape printed by ``hybridwatch ingest --json``."""
        return {
            **self.counts(),
            "flags": dict(self.flags.most_common()),
            "by_language": dict(self.by_language.most_common()),
            "not_modified": self.not_modified,
            "skipped_files": self.skipped_files,
            "language_identifier": self.language_identifier,
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
        }


def is_url(location: str) -> bool:
    """True for http(s) URLs."""
    return location.lower().startswith(("http://", "https://"))


def _stem(name: str) -> str:
    base = PurePosixPath(name.split("!")[-1]).name
    for suffix in (
        ".gz",
        ".jsonl",
        ".ndjson",
        ".json",
        ".csv",
        ".tsv",
        ".xml",
        ".rss",
        ".atom",
        ".html",
        ".htm",
        ".txt",
        ".md",
    ):
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
    return base or name


class _Run:
    """Mutable state of one run: batches, counts, and where documents go."""

    def __init__(
        self,
        store: Store,
        report: IngestReport,
        normalise: Normaliser,
        options: Options,
        progress: Callable[[int], None] | None,
        workers: int = 0,
    ) -> None:
        self.store, self.report, self.normalise, self.options = store, report, normalise, options
        self.progress = progress
        self.pending: list[tuple[Record, str]] = []
        self.pending_chars = 0
        self.rejected: list[Rejected] = []
        # workers only when the identifier can travel to them
        self.worker_identifier = identifier_spec(normalise.identifier) if workers else None
        self.workers = workers if self.worker_identifier is not None else 0
        self.pool: NormalisePool | None = None
        self.batches = 0

    def reject(self, item: Rejected, source: str | None) -> None:
        self.report.read += 1
        self.report.quarantined += 1
        self.report.quarantine_reasons[item.reason.split(":")[0]] += 1
        self.rejected.append(dataclasses.replace(item, source=source) if item.source is None else item)
        if len(self.rejected) >= BATCH_SIZE:
            self.flush()

    def consume(self, resource: Resource, fmt: str, from_folder: bool) -> None:
        default = self.options.source or _stem(resource.name)
        try:
            resource = as_utf8(resource)
            source = source_for(resource, fmt)
        except OSError as exc:
            self.reject(Rejected.of(Position(resource.location), f"unreadable: {exc}"), default)
            return
        if source is None:
            if from_folder:
                self.report.skipped_files.append(resource.location)
            else:
                self.reject(
                    Rejected.of(Position(resource.location), "unrecognised format (use --format)"), default
                )
            return
        count = 0
        try:
            for item in source.read(resource, self.options):
                count += 1
                name = self.options.source or item.source or default
                if isinstance(item, Rejected):
                    self.reject(item, name)
                    continue
                self.pending.append((item, name))
                self.pending_chars += len(item.text) + len(item.raw)
                # by count, and by size: 1,000 records of a megabyte each held 3 GB before
                # normalisation cut them down
                if len(self.pending) >= BATCH_SIZE or self.pending_chars >= BATCH_CHARS:
                    self.flush()
        except Exception as exc:  # noqa: BLE001 - a source bug must not lose the records already read
            self.reject(
                Rejected.of(
                    Position(resource.location, index=count),
                    f"source {source.kind} failed: {type(exc).__name__}: {str(exc)[:300]}",
                ),
                default,
            )

    def flush(self) -> None:
        if self.pending:
            self._store_pending()
        if self.rejected:
            self.store.add_rejected(self.report.run_id, self.rejected)
            if self.progress:
                self.progress(len(self.rejected))
            self.rejected = []

    def _store_pending(self) -> None:
        """Normalise and store pending records; ones whose native id is stored already are skipped.

        From the second batch of a run on, normalisation goes to worker processes (when the run
        has any): a small ingest never pays for starting them.
        """
        pending, self.pending, self.pending_chars = self.pending, [], 0
        known_ids = [native_document_id(record, name) for record, name in pending]
        # a record scoped by more than its source (a Telegram channel's id) was stored under its
        # source's name before that: the old id counts too, or an old store got every message twice
        legacy = [
            native_document_id(dataclasses.replace(record, id_scope=None), name) if record.id_scope else None
            for record, name in pending
        ]
        existing = self.store.existing_ids([i for i in (*known_ids, *legacy) if i])
        fresh: list[tuple[Record, str]] = []
        for item, known, old in zip(pending, known_ids, legacy, strict=True):
            if (known is not None and known in existing) or (old is not None and old in existing):
                self.report.read += 1
                self.report.duplicates += 1
            else:
                fresh.append(item)
        if self.progress and len(fresh) < len(pending):
            self.progress(len(pending) - len(fresh))
        if not fresh:
            return
        self.batches += 1
        if self.pool is None and self.worker_identifier is not None and self.batches > 1:
            self.pool = NormalisePool(
                self.workers, self.worker_identifier, self.normalise, self._store_normalised
            )
            self.report.workers = self.workers
        if self.pool is not None:
            self.pool.submit(fresh)
        else:
            self._store_normalised([(self.normalise(record, name), name) for record, name in fresh])

    def _store_normalised(self, normalised: Normalised) -> None:
        batch: list[Document] = []
        for doc, name in normalised:
            if isinstance(doc, Rejected):
                self.reject(doc, name)
                continue
            self.report.read += 1
            batch.append(doc)
        if batch:
            stored = self.store.add_documents(batch, self.report.run_id)
            self.report.stored += stored
            self.report.duplicates += len(batch) - stored
            for doc in batch:
                self.report.by_language[doc.language] += 1
                self.report.flags.update(doc.flags)
        if self.progress:
            self.progress(len(batch))

    def finish(self) -> None:
        """Store everything still pending or in flight, and stop any workers."""
        self.flush()
        self.stop_workers()
        self.flush()

    def stop_workers(self) -> None:
        """Deliver what the workers hold, then stop them (a no-op without workers)."""
        if self.pool is not None:
            pool, self.pool = self.pool, None
            pool.close()

    def abandon_workers(self) -> None:
        """Stop any workers without storing what they hold (the run is failing anyway)."""
        if self.pool is not None:
            pool, self.pool = self.pool, None
            pool.abandon()


def _resources(
    location: str, store: Store, options: Options, report: IngestReport, limits: ArchiveLimits
) -> Iterator[tuple[Resource | Rejected, bool]]:
    """Expand one location into resources; the bool says whether it came from a folder walk."""
    if is_url(location):
        etag, modified = store.fetch_state(location)
        result = fetch(location, allow_private=options.allow_private, etag=etag, last_modified=modified)
        if result.not_modified:
            report.not_modified.append(location)
            return
        name = PurePosixPath(urlsplit(result.url).path).name or urlsplit(result.url).hostname or location
        resource = Resource.from_bytes(name, location, result.body, result.content_type)
        yield from _maybe_archive(resource, limits, False)
        store.save_fetch_state(location, result.etag, result.last_modified)
        return
    path = Path(location)
    if path.is_dir():
        for file in walk_folder(path):
            yield from _maybe_archive(_file_resource(file), limits, True)
    elif path.is_file():
        yield from _maybe_archive(_file_resource(path), limits, False)
    else:
        raise InputError(f"cannot read {location}: no such file, folder or URL")


def _file_resource(path: Path) -> Resource:
    return Resource(path.name, str(path), lambda: path.open("rb"))


def _maybe_archive(
    resource: Resource, limits: ArchiveLimits, from_folder: bool
) -> Iterator[tuple[Resource | Rejected, bool]]:
    if is_archive(resource.name):
        for inner in expand(resource, limits):
            yield inner, from_folder
    else:
        yield resource, from_folder


def ingest(
    store: Store,
    locations: list[str],
    *,
    fmt: str = "auto",
    options: Options | None = None,
    identifier: LanguageIdentifier | None = None,
    progress: Callable[[int], None] | None = None,
    limits: ArchiveLimits | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Ingest files, folders, archives and URLs into *store*.

    Bad records are quarantined and counted; only a location that cannot be read at all
    (missing path, refused URL) raises :class:`InputError`, after recording the run as failed.
    *workers* is the number of normalisation processes for large inputs (default: one per core
    beside this process's; 0: all in this process; see :mod:`hybridwatch.ingest._workers`).
    """
    options = options or Options()
    limits = limits or ArchiveLimits()
    for location in locations:
        if not is_url(location) and not Path(location).exists():
            raise InputError(f"cannot read {location}: no such file, folder or URL")
    identifier = identifier or default_identifier()
    run_options = {
        "format": fmt,
        "source": options.source,
        "mapping": options.mapping,
        "allow_private": options.allow_private,
    }
    report = IngestReport(
        run_id=store.start_run("ingest", locations, run_options), language_identifier=identifier.name
    )
    normaliser = Normaliser(identifier, datetime.now(UTC))
    run = _Run(
        store, report, normaliser, options, progress, default_workers() if workers is None else workers
    )
    started = time.perf_counter()
    try:
        for location in locations:
            for resource, from_folder in _resources(location, store, options, report, limits):
                if isinstance(resource, Rejected):
                    run.reject(resource, options.source or _stem(location))
                else:
                    run.consume(resource, fmt, from_folder)
        run.finish()
    except (InputError, FetchError) as exc:  # the input stops: what was read is kept
        _record_failure(store, report, started, str(exc), keep=run.finish)
        raise
    except Exception as exc:  # a fault of ours: the run must not stay "running"
        _record_failure(store, report, started, f"{type(exc).__name__}: {str(exc)[:300]}")
        raise
    finally:
        run.abandon_workers()  # only an unexpected error leaves any: they must not outlive the run
    _finish(store, report, started, "completed", None)
    return report


def _record_failure(
    store: Store, report: IngestReport, started: float, error: str, keep: Callable[[], None] | None = None
) -> None:
    """Store what was read (*keep*) and mark the run failed.

    If the store itself fails here, the error that stopped the run is still the one raised (this
    one is logged).
    """
    try:
        if keep is not None:
            keep()
        _finish(store, report, started, "failed", error)
    except Exception:  # noqa: BLE001 - the store may be what failed
        log.exception("could not record the failed run")


def _finish(store: Store, report: IngestReport, started: float, status: str, error: str | None) -> None:
    report.seconds = time.perf_counter() - started
    store.finish_run(
        report.run_id, report, status=status, language_identifier=report.language_identifier, error=error
    )
