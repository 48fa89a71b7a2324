"""Campaign analyses run over the store, with their results stored as findings."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hybridwatch.analyse.campaigns import coordination
from hybridwatch.analyse.campaigns.coordination import (
    CoordinationParams,
    CoordinationResult,
    Share,
    find_networks,
)
from hybridwatch.analyse.campaigns.duplicates import (
    ANALYSER,
    DuplicateCluster,
    DuplicateParams,
    Post,
    find_duplicates,
)
from hybridwatch.model.dates import plausible_time
from hybridwatch.store import SQLiteStore
from hybridwatch.store._sql import select_in

__all__ = ["detect_duplicates", "detect_coordination", "DuplicateRun", "DUPLICATE_KIND", "NETWORK_KIND"]

DUPLICATE_KIND = "duplicate_cluster"
NETWORK_KIND = "coordination_network"
OBJECT_KINDS = ("url", "text", "forward")


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
    posts = [Post.of(b) for b in store.iter_briefs()]
    skipped: Counter[str] = Counter()
    clusters = find_duplicates(posts, params, skipped)
    _add_originals(store, clusters)
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


def _add_originals(store: SQLiteStore, clusters: list[DuplicateCluster]) -> None:
    """The members' words as posted: people read the evidence, in the wording it was compared without."""
    ids = [m.id for c in clusters for m in c.members]
    sql = (
        "SELECT id, substr(CASE WHEN title != '' THEN title || ' ' || text ELSE text END, 1, 280) "
        "FROM documents WHERE id IN ({marks})"
    )
    originals = dict(select_in(store.conn, sql, ids))
    for cluster in clusters:
        cluster.originals = {m.id: originals[m.id] for m in cluster.members if m.id in originals}


def shares_of(store: SQLiteStore, by: str, duplicates: DuplicateParams | None = None) -> list[Share]:
    """What each document shares.

    Its canonical links (``url``), its near-duplicate cluster (``text``) or the message it
    forwards (``forward``: the channel it names and the message's folded text, since exports
    name the channel but not the original message; a forward without text has no object).
    """
    if by not in OBJECT_KINDS:
        raise ValueError(f"unknown object kind {by!r}: use one of {', '.join(OBJECT_KINDS)}")
    briefs = list(store.iter_briefs())
    nan = float("nan")

    def when(b: Any) -> float:  # year 1 is no time; ahead of the clock is counted apart, as clock skew
        moment = plausible_time(b.published_at, ahead=True) if b.timed else None  # a day is no time
        return moment.timestamp() if moment else nan

    if by == "url":
        return [Share(b.author or "", link, when(b), b.id) for b in briefs for link in b.links]
    if by == "forward":
        return [
            Share(b.author or "", _forwarded_message(b.shared_from, b.folded), when(b), b.id)
            for b in briefs
            if b.shared_from
        ]
    posts = [Post.of(b) for b in briefs]
    cluster_of = {m.id: c.id for c in find_duplicates(posts, duplicates) for m in c.members}
    return [Share(b.author or "", cluster_of[b.id], when(b), b.id) for b in briefs if b.id in cluster_of]


def _forwarded_message(channel: str, folded: str) -> str:
    if not folded.strip():
        return ""
    return f"{channel}#" + hashlib.blake2b(folded.encode(), digest_size=8).hexdigest()


def detect_coordination(
    store: SQLiteStore, by: str = "url", params: CoordinationParams | None = None
) -> CoordinationResult:
    """Coordinated sharing networks over the store; stored as findings (replacing the last run's for *by*)."""
    params = params or CoordinationParams()
    result = find_networks(shares_of(store, by), params)
    analyser = result.analyser = f"{coordination.ANALYSER}.{by}"  # as stored, as printed
    store.findings.replace(
        NETWORK_KIND,
        analyser,
        (
            {
                "analyser": analyser,
                "kind": NETWORK_KIND,
                "subject": n.id,
                "score": float(len(n.accounts)),
                "payload": {**n.as_dict(), "by": by, "window_seconds": result.window, "params": vars(params)},
            }
            for n in result.networks
        ),
    )
    return result
