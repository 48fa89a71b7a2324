"""Campaign analyses run over the store, with their results stored as findings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hybridwatch.analyse.campaigns.duplicates import (
    ANALYSER,
    DuplicateCluster,
    DuplicateParams,
    Post,
    find_duplicates,
)
from hybridwatch.store import SQLiteStore

__all__ = ["detect_duplicates", "DuplicateRun", "DUPLICATE_KIND"]

DUPLICATE_KIND = "duplicate_cluster"


@dataclass
class DuplicateRun:
    """One clustering of the store: the clusters, how many documents it read, what it left out."""

    clusters: list[DuplicateCluster]
    documents: int
    skipped: Counter[str] = field(default_factory=Counter)

    def as_dict(self, limit: int | None = None) -> dict[str, Any]:
        """The JSON shape of ``campaigns duplicates --json``."""
        return {
            "analyser": ANALYSER,
            "documents": self.documents,
            "skipped": dict(self.skipped),
            "n_clusters": len(self.clusters),
            "clustered_documents": sum(len(c.members) for c in self.clusters),
            "clusters": [c.as_dict() for c in self.clusters[:limit]],
        }


def detect_duplicates(store: SQLiteStore, params: DuplicateParams | None = None) -> DuplicateRun:
    """Cluster every stored document's folded text; store the clusters (replacing the last run's)."""
    params = params or DuplicateParams()
    posts = [
        Post(b.id, b.folded, b.source, b.author, b.published_at, b.native_id) for b in store.iter_briefs()
    ]
    skipped: Counter[str] = Counter()
    clusters = find_duplicates(posts, params, skipped)
    store.findings.replace(
        DUPLICATE_KIND,
        ANALYSER,
        (
            {
                "analyser": ANALYSER,
                "kind": DUPLICATE_KIND,
                "subject": c.id,
                "object": c.first.id,
                "score": float(len(c.members)),
                "payload": {**c.as_dict(), "params": vars(params)},
            }
            for c in clusters
        ),
    )
    return DuplicateRun(clusters, len(posts), skipped)
