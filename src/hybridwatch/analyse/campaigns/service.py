"""Campaign analyses run over the store, with their results stored as findings."""

from __future__ import annotations

from hybridwatch.analyse.campaigns.duplicates import (
    ANALYSER,
    DuplicateCluster,
    DuplicateParams,
    Post,
    find_duplicates,
)
from hybridwatch.store import SQLiteStore

__all__ = ["detect_duplicates", "DUPLICATE_KIND"]

DUPLICATE_KIND = "duplicate_cluster"


def detect_duplicates(store: SQLiteStore, params: DuplicateParams | None = None) -> list[DuplicateCluster]:
    """Cluster every stored document's folded text; store the clusters (replacing the last run's)."""
    params = params or DuplicateParams()
    posts = [
        Post(b.id, b.folded, b.source, b.author, b.published_at, b.native_id) for b in store.iter_briefs()
    ]
    clusters = find_duplicates(posts, params)
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
    return clusters
