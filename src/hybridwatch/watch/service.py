"""One watch pass: evaluate every rule over what is new, then deliver the new alerts."""

from __future__ import annotations

from hybridwatch.knowledge.pack import KnowledgePack
from hybridwatch.store import SQLiteStore
from hybridwatch.watch.deliver import deliver
from hybridwatch.watch.evaluate import WatchRun, evaluate_rules, list_rules

__all__ = ["run_watch", "has_rules"]


def has_rules(store: SQLiteStore) -> bool:
    """True when at least one watch rule is stored (ingest then runs a watch pass)."""
    return store.conn.execute("SELECT 1 FROM watch_rules LIMIT 1").fetchone() is not None


def run_watch(store: SQLiteStore, pack: KnowledgePack | None = None) -> WatchRun:
    """Evaluate the rules incrementally and deliver what fired."""
    run = evaluate_rules(store, pack)
    deliver(store, run.alerts, {rule.id: rule for rule, _ in list_rules(store)})
    return run
