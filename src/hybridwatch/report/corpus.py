"""A corpus report: what was ingested, what was rejected and why, and what search finds."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from hybridwatch import __version__
from hybridwatch.ingest.pipeline import IngestReport
from hybridwatch.store._sql import now_iso
from hybridwatch.store.sqlite import SQLiteStore

__all__ = ["corpus_summary", "write_report"]


def corpus_summary(
    store: SQLiteStore, report: IngestReport, *, queries: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Collect everything the report shows into one JSON-able dict."""
    searches = {
        q: [
            {
                "id": h.document.id,
                "language": h.document.language,
                "source": h.document.source,
                "snippet": h.snippet,
                "score": round(h.score, 3),
            }
            for h in store.search(q, limit=50)
        ]
        for q in queries
    }
    latest: dict[str, list[dict[str, Any]]] = {}
    for lang in store.stats()["by_language"]:
        rows = store.conn.execute(
            "SELECT id, source, title, substr(text, 1, 280), published_at, author FROM documents "
            "WHERE language = ? ORDER BY published_at DESC LIMIT 3",
            (lang,),
        ).fetchall()
        latest[lang] = [
            dict(zip(("id", "source", "title", "text", "published_at", "author"), r, strict=True))
            for r in rows
        ]
    quarantine = store.quarantined(limit=200)
    base = _common_folder([row["position"] for row in quarantine])
    for row in quarantine:
        row["where"] = row["position"][len(base) :].lstrip("/") if base else row["position"]
    return {
        "generated_at": now_iso(),
        "version": __version__,
        "ingest": report.as_dict(),
        "stats": store.stats(),
        "quarantine": quarantine,
        "quarantine_base": base,
        "searches": searches,
        "latest": latest,
    }


def _common_folder(positions: list[str]) -> str:
    """The folder all positions share, so the report can show short relative paths."""
    paths = [p.split(":", 1)[0].split("!", 1)[0] for p in positions if p.startswith("/")]
    if len(paths) < 2:
        return ""
    return os.path.commonpath(paths)


def write_report(summary: dict[str, Any], out: Path) -> tuple[Path, Path]:
    """Write ``report.html`` (escaped: content is hostile) and ``report.json`` into *out*."""
    env = Environment(
        loader=PackageLoader("hybridwatch", "report/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    html_path, json_path = out / "report.html", out / "report.json"
    html_path.write_text(env.get_template("corpus.html").render(s=summary), encoding="utf-8")
    json_path.write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    return html_path, json_path
