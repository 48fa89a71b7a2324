"""The weekly brief: what surged, what known claims came back, campaigns, events and alerts.

The period ends at the newest document published up to now (so a brief over an archive reads
as of its last day, and over a live store as of today) and reaches back ``days``. Every number
comes from the store's findings; the brief only selects and orders them for a person to read.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from hybridwatch import __version__
from hybridwatch.analyse.claims.service import claim_matches
from hybridwatch.analyse.events.service import list_events
from hybridwatch.analyse.narratives.known import known_narrative
from hybridwatch.errors import InputError
from hybridwatch.knowledge.pack import KnowledgePack, load_pack
from hybridwatch.store import SQLiteStore
from hybridwatch.store._sql import now_iso
from hybridwatch.watch.evaluate import read_alerts

__all__ = ["weekly_brief", "write_brief"]


def _period_end(store: SQLiteStore, until: datetime | None) -> datetime:
    if until:
        return until
    now = datetime.now(UTC)
    (newest,) = store.conn.execute(
        "SELECT max(published_at) FROM documents WHERE published_at <= ?", (now.isoformat(),)
    ).fetchone()
    return datetime.fromisoformat(newest) if newest else now


def _before(moment: datetime, days: float) -> datetime:
    """*days* before *moment*, or the first moment there is when that is before it ("since 0001")."""
    try:
        return moment - timedelta(days=days)
    except OverflowError:
        return datetime.min.replace(tzinfo=moment.tzinfo)


def weekly_brief(
    store: SQLiteStore,
    *,
    days: float = 7,
    start: datetime | None = None,
    until: datetime | None = None,
    pack: KnowledgePack | None = None,
) -> dict[str, Any]:
    """Everything the brief shows, as one JSON-able dict: *days* back from the end, or from *start*."""
    pack = pack or load_pack()
    end = _period_end(store, until)
    start = start or _before(end, days)
    if start >= end:
        raise InputError(
            f"the period would start at {start.isoformat()}, not before its end, {end.isoformat()}"
        )
    days = (end - start).total_seconds() / 86400
    previous = _before(start, days)
    lo, hi, prev = start.isoformat(), end.isoformat(), previous.isoformat()

    def count(a: str, b: str) -> int:
        return int(
            store.conn.execute(
                "SELECT count(*) FROM documents WHERE published_at > ? AND published_at <= ?", (a, b)
            ).fetchone()[0]
        )

    languages = Counter(
        dict(
            store.conn.execute(
                "SELECT language, count(*) FROM documents WHERE published_at > ? AND published_at <= ? "
                "GROUP BY language",
                (lo, hi),
            ).fetchall()
        )
    )
    return {
        "generated_at": now_iso(),
        "version": __version__,
        "period": {"start": lo, "end": hi, "days": days},
        "documents": count(lo, hi),
        "documents_before": count(prev, lo),
        "languages": dict(languages.most_common()),
        "narratives": _narratives(store, pack, start, end),
        "claims": claim_matches(store, limit=12, published=(lo, hi)),
        "copypasta": _copypasta(store, lo, hi),
        "networks": _networks(store, lo, hi),
        "events": list_events(store, since=start, until=end, limit=25),
        "alerts": _alerts(store, lo, hi),
        "entities": _entities(store, pack, lo, hi),
    }


def _narratives(
    store: SQLiteStore, pack: KnowledgePack, start: datetime, end: datetime
) -> list[dict[str, Any]]:
    lo, hi = start.date().isoformat(), end.date().isoformat()
    before = _before(start, (end - start).total_seconds() / 86400).date().isoformat()
    rows = store.conn.execute(
        "SELECT n.id, n.label, n.terms, n.size, "
        "sum(CASE WHEN d.day > ? AND d.day <= ? THEN d.n ELSE 0 END) AS now_n, "
        "sum(CASE WHEN d.day > ? AND d.day <= ? THEN d.n ELSE 0 END) AS before_n "
        "FROM narratives n JOIN narrative_daily d ON d.narrative_id = n.id "
        "WHERE n.status = 'active' GROUP BY n.id HAVING now_n > 0 ORDER BY now_n DESC LIMIT 8",
        (lo, hi, before, lo),
    ).fetchall()
    surges: dict[str, list[dict[str, Any]]] = {}
    for f in store.findings.of_kind("narrative_surge"):
        if lo < f["object"] <= hi:
            surges.setdefault(f["subject"], []).append(f["payload"])
    out = []
    for nid, label, terms, size, now_n, before_n in rows:
        words = json.loads(label)
        known = known_narrative(json.loads(terms), words, pack)
        examples = store.conn.execute(
            "SELECT coalesce(nullif(d.title, ''), substr(d.text, 1, 200)), d.language, d.source "
            "FROM narrative_members m JOIN documents d ON d.id = m.document_id "
            "WHERE m.narrative_id = ? AND m.day > ? AND m.day <= ? "
            "ORDER BY d.published_at DESC LIMIT 2",
            (nid, lo, hi),
        ).fetchall()
        out.append(
            {
                "narrative_id": nid,
                "label": words,
                "known": {"id": known.id, "name": known.name} if known else None,
                "size": size,
                "documents": now_n,
                "documents_before": before_n,
                "surges": sorted(surges.get(nid, []), key=lambda s: s["day"]),
                "examples": [{"text": t, "language": lang, "source": src} for t, lang, src in examples],
            }
        )
    out.sort(key=lambda n: (not n["surges"], -n["documents"]))
    return out


def _copypasta(store: SQLiteStore, lo: str, hi: str) -> list[dict[str, Any]]:
    out = []
    for f in store.findings.of_kind("duplicate_cluster"):
        p = f["payload"]
        if p.get("first_seen") and lo < p["first_seen"] <= hi:
            out.append(
                {
                    k: p.get(k)
                    for k in ("cluster_id", "size", "first", "first_seen", "n_sources", "n_accounts")
                }
            )
    return out[:6]


def _networks(store: SQLiteStore, lo: str, hi: str) -> list[dict[str, Any]]:
    out = []
    for f in store.findings.of_kind("coordination_network"):
        p = f["payload"]
        times = [t for e in p.get("evidence", []) for t in (e["t_a"], e["t_b"])]
        if any(lo < t <= hi for t in times):  # co-shared within the period
            out.append(
                {
                    k: p.get(k)
                    for k in (
                        "network_id",
                        "size",
                        "accounts",
                        "n_objects",
                        "by",
                        "first_share",
                        "last_share",
                    )
                }
            )
    return out[:6]


def _alerts(store: SQLiteStore, lo: str, hi: str) -> list[dict[str, Any]]:
    out = []
    for alert in read_alerts(store):
        e = alert.evidence
        when = e.get("published_at") or e.get("until") or e.get("day") or alert.fired_at
        if when and lo < when <= hi:
            out.append({**alert.as_dict(), "when": when})
    return out[:20]


def _entities(store: SQLiteStore, pack: KnowledgePack, lo: str, hi: str) -> list[dict[str, Any]]:
    rows = store.conn.execute(
        "SELECT m.entity_id, count(*), count(DISTINCT m.document_id) FROM mentions m "
        "JOIN documents d ON d.id = m.document_id WHERE d.published_at > ? AND d.published_at <= ? "
        "GROUP BY m.entity_id ORDER BY count(*) DESC LIMIT 12",
        (lo, hi),
    ).fetchall()
    return [
        {
            "id": eid,
            "name": pack.entities[eid].name if eid in pack.entities else eid,
            "mentions": n,
            "documents": docs,
        }
        for eid, n, docs in rows
    ]


def write_brief(brief: dict[str, Any], out: Path) -> Path:
    """Write the brief as HTML (escaped: content is hostile) and its data beside it as JSON."""
    if out.suffix.lower() == ".json":  # the data would overwrite the brief it is written beside
        raise InputError(f"{out}: the brief is HTML (its data goes beside it as .json): use .html")
    env = Environment(
        loader=PackageLoader("hybridwatch", "report/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    out.write_text(env.get_template("brief.html").render(b=brief), encoding="utf-8")
    out.with_suffix(".json").write_text(
        json.dumps(brief, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    return out
