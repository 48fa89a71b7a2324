"""The Store contract. Backends differ inside (SQLite now, PostgreSQL later), not at call sites."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from hybridwatch.model.document import Brief, Document, Rejected

__all__ = ["Store", "SearchHit", "RunCounts"]


@dataclass(frozen=True)
class SearchHit:
    """One search result: the document, its rank score and a snippet in the original script."""

    document: Document
    score: float
    snippet: str


@dataclass
class RunCounts:
    """The counts of one ingest run; ``read == stored + duplicates + quarantined`` always."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    quarantined: int = 0
    run_id: int = 0
    quarantine_reasons: Counter[str] = field(default_factory=Counter)

    def counts(self) -> dict[str, Any]:
        """The shared part of every run's JSON report."""
        return {
            "run_id": self.run_id,
            "read": self.read,
            "stored": self.stored,
            "duplicates": self.duplicates,
            "quarantined": self.quarantined,
            "quarantine_reasons": dict(self.quarantine_reasons.most_common()),
        }


class Store(Protocol):
    """Where documents, runs and quarantined records live."""

    def add_documents(self, documents: list[Document], run_id: int | None = None) -> int:
        """Insert documents whose id is new; return how many were stored (the rest are duplicates)."""
        ...

    def add_rejected(self, run_id: int, rejected: Iterable[Rejected]) -> int:
        """Quarantine rejected records; return how many."""
        ...

    def start_run(self, command: str, locations: list[str], options: dict[str, Any]) -> int:
        """Record the start of a run and return its id."""
        ...

    def finish_run(
        self,
        run_id: int,
        counts: RunCounts,
        *,
        status: str,
        language_identifier: str | None = None,
        error: str | None = None,
    ) -> None:
        """Record the end of a run with its counts."""
        ...

    def existing_ids(self, ids: list[str]) -> set[str]:
        """Which of *ids* are stored already."""
        ...

    def get(self, document_id: str) -> Document | None:
        """One document by id."""
        ...

    def search(
        self,
        query: str,
        *,
        language: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        source: str | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """Full-text search over folded title and text, best first, published in [since, until]."""
        ...

    def iter_documents(self, *, since: datetime | None = None) -> Iterator[Document]:
        """All documents (published at or after *since*), oldest first."""
        ...

    def iter_briefs(self, *, since: datetime | None = None) -> Iterator[Brief]:
        """The light view of the same documents that campaign analysis reads."""
        ...

    def stats(self) -> dict[str, Any]:
        """Counts by source, kind, language, flags; runs; quarantine reasons."""
        ...

    def quarantined(self, *, run_id: int | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Quarantined records, newest first; InputError for a run that never happened."""
        ...

    def fetch_state(self, url: str) -> tuple[str | None, str | None]:
        """The (ETag, Last-Modified) validators saved for *url*."""
        ...

    def save_fetch_state(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Remember validators for the next conditional GET of *url*."""
        ...

    def close(self) -> None:
        """Release the connection."""
        ...
