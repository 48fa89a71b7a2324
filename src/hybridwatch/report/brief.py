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
from hybridwatch.analyse.claims.service import claim_matches, count_claim_matches
from hybridwatch.analyse.events.service import count_events, list_events
from hybridwatch.analyse.narratives.known import known_narrative
from hybridwatch.analyse.narratives.service import add_label_text, described_surges
from hybridwatch.analyse.narratives.tracking import NarrativeParams
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
        **_narratives(store, pack, start, end),
        "claims": claim_matches(store, limit=SHOWN_CLAIMS, published=(lo, hi)),
        "n_claims": count_claim_matches(store, published=(lo, hi)),
        "copypasta": _copypasta(store, lo, hi),
        "networks": _networks(store, lo, hi),
        "events": list_events(store, since=start, until=end, limit=SHOWN_EVENTS),
        "n_events": count_events(store, since=start, until=end),
        **_alerts(store, lo, hi),
        "entities": _entities(store, pack, lo, hi),
    }


SHOWN_NARRATIVES = 8
SHOWN_CLAIMS = 12
SHOWN_EVENTS = 25


def _narratives(store: SQLiteStore, pack: KnowledgePack, start: datetime, end: datetime) -> dict[str, Any]:
    """The busiest narratives of the period (surging first), and how many were active in it."""
    # counted by their documents' times, as the brief's document count is (by day, a period
    # starting at 14:00 lost its first day and gained all of the day after its end)
    lo, hi = start.isoformat(), end.isoformat()
    before = _before(start, (end - start).total_seconds() / 86400).isoformat()
    rows = store.conn.execute(
        "SELECT n.id, n.label, n.terms, n.size, "
        "sum(d.published_at > ? AND d.published_at <= ?) AS now_n, "
        "sum(d.published_at > ? AND d.published_at <= ?) AS before_n "
        "FROM narratives n JOIN narrative_members m ON m.narrative_id = n.id "
        "JOIN documents d ON d.id = m.document_id "
        "WHERE n.status = 'active' AND n.size >= ? AND d.published_at > ? AND d.published_at <= ? "
        "GROUP BY n.id HAVING now_n > 0",
        # the narratives `narratives list` lists: smaller ones are kept but not listed, nor counted
        (lo, hi, before, lo, NarrativeParams().min_size, before, hi),
    ).fetchall()
    first_day, last_day = start.date().isoformat(), end.date().isoformat()
    surges: dict[str, list[dict[str, Any]]] = {}
    for f in store.findings.of_kind("narrative_surge"):
        if first_day <= f["object"] <= last_day:
            surges.setdefault(f["subject"], []).append(f["payload"])
    # surging first, then the busiest: the cut comes after the order (a surging narrative smaller
    # than eight others was left out of the brief)
    rows.sort(key=lambda r: (r[0] not in surges, -r[4]))
    out = []
    for nid, label, terms, size, now_n, before_n in rows[:SHOWN_NARRATIVES]:
        words = json.loads(label)
        known = known_narrative(json.loads(terms), words, pack)
        examples = store.conn.execute(
            "SELECT coalesce(nullif(d.title, ''), substr(d.text, 1, 200)), d.language, d.source "
            "FROM narrative_members m JOIN documents d ON d.id = m.document_id "
            "WHERE m.narrative_id = ? AND d.published_at > ? AND d.published_at <= ? "
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
                "surges": described_surges(surges.get(nid, [])),
                "examples": [{"text": t, "language": lang, "source": src} for t, lang, src in examples],
            }
        )
    out.sort(key=lambda n: (not n["surges"], -n["documents"]))
    add_label_text(store, out)
    return {"narratives": out, "n_narratives": len(rows)}


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


SHOWN_ALERTS = 20
_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}


def _alerts(store: SQLiteStore, lo: str, hi: str) -> dict[str, Any]:
    """The period's alerts: how many, and the most severe (then newest) of them, ``SHOWN_ALERTS`` at most.

    The newest 20 once stood for all: a chatty rule pushed the high-severity alerts out, and
    "20 alerts fired" was said of 127.
    """
    found = []
    for alert in read_alerts(store):
        when = alert.happened_at or alert.fired_at
        if when and lo < when <= hi:
            found.append({**alert.as_dict(), "when": when})
    found.sort(key=lambda a: a["when"], reverse=True)
    found.sort(key=lambda a: _SEVERITY_RANK.get(a["severity"], 3))
    return {"alerts": found[:SHOWN_ALERTS], "n_alerts": len(found)}


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
