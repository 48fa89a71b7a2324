"""Evaluating watch rules: incrementally over new documents, and over stored campaign findings.

Each rule remembers how far it has read the documents (``watch_rules.last_seq``), so a rule
added today is first run over everything stored, then only over what arrives. Documents are
linked to entities and their events extracted first (both incremental), and read in batches.
A batch's alerts, matches and the rule's new position are written in one transaction, so a
failure loses nothing and repeats nothing; a rule that fails is reported and the others run.
Alerts are keyed (a document, a burst, a surge day, a network and account), so a re-run never
repeats one.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from hybridwatch.analyse._incremental import new_documents
from hybridwatch.analyse.entities.service import link_entities
from hybridwatch.analyse.events.service import extract_events
from hybridwatch.errors import InputError
from hybridwatch.knowledge.pack import KnowledgePack, load_pack
from hybridwatch.model.dates import plausible_time
from hybridwatch.store import SQLiteStore
from hybridwatch.store._sql import now_iso, select_in, transaction
from hybridwatch.watch.rules import Rule, parse_rule, unknown_references

__all__ = ["add_rule", "list_rules", "remove_rule", "evaluate_rules", "read_alerts", "Alert", "WatchRun"]

MAX_EVIDENCE = 50
BATCH = 2_000
DOCUMENT_COLUMNS = "id, source, author, language, title_folded, folded, published_at, title, text"


@dataclass
class Alert:
    """One alert: the rule, what makes it unique, and the evidence."""

    rule_id: str
    key: str
    severity: str
    title: str
    evidence: dict[str, Any]
    fired_at: str = ""
    id: int = 0
    delivery: dict[str, str] = field(default_factory=dict)
    read: bool = False  # marked read in the inbox (alerts list --mark-read)

    @property
    def happened_at(self) -> str | None:
        """When what the alert is about happened (not when the rule ran, which may be long after)."""
        evidence = self.evidence
        for key in ("published_at", "until", "day", "last_share"):
            if evidence.get(key):
                return str(evidence[key])
        shares = [  # a coordination alert stored before it named its network's last share
            str(t) for pair in evidence.get("evidence") or [] if isinstance(pair, dict)
            for t in (pair.get("t_a"), pair.get("t_b")) if t
        ]  # fmt: skip
        return max(shares, default=None)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of an alert (``alerts list --json``, webhook bodies)."""
        return {
            "id": self.id,
            "rule_id": self.rule_id,
            "key": self.key,
            "severity": self.severity,
            "title": self.title,
            "happened_at": self.happened_at,
            "fired_at": self.fired_at,
            "evidence": self.evidence,
            "delivery": self.delivery,
            "read": self.read,
        }


@dataclass
class WatchRun:
    """What one evaluation did."""

    rules: int
    documents: int
    alerts: list[Alert]
    errors: dict[str, str] = field(default_factory=dict)  # rule id -> what went wrong

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``watch run --json``."""
        return {
            "rules": self.rules,
            "documents": self.documents,
            "new_alerts": [a.as_dict() for a in self.alerts],
            "errors": self.errors,
        }


def add_rule(store: SQLiteStore, rule: Rule, pack: KnowledgePack | None = None) -> bool:
    """Store *rule* (replacing one with its id, which is then evaluated from the start); True if new.

    A rule naming an entity or narrative the knowledge pack lacks is refused: it would never fire.
    """
    pack = pack or load_pack()
    problems = unknown_references(rule.when, pack.entities, pack.narratives)
    if problems:
        raise InputError(
            f"rule {rule.id}: " + "; ".join(problems), problems=[f"rule {rule.id}: {p}" for p in problems]
        )
    with transaction(store.conn):
        existed = store.conn.execute("SELECT 1 FROM watch_rules WHERE id = ?", (rule.id,)).fetchone()
        store.conn.execute("DELETE FROM watch_matches WHERE rule_id = ?", (rule.id,))
        store.conn.execute(
            "INSERT OR REPLACE INTO watch_rules (id, name, rule, last_seq, added_at) VALUES (?, ?, ?, 0, ?)",
            (rule.id, rule.name, json.dumps(rule.source, ensure_ascii=False, default=str), now_iso()),
        )
    return existed is None


def remove_rule(store: SQLiteStore, rule_id: str) -> bool:
    """Delete a rule (its alerts stay in the inbox); True if it existed."""
    with transaction(store.conn):
        gone = store.conn.execute("DELETE FROM watch_rules WHERE id = ?", (rule_id,)).rowcount
        store.conn.execute("DELETE FROM watch_matches WHERE rule_id = ?", (rule_id,))
    return bool(gone)


def list_rules(store: SQLiteStore) -> list[tuple[Rule, int]]:
    """Every stored rule with how far it has read."""
    out = []
    for text, last in store.conn.execute("SELECT rule, last_seq FROM watch_rules ORDER BY id"):
        try:
            out.append((parse_rule(json.loads(text), "stored rule"), int(last)))
        except InputError:
            continue  # a rule this version no longer accepts: evaluate_rules reports it
    return out


def evaluate_rules(store: SQLiteStore, pack: KnowledgePack | None = None) -> WatchRun:
    """Run every rule over what it has not seen; store new alerts (deduplicated) and return them."""
    stored = store.conn.execute("SELECT id, rule, last_seq FROM watch_rules ORDER BY id").fetchall()
    if not stored:
        return WatchRun(0, 0, [])
    pack = pack or load_pack()
    upto = store.last_seq()  # one end for linking, extraction and every rule: nothing read half-done
    link_entities(store, pack, upto=upto)
    extract_events(store, pack, upto=upto)
    run = WatchRun(len(stored), 0, [])
    for rule_id, text, last in stored:
        try:
            rule = parse_rule(json.loads(text), "stored rule")
            if rule.kind in ("document", "threshold"):
                documents = 0
                for batch, _, seq in new_documents(store, DOCUMENT_COLUMNS, int(last), BATCH, upto):
                    docs = _enrich(store, batch)
                    documents += len(docs)
                    with transaction(store.conn):
                        alerts = _document_alerts(store, rule, [d for d in docs if _matches(rule, d, pack)])
                        fired = _store_alerts(store, alerts)
                        store.conn.execute("UPDATE watch_rules SET last_seq = ? WHERE id = ?", (seq, rule.id))
                    run.alerts += fired  # only once committed
                run.documents = max(run.documents, documents)
            else:
                found = (
                    _surge_alerts(store, rule) if rule.kind == "surge" else _coordination_alerts(store, rule)
                )
                with transaction(store.conn):
                    fired = _store_alerts(store, found)
                run.alerts += fired
        except Exception as exc:  # one broken rule must stop neither the others nor an ingest
            run.errors[rule_id] = f"{type(exc).__name__}: {exc}"
    return run


def _enrich(store: SQLiteStore, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Documents with what rules ask of them: entities named, events (not negated), claim tiers."""
    docs: list[dict[str, Any]] = [
        {
            "id": r[0], "source": r[1], "author": r[2], "language": r[3], "folded": f" {r[4]} {r[5]} ",
            "published_at": r[6], "title": r[7], "text": r[8],
            "entities": set(), "events": set(), "event_parties": set(), "tiers": set(),
        }
        for r in rows
    ]  # fmt: skip
    by_id = {d["id"]: d for d in docs}
    ids = list(by_id)
    for doc, entity in select_in(
        store.conn, "SELECT document_id, entity_id FROM mentions WHERE document_id IN ({marks})", ids
    ):
        by_id[doc]["entities"].add(entity)
    for doc, action, *parties in select_in(
        store.conn,
        "SELECT document_id, action, actor_id, target_id, object_id, place_id FROM events "
        "WHERE negated = 0 AND document_id IN ({marks})",
        ids,
    ):
        by_id[doc]["events"].add(action)
        by_id[doc]["event_parties"].update((action, p) for p in parties if p)
    for doc, tier in select_in(
        store.conn,
        "SELECT c.document_id, f.tier FROM findings f JOIN claims c ON c.id = f.subject "
        "WHERE f.kind = 'claim_match' AND f.tier IS NOT NULL AND c.document_id IN ({marks})",
        ids,
    ):
        by_id[doc]["tiers"].add(tier)
    return docs


def _matches(rule: Rule, doc: dict[str, Any], pack: KnowledgePack) -> bool:
    when = rule.when
    checks: dict[str, Callable[[tuple[str, ...]], bool]] = {
        "all_entities": lambda v: set(v) <= doc["entities"],
        "any_entities": lambda v: bool(set(v) & doc["entities"]),
        "keywords": lambda v: any(f" {k}" in doc["folded"] for k in v),
        "languages": lambda v: doc["language"] in v or doc["language"].partition("-")[0] in v,
        "sources": lambda v: doc["source"] in v,
        "authors": lambda v: (doc["author"] or "") in v,
        "event_types": lambda v: bool(set(v) & doc["events"]),
        "event_entities": lambda v: any(
            p in v and (a in when["event_types"] if "event_types" in when else True)
            for a, p in doc["event_parties"]
        ),
        "claim_tiers": lambda v: bool(set(v) & doc["tiers"]),
        "narratives": lambda v: any(
            f" {k}" in doc["folded"] for n in v if n in pack.narratives for k in pack.narratives[n].keywords
        ),
    }
    return all(checks[key](values) for key, values in when.items())


def _document_alerts(store: SQLiteStore, rule: Rule, matched: list[dict[str, Any]]) -> list[Alert]:
    """Alerts for one batch's matching documents (runs inside the caller's transaction)."""
    if rule.kind == "document":
        return [
            Alert(
                rule.id,
                f"doc:{d['id']}",
                rule.severity,
                f"{rule.name}: {(d['title'] or d['text'] or '')[:120]}",
                {"documents": [d["id"]], "published_at": d["published_at"], "source": d["source"]},
            )
            for d in matched
        ]
    store.conn.executemany(
        "INSERT OR IGNORE INTO watch_matches (rule_id, document_id, published_at) VALUES (?, ?, ?)",
        ((rule.id, d["id"], d["published_at"]) for d in matched),
    )
    window = rule.window_seconds
    (added,) = store.conn.execute("SELECT added_at FROM watch_rules WHERE id = ?", (rule.id,)).fetchone()
    # this definition's earlier bursts, whenever their documents arrived: (time, stored id, evidence)
    bursts = _Bursts(
        window,
        [
            (t, alert_id, evidence)
            for alert_id, raw in store.conn.execute(
                "SELECT id, evidence FROM alerts WHERE rule_id = ? AND fired_at >= ?", (rule.id, added)
            )
            if (t := plausible_time((evidence := json.loads(raw)).get("until"))) is not None
        ],
    )
    grown: dict[int, dict[str, Any]] = {}  # stored bursts that gained documents in this batch
    alerts = []
    for d in sorted(matched, key=lambda d: d["published_at"] or ""):
        when = plausible_time(d["published_at"])
        if when is None:
            continue  # undated, or dated in year 1: no window to count it in
        near = bursts.near(when)
        if near:  # the same burst (late or out-of-order documents included): one alert, which grows
            _, alert_id, evidence = min(near, key=lambda b: abs((when - b[0]).total_seconds()))
            if d["id"] not in evidence["documents"]:
                evidence["documents"] = [*evidence["documents"], d["id"]][-MAX_EVIDENCE:]
                evidence["count"] = int(evidence.get("count", 0)) + 1
                evidence["last"] = max(evidence.get("last") or "", d["published_at"])
                if alert_id is not None:
                    grown[alert_id] = evidence
            continue
        ids = [
            doc_id
            for doc_id, published in store.conn.execute(
                "SELECT document_id, published_at FROM watch_matches "
                "WHERE rule_id = ? AND published_at > ? AND published_at <= ? ORDER BY published_at",
                (rule.id, (when - timedelta(seconds=window)).isoformat(), d["published_at"]),
            )
            if not bursts.near(plausible_time(published))  # counted by an earlier one
        ]
        if len(ids) > rule.threshold_count:
            evidence = {
                "documents": ids[-MAX_EVIDENCE:],
                "count": len(ids),
                "until": d["published_at"],
                "last": d["published_at"],
            }
            bursts.add((when, None, evidence))
            alerts.append(Alert(rule.id, f"window:{d['published_at']}", rule.severity, "", evidence))
    for alert in alerts:  # titled once the batch is read: a burst's later documents count too
        alert.title = _burst_title(rule, alert.evidence)
    store.conn.executemany(
        "UPDATE alerts SET evidence = ?, title = ? WHERE id = ?",
        (
            (json.dumps(ev, ensure_ascii=False), _burst_title(rule, ev), alert_id)
            for alert_id, ev in grown.items()
        ),
    )
    return alerts


class _Bursts:
    """A rule's bursts by time: those a document falls within a window of, found by bisection.

    A long-running threshold rule holds thousands; each matching document asks.
    """

    def __init__(self, window: int, bursts: list[tuple[datetime, int | None, dict[str, Any]]]) -> None:
        self.window = window
        self.items = sorted(bursts, key=lambda b: b[0])
        self.times = [b[0].timestamp() for b in self.items]

    def near(self, when: datetime | None) -> list[tuple[datetime, int | None, dict[str, Any]]]:
        """The bursts *when* lies within a window of (none for an undated document)."""
        if when is None:
            return []
        t = when.timestamp()
        lo = bisect.bisect_right(self.times, t - self.window)
        hi = bisect.bisect_left(self.times, t + self.window)
        return self.items[lo:hi]

    def add(self, burst: tuple[datetime, int | None, dict[str, Any]]) -> None:
        at = bisect.bisect_right(self.times, burst[0].timestamp())
        self.times.insert(at, burst[0].timestamp())
        self.items.insert(at, burst)


def _burst_title(rule: Rule, evidence: Mapping[str, Any]) -> str:
    """What a threshold alert says: how many documents its burst holds, and the rule it crossed."""
    return (
        f"{rule.name}: {evidence['count']} documents in a burst "
        f"(more than {rule.threshold_count} within {_duration(rule.window_seconds)})"
    )


def _duration(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


STEM_LETTERS = 4


def _names(words: tuple[str, ...], label_word: str) -> bool:
    """A label word is one of *words*, or an inflection of one of 4 letters or more.

    "kosov" names "kosovu"; so does "kosovo" (a word of five letters or more names the words that
    differ from it in its last letter only: "kosovo" never fired on labels that hold "kosovu" and
    "kosova"). Every word was a prefix once: "a" named every label with a word starting with a.
    """
    return any(
        label_word == w
        or len(w) >= STEM_LETTERS
        and label_word.startswith(w)
        or len(w) > STEM_LETTERS
        and label_word.startswith(w[:-1])
        and len(label_word) <= len(w) + 1
        for w in words
    )


def _surge_alerts(store: SQLiteStore, rule: Rule) -> list[Alert]:
    labels = {
        nid: json.loads(label)
        for nid, label in store.conn.execute("SELECT id, label FROM narratives WHERE status = 'active'")
    }
    out = []
    for f in store.findings.of_kind("narrative_surge"):
        words = labels.get(f["subject"])
        if words is None or not any(_names(rule.surge_words, w) for w in words):
            continue  # merged away (its members moved on), or another story
        label = " ".join(words)
        p = f["payload"]
        members = [
            r[0]
            for r in store.conn.execute(
                "SELECT document_id FROM narrative_members WHERE narrative_id = ? AND day = ? LIMIT ?",
                (f["subject"], p["day"], MAX_EVIDENCE),
            )
        ]
        out.append(
            Alert(
                rule.id,
                f"surge:{f['subject']}:{p['day']}",
                rule.severity,
                f"{rule.name}: narrative '{label}' surged on {p['day']} ({p['factor']}x its baseline)",
                {"narrative": f["subject"], "label": label, **p, "documents": members},
            )
        )
    return out


def _coordination_alerts(store: SQLiteStore, rule: Rule) -> list[Alert]:
    out = []
    for f in store.findings.of_kind("coordination_network"):
        network = f["payload"]
        for account in sorted(set(rule.accounts) & set(network.get("accounts", []))):
            out.append(
                Alert(
                    rule.id,
                    f"network:{f['subject']}:{account}",
                    rule.severity,
                    f"{rule.name}: {account} is in a coordinated network of {network['size']} accounts",
                    {
                        "network": f["subject"],
                        "account": account,
                        "last_share": network.get("last_share"),  # when it happened, for briefs
                        "accounts": network["accounts"],
                        "objects": network.get("objects", [])[:MAX_EVIDENCE],
                        "evidence": network.get("evidence", [])[:10],
                    },
                )
            )
    return out


def _store_alerts(store: SQLiteStore, alerts: Iterable[Alert]) -> list[Alert]:
    """Insert the alerts not seen before (inside the caller's transaction); return those."""
    new = []
    now = now_iso()
    for alert in alerts:
        cursor = store.conn.execute(
            "INSERT OR IGNORE INTO alerts (rule_id, key, fired_at, severity, title, evidence) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                alert.rule_id,
                alert.key,
                now,
                alert.severity,
                alert.title,
                json.dumps(alert.evidence, ensure_ascii=False),
            ),
        )
        if cursor.rowcount:
            alert.id, alert.fired_at = int(cursor.lastrowid or 0), now
            new.append(alert)
    return new


def read_alerts(store: SQLiteStore, *, unread: bool = False, limit: int | None = None) -> list[Alert]:
    """The inbox, newest first."""
    sql = "SELECT id, rule_id, key, fired_at, severity, title, evidence, delivery, read FROM alerts"
    if unread:
        sql += " WHERE read = 0"
    sql += " ORDER BY id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for id_, rule_id, key, fired, severity, title, evidence, delivery, read in store.conn.execute(sql):
        out.append(
            Alert(
                rule_id,
                key,
                severity,
                title,
                json.loads(evidence),
                fired,
                id_,
                json.loads(delivery),
                read=read == 1,
            )
        )
    return out


def count_alerts(store: SQLiteStore, *, unread: bool = False) -> int:
    """How many alerts the inbox holds (unread ones only with *unread*)."""
    sql = "SELECT count(*) FROM alerts" + (" WHERE read = 0" if unread else "")
    return int(store.conn.execute(sql).fetchone()[0])
